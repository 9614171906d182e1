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
)

// The sweep benchmark and its unit (bench/memory: BenchmarkSweep/pages=huge/size=4KiB).
var (
	sweepBench = rows.Sweep.Bench
	sweepUnit  = rows.Sweep.Unit
)

// A curve is one line of the memory chart: one run, one page size.
type curve struct {
	run   int
	pages string // "huge", "4KiB"
	pts   []sweepPoint
}

type sweepPoint struct {
	size float64 // bytes
	s    results.Summary
}

// Memory draws the time per dependent load over the working-set size from
// BenchmarkSweep, one line per page size measured (and per run), with the
// first run's reported L1, L2 and L3 sizes as vertical lines. It returns
// ErrNoSweep when no run has the sweep.
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
	ch.xLabel = "working set: bytes in a random cycle of dependent loads (log scale)"
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
		addText(p, size, p.Y.Max, name+" "+bytesLabel(size)+" (reported)", vg.Point{X: 4, Y: -10},
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
		name := pagesName(c.pages) + ": median, 95% interval"
		if len(bars) == 0 {
			name = pagesName(c.pages) + ": median (too few samples for an interval)"
		}
		if len(runs) > 1 {
			name = runs[c.run].Label + ", " + name
		}
		ch.addLegend(name, line, points)
	}
	return ch, nil
}

// sweepCurves returns run's sweep results by page size, huge pages first,
// points in size order.
func sweepCurves(j int, run *results.Run) []curve {
	byPages := map[string]*curve{}
	var order []string
	for _, b := range run.Benches {
		if !strings.HasPrefix(b.Name, sweepBench+"/") {
			continue
		}
		var pages, size string
		for _, part := range strings.Split(b.Name, "/")[1:] {
			k, v, _ := strings.Cut(part, "=")
			switch k {
			case "pages":
				pages = v
			case "size":
				size = v
			}
		}
		n, ok := parseBytes(size)
		s, okS := b.Summary(sweepUnit)
		if !ok || !okS || s.Center <= 0 {
			continue
		}
		c := byPages[pages]
		if c == nil {
			c = &curve{run: j, pages: pages}
			byPages[pages] = c
			order = append(order, pages)
		}
		c.pts = append(c.pts, sweepPoint{n, s})
	}
	sort.SliceStable(order, func(a, b int) bool { return order[a] == "huge" && order[b] != "huge" })
	var out []curve
	for _, pages := range order {
		c := byPages[pages]
		sort.Slice(c.pts, func(a, b int) bool { return c.pts[a].size < c.pts[b].size })
		out = append(out, *c)
	}
	return out
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
		return bytesLabel(n) + " pages"
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
