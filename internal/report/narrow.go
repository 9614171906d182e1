package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/latency-numbers/latency/internal/rows"
)

// Widths of the narrow text layout, in terminal columns.
const (
	// DefaultWidth is the width of the text report when the output is not
	// a terminal (a file, a pipe) and no width is asked for.
	DefaultWidth = 100
	// MinWidth is the narrowest layout WriteNarrow draws: below it the
	// figures' columns alone leave no room for the operation's name, so a
	// smaller width is taken as MinWidth.
	MinWidth = 64
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
// Note: widths are display columns (go-pretty's text.StringWidth), not
// bytes or runes: "µ" and "×" take one column, a CJK character in a note
// from a file takes two.
func (r *Report) WriteNarrow(w io.Writer, o Narrow) error {
	width := o.width()
	var notes []string
	t := narrowTable{width: width}
	t.cols = []narrowCol{{name: "Operation", wrap: true}, {name: "Guide", right: true}, {name: "Measured", right: true},
		{name: "", gap: 1}, {name: "±", right: true}, {name: "vs guide"}}
	if r.HumanScale {
		t.cols = append(t.cols, narrowCol{name: "Human", right: true})
	}
	t.cols = append(t.cols, narrowCol{name: "Kind"})
	if o.Notes {
		t.cols = append(t.cols, narrowCol{name: "Note", right: true})
	}
	add := func(l Line) {
		cells := []string{l.Operation, Duration(l.GuideNS), measuredCell(l), "", plusMinus(l), l.VsGuide()}
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
				notes = append(notes, l.ID+": "+n)
				ref = fmt.Sprintf("[%d]", len(notes))
			}
			cells = append(cells, ref)
		}
		t.rows = append(t.rows, narrowRow{cells: cells})
	}
	for _, l := range r.Rows {
		add(l)
	}
	family := "\x00"
	for _, l := range r.Extra {
		if l.Family != family {
			family = l.Family
			t.rows = append(t.rows, narrowRow{heading: familyTitle(family) + " (beyond the guide)"})
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
	writeWrapped(w, legend, width, "", "  ")
	if len(notes) > 0 {
		fmt.Fprintln(w)
		digits := len(fmt.Sprint(len(notes)))
		for i, n := range notes {
			first := fmt.Sprintf("[%d]%s ", i+1, strings.Repeat(" ", digits-len(fmt.Sprint(i+1))))
			writeWrapped(w, n, width, first, strings.Repeat(" ", len(first)))
		}
	}
	// The footer is the wide table's, wrapped: one source for what it says.
	var foot bytes.Buffer
	r.writeFooter(&foot, false)
	for _, line := range strings.Split(strings.TrimSuffix(foot.String(), "\n"), "\n") {
		first, hang := "", "  "
		if m := factLine.FindString(line); m != "" && text.StringWidth(m) < width/2 {
			first, hang, line = m, strings.Repeat(" ", text.StringWidth(m)), line[len(m):]
		}
		writeWrapped(w, line, width, first, hang)
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
	return Duration(l.Measured)
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
	name  string
	right bool
	gap   int  // spaces before the column; 0 means 2
	wrap  bool // wraps at spaces to fit the width; the others keep theirs
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

// minName is the narrowest the first column may be before its names go on
// lines of their own (see render).
const minName = 16

func (t *narrowTable) render(w io.Writer) {
	widths := make([]int, len(t.cols))
	for i, c := range t.cols {
		widths[i] = text.StringWidth(c.name)
	}
	for _, row := range t.rows {
		for i, c := range row.cells {
			widths[i] = max(widths[i], text.StringWidth(c))
		}
	}
	stacked := false
	gap := func(i int) int {
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
	var wrapping []int
	fixed := func() (n int) {
		for i, c := range t.cols {
			n += gap(i)
			if !c.wrap {
				n += widths[i]
			}
		}
		return n
	}
	for i, c := range t.cols {
		if c.wrap {
			wrapping = append(wrapping, i)
		}
	}
	// Note: when the figures leave the name less than minName columns, a
	// name wrapped into that would take four lines or more; it takes a line
	// of its own instead, above its figures, which are set closer.
	if len(wrapping) == 1 && wrapping[0] == 0 && t.width-fixed() < minName {
		stacked = true
		widths[0] = 0
	} else {
		share(widths, wrapping, t.width-fixed())
	}
	total := fixed()
	for _, i := range wrapping {
		total += widths[i]
	}

	line := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			b.WriteString(strings.Repeat(" ", gap(i)))
			pad := strings.Repeat(" ", max(widths[i]-text.StringWidth(c), 0))
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
			head := "── " + wrapLines(row.heading, t.width-4)[0] + " "
			fmt.Fprintln(w, head+strings.Repeat("─", max(min(total, t.width)-text.StringWidth(head), 0)))
			continue
		}
		if stacked {
			for _, op := range wrapLines(row.cells[0], t.width) {
				fmt.Fprintln(w, op)
			}
			fmt.Fprintln(w, line(append([]string{""}, row.cells[1:]...)))
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
				cellLines[i] = wrapHang(c, widths[i], "", hang)
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

// writeWrapped writes s wrapped to width: the first line starts with first,
// the others with hang.
func writeWrapped(w io.Writer, s string, width int, first, hang string) {
	for _, l := range wrapHang(s, width, first, hang) {
		fmt.Fprintln(w, strings.TrimRight(l, " "))
	}
}

// wrapHang wraps s to width: the first line starts with first, the others
// with hang. Empty text gives one line, first.
func wrapHang(s string, width int, first, hang string) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return []string{strings.TrimRight(first, " ")}
	}
	fw, hw := text.StringWidth(first), text.StringWidth(hang)
	lines := wrapLines(s, width-hw)
	if fw != hw {
		// The first line has another width: wrap it on its own, then the rest.
		head := wrapLines(s, width-fw)[0]
		lines = []string{head}
		if rest := strings.TrimSpace(strings.TrimPrefix(s, head)); rest != "" {
			lines = append(lines, wrapLines(rest, width-hw)...)
		}
	}
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = hang + lines[i]
		}
	}
	return lines
}

// wrapLines breaks s at spaces into lines of at most width display
// columns; a word longer than width is cut. It returns at least one line.
func wrapLines(s string, width int) []string {
	width = max(width, 1)
	var lines []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, word := range strings.Fields(s) {
		ww := text.StringWidth(word)
		switch {
		case curW > 0 && curW+1+ww <= width:
			cur.WriteByte(' ')
			cur.WriteString(word)
			curW += 1 + ww
			continue
		case curW > 0:
			flush()
		}
		for ww > width { // cut a word that fits no line
			cut, cw := cutWidth(word, width)
			lines = append(lines, cut)
			word, ww = word[len(cut):], ww-cw
		}
		cur.WriteString(word)
		curW = ww
	}
	if curW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// cutWidth returns the longest prefix of s at most width columns wide (at
// least one rune) and its width.
func cutWidth(s string, width int) (string, int) {
	w := 0
	for i, r := range s {
		rw := text.RuneWidth(r)
		if w+rw > width && i > 0 {
			return s[:i], w
		}
		w += rw
	}
	return s, w
}
