package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/units"
)

// ErrNoMatrix is returned by CoreToCore when the run has no matrix.
var ErrNoMatrix = errors.New("no BenchmarkCoreToCore pair results: the core-to-core matrix needs them")

// CoreToCore draws the core-to-core latency matrix of a run's report
// (Series.CoreToCore) as a heatmap: one cell per measured pair of CPUs, in
// the lower triangle (a round trip is the same whichever CPU starts it),
// holding the median one-way time and coloured from light (fast) to dark
// (slow). Pairs a bounded sample left out are blank. It returns
// ErrNoMatrix when the run has no pairs.
func CoreToCore(rep *report.Report) (*Chart, error) {
	cells := rep.Series.CoreToCore
	if len(cells) == 0 {
		return nil, ErrNoMatrix
	}
	var cpus []int
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cells {
		cpus = append(cpus, c.A, c.B)
		lo, hi = math.Min(lo, c.NS), math.Max(hi, c.NS)
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
	p := newPlot("Core-to-core latency: one way in ns, median\n" + subtitle(rep))
	ch := &Chart{Name: "core-to-core", Plot: p, Width: side*vg.Length(n) + 90, Height: side*vg.Length(n) + 160}
	// Columns are the first CPU of a pair, rows the second, the lowest CPU
	// on top: the lower triangle, as core-to-core-latency prints it.
	matrixAxes(p, labels)
	ch.xLabel = "CPU"
	ch.yLabel = "CPU"

	h := heat{lo: lo, hi: hi, n: n}
	for _, c := range cells {
		h.cells = append(h.cells, heatCell{x: float64(index[c.A]), y: float64(n - 1 - index[c.B]), v: c.NS})
	}
	p.Add(h)
	if len(cells) == 1 {
		ch.addLegend(fmt.Sprintf("CPUs %d and %d: %s one way", cells[0].A, cells[0].B, units.Duration(lo)), swatch{h.color(lo)})
	} else {
		ch.addLegend("fastest pair: "+units.Duration(lo), swatch{h.color(lo)})
		ch.addLegend("slowest pair: "+units.Duration(hi), swatch{h.color(hi)})
	}
	if total := n * (n - 1) / 2; len(cells) < total {
		ch.addLegend(fmt.Sprintf("blank: not measured (%d of %d pairs)", len(cells), total), swatch{color.White})
	}
	return ch, nil
}

// matrixAxes lays p out for a square matrix of labels: a column per label
// from the left, a row per label from the top, each cell a unit square
// centred on its position, and no ticks (the cells are the scale).
func matrixAxes(p *plot.Plot, labels []string) {
	n := float64(len(labels))
	p.NominalX(labels...)
	rev := slices.Clone(labels)
	slices.Reverse(rev)
	p.NominalY(rev...)
	p.X.Min, p.X.Max = -0.5, n-0.5
	p.Y.Min, p.Y.Max = -0.5, n-0.5
	p.X.Tick.Length, p.Y.Tick.Length = 0, 0
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
