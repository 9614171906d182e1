package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
)

// Ladder layout, in points.
const (
	ladderWidth  = vg.Length(1000)
	rowHeight    = vg.Length(22)
	ladderMargin = vg.Length(140) // title, x axis and its label
	titleLine    = vg.Length(17)  // one more line of title per run
)

// A ladderRow is one row of the table with each run's line for it.
type ladderRow struct {
	row   rows.Row
	lines []report.Line // one per run; Kind NotMeasured when the run has none
}

// Ladder draws every row on one log-scale time axis, fastest at the top:
// the guide's figure, the model's projection (with Options.Scott), and each
// run's median with its 95% interval. Computed figures are hollow marks;
// a row a run has no figure for says so in words, never as a zero. With
// Options.GuideOnly it is named "ladder-guide". runs are the reports of
// the runs (report.Build with rows.Table).
func Ladder(runs []*report.Report, o Options) (*Chart, error) {
	if len(runs) == 0 {
		return nil, errors.New("ladder: no results to chart")
	}
	lrows, year := ladderRows(runs, o)
	n := len(lrows)
	y := func(i int) float64 { return float64(n - 1 - i) } // first row on top
	// Runs share a row, a little apart, first run uppermost.
	off := func(j int) float64 {
		if len(runs) == 1 {
			return 0
		}
		return 0.3 - 0.6*float64(j)/float64(len(runs)-1)
	}

	p := newPlot(ladderTitle(runs))
	ch := &Chart{Name: "ladder", Plot: p, Width: ladderWidth}
	if o.GuideOnly {
		ch.Name = "ladder-guide" // beside the whole ladder, not over it
	}
	p.X.Scale = plot.LogScale{}
	p.X.Tick.Marker = nsTicks{Label: []float64{1}}
	ch.xLabel = "time per operation (log scale)"
	names := make([]string, n)
	for i, lr := range lrows {
		names[n-1-i] = lr.row.Operation
	}
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4

	// The x range: whole decades around every figure drawn.
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(vs ...float64) {
		for _, v := range vs {
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	// Scott's model for the year of the first run (the report computes it).
	model := func(lr ladderRow) float64 {
		if ns := lr.lines[0].ScottNS; ns > 0 && !o.NoModel {
			return ns
		}
		return math.NaN()
	}
	for _, lr := range lrows {
		widen(lr.row.GuideNS, model(lr))
		for _, l := range lr.lines {
			widen(l.Measured, l.Lo, l.Hi)
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 1, 1e9
	}
	p.X.Min, p.X.Max = decades(lo, hi)
	norm := func(x float64) float64 { return math.Log(x/p.X.Min) / math.Log(p.X.Max/p.X.Min) }
	// The data area's width, near enough to place words: the chart less
	// the row names, the margins and the axis padding.
	var nameW vg.Length
	for _, name := range names {
		nameW = max(nameW, p.Y.Tick.Label.Width(name))
	}
	dataW := ladderWidth - nameW - 2*margin - 2*p.X.Padding - 10

	grid := plotter.NewGrid()
	grid.Vertical.Color = gridColor
	grid.Horizontal.Color = color.RGBA{0xF0, 0xF0, 0xF0, 0xFF}
	p.Add(grid)

	if k := extraFrom(lrows); k > 0 {
		sep := y(k) + 0.5
		line, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: sep}, {X: p.X.Max, Y: sep}})
		if err != nil {
			return nil, err
		}
		line.Color = noteColor
		line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(line)
		addText(p, p.X.Max, sep, "below: rows beyond the guide", vg.Point{X: -4, Y: -7}, textStyle(8, noteColor, true), draw.XRight)
	}

	var guide, scott plotter.XYs
	for i, lr := range lrows {
		if lr.row.GuideNS > 0 {
			guide = append(guide, plotter.XY{X: lr.row.GuideNS, Y: y(i)})
		}
		if m := model(lr); !math.IsNaN(m) {
			scott = append(scott, plotter.XY{X: m, Y: y(i)})
		}
	}
	if err := addMarks(ch, guide, draw.GlyphStyle{Shape: draw.CrossGlyph{}, Color: guideColor, Radius: 5},
		"guide's figure (2012)"); err != nil {
		return nil, err
	}
	if err := addMarks(ch, scott, draw.GlyphStyle{Shape: draw.PyramidGlyph{}, Color: modelColor, Radius: 4},
		fmt.Sprintf("Scott's model for %d", year)); err != nil {
		return nil, err
	}

	for j, run := range runs {
		who := "this machine"
		if len(runs) > 1 {
			who = run.Label
		}
		var measured, computed, bars plotter.XYs
		var errs plotter.Errors
		for i, lr := range lrows {
			l := lr.lines[j]
			yy := y(i) + off(j)
			switch {
			case l.Kind == rows.NotMeasured || math.IsNaN(l.Measured):
				continue
			case l.Measured <= 0:
				continue // said in words below
			case l.Kind == rows.Computed:
				computed = append(computed, plotter.XY{X: l.Measured, Y: yy})
			default:
				measured = append(measured, plotter.XY{X: l.Measured, Y: yy})
			}
			if l.Lo > 0 && l.Hi >= l.Lo && !math.IsNaN(l.Lo) {
				bars = append(bars, plotter.XY{X: l.Measured, Y: yy})
				errs = append(errs, struct{ Low, High float64 }{l.Measured - l.Lo, l.Hi - l.Measured})
			}
		}
		c := runColor(j)
		if len(bars) > 0 {
			eb, err := plotter.NewXErrorBars(struct {
				plotter.XYs
				plotter.XErrors
			}{bars, plotter.XErrors(errs)})
			if err != nil {
				return nil, fmt.Errorf("ladder: %w", err)
			}
			eb.Color = c
			eb.Width = vg.Points(1.2)
			eb.CapWidth = vg.Points(7)
			p.Add(eb)
		}
		if err := addMarks(ch, measured, draw.GlyphStyle{Shape: draw.CircleGlyph{}, Color: c, Radius: 4},
			who+": measured median, 95% interval"); err != nil {
			return nil, err
		}
		if err := addMarks(ch, computed, draw.GlyphStyle{Shape: draw.RingGlyph{}, Color: c, Radius: 4},
			who+": computed, not timed"); err != nil {
			return nil, err
		}
	}

	// Words: each figure's value beside it, and why a row has none.
	for i, lr := range lrows {
		marks := []float64{lr.row.GuideNS, model(lr)}
		for _, l := range lr.lines {
			marks = append(marks, l.Lo, l.Hi, l.Measured)
		}
		same := sameMissing(lr.lines)
		for j, l := range lr.lines {
			yy := y(i) + off(j)
			who := ""
			if len(runs) > 1 && !same {
				who = runs[j].Label + ": "
			}
			if same && j > 0 {
				continue // said once, for every run, below
			}
			if same {
				yy = y(i)
			}
			switch {
			case l.Kind != rows.NotMeasured && l.Measured > 0:
				left, right := l.Measured, l.Measured
				if l.Lo > 0 && !math.IsNaN(l.Hi) {
					left, right = l.Lo, l.Hi
				}
				label := units.Duration(l.Measured)
				sty := textStyle(8, runColor(j), false)
				if norm(right) < 0.85 {
					// Step over a guide or model mark the label would cover.
					w := float64((sty.Width(label) + 12) / dataW)
					for _, m := range []float64{lr.row.GuideNS, model(lr)} {
						if m > right && norm(m)-norm(right) < w {
							right = m
						}
					}
					addText(p, right, yy, label, vg.Point{X: 7}, sty, draw.XLeft)
				} else {
					addText(p, left, yy, label, vg.Point{X: -7}, sty, draw.XRight)
				}
			default:
				why := "not measured: " + l.Note
				if l.Kind != rows.NotMeasured {
					why = fmt.Sprintf("figure %g ns, not drawn: a log axis has no zero", l.Measured)
				}
				c := color.Color(noteColor)
				if len(runs) > 1 && !same {
					c = runColor(j)
				}
				addNote(p, norm, dataW, marks, yy, who+why, c)
			}
		}
	}

	rowH := rowHeight + 8*vg.Length(len(runs)-1) // room for each run's mark
	ch.Height = rowH*vg.Length(n) + ladderMargin + legendRow*vg.Length((len(ch.legend)+2)/3) +
		titleLine*vg.Length(len(runs)-1)
	return ch, nil
}

// ladderRows returns the guide's rows and, unless o.GuideOnly, the extra
// rows at least one run has a figure for, each with every run's line, and
// the year the first run's report evaluates Scott's model for.
func ladderRows(runs []*report.Report, o Options) (out []ladderRow, year int) {
	byID := make([]map[string]report.Line, len(runs))
	for j, rep := range runs {
		if j == 0 {
			year = rep.Year
		}
		byID[j] = map[string]report.Line{}
		for _, l := range append(rep.Rows, rep.Extra...) {
			byID[j][l.ID] = l
		}
	}
	for _, row := range rows.Table {
		lr := ladderRow{row: row}
		some := false
		for j := range runs {
			l, ok := byID[j][row.ID]
			if !ok {
				l = report.Line{ID: row.ID, Kind: rows.NotMeasured, Measured: math.NaN(), Lo: math.NaN(), Hi: math.NaN(),
					ScottNS: math.NaN(), Note: "not in the report"}
			}
			some = some || l.Kind != rows.NotMeasured
			lr.lines = append(lr.lines, l)
		}
		if row.GuideNS > 0 || (some && !o.GuideOnly) {
			out = append(out, lr)
		}
	}
	return out, year
}

// sameMissing reports whether no run has a figure for the row, all for the
// same reason.
func sameMissing(ls []report.Line) bool {
	for _, l := range ls {
		if l.Kind != rows.NotMeasured || l.Note != ls[0].Note {
			return false
		}
	}
	return true
}

// extraFrom returns the index of the first row beyond the guide, or 0.
func extraFrom(lrows []ladderRow) int {
	for i, lr := range lrows {
		if lr.row.GuideNS == 0 {
			return i
		}
	}
	return 0
}

func ladderTitle(runs []*report.Report) string {
	if len(runs) == 1 {
		return "Latency numbers on a log scale\n" + subtitle(runs[0])
	}
	var parts []string
	for _, r := range runs {
		parts = append(parts, r.Label+": "+subtitle(r))
	}
	return "Latency numbers on a log scale\n" + strings.Join(parts, "\n")
}

// addMarks adds a scatter with a legend entry; nothing when xys is empty.
func addMarks(ch *Chart, xys plotter.XYs, g draw.GlyphStyle, legend string) error {
	if len(xys) == 0 {
		return nil
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	s.GlyphStyle = g
	ch.Plot.Add(s)
	ch.addLegend(legend, s)
	return nil
}

// addText writes one label at a data point, moved by off and aligned by
// align (draw.XLeft: the text starts there).
func addText(p *plot.Plot, x, y float64, s string, off vg.Point, sty text.Style, align text.XAlignment) {
	sty.XAlign = align
	p.Add(words{&plotter.Labels{XYs: plotter.XYs{{X: x, Y: y}}, Labels: []string{s},
		TextStyle: []text.Style{sty}, Offset: off}})
}

// words draws labels without telling the plot their extent.
//
// Note: gonum/plot shrinks the data area until every glyph box fits, and
// its label boxes ignore the alignment; a long right-aligned note would
// squeeze the whole axis. The callers place words inside the plot instead.
type words struct{ l *plotter.Labels }

func (w words) Plot(c draw.Canvas, p *plot.Plot) { w.l.Plot(c, p) }

// addNote writes why a row has no mark beside the row's marks, on the
// side with room for it (shortened when neither side has), so the words
// never cover a mark or run off the chart. dataW is the data area's width.
func addNote(p *plot.Plot, norm func(float64) float64, dataW vg.Length, marks []float64, y float64, s string, c color.Color) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, m := range marks {
		if m > 0 && !math.IsNaN(m) {
			lo, hi = math.Min(lo, m), math.Max(hi, m)
		}
	}
	sty := textStyle(9, c, true)
	const gap = 10
	if math.IsInf(lo, 1) {
		addText(p, p.X.Min, y, fit(sty, s, dataW-gap), vg.Point{X: gap / 2}, sty, draw.XLeft)
		return
	}
	right := vg.Length(1-norm(hi))*dataW - 2*gap
	left := vg.Length(norm(lo))*dataW - 2*gap
	if w := sty.Width(s); w <= right || (w > left && right >= left) {
		addText(p, hi, y, fit(sty, s, right), vg.Point{X: gap}, sty, draw.XLeft)
		return
	}
	addText(p, lo, y, fit(sty, s, left), vg.Point{X: -gap}, sty, draw.XRight)
}

// fit shortens s, marking the cut with "…" (textwidth.Fit), until it is
// at most width wide in sty.
//
// Note: words on a chart are measured in their font (vg.Length), not in
// terminal columns; the columns only step the cut, one at a time.
func fit(sty text.Style, s string, width vg.Length) string {
	cut := s
	for n := textwidth.Width(s) - 1; n > 0 && sty.Width(cut) > width; n-- {
		cut = textwidth.Fit(s, n)
	}
	return cut
}
