package card

import (
	"image/color"
	"io"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latency-numbers/latency/internal/chart"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/view"
)

// Picture layout, in points.
const (
	pad     = vg.Length(16) // around the card
	lineH   = vg.Length(17) // one row
	colGap  = vg.Length(18) // between columns
	rowSize = vg.Length(11) // font size of the rows
	pngDPI  = 144           // sharp on high-density screens, small enough to share
)

// Colours: Okabe and Ito's blue and vermillion, as the charts use.
var (
	ink       = color.RGBA{0x22, 0x22, 0x22, 0xFF}
	grey      = color.RGBA{0x77, 0x77, 0x77, 0xFF}
	blue      = color.RGBA{0x00, 0x72, 0xB2, 0xFF}
	vermilion = color.RGBA{0xD5, 0x5E, 0x00, 0xFF}
	stripe    = color.RGBA{0xF3, 0xF6, 0xF9, 0xFF}
)

// style returns a sans-serif text style.
func style(size vg.Length, c color.Color, bold, italic bool, align draw.XAlignment) text.Style {
	f := plot.DefaultFont
	f.Variant = "Sans"
	if bold {
		f.Weight = xfont.WeightBold
	}
	if italic {
		f.Style = xfont.StyleItalic
	}
	return text.Style{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler,
		XAlign: align, YAlign: draw.YCenter}
}

// image draws the card as an SVG or PNG picture: the same lines as the
// text card, figures coloured by kind (blue measured, grey computed or
// none, vermilion unstable) on striped rows.
func (c *Card) image(w io.Writer, format view.Format) error {
	titleSty := style(14, ink, true, false, draw.XLeft)
	headSty := style(10, grey, false, false, draw.XLeft)
	colSty := style(10, grey, false, false, draw.XRight)
	opSty := style(rowSize, ink, false, false, draw.XLeft)
	numSty := style(rowSize, ink, false, false, draw.XRight)

	heads := c.headings()
	// Column widths from the widest text in each.
	cols := make([]vg.Length, len(heads))
	for i, h := range heads {
		cols[i] = colSty.Width(h)
	}
	for _, l := range c.Lines {
		cells := []string{l.Operation, l.Guide, l.Figure}
		if c.Human {
			cells = append(cells, l.Human)
		}
		for i, s := range cells {
			cols[i] = max(cols[i], numSty.Width(s))
		}
	}
	markW := numSty.Width(" !") + 2 // the marks stand right of the figures
	width := 2*pad + markW
	for _, cw := range cols {
		width += cw
	}
	width += colGap * vg.Length(len(cols)-1)
	width = max(width, titleSty.Width(c.Title)+2*pad, headSty.Width(c.Header)+2*pad, headSty.Width(c.Legend)+2*pad, headSty.Width(c.Footer)+2*pad)
	height := 2*pad + lineH*vg.Length(len(c.Lines)+4) + 6
	if c.Footer != "" {
		height += lineH
	}

	return chart.Render(w, format, width, height, pngDPI, func(dc draw.Canvas) {
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())

		// Right edges of the figure columns.
		right := make([]vg.Length, len(cols))
		x := pad
		for i, cw := range cols {
			x += cw
			right[i] = x
			x += colGap
			if i == 2 {
				x += markW
			}
		}
		y := height - pad - lineH/2 // y grows upwards
		dc.FillText(titleSty, vg.Point{X: pad, Y: y}, c.Title)
		y -= lineH
		dc.FillText(headSty, vg.Point{X: pad, Y: y}, c.Header)
		y -= lineH + 6
		for i, h := range heads[1:] {
			dc.FillText(colSty, vg.Point{X: right[i+1], Y: y}, h)
		}
		for n, l := range c.Lines {
			y -= lineH
			if n%2 == 0 {
				var p vg.Path
				p.Move(vg.Point{X: pad / 2, Y: y - lineH/2})
				p.Line(vg.Point{X: width - pad/2, Y: y - lineH/2})
				p.Line(vg.Point{X: width - pad/2, Y: y + lineH/2})
				p.Line(vg.Point{X: pad / 2, Y: y + lineH/2})
				p.Close()
				dc.SetColor(stripe)
				dc.Fill(p)
			}
			dc.FillText(opSty, vg.Point{X: pad, Y: y}, l.Operation)
			dc.FillText(style(rowSize, grey, false, false, draw.XRight), vg.Point{X: right[1], Y: y}, l.Guide)
			figColor, italic := blue, false
			switch {
			case l.Unstable:
				figColor = vermilion
			case l.Kind == rows.Computed:
				figColor, italic = grey, true
			case l.Figure == "–":
				figColor = grey
			}
			figSty := style(rowSize, figColor, true, italic, draw.XRight)
			dc.FillText(figSty, vg.Point{X: right[2], Y: y}, l.Figure)
			if m := l.Mark(); m != "" {
				figSty.XAlign = draw.XLeft
				dc.FillText(figSty, vg.Point{X: right[2] + 4, Y: y}, m)
			}
			if c.Human {
				dc.FillText(numSty, vg.Point{X: right[3], Y: y}, l.Human)
			}
		}
		y -= lineH + 4
		dc.FillText(style(9, grey, false, false, draw.XLeft), vg.Point{X: pad, Y: y}, c.Legend)
		if c.Footer != "" {
			y -= lineH
			dc.FillText(style(9, grey, false, false, draw.XLeft), vg.Point{X: pad, Y: y}, c.Footer)
		}

	})
}
