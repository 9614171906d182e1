package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

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
	var notes numberedNotes
	t := narrowTable{width: width}
	t.cols = []narrowCol{{name: "Operation", wrap: true}, {name: "Guide", right: true}, {name: "Measured", right: true},
		{name: "", gap: 1}, {name: "±", right: true, join: true}, {name: "vs guide"}}
	if r.HumanScale {
		t.cols = append(t.cols, narrowCol{name: "Human", right: true})
	}
	t.cols = append(t.cols, narrowCol{name: "Kind", optional: true}) // the legend explains the marks
	if o.Notes {
		t.cols = append(t.cols, narrowCol{name: "Note", right: true})
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
				ref = notes.add(l.ID + ": " + n)
			}
			cells = append(cells, ref)
		}
		t.rows = append(t.rows, narrowRow{cells: cells})
	}
	for head, l := range r.lines() {
		if head != "" {
			t.rows = append(t.rows, narrowRow{heading: head})
		}
		add(l)
	}
	t.render(w)

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
	notes.write(w, width)
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

// A narrowCol is a column of the narrow table.
type narrowCol struct {
	name     string
	right    bool
	gap      int  // spaces before the column; 0 means 2
	wrap     bool // wraps at spaces to fit the width; the others keep theirs
	optional bool // left out, the rightmost first, when the table does not fit
	join     bool // in blocks (see renderBlocks), goes on the previous column's line
	whole    bool // its words (row ids) are not cut: stacked rather than narrower
}

// A narrowRow is a row of figures, or the heading of a family of rows.
type narrowRow struct {
	cells   []string
	heading string
}

// narrowTable lays cells out in columns within width: the columns that
// wrap (the operation) share what the others leave.
type narrowTable struct {
	width int
	cols  []narrowCol
	rows  []narrowRow
}

// minName is the narrowest a wrapping column may be: a name wrapped into
// less would take four lines or more.
const minName = 16

// render writes the table within t.width, the first way that fits: in
// columns; with the first column's cells on lines of their own, above
// their figures (stacked); either without the optional columns; or, when
// even that is too wide, as blocks of one label and value a line.
func (t *narrowTable) render(w io.Writer) {
	for u := t; u != nil; u = u.withoutOptional() {
		if widths, stacked, ok := u.fit(); ok {
			u.renderColumns(w, widths, stacked)
			return
		}
	}
	t.renderBlocks(w)
}

// gap is the number of spaces before column i.
func (t *narrowTable) gap(i int, stacked bool) int {
	switch {
	case i == 0:
		return 0
	case t.cols[i].gap > 0:
		return t.cols[i].gap
	case stacked:
		return 1
	}
	return 2
}

// fit returns the columns' widths when the table fits t.width, and whether
// the first column is stacked.
func (t *narrowTable) fit() (widths []int, stacked, ok bool) {
	widths = make([]int, len(t.cols))
	for i, c := range t.cols {
		widths[i] = textwidth.Width(c.name)
	}
	for _, row := range t.rows {
		for i, c := range row.cells {
			widths[i] = max(widths[i], textwidth.Width(c))
		}
	}
	var wrapping []int
	fixed, natural := 0, 0 // the non-wrapping columns and gaps; all columns
	for i, c := range t.cols {
		fixed += t.gap(i, false)
		if c.wrap {
			wrapping = append(wrapping, i)
		} else {
			fixed += widths[i]
		}
		natural += widths[i] + t.gap(i, false)
	}
	if avail := t.width - fixed; natural <= t.width || avail >= minName*len(wrapping) {
		normal := slices.Clone(widths)
		share(normal, wrapping, avail)
		if len(wrapping) == 0 || wrapping[0] != 0 || !t.cols[0].whole || normal[0] >= t.longestWord(0) {
			return normal, false, true
		}
	}
	if len(wrapping) == 0 || wrapping[0] != 0 {
		return nil, false, false
	}
	// Note: when the figures leave the first column less than minName
	// columns, or less than its longest word when it is whole, its cells take
	// lines of their own, above their figures, which are set closer.
	widths[0] = 0
	fixed = 0
	for i, c := range t.cols {
		fixed += t.gap(i, true)
		if !c.wrap {
			fixed += widths[i]
		}
	}
	if avail := t.width - fixed; avail >= minName*len(wrapping[1:]) {
		share(widths, wrapping[1:], avail)
		return widths, true, true
	}
	return nil, false, false
}

// longestWord is the width of the widest word in column i.
func (t *narrowTable) longestWord(i int) int {
	n := 0
	for _, row := range t.rows {
		if row.cells != nil {
			for _, word := range strings.Fields(row.cells[i]) {
				n = max(n, textwidth.Width(word))
			}
		}
	}
	return n
}

// withoutOptional returns the table without its rightmost optional
// column, nil when it has none.
func (t *narrowTable) withoutOptional() *narrowTable {
	i := len(t.cols) - 1
	for i >= 0 && !t.cols[i].optional {
		i--
	}
	if i < 0 {
		return nil
	}
	u := &narrowTable{width: t.width, cols: slices.Delete(slices.Clone(t.cols), i, i+1)}
	for _, row := range t.rows {
		if row.cells != nil {
			row.cells = slices.Delete(slices.Clone(row.cells), i, i+1)
		}
		u.rows = append(u.rows, row)
	}
	return u
}

// heading writes a family's heading as a rule total columns wide.
func (t *narrowTable) heading(w io.Writer, title string, total int) {
	head := "── " + textwidth.Wrap(title, t.width-4)[0] + " "
	fmt.Fprintln(w, head+strings.Repeat("─", max(min(total, t.width)-textwidth.Width(head), 0)))
}

// renderColumns writes the table in columns of the widths fit chose.
func (t *narrowTable) renderColumns(w io.Writer, widths []int, stacked bool) {
	total := 0
	for i := range t.cols {
		total += t.gap(i, stacked) + widths[i]
	}
	line := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			b.WriteString(strings.Repeat(" ", t.gap(i, stacked)))
			pad := strings.Repeat(" ", max(widths[i]-textwidth.Width(c), 0))
			if t.cols[i].right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	header := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.name
	}
	if stacked {
		fmt.Fprintln(w, header[0])
		header[0] = ""
		total = t.width
	}
	fmt.Fprintln(w, line(header))
	fmt.Fprintln(w, strings.Repeat("─", min(total, t.width)))
	for _, row := range t.rows {
		if row.heading != "" {
			t.heading(w, row.heading, total)
			continue
		}
		// Wrapped cells take several lines; the first column's go on
		// indented under themselves.
		cellLines := make([][]string, len(row.cells))
		height := 1
		for i, c := range row.cells {
			cellLines[i] = []string{c}
			if t.cols[i].wrap {
				hang := ""
				if i == 0 {
					hang = "  "
				}
				cellLines[i] = textwidth.WrapHang(c, widths[i], "", hang)
			}
			if i == 0 && stacked {
				for _, l := range textwidth.Wrap(c, t.width) {
					fmt.Fprintln(w, l)
				}
				cellLines[0] = nil
			}
			height = max(height, len(cellLines[i]))
		}
		for k := range height {
			cells := make([]string, len(row.cells))
			for i, ls := range cellLines {
				if k < len(ls) {
					cells[i] = ls[k]
				}
			}
			fmt.Fprintln(w, line(cells))
		}
	}
}

// renderBlocks writes each row as a block: its first cell, then one
// "name: value" line for each other cell that is not empty, wrapped to
// t.width.
func (t *narrowTable) renderBlocks(w io.Writer) {
	fmt.Fprintln(w, t.cols[0].name)
	fmt.Fprintln(w, strings.Repeat("─", t.width))
	for _, row := range t.rows {
		if row.heading != "" {
			t.heading(w, row.heading, t.width)
			continue
		}
		textwidth.Fprint(w, row.cells[0], t.width, "", "  ")
		var fields []string
		for i, c := range row.cells[1:] {
			col := t.cols[i+1]
			switch {
			case c == "":
			case (col.join || col.name == "") && len(fields) > 0:
				fields[len(fields)-1] += " " + c
			case col.name == "":
				fields = append(fields, c)
			default:
				fields = append(fields, col.name+": "+c)
			}
		}
		for _, f := range fields {
			textwidth.Fprint(w, f, t.width, "  ", "    ")
		}
	}
}

// share gives the wrapping columns the room left, avail columns: each its
// natural width if the room allows, the narrowest first, the rest in equal
// shares of what remains (at least 4 columns each).
func share(widths, wrapping []int, avail int) {
	order := slices.Clone(wrapping)
	slices.SortFunc(order, func(a, b int) int { return widths[a] - widths[b] })
	for n, i := range order {
		fair := avail / (len(order) - n)
		widths[i] = max(min(widths[i], fair), 4)
		avail -= widths[i]
	}
}
