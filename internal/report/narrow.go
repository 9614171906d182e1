package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"

	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
)

// Widths of the narrow text layout, in terminal columns.
const (
	// DefaultWidth is the width of the text report when the output is not
	// a terminal (a file, a pipe) and no width is asked for.
	DefaultWidth = 100
	// MinWidth is the narrowest layout WriteNarrow draws: below it a
	// label and its figure no longer share a line, so a smaller width is
	// taken as MinWidth (the command refuses it).
	MinWidth = 20
)

// Narrow says how WriteNarrow lays the text report out.
type Narrow struct {
	// Width is the most columns a line may take (a terminal's width); 0
	// means DefaultWidth, less than MinWidth means MinWidth.
	Width int
	// Notes numbers each row's note ("what was measured", and why an
	// unstable row is unstable) and prints the notes under the table;
	// without it the table alone is printed, with its footer.
	Notes bool
}

// width is the width to lay out for: Width, DefaultWidth for 0, at least
// MinWidth.
func (o Narrow) width() int {
	switch {
	case o.Width == 0:
		return DefaultWidth
	case o.Width < MinWidth:
		return MinWidth
	}
	return o.Width
}

// WriteNarrow renders the text report so that no line is wider than
// o.Width: the operation, the guide's figure, the measured figure with an
// "!" when it is unstable, the half-width of its 95% interval in percent,
// how it compares with the guide, the kind as a one-letter mark and the
// number of its note. The notes, the footer, the machine's facts and the
// warnings follow, wrapped to the width. Write's "text" format is the wide
// table, with every column and the notes in the table.
//
// Note: widths are display columns (textwidth.Width), not
// bytes or runes: "µ" and "×" take one column, a CJK character in a note
// from a file takes two.
func (r *Report) WriteNarrow(w io.Writer, o Narrow) error {
	width := o.width()
	var notes layout.Notes
	t := layout.Table{Width: width}
	t.Cols = []layout.Col{{Name: "Operation", Wrap: true}, {Name: "Guide", Right: true}, {Name: "Measured", Right: true},
		{Name: "", Gap: 1}, {Name: "±", Right: true, Join: true}, {Name: "vs guide"}}
	if r.HumanScale {
		t.Cols = append(t.Cols, layout.Col{Name: "Human", Right: true})
	}
	t.Cols = append(t.Cols, layout.Col{Name: "Kind", Optional: true}) // the legend explains the marks
	if o.Notes {
		t.Cols = append(t.Cols, layout.Col{Name: "Note", Right: true})
	}
	add := func(l Line) {
		cells := []string{l.Operation, units.Duration(l.GuideNS), measuredCell(l), "", plusMinus(l), l.VsGuide()}
		if l.Unstable {
			cells[3] = "!"
		}
		if r.HumanScale {
			cells = append(cells, r.human(l))
		}
		cells = append(cells, kindMark(l.Kind))
		if o.Notes {
			ref := ""
			if n := noted(l); n != "" {
				ref = notes.Add(l.ID + ": " + n)
			}
			cells = append(cells, ref)
		}
		t.Add(cells...)
	}
	for head, l := range r.lines() {
		if head != "" {
			t.AddHeading(head)
		}
		add(l)
	}
	t.Render(w)

	fmt.Fprintln(w)
	legend := "Measured: median of the samples, ! when unstable (its note says why); ±: half-width of its 95% confidence interval (n=N: too few samples for one); Kind: " +
		narrowLegend
	if r.HumanScale {
		legend += "; Human: as if an L1 cache reference took one second"
	}
	if !o.Notes {
		legend += "; notes with -notes, all columns with -wide."
	} else {
		legend += "; all columns with -wide."
	}
	textwidth.Fprint(w, legend, width, "", "  ")
	notes.Write(w, width)
	// The footer is the wide table's, wrapped: one source for what it says.
	var foot bytes.Buffer
	r.writeFooter(&foot, false)
	for _, line := range strings.Split(strings.TrimSuffix(foot.String(), "\n"), "\n") {
		first, hang := "", "  "
		if m := factLine.FindString(line); m != "" && textwidth.Width(m) < width/2 {
			first, hang, line = m, strings.Repeat(" ", textwidth.Width(m)), line[len(m):]
		}
		textwidth.Fprint(w, line, width, first, hang)
	}
	return nil
}

// narrowLegend explains the kind marks.
const narrowLegend = "M measured on this machine, C computed (not timed), – not measured"

// factLine matches the key of an indented "  key:   value" line of the
// footer: wrapped values continue under the value.
var factLine = regexp.MustCompile(`^  \S+:\s+`)

// kindMark is the one-letter mark of a kind in the narrow layout.
func kindMark(k rows.Kind) string {
	switch k {
	case rows.Measured:
		return "M"
	case rows.Computed:
		return "C"
	}
	return "–"
}

// measuredCell is a line's figure, "–" when it has none.
func measuredCell(l Line) string {
	if math.IsNaN(l.Measured) {
		return "–"
	}
	return units.Duration(l.Measured)
}

// PlusMinus is the half-width of a measured line's 95% interval in per
// cent of its median ("±3%", "±<1%"), "n=4" when it has too few samples
// for one, "" for a line not measured.
func (l Line) PlusMinus() string { return plusMinus(l) }

// plusMinus is the half-width of a measured line's 95% interval in percent
// of its median, "n=4" when it has too few samples for one.
func plusMinus(l Line) string {
	switch {
	case l.Kind != rows.Measured || math.IsNaN(l.Measured):
		return ""
	case math.IsNaN(l.Lo) || math.IsNaN(l.Hi):
		return fmt.Sprintf("n=%d", l.Samples)
	}
	switch p := halfWidth(l); {
	case p < 0.5:
		return "±<1%"
	case p >= 1000:
		return "±>999%"
	default:
		return fmt.Sprintf("±%.0f%%", p)
	}
}
