package chart

import (
	"fmt"
	"strings"

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

	ch, p := curveChart("memory", "Memory latency by working-set size", 580, runs)
	logScales(ch, bytesTicks{}, "working set: bytes in a random cycle of dependent loads, or drawn from by random reads (log scale)",
		"time per load (log scale)")
	pts := make([][]report.Point, len(curves))
	for i, c := range curves {
		pts[i] = c.Points
	}
	xlo, xhi, ylo, yhi := span(pts, true)
	p.X.Min, p.X.Max = xlo/1.3, xhi*1.3
	p.Y.Min, p.Y.Max = ylo/1.5, yhi*2 // headroom for the cache labels
	addGrid(p)

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
		// Each curve its own colour, each run beyond the first dashed.
		st := runStyle(c.run, 2.5)
		st.color = runColor(i)
		what := c.PagesName()
		if c.Random {
			st.dashes, st.glyph = []vg.Length{vg.Points(1.5), vg.Points(2.5)}, draw.TriangleGlyph{}
			what = "random reads, " + what + fmt.Sprintf(", less %s of loop overhead", units.DurationSig(c.Overhead, 3))
		}
		who := what + ": "
		if len(runs) > 1 {
			who = runs[c.run].Label + ", " + who
		}
		if err := addCurve(ch, p, c.Points, st, who); err != nil {
			return nil, fmt.Errorf("memory chart: %w", err)
		}
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
