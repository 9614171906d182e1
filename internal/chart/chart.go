// Package chart draws a results file as pictures with gonum/plot (pure Go):
// the ladder, every row of the latency table on one log-scale time axis
// beside the guide's figure, and the memory curve, the time per dependent
// load over the working-set size with the machine's cache sizes marked;
// beyond idle latency, the core-to-core heatmap and the loaded-latency and
// memory-parallelism curves (heatmap.go, curves.go).
//
// Charts are written as SVG (for pages and zooming) and PNG (for READMEs and
// mail). Both are drawn from the same plot, so they show the same thing.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/view"
)

// Options change what the charts show. The zero value draws the guide rows,
// Scott's model, and the extra rows that have a figure.
type Options struct {
	// NoModel leaves Scott's model out of the ladder.
	NoModel bool
	// GuideOnly leaves the extra rows (those beyond the guide) out of the
	// ladder.
	GuideOnly bool
}

// A Chart is one drawn plot and the size it is meant to be shown at.
type Chart struct {
	Name          string // "ladder", "memory", "core-to-core", ...: the file name suffix
	Plot          *plot.Plot
	Width, Height vg.Length

	legend []legendItem // drawn in a band under the plot, not over the data

	// Axis titles, drawn by Draw: gonum/plot centres them at the
	// arithmetic middle of the range, near one end on a log scale, and pads
	// the plot as if they stood there.
	xLabel, yLabel string
}

type legendItem struct {
	text   string
	thumbs []plot.Thumbnailer
}

// addLegend adds an entry to the chart's legend.
func (c *Chart) addLegend(text string, thumbs ...plot.Thumbnailer) {
	c.legend = append(c.legend, legendItem{text, thumbs})
}

// Formats lists the formats Chart.Write accepts.
var Formats = view.Set{view.SVG, view.PNG}

// pngDPI makes a 1000 pt wide chart about 1400 pixels wide: sharp on
// high-density screens, still small enough to mail.
const pngDPI = 100

// Write renders the chart as SVG or PNG.
func (c *Chart) Write(w io.Writer, format view.Format) error {
	return Render(w, format, c.Width, c.Height, pngDPI, c.Draw)
}

// Render paints a picture of width × height as SVG or PNG (at dpi) and
// writes it to w; an SVG's font families get fallbacks (fixSVGFonts). The
// charts and the card are drawn through it.
func Render(w io.Writer, format view.Format, width, height vg.Length, dpi int, paint func(draw.Canvas)) error {
	var canvas vg.CanvasWriterTo
	switch format {
	case view.SVG:
		canvas = vgsvg.New(width, height)
	case view.PNG:
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))}
	default:
		return fmt.Errorf("unknown chart format %q (want svg or png)", format)
	}
	paint(draw.New(canvas))
	if format != view.SVG {
		_, err := canvas.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return err
	}
	_, err := w.Write(fixSVGFonts(buf.Bytes()))
	return err
}

// Legend layout, in points.
const (
	legendRow = vg.Length(16)
	legendGap = vg.Length(24)
	margin    = vg.Length(10)
)

// Draw draws the plot with its legend in rows underneath.
//
// Note: gonum/plot draws its legend inside the data area, where on a ladder
// it would cover some row's marks whatever the corner; a band of its own
// costs a few rows of height and never hides data.
func (c *Chart) Draw(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	dc = draw.Crop(dc, margin, -margin, margin, -margin/2)
	width := dc.Max.X - dc.Min.X
	// Lay entries out left to right, wrapping, and centre each line.
	type placed struct {
		l     plot.Legend
		x     vg.Length
		line  int
		width vg.Length
	}
	var items []placed
	var lineWidths []vg.Length
	x, line := vg.Length(0), 0
	for _, e := range c.legend {
		l := plot.NewLegend()
		l.TextStyle = c.Plot.Legend.TextStyle
		l.ThumbnailWidth = c.Plot.Legend.ThumbnailWidth
		l.Left, l.Top = true, true
		l.Add(e.text, e.thumbs...)
		w := l.Rectangle(dc).Max.X - l.Rectangle(dc).Min.X
		if x > 0 && x+w > width {
			lineWidths = append(lineWidths, x-legendGap)
			x, line = 0, line+1
		}
		items = append(items, placed{l, x, line, w})
		x += w + legendGap
	}
	lineWidths = append(lineWidths, x-legendGap)
	band := vg.Length(0)
	if len(items) > 0 {
		band = legendRow*vg.Length(line+1) + margin/2
	}
	labelSty := c.Plot.Legend.TextStyle
	labelSty.Font.Size = vg.Points(11)
	labelSty.XAlign, labelSty.YAlign = draw.XCenter, draw.YTop
	lh := labelSty.Height("M") + 4
	var left, below vg.Length
	if c.yLabel != "" {
		left = lh
	}
	if c.xLabel != "" {
		below = lh
	}
	pc := draw.Crop(dc, left, 0, band+below, 0)
	c.Plot.Draw(pc)
	data := c.Plot.DataCanvas(pc)
	if c.xLabel != "" {
		pc.FillText(labelSty, vg.Point{X: data.Center().X, Y: pc.Min.Y - 1}, c.xLabel)
	}
	if c.yLabel != "" {
		sty := labelSty
		sty.Rotation = math.Pi / 2
		sty.YAlign = draw.YBottom
		dc.FillText(sty, vg.Point{X: dc.Min.X + lh - 2, Y: data.Center().Y}, c.yLabel)
	}
	for _, it := range items {
		left := dc.Min.X + (width-lineWidths[it.line])/2 + it.x
		top := dc.Min.Y + band - legendRow*vg.Length(it.line)
		sub := dc
		sub.Rectangle = vg.Rectangle{Min: vg.Point{X: left, Y: top - legendRow}, Max: vg.Point{X: left + it.width, Y: top}}
		it.l.Draw(sub)
	}
}

// fixSVGFonts gives the SVG's font family fallbacks.
//
// Note: vgsvg names only the font it measured text with (Liberation Sans,
// compiled into the program) and does not embed it (that would add ~400 KB).
// A viewer without Liberation Sans would fall back to its default serif
// font; Arial and Helvetica have the same metrics, so labels still fit.
func fixSVGFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"))
}

// ErrNoSweep is returned by Memory when no run has the sweep benchmark.
var ErrNoSweep = errors.New("no BenchmarkSweep results: the memory curve needs them")

// All returns the charts for the reports of runs (report.Build with
// rows.Table): the ladder, and the memory curve when a run has the sweep,
// the core-to-core heatmap, the loaded-latency and the memory-parallelism
// curves when a run has their benchmarks.
func All(runs []*report.Report, o Options) ([]*Chart, error) {
	ladder, err := Ladder(runs, o)
	if err != nil {
		return nil, err
	}
	charts := []*Chart{ladder}
	mem, err := Memory(runs)
	switch {
	case err == nil:
		charts = append(charts, mem)
	case !errors.Is(err, ErrNoSweep):
		return nil, err
	}
	// Beyond idle latency: the first run's core-to-core matrix and the
	// curves of memory under load and with misses in flight, when measured.
	for _, draw := range []func() (*Chart, error){
		func() (*Chart, error) { return CoreToCore(runs[0]) },
		func() (*Chart, error) { return NodeMatrix(runs[0]) },
		func() (*Chart, error) { return LoadedLatency(runs) },
		func() (*Chart, error) { return Parallelism(runs) },
	} {
		c, err := draw()
		switch {
		case err == nil:
			charts = append(charts, c)
		case !errors.Is(err, ErrNoMatrix) && !errors.Is(err, ErrNoNodeMatrix) && !errors.Is(err, ErrNoLoaded) && !errors.Is(err, ErrNoMLP):
			return nil, err
		}
	}
	return charts, nil
}

// WriteAll writes every chart of the runs' reports into dir as
// <base>-<name>.svg and .png and returns the paths written. The memory
// curve is left out, without error, when no run has the sweep.
func WriteAll(dir, base string, runs []*report.Report, o Options) ([]string, error) {
	charts, err := All(runs, o)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, c := range charts {
		for _, format := range Formats {
			path := filepath.Join(dir, base+"-"+c.Name+format.Ext())
			if err := writeFile(path, c, format); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

func writeFile(path string, c *Chart, format view.Format) error {
	var buf bytes.Buffer
	if err := c.Write(&buf, format); err != nil {
		return fmt.Errorf("drawing %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing chart: %w", err)
	}
	return nil
}

// Colours from Okabe and Ito's palette, which stays distinct for readers
// with colour-vision deficiencies. Each run gets one, in order.
var (
	runColors = []color.Color{
		color.RGBA{0x00, 0x72, 0xB2, 0xFF}, // blue
		color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
		color.RGBA{0x00, 0x9E, 0x73, 0xFF}, // bluish green
		color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
		color.RGBA{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	}
	modelColor = color.RGBA{0xE6, 0x9F, 0x00, 0xFF} // orange
	guideColor = color.RGBA{0x33, 0x33, 0x33, 0xFF}
	noteColor  = color.RGBA{0x66, 0x66, 0x66, 0xFF}
	gridColor  = color.RGBA{0xDD, 0xDD, 0xDD, 0xFF}
)

func runColor(i int) color.Color { return runColors[i%len(runColors)] }

// newPlot returns a plot with the suite's fonts and a two-line title.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(11)
		a.Tick.Label.Font.Size = vg.Points(10)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.ThumbnailWidth = vg.Points(18)
	for _, sty := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		sty.Font.Variant = sans
	}
	return p
}

// sans is the font variant of every text: gonum/plot's default is a serif.
const sans = "Sans"

// textStyle returns a text style of the given size and colour, italic if
// asked.
func textStyle(size vg.Length, c color.Color, italic bool) text.Style {
	f := plot.DefaultFont
	f.Variant = sans
	if italic {
		f.Style = xfont.StyleItalic
	}
	return text.Style{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler,
		XAlign: draw.XLeft, YAlign: draw.YCenter}
}

// subtitle says which machine a run measured and when: "AMD EPYC 9R14 ·
// 2026-11-27".
func subtitle(rep *report.Report) string {
	s := rep.Fact(fact.CPUModel)
	if s == "" {
		s = "unknown CPU"
	}
	if t, err := time.Parse(time.RFC3339, rep.Fact(fact.Date)); err == nil && !t.IsZero() {
		s += " · " + t.Format("2006-01-02")
	}
	return s
}
