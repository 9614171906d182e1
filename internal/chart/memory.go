package chart

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/units"
)

// A curve is one line of the memory chart: one run's curve of one page
// size and one way of reading.
type curve struct {
	run int
	report.SweepCurve
}

// Memory draws the time per dependent load over the working-set size from
// BenchmarkSweep, one line per page size measured (and per run), and a
// dotted line of random reads where the run has them, with the first run's
// reported L1, L2 and L3 sizes as vertical lines. It returns ErrNoSweep when
// no run has the sweep.
//
// Note: a single random cycle misses a cache a little smaller than the
// working set on nearly every load; random reads drawn with replacement
// degrade gradually with the share that still fits. The random line is
// drawn less its loop's own overhead (its smallest point's excess over the
// chase's), so the two meet where both hit L1.
func Memory(runs []*report.Report) (*Chart, error) {
	var curves []curve
	for j, rep := range runs {
		for _, c := range rep.Series.Sweep {
			curves = append(curves, curve{j, c})
		}
	}
	if len(curves) == 0 {
		return nil, ErrNoSweep
	}

	p := newPlot(memoryTitle(runs))
	ch := &Chart{Name: "memory", Plot: p, Width: 1000, Height: 580 + titleLine*vg.Length(len(runs)-1)}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = bytesTicks{}
	ch.xLabel = "working set: bytes in a random cycle of dependent loads, or drawn from by random reads (log scale)"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = nsTicks{Label: []float64{1, 2, 5}}
	ch.yLabel = "time per load (log scale)"

	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, pt := range c.Points {
			xlo, xhi = math.Min(xlo, pt.X), math.Max(xhi, pt.X)
			ylo, yhi = math.Min(ylo, pt.NS), math.Max(yhi, pt.NS)
			if !math.IsNaN(pt.Lo) && pt.Lo > 0 {
				ylo, yhi = math.Min(ylo, pt.Lo), math.Max(yhi, pt.Hi)
			}
		}
	}
	p.X.Min, p.X.Max = xlo/1.3, xhi*1.3
	p.Y.Min, p.Y.Max = ylo/1.5, yhi*2 // headroom for the cache labels

	grid := plotter.NewGrid()
	grid.Vertical.Color = gridColor
	grid.Horizontal.Color = gridColor
	p.Add(grid)

	// Reported cache sizes; the curve, not the label, shows the effective one.
	var missing []string
	for level := 1; level <= 3; level++ {
		fact := runs[0].Fact(fmt.Sprintf("l%d-cache", level))
		size, ok := parseBytes(fact)
		name := fmt.Sprintf("L%d", level)
		if !ok || size < p.X.Min || size > p.X.Max {
			missing = append(missing, name)
			continue
		}
		line, err := plotter.NewLine(plotter.XYs{{X: size, Y: p.Y.Min}, {X: size, Y: p.Y.Max}})
		if err != nil {
			return nil, fmt.Errorf("memory chart: %w", err)
		}
		line.Color = noteColor
		line.Width = vg.Points(1)
		line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(line)
		addText(p, size, p.Y.Max, name+" "+units.Bytes(size, 3)+" (reported)", vg.Point{X: 4, Y: -10},
			textStyle(9, noteColor, true), draw.XLeft)
	}
	if len(missing) > 0 {
		who := "this machine"
		if len(runs) > 1 {
			who = runs[0].Label
		}
		p.Title.Text += "\n" + strings.Join(missing, ", ") + " size not reported by " + who
	}

	for i, c := range curves {
		col := runColor(i)
		var xys, bars plotter.XYs
		var errs plotter.Errors
		for _, pt := range c.Points {
			xys = append(xys, plotter.XY{X: pt.X, Y: pt.NS})
			if !math.IsNaN(pt.Lo) && pt.Lo > 0 {
				bars = append(bars, plotter.XY{X: pt.X, Y: pt.NS})
				errs = append(errs, struct{ Low, High float64 }{pt.NS - pt.Lo, pt.Hi - pt.NS})
			}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("memory chart: %w", err)
		}
		line.Color, line.Width = col, vg.Points(1.5)
		if c.run > 0 {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		points.Shape, points.Color, points.Radius = draw.CircleGlyph{}, col, vg.Points(2.5)
		if c.Random {
			line.Dashes = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
			points.Shape = draw.TriangleGlyph{}
		}
		if len(bars) > 0 {
			eb, err := plotter.NewYErrorBars(struct {
				plotter.XYs
				plotter.YErrors
			}{bars, plotter.YErrors(errs)})
			if err != nil {
				return nil, fmt.Errorf("memory chart: %w", err)
			}
			eb.Color, eb.CapWidth = col, vg.Points(4)
			p.Add(eb)
		}
		p.Add(line, points)
		what := c.PagesName()
		if c.Random {
			what = "random reads, " + what + fmt.Sprintf(", less %s of loop overhead", units.DurationSig(c.Overhead, 3))
		}
		name := what + ": median, 95% interval"
		if len(bars) == 0 {
			name = what + ": median (too few samples for an interval)"
		}
		if len(runs) > 1 {
			name = runs[c.run].Label + ", " + name
		}
		ch.addLegend(name, line, points)
	}
	for _, c := range curves {
		if c.Random {
			ch.addLegend("Dotted: random reads, drawn with replacement. A random cycle misses a cache a little smaller than itself on nearly every load;")
			ch.addLegend("random reads slow down gradually with the share that still fits: where the lines part, that cache is partly available.")
			break
		}
	}
	return ch, nil
}

func memoryTitle(runs []*report.Report) string {
	var parts []string
	for _, r := range runs {
		s := subtitle(r)
		if len(runs) > 1 {
			s = r.Label + ": " + s
		}
		parts = append(parts, s)
	}
	return "Memory latency by working-set size\n" + strings.Join(parts, "\n")
}
