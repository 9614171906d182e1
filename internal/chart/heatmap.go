package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/units"
)

// The core-to-core benchmark (bench/cpu: BenchmarkCoreToCore/pair=0-1) and
// the unit its cells show.
const (
	c2cBench = "CoreToCore"
	c2cUnit  = "ns/oneway"
)

// ErrNoMatrix is returned by CoreToCore when the run has no matrix.
var ErrNoMatrix = errors.New("no BenchmarkCoreToCore pair results: the core-to-core matrix needs them")

// A cell is one measured pair of CPUs, a < b.
type cell struct {
	a, b int
	s    results.Summary
}

// CoreToCore draws the core-to-core latency matrix of run as a heatmap:
// one cell per measured pair of CPUs, in the lower triangle (a round trip
// is the same whichever CPU starts it), holding the median one-way time
// and coloured from light (fast) to dark (slow). Pairs a bounded sample
// left out are blank. It returns ErrNoMatrix when the run has no pairs.
func CoreToCore(run *results.Run) (*Chart, error) {
	cells := c2cCells(run)
	if len(cells) == 0 {
		return nil, ErrNoMatrix
	}
	var cpus []int
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cells {
		cpus = append(cpus, c.a, c.b)
		lo, hi = math.Min(lo, c.s.Center), math.Max(hi, c.s.Center)
	}
	slices.Sort(cpus)
	cpus = slices.Compact(cpus)
	index := map[int]int{}
	labels := make([]string, len(cpus))
	for i, c := range cpus {
		index[c] = i
		labels[i] = strconv.Itoa(c)
	}

	// Square cells: the chart is sized around the matrix (axis, title and
	// legend take about 90 by 160 points), at least 420 points wide.
	n := len(cpus)
	side := vg.Length(math.Max(math.Min(60, 540/float64(n)), 330/float64(n)))
	p := newPlot("Core-to-core latency: one way in ns, median\n" + subtitle(run))
	ch := &Chart{Name: "core-to-core", Plot: p, Width: side*vg.Length(n) + 90, Height: side*vg.Length(n) + 160}
	// Columns are the first CPU of a pair, rows the second, the lowest CPU
	// on top: the lower triangle, as core-to-core-latency prints it.
	p.NominalX(labels...)
	rev := slices.Clone(labels)
	slices.Reverse(rev)
	p.NominalY(rev...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
	ch.xLabel = "CPU"
	ch.yLabel = "CPU"

	h := heat{lo: lo, hi: hi, n: n}
	for _, c := range cells {
		h.cells = append(h.cells, heatCell{x: float64(index[c.a]), y: float64(n - 1 - index[c.b]), v: c.s.Center})
	}
	p.Add(h)
	if len(cells) == 1 {
		ch.addLegend(fmt.Sprintf("CPUs %d and %d: %s one way", cells[0].a, cells[0].b, units.Duration(lo)), swatch{h.color(lo)})
	} else {
		ch.addLegend("fastest pair: "+units.Duration(lo), swatch{h.color(lo)})
		ch.addLegend("slowest pair: "+units.Duration(hi), swatch{h.color(hi)})
	}
	if total := n * (n - 1) / 2; len(cells) < total {
		ch.addLegend(fmt.Sprintf("blank: not measured (%d of %d pairs)", len(cells), total), swatch{color.White})
	}
	return ch, nil
}

// c2cCells returns the run's measured pairs in order.
func c2cCells(run *results.Run) []cell {
	var out []cell
	for _, b := range run.Benches {
		rest, ok := strings.CutPrefix(b.Name, c2cBench+"/pair=")
		if !ok {
			continue
		}
		as, bs, ok := strings.Cut(strings.SplitN(rest, "/", 2)[0], "-")
		a, errA := strconv.Atoi(as)
		bb, errB := strconv.Atoi(bs)
		s, okS := b.Summary(c2cUnit)
		if !ok || errA != nil || errB != nil || a < 0 || bb < 0 || a == bb || !okS || !(s.Center > 0) {
			continue // pair=min and the other summaries, or damage
		}
		if a > bb {
			a, bb = bb, a
		}
		out = append(out, cell{a, bb, s})
	}
	slices.SortFunc(out, func(x, y cell) int { return x.a*1_000_000 + x.b - (y.a*1_000_000 + y.b) })
	return slices.CompactFunc(out, func(x, y cell) bool { return x.a == y.a && x.b == y.b })
}

// heat draws the matrix's cells: coloured squares with their figures.
type heat struct {
	cells  []heatCell
	lo, hi float64
	n      int  // CPUs (nodes) on each axis
	full   bool // the whole square (a node matrix: each way measured), not the lower triangle
}

type heatCell struct{ x, y, v float64 }

// Heat colours run from a pale yellow (fastest) through teal to a dark
// blue (slowest), as ColorBrewer's YlGnBu, interpolated in proportion to
// the logarithm of the time, so that a twofold step looks alike anywhere
// on the scale.
var heatStops = []color.RGBA{
	{0xFF, 0xF5, 0xC0, 0xFF},
	{0x41, 0xB6, 0xC4, 0xFF},
	{0x08, 0x30, 0x6B, 0xFF},
}

func (h heat) color(v float64) color.Color {
	f := 0.0
	if h.hi > h.lo {
		f = math.Log(v/h.lo) / math.Log(h.hi/h.lo)
	}
	f = math.Min(1, math.Max(0, f)) * float64(len(heatStops)-1)
	i := min(int(f), len(heatStops)-2)
	f -= float64(i)
	a, b := heatStops[i], heatStops[i+1]
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + f*(float64(b)-float64(a)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}

// Plot implements plot.Plotter.
func (h heat) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	square := func(x, y float64) (path vg.Path, x0, x1, y0, y1 vg.Length) {
		x0, x1 = trX(x-0.5), trX(x+0.5)
		y0, y1 = trY(y-0.5), trY(y+0.5)
		path.Move(vg.Point{X: x0 + 1, Y: y0 + 1})
		path.Line(vg.Point{X: x1 - 1, Y: y0 + 1})
		path.Line(vg.Point{X: x1 - 1, Y: y1 - 1})
		path.Line(vg.Point{X: x0 + 1, Y: y1 - 1})
		path.Close()
		return path, x0, x1, y0, y1
	}
	// The triangle's frame: the diagonal (a CPU with itself) shaded, the
	// pairs outlined, so that a blank cell reads as "not measured".
	for i := range h.n {
		cols := i + 1
		if h.full {
			cols = h.n
		}
		for j := range cols {
			path, _, _, _, _ := square(float64(j), float64(h.n-1-i))
			if i == j {
				c.SetColor(gridColor)
				c.Fill(path)
				continue
			}
			c.SetLineStyle(draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)})
			c.Stroke(path)
		}
	}
	for _, hc := range h.cells {
		path, x0, x1, y0, y1 := square(hc.x, hc.y)
		col := h.color(hc.v)
		c.SetColor(col)
		c.Fill(path)
		ink := color.Color(color.Black)
		if luminance(col) < 0.5 {
			ink = color.White
		}
		size := vg.Length(math.Min(11, float64(x1-x0)/3.2))
		sty := textStyle(size, ink, false)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, nsCell(hc.v))
	}
}

// luminance is a colour's relative luminance, 0 (black) to 1 (white).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xFFFF
}

// nsCell writes a cell's time in ns to three figures: "7.4", "38.4",
// "102", "1.23k" (the unit is in the title).
func nsCell(ns float64) string {
	if ns >= 1000 {
		return strconv.FormatFloat(units.RoundSig(ns/1000, 3), 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(units.RoundSig(ns, 3), 'f', -1, 64)
}

// swatch is a legend thumbnail: a square of one colour with a grey border.
type swatch struct{ c color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	side := c.Max.Y - c.Min.Y
	x := c.Min.X + (c.Max.X-c.Min.X-side)/2
	var path vg.Path
	path.Move(vg.Point{X: x, Y: c.Min.Y})
	path.Line(vg.Point{X: x + side, Y: c.Min.Y})
	path.Line(vg.Point{X: x + side, Y: c.Max.Y})
	path.Line(vg.Point{X: x, Y: c.Max.Y})
	path.Close()
	c.SetColor(s.c)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: noteColor, Width: vg.Points(0.5)})
	c.Stroke(path)
}
