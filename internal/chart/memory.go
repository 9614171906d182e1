package chart

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// The sweep benchmark and its unit (bench/memory: BenchmarkSweep/pages=huge/size=4KiB).
var (
	sweepBench = rows.Sweep.Bench
	sweepUnit  = rows.Sweep.Unit
)

// A curve is one line of the memory chart: one run, one page size, one way
// of reading (the chase, or random reads).
type curve struct {
	run    int
	pages  string // "huge", "4KiB"
	random bool   // random reads (read=random), not the chase
	pts    []sweepPoint
	// overhead is the ns per load taken off a random-read curve
	// (lessOverhead).
	overhead float64
}

type sweepPoint struct {
	size float64 // bytes
	s    results.Summary
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
func Memory(runs []*results.Run) (*Chart, error) {
	var curves []curve
	for j, run := range runs {
		curves = append(curves, sweepCurves(j, run)...)
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
		for _, pt := range c.pts {
			xlo, xhi = math.Min(xlo, pt.size), math.Max(xhi, pt.size)
			ylo, yhi = math.Min(ylo, pt.s.Center), math.Max(yhi, pt.s.Center)
			if !math.IsNaN(pt.s.Lo) && pt.s.Lo > 0 {
				ylo, yhi = math.Min(ylo, pt.s.Lo), math.Max(yhi, pt.s.Hi)
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
		for _, pt := range c.pts {
			xys = append(xys, plotter.XY{X: pt.size, Y: pt.s.Center})
			if !math.IsNaN(pt.s.Lo) && pt.s.Lo > 0 {
				bars = append(bars, plotter.XY{X: pt.size, Y: pt.s.Center})
				errs = append(errs, struct{ Low, High float64 }{pt.s.Center - pt.s.Lo, pt.s.Hi - pt.s.Center})
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
		if c.random {
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
		what := pagesName(c.pages)
		if c.random {
			what = "random reads, " + what + fmt.Sprintf(", less %s of loop overhead", units.DurationSig(c.overhead, 3))
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
		if c.random {
			ch.addLegend("Dotted: random reads, drawn with replacement. A random cycle misses a cache a little smaller than itself on nearly every load;")
			ch.addLegend("random reads slow down gradually with the share that still fits: where the lines part, that cache is partly available.")
			break
		}
	}
	return ch, nil
}

// sweepCurves returns run's sweep results by page size, huge pages first,
// then its random reads, points in size order. The random reads are taken
// less their loop overhead (see Memory).
func sweepCurves(j int, run *results.Run) []curve {
	type key struct {
		pages  string
		random bool
	}
	byKey := map[key]*curve{}
	var order []key
	for _, b := range run.Benches {
		if !strings.HasPrefix(b.Name, sweepBench+"/") {
			continue
		}
		var k key
		var size string
		for _, part := range strings.Split(b.Name, "/")[1:] {
			name, v, _ := strings.Cut(part, "=")
			switch name {
			case "pages":
				k.pages = v
			case "size":
				size = v
			case "read":
				k.random = v == "random"
			}
		}
		n, ok := parseBytes(size)
		s, okS := b.Summary(sweepUnit)
		if !ok || !okS || s.Center <= 0 {
			continue
		}
		c := byKey[k]
		if c == nil {
			c = &curve{run: j, pages: k.pages, random: k.random}
			byKey[k] = c
			order = append(order, k)
		}
		c.pts = append(c.pts, sweepPoint{n, s})
	}
	rank := func(k key) int {
		switch {
		case k.random:
			return 2
		case k.pages == "huge":
			return 0
		}
		return 1
	}
	sort.SliceStable(order, func(a, b int) bool { return rank(order[a]) < rank(order[b]) })
	var out []curve
	for _, k := range order {
		c := byKey[k]
		sort.Slice(c.pts, func(a, b int) bool { return c.pts[a].size < c.pts[b].size })
		out = append(out, *c)
	}
	for i := range out {
		if out[i].random {
			out[i].lessOverhead(out)
		}
	}
	return out
}

// lessOverhead subtracts from a random-read curve its loop's overhead: its
// smallest point's excess over the same size's chase (of the same pages).
// Without that point in the chase, the curve stays as measured.
func (c *curve) lessOverhead(all []curve) {
	if len(c.pts) == 0 {
		return
	}
	first := c.pts[0]
	for _, o := range all {
		if o.random || o.pages != c.pages {
			continue
		}
		for _, pt := range o.pts {
			if pt.size != first.size || first.s.Center <= pt.s.Center {
				continue
			}
			c.overhead = first.s.Center - pt.s.Center
			for i := range c.pts {
				s := &c.pts[i].s
				// Never at or below zero, for the log scale.
				d := math.Min(c.overhead, s.Center/2)
				s.Center, s.Lo, s.Hi = s.Center-d, s.Lo-d, s.Hi-d
			}
			return
		}
	}
}

// pagesName says which pages a curve used: "huge pages", "4 KiB pages".
func pagesName(pages string) string {
	switch pages {
	case "":
		return "default pages"
	case "huge":
		return "huge pages (requested)"
	}
	if n, ok := parseBytes(pages); ok {
		return units.Bytes(n, 3) + " pages"
	}
	return pages + " pages"
}

func memoryTitle(runs []*results.Run) string {
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
