package chart

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/report"
)

// Errors returned when a run has no points for a curve.
var (
	ErrNoLoaded = errors.New("no BenchmarkLoadedLatency results: the loaded-latency curve needs them")
	ErrNoMLP    = errors.New("no BenchmarkMemoryParallelism results: the memory-parallelism curve needs them")
)

// LoadedLatency draws the main memory reference's time against the
// bandwidth the other cores read meanwhile, from BenchmarkLoadedLatency:
// Intel MLC's loaded-latency curve, one line per run. It returns
// ErrNoLoaded when no run has the benchmark.
func LoadedLatency(runs []*report.Report) (*Chart, error) {
	curves := make([][]report.Point, len(runs))
	any := false
	for i, rep := range runs {
		curves[i] = rep.Series.Loaded
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
			xhi = math.Max(xhi, pt.X)
			yhi = math.Max(yhi, math.Max(pt.NS, nanTo0(pt.Hi)))
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
			label := strings.TrimSuffix(pt.Param, "pct") + " %"
			if pt.Param == "0pct" {
				label = "idle"
			}
			addText(p, pt.X, pt.NS, label, vg.Point{X: 6, Y: 12}, textStyle(9, noteColor, true), draw.XLeft)
		}
	}
	if n := runs[0].Series.Loaders; !math.IsNaN(n) {
		p.Title.Text += fmt.Sprintf("\n%.0f core(s) reading, one chasing; labels: share of the readers' peak", n)
	}
	return ch, nil
}

// Parallelism draws the time per load against the number of independent
// chases in flight, from BenchmarkMemoryParallelism, on log scales, with
// the line a perfect overlap would follow (one chase's time divided by k)
// and each run's knee. It returns ErrNoMLP when no run has the benchmark.
func Parallelism(runs []*report.Report) (*Chart, error) {
	curves := make([][]report.Point, len(runs))
	any := false
	for i, rep := range runs {
		curves[i] = rep.Series.Parallelism
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
			xlo, xhi = math.Min(xlo, pt.X), math.Max(xhi, pt.X)
			ylo, yhi = math.Min(ylo, pt.NS), math.Max(yhi, pt.NS)
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
		if c[0].X == 1 {
			var ideal plotter.XYs
			for _, pt := range c {
				if y := c[0].NS / pt.X; y >= p.Y.Min {
					ideal = append(ideal, plotter.XY{X: pt.X, Y: y})
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
		for _, pt := range c {
			if k := runs[i].Series.Knee; pt.X == k {
				addText(p, pt.X, pt.NS, fmt.Sprintf("knee: k=%g", k), vg.Point{X: -8, Y: -14},
					textStyle(10, runColor(i), true), draw.XRight)
			}
		}
	}
	return ch, nil
}

// addCurve draws one run's points as a line with markers and the 95%
// intervals of y as error bars, and adds its legend entry.
func addCurve(ch *Chart, p *plot.Plot, run int, pts []report.Point, legend string) error {
	col := runColor(run)
	var xys, bars plotter.XYs
	var errs plotter.Errors
	for _, pt := range pts {
		xys = append(xys, plotter.XY{X: pt.X, Y: pt.NS})
		if !math.IsNaN(pt.Lo) && pt.Lo > 0 {
			bars = append(bars, plotter.XY{X: pt.X, Y: pt.NS})
			errs = append(errs, struct{ Low, High float64 }{pt.NS - pt.Lo, pt.Hi - pt.NS})
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
func runLabel(runs []*report.Report, i int, what string) string {
	if len(runs) > 1 {
		return runs[i].Label + ": " + what
	}
	return "this machine: " + what
}

// curveTitle is a chart's title with one line per run naming its machine.
func curveTitle(title string, runs []*report.Report) string {
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
