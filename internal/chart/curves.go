package chart

import (
	"errors"
	"fmt"
	"image/color"
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
	curves, ok := pointsOf(runs, func(s report.Series) []report.Point { return s.Loaded })
	if !ok {
		return nil, ErrNoLoaded
	}
	ch, p := curveChart("loaded-latency", "Loaded latency: a main memory reference while other cores read memory", 560, runs)
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
		if err := addCurve(ch, p, c, runStyle(i, 3), runLabel(runs, i)); err != nil {
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
	curves, ok := pointsOf(runs, func(s report.Series) []report.Point { return s.Parallelism })
	if !ok {
		return nil, ErrNoMLP
	}
	ch, p := curveChart("memory-parallelism", "Memory-level parallelism: time per load with k misses in flight", 560, runs)
	logScales(ch, powersOfTwo{}, "k: independent pointer chases interleaved in one loop (log scale)",
		"time per load, all chases together (log scale)")
	xlo, xhi, ylo, yhi := span(curves, false)
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
		if err := addCurve(ch, p, c, runStyle(i, 3), runLabel(runs, i)); err != nil {
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

// pointsOf returns each run's points of one curve, and whether any run has
// a point.
func pointsOf(runs []*report.Report, curve func(report.Series) []report.Point) ([][]report.Point, bool) {
	curves := make([][]report.Point, len(runs))
	any := false
	for i, rep := range runs {
		curves[i] = curve(rep.Series)
		any = any || len(curves[i]) > 0
	}
	return curves, any
}

// curveChart returns a chart of curves, 1000 points wide and height tall
// with one more line of title per run beyond the first, its title followed
// by a line per run naming its machine.
func curveChart(name, title string, height vg.Length, runs []*report.Report) (*Chart, *plot.Plot) {
	var parts []string
	for _, r := range runs {
		s := subtitle(r)
		if len(runs) > 1 {
			s = r.Label + ": " + s
		}
		parts = append(parts, s)
	}
	p := newPlot(title + "\n" + strings.Join(parts, "\n"))
	return &Chart{Name: name, Plot: p, Width: 1000, Height: height + titleLine*vg.Length(len(runs)-1)}, p
}

// logScales puts both axes of a chart of time per load on log scales: x
// marked by xTicks, y in ns at 1, 2 and 5 of each decade.
func logScales(ch *Chart, xTicks plot.Ticker, xLabel, yLabel string) {
	p := ch.Plot
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = xTicks
	ch.xLabel = xLabel
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = nsTicks{Label: []float64{1, 2, 5}}
	ch.yLabel = yLabel
}

// span returns the range of the curves' x and of their medians' y, and of
// their intervals' ends where they have them if intervals is set.
func span(curves [][]report.Point, intervals bool) (xlo, xhi, ylo, yhi float64) {
	xlo, xhi, ylo, yhi = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, pt := range c {
			xlo, xhi = math.Min(xlo, pt.X), math.Max(xhi, pt.X)
			ylo, yhi = math.Min(ylo, pt.NS), math.Max(yhi, pt.NS)
			if intervals && !math.IsNaN(pt.Lo) && pt.Lo > 0 {
				ylo, yhi = math.Min(ylo, pt.Lo), math.Max(yhi, pt.Hi)
			}
		}
	}
	return xlo, xhi, ylo, yhi
}

// A curveStyle is how addCurve draws a line and marks its points.
type curveStyle struct {
	color  color.Color
	dashes []vg.Length // nil: solid
	glyph  draw.GlyphDrawer
	radius vg.Length
}

// runStyle is run i's style: its colour, solid for the first run and
// dashed for the others, round marks of the given radius in points.
func runStyle(i int, radius float64) curveStyle {
	st := curveStyle{color: runColor(i), glyph: draw.CircleGlyph{}, radius: vg.Points(radius)}
	if i > 0 {
		st.dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	return st
}

// addCurve draws a curve's points as a line with markers and the 95%
// intervals of y as error bars, and adds its legend entry: who, then
// "median, 95% interval", or "median (too few samples for an interval)"
// when no point has one.
func addCurve(ch *Chart, p *plot.Plot, pts []report.Point, st curveStyle, who string) error {
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
	line.Color, line.Width = st.color, vg.Points(1.5)
	if st.dashes != nil {
		line.Dashes = st.dashes
	}
	marks.Shape, marks.Color, marks.Radius = st.glyph, st.color, st.radius
	legend := who + "median, 95% interval"
	if len(bars) > 0 {
		eb, err := plotter.NewYErrorBars(struct {
			plotter.XYs
			plotter.YErrors
		}{bars, plotter.YErrors(errs)})
		if err != nil {
			return err
		}
		eb.Color, eb.CapWidth = st.color, vg.Points(4)
		p.Add(eb)
	} else {
		legend = who + "median (too few samples for an interval)"
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

// runLabel names run i's line, before what it shows: the run's label when
// there are several.
func runLabel(runs []*report.Report, i int) string {
	if len(runs) > 1 {
		return runs[i].Label + ": "
	}
	return "this machine: "
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
