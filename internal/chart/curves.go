package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/results"
)

// The curves' benchmarks (bench/memory), their parameter and units.
const (
	loadedBench = "LoadedLatency" // LoadedLatency/load=50pct: ns/load at GB/s
	mlpBench    = "MemoryParallelism"
	loadUnitX   = "GB/s"
	curveUnitY  = "ns/load"
)

// Errors returned when a run has no points for a curve.
var (
	ErrNoLoaded = errors.New("no BenchmarkLoadedLatency results: the loaded-latency curve needs them")
	ErrNoMLP    = errors.New("no BenchmarkMemoryParallelism results: the memory-parallelism curve needs them")
)

// A point is one sub-benchmark of a curve: its parameter, the median of
// its x unit (or the parameter) and the summary of its y unit.
type point struct {
	param string
	x     float64
	y     results.Summary
}

// points returns the points of run's sub-benchmarks bench/key=value in
// order of x. x is the median of unitX, or the value parsed as a number
// when unitX is "". Values that do not parse (k=knee) are left out.
func points(run *results.Run, bench, key, unitX string) []point {
	var out []point
	for _, b := range run.Benches {
		rest, ok := strings.CutPrefix(b.Name, bench+"/"+key+"=")
		if !ok {
			continue
		}
		param := strings.SplitN(rest, "/", 2)[0]
		y, okY := b.Summary(curveUnitY)
		if !okY || !(y.Center > 0) {
			continue
		}
		var x float64
		if unitX == "" {
			v, err := strconv.ParseFloat(param, 64)
			if err != nil {
				continue
			}
			x = v
		} else if s, ok := b.Summary(unitX); ok {
			x = s.Center
		} else {
			continue
		}
		out = append(out, point{param, x, y})
	}
	slices.SortStableFunc(out, func(a, b point) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	return out
}

// LoadedLatency draws the main memory reference's time against the
// bandwidth the other cores read meanwhile, from BenchmarkLoadedLatency:
// Intel MLC's loaded-latency curve, one line per run. It returns
// ErrNoLoaded when no run has the benchmark.
func LoadedLatency(runs []*results.Run) (*Chart, error) {
	curves := make([][]point, len(runs))
	any := false
	for i, run := range runs {
		curves[i] = points(run, loadedBench, "load", loadUnitX)
		any = any || len(curves[i]) > 0
	}
	if !any {
		return nil, ErrNoLoaded
	}
	p := newPlot(curveTitle("Loaded latency: a main memory reference while other cores read memory", runs))
	ch := &Chart{Name: "loaded-latency", Plot: p, Width: 1000, Height: 560 + titleLine*vg.Length(len(runs)-1)}
	ch.xLabel = "read bandwidth of the other cores meanwhile (GB/s)"
	ch.yLabel = "time per dependent load (ns)"
	xhi, yhi := 0.0, 0.0
	for _, c := range curves {
		for _, pt := range c {
			xhi = math.Max(xhi, pt.x)
			yhi = math.Max(yhi, math.Max(pt.y.Center, nanTo0(pt.y.Hi)))
		}
	}
	p.X.Min, p.X.Max = 0, math.Max(1, xhi*1.1)
	p.Y.Min, p.Y.Max = 0, yhi*1.15
	p.X.Tick.Marker, p.Y.Tick.Marker = plainTicks{}, plainTicks{}
	addGrid(p)
	for i, c := range curves {
		if len(c) == 0 {
			continue
		}
		if err := addCurve(ch, p, i, c, runLabel(runs, i, "median, 95% interval")); err != nil {
			return nil, fmt.Errorf("loaded-latency chart: %w", err)
		}
		for _, pt := range c {
			label := strings.TrimSuffix(pt.param, "pct") + " %"
			if pt.param == "0pct" {
				label = "idle"
			}
			addText(p, pt.x, pt.y.Center, label, vg.Point{X: 6, Y: 12}, textStyle(9, noteColor, true), draw.XLeft)
		}
	}
	if l := runs[0].Find(loadedBench + "/load=100pct"); l != nil {
		if s, ok := l.Summary("loaders"); ok {
			p.Title.Text += fmt.Sprintf("\n%.0f core(s) reading, one chasing; labels: share of the readers' peak", s.Center)
		}
	}
	return ch, nil
}

// Parallelism draws the time per load against the number of independent
// chases in flight, from BenchmarkMemoryParallelism, on log scales, with
// the line a perfect overlap would follow (one chase's time divided by k)
// and each run's knee. It returns ErrNoMLP when no run has the benchmark.
func Parallelism(runs []*results.Run) (*Chart, error) {
	curves := make([][]point, len(runs))
	any := false
	for i, run := range runs {
		curves[i] = points(run, mlpBench, "k", "")
		any = any || len(curves[i]) > 0
	}
	if !any {
		return nil, ErrNoMLP
	}
	p := newPlot(curveTitle("Memory-level parallelism: time per load with k misses in flight", runs))
	ch := &Chart{Name: "memory-parallelism", Plot: p, Width: 1000, Height: 560 + titleLine*vg.Length(len(runs)-1)}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = powersOfTwo{}
	ch.xLabel = "k: independent pointer chases interleaved in one loop (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = nsTicks{Label: []float64{1, 2, 5}}
	ch.yLabel = "time per load, all chases together (log scale)"
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, pt := range c {
			xlo, xhi = math.Min(xlo, pt.x), math.Max(xhi, pt.x)
			ylo, yhi = math.Min(ylo, pt.y.Center), math.Max(yhi, pt.y.Center)
		}
	}
	p.X.Min, p.X.Max = xlo/1.3, xhi*1.3
	p.Y.Min, p.Y.Max = ylo/2, yhi*1.8
	addGrid(p)
	idealShown := false
	for i, c := range curves {
		if len(c) == 0 {
			continue
		}
		// Perfect overlap: one chase's time shared by k.
		if c[0].x == 1 {
			var ideal plotter.XYs
			for _, pt := range c {
				if y := c[0].y.Center / pt.x; y >= p.Y.Min {
					ideal = append(ideal, plotter.XY{X: pt.x, Y: y})
				}
			}
			if len(ideal) > 1 {
				line, err := plotter.NewLine(ideal)
				if err != nil {
					return nil, fmt.Errorf("memory-parallelism chart: %w", err)
				}
				line.Color, line.Width = noteColor, vg.Points(1)
				line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
				p.Add(line)
				if !idealShown {
					ch.addLegend("if every miss overlapped: k=1's time ÷ k", line)
					idealShown = true
				}
			}
		}
		if err := addCurve(ch, p, i, c, runLabel(runs, i, "median, 95% interval")); err != nil {
			return nil, fmt.Errorf("memory-parallelism chart: %w", err)
		}
		if knee := runs[i].Find(mlpBench + "/k=knee"); knee != nil {
			if k, ok := knee.Summary("knee-k"); ok {
				for _, pt := range c {
					if pt.x == k.Center {
						addText(p, pt.x, pt.y.Center, fmt.Sprintf("knee: k=%g", k.Center), vg.Point{X: -8, Y: -14},
							textStyle(10, runColor(i), true), draw.XRight)
					}
				}
			}
		}
	}
	return ch, nil
}

// addCurve draws one run's points as a line with markers and the 95%
// intervals of y as error bars, and adds its legend entry.
func addCurve(ch *Chart, p *plot.Plot, run int, pts []point, legend string) error {
	col := runColor(run)
	var xys, bars plotter.XYs
	var errs plotter.Errors
	for _, pt := range pts {
		xys = append(xys, plotter.XY{X: pt.x, Y: pt.y.Center})
		if !math.IsNaN(pt.y.Lo) && pt.y.Lo > 0 {
			bars = append(bars, plotter.XY{X: pt.x, Y: pt.y.Center})
			errs = append(errs, struct{ Low, High float64 }{pt.y.Center - pt.y.Lo, pt.y.Hi - pt.y.Center})
		}
	}
	line, marks, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	line.Color, line.Width = col, vg.Points(1.5)
	if run > 0 {
		line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	marks.Shape, marks.Color, marks.Radius = draw.CircleGlyph{}, col, vg.Points(3)
	if len(bars) > 0 {
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{bars, plotter.YErrors(errs)})
		if err != nil {
			return err
		}
		eb.Color, eb.CapWidth = col, vg.Points(4)
		p.Add(eb)
	} else {
		legend = strings.Replace(legend, "median, 95% interval", "median (too few samples for an interval)", 1)
	}
	p.Add(line, marks)
	ch.addLegend(legend, line, marks)
	return nil
}

func addGrid(p *plot.Plot) {
	grid := plotter.NewGrid()
	grid.Vertical.Color = gridColor
	grid.Horizontal.Color = gridColor
	p.Add(grid)
}

// runLabel names run i's line: what it shows, after the run's label when
// there are several.
func runLabel(runs []*results.Run, i int, what string) string {
	if len(runs) > 1 {
		return runs[i].Label + ": " + what
	}
	return "this machine: " + what
}

// curveTitle is a chart's title with one line per run naming its machine.
func curveTitle(title string, runs []*results.Run) string {
	var parts []string
	for _, r := range runs {
		s := subtitle(r)
		if len(runs) > 1 {
			s = r.Label + ": " + s
		}
		parts = append(parts, s)
	}
	return title + "\n" + strings.Join(parts, "\n")
}

func nanTo0(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// powersOfTwo marks a log-2 axis at every power of two, labelled 1, 2, 4 ….
type powersOfTwo struct{}

// Ticks implements plot.Ticker.
func (powersOfTwo) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Ceil(math.Log2(min)); e <= math.Floor(math.Log2(max)); e++ {
		v := math.Exp2(e)
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// plainTicks marks a linear axis at round steps (1, 2 or 5 times a power of
// ten, five to ten of them) with labels as short as they can be: "250",
// not "250.00".
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return nil
	}
	step := math.Pow(10, math.Floor(math.Log10((hi-lo)/5)))
	for _, m := range []float64{1, 2, 5, 10} {
		if (hi-lo)/(step*m) <= 10 {
			step *= m
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step))))
	var ticks []plot.Tick
	for i := math.Ceil(lo / step); i*step <= hi+step*1e-9; i++ {
		v := i * step
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64) // 0.6, not 0.6000000000000001
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}
