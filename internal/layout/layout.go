// Package layout lays text tables out within a terminal's width: the one
// way the text outputs (report, compare, stability, card, estimate,
// doctor) fit their columns to a width. A Table's columns are aligned
// right or left; those that wrap (or are cut) share what the others leave;
// when that is too little the first column's cells go on lines of their
// own above their figures, optional columns are left out, and as a last
// resort each row is a block of "name: value" lines. Headings over groups
// of rows and numbered notes under a table go with them.
//
// Note: widths are display columns (package textwidth, on go-pretty's
// text package), not bytes or runes: "µ" and "×" take one column, a CJK
// character two.
package layout

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/textwidth"
)

// A Col is a column of a Table.
type Col struct {
	Name  string // its heading; a table whose columns have none has no header
	Right bool   // aligned right; left otherwise
	// Gap is the number of spaces before the column; 0 means 2 (1 when the
	// table is stacked). The first column's Gap is the table's margin.
	Gap int
	// Wrap wraps the column's cells at spaces; Cut cuts them with an
	// ellipsis. Either way the column takes a share of what the others
	// leave, at least Min columns; the others keep their widths.
	Wrap, Cut bool
	// Min is the least width of the column: for a Wrap or Cut column, the
	// least it may be narrowed to (0 means MinShare); for another, the
	// least it takes even when its cells are narrower.
	Min      int
	Optional bool // left out, the rightmost first, when the table does not fit
	// Under puts the column's cells under their rows when the table does
	// not fit with it (where an Optional column would be left out), each
	// wrapped on lines of its own, UnderIndent columns past the margin.
	Under bool
	Join  bool // in blocks, goes on the previous column's line
	// Whole keeps the column's words whole: the first column (row ids) is
	// stacked rather than narrowed to less than its longest word; in
	// blocks, another's value (a figure) goes on a line of its own, under
	// its name, rather than broken after it.
	Whole bool
}

// A Row is a row of cells, or the heading of a family of rows.
type Row struct {
	Cells   []string
	Heading string
	rule    bool     // a rule across the table (AddRule)
	under   []string // the cells of the Under columns taken out, left to right
}

// A Table lays its rows out in columns within Width.
type Table struct {
	Width int
	Cols  []Col
	Rows  []Row
	// NoRule leaves out the rule under the header.
	NoRule bool
}

// UnderIndent is how far past the margin the cells of an Under column
// are set under their rows.
const UnderIndent = 4

// MinShare is the narrowest a wrapping column may be unless its Min says
// otherwise: a name wrapped into less would take four lines or more.
const MinShare = 16

// Add appends a row of cells, one a column; missing cells at the end are
// empty. It panics when given more cells than the table has columns.
func (t *Table) Add(cells ...string) {
	if len(cells) > len(t.Cols) {
		panic(fmt.Sprintf("layout: %d cells for %d columns", len(cells), len(t.Cols)))
	}
	row := make([]string, len(t.Cols))
	copy(row, cells)
	t.Rows = append(t.Rows, Row{Cells: row})
}

// AddHeading appends the heading of the rows that follow, drawn as a rule
// with the title in it: "── CPU (beyond the guide) ─────".
func (t *Table) AddHeading(title string) {
	if title == "" {
		t.AddRule()
		return
	}
	t.Rows = append(t.Rows, Row{Heading: title})
}

// AddRule appends a rule across the table between the rows before and
// after it: a heading without a title.
func (t *Table) AddRule() { t.Rows = append(t.Rows, Row{rule: true}) }

// Render writes the table within t.Width, the first way that fits: in
// columns; with the first column's cells on lines of their own, above
// their figures (stacked); either without the optional columns, or with
// the Under columns' cells under their rows, the rightmost first; or,
// when even that is too wide, as blocks of one label and value a line.
func (t *Table) Render(w io.Writer) {
	if len(t.Cols) == 0 {
		return
	}
	for u := t; u != nil; u = u.withoutOptional() {
		if widths, stacked, ok := u.fit(); ok {
			u.renderColumns(w, widths, stacked)
			return
		}
	}
	t.renderBlocks(w)
}

// gap is the number of spaces before column i.
func (t *Table) gap(i int, stacked bool) int {
	switch {
	case t.Cols[i].Gap > 0 || i == 0:
		return t.Cols[i].Gap
	case stacked:
		return 1
	}
	return 2
}

// shares reports whether column i shares the room the others leave.
func (t *Table) shares(i int) bool { return t.Cols[i].Wrap || t.Cols[i].Cut }

// least is the least width that the sharing columns need together.
func (t *Table) least(is []int) int {
	n := 0
	for _, i := range is {
		n += t.minWidth(i)
	}
	return n
}

// minWidth is the least width of sharing column i: its Min, else MinShare.
func (t *Table) minWidth(i int) int {
	if m := t.Cols[i].Min; m > 0 {
		return m
	}
	return MinShare
}

// hasHeader reports whether a column has a name.
func (t *Table) hasHeader() bool {
	return slices.ContainsFunc(t.Cols, func(c Col) bool { return c.Name != "" })
}

// fit returns the columns' widths when the table fits t.Width, and whether
// the first column is stacked.
func (t *Table) fit() (widths []int, stacked, ok bool) {
	widths = make([]int, len(t.Cols))
	for i, c := range t.Cols {
		widths[i] = textwidth.Width(c.Name)
	}
	for _, row := range t.Rows {
		for i, c := range row.Cells {
			widths[i] = max(widths[i], textwidth.Width(c))
		}
	}
	for i, c := range t.Cols {
		if !t.shares(i) {
			widths[i] = max(widths[i], c.Min)
		}
	}
	var sharing []int
	fixed, natural := 0, 0 // the columns that do not share, and gaps; all columns
	for i := range t.Cols {
		fixed += t.gap(i, false)
		if t.shares(i) {
			sharing = append(sharing, i)
		} else {
			fixed += widths[i]
		}
		natural += widths[i] + t.gap(i, false)
	}
	if avail := t.Width - fixed; natural <= t.Width || avail >= t.least(sharing) {
		normal := slices.Clone(widths)
		t.share(normal, sharing, avail)
		if len(sharing) == 0 || sharing[0] != 0 || !t.Cols[0].Whole || normal[0] >= t.longestWord(0) {
			return normal, false, true
		}
	}
	if len(sharing) == 0 || sharing[0] != 0 {
		return nil, false, false
	}
	// Note: when the figures leave the first column less than its least
	// width, or less than its longest word when it is whole, its cells take
	// lines of their own, above their figures, which are set closer.
	widths[0] = 0
	fixed = 0
	for i := range t.Cols {
		fixed += t.gap(i, true)
		if !t.shares(i) {
			fixed += widths[i]
		}
	}
	if avail := t.Width - fixed; avail >= t.least(sharing[1:]) {
		t.share(widths, sharing[1:], avail)
		return widths, true, true
	}
	return nil, false, false
}

// longestWord is the width of the widest word in column i.
func (t *Table) longestWord(i int) int {
	n := 0
	for _, row := range t.Rows {
		if row.Cells != nil {
			for _, word := range strings.Fields(row.Cells[i]) {
				n = max(n, textwidth.Width(word))
			}
		}
	}
	return n
}

// withoutOptional returns the table without its rightmost optional or
// Under column, nil when it has none.
func (t *Table) withoutOptional() *Table {
	i := len(t.Cols) - 1
	for i >= 0 && !t.Cols[i].Optional && !t.Cols[i].Under {
		i--
	}
	if i < 0 {
		return nil
	}
	u := &Table{Width: t.Width, Cols: slices.Delete(slices.Clone(t.Cols), i, i+1), NoRule: t.NoRule}
	for _, row := range t.Rows {
		if row.Cells != nil {
			if t.Cols[i].Under {
				row.under = slices.Insert(slices.Clone(row.under), 0, row.Cells[i])
			}
			row.Cells = slices.Delete(slices.Clone(row.Cells), i, i+1)
		}
		u.Rows = append(u.Rows, row)
	}
	return u
}

// heading writes a family's heading as a rule total columns wide.
func (t *Table) heading(w io.Writer, title string, total int) {
	head := "── " + textwidth.Wrap(title, t.Width-4)[0] + " "
	fmt.Fprintln(w, head+strings.Repeat("─", max(min(total, t.Width)-textwidth.Width(head), 0)))
}

// renderColumns writes the table in columns of the widths fit chose.
func (t *Table) renderColumns(w io.Writer, widths []int, stacked bool) {
	total := 0
	for i := range t.Cols {
		total += t.gap(i, stacked) + widths[i]
	}
	margin := strings.Repeat(" ", t.gap(0, stacked))
	line := func(cells []string) string {
		var b strings.Builder
		for i, c := range cells {
			b.WriteString(strings.Repeat(" ", t.gap(i, stacked)))
			if t.Cols[i].Right {
				b.WriteString(textwidth.PadLeft(c, widths[i]))
			} else {
				b.WriteString(textwidth.PadRight(c, widths[i]))
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	if t.hasHeader() {
		header := make([]string, len(t.Cols))
		for i, c := range t.Cols {
			header[i] = textwidth.Fit(c.Name, widths[i])
		}
		if stacked {
			if t.Cols[0].Name != "" {
				fmt.Fprintln(w, margin+textwidth.Fit(t.Cols[0].Name, t.Width-len(margin)))
			}
			header[0] = ""
			total = t.Width
		}
		fmt.Fprintln(w, line(header))
		if !t.NoRule {
			fmt.Fprintln(w, strings.Repeat("─", min(total, t.Width)))
		}
	}
	for _, row := range t.Rows {
		switch {
		case row.rule:
			fmt.Fprintln(w, strings.Repeat("─", min(total, t.Width)))
			continue
		case row.Heading != "":
			t.heading(w, row.Heading, total)
			continue
		}
		// Wrapped cells take several lines; the first column's go on
		// indented under themselves.
		cellLines := make([][]string, len(row.Cells))
		height := 1
		for i, c := range row.Cells {
			cellLines[i] = []string{c}
			switch {
			case i == 0 && stacked:
				textwidth.Fprint(w, c, t.Width, margin, margin)
				cellLines[0] = nil
			case t.Cols[i].Wrap:
				hang := ""
				if i == 0 {
					hang = "  "
				}
				cellLines[i] = textwidth.WrapHang(c, widths[i], "", hang)
			case t.Cols[i].Cut:
				cellLines[i] = []string{textwidth.Fit(c, widths[i])}
			}
			height = max(height, len(cellLines[i]))
		}
		for k := range height {
			cells := make([]string, len(row.Cells))
			for i, ls := range cellLines {
				if k < len(ls) {
					cells[i] = ls[k]
				}
			}
			fmt.Fprintln(w, line(cells))
		}
		indent := margin + strings.Repeat(" ", UnderIndent)
		for _, c := range row.under {
			if c != "" {
				textwidth.Fprint(w, c, t.Width, indent, indent)
			}
		}
	}
}

// renderBlocks writes each row as a block: its first cell, then one
// "name: value" line for each other cell that is not empty, wrapped to
// t.Width.
func (t *Table) renderBlocks(w io.Writer) {
	margin := strings.Repeat(" ", t.gap(0, false))
	if t.Cols[0].Name != "" {
		textwidth.Fprint(w, t.Cols[0].Name, t.Width, margin, margin)
	}
	if t.hasHeader() && !t.NoRule {
		fmt.Fprintln(w, strings.Repeat("─", t.Width))
	}
	for _, row := range t.Rows {
		switch {
		case row.rule:
			fmt.Fprintln(w, strings.Repeat("─", t.Width))
			continue
		case row.Heading != "":
			t.heading(w, row.Heading, t.Width)
			continue
		}
		textwidth.Fprint(w, row.Cells[0], t.Width, margin, margin+"  ")
		type field struct {
			name, value string
			whole       bool
		}
		var fields []field
		for i, c := range row.Cells[1:] {
			col := t.Cols[i+1]
			switch {
			case c == "":
			case (col.Join || col.Name == "") && len(fields) > 0:
				fields[len(fields)-1].value += " " + c
			default:
				fields = append(fields, field{col.Name, c, col.Whole})
			}
		}
		for _, f := range fields {
			switch line := f.name + ": " + f.value; {
			case f.name == "":
				textwidth.Fprint(w, f.value, t.Width, margin+"  ", margin+"    ")
			case f.whole && textwidth.Width(margin+"  "+line) > t.Width:
				textwidth.Fprint(w, f.name+":", t.Width, margin+"  ", margin+"    ")
				textwidth.Fprint(w, f.value, t.Width, margin+"    ", margin+"    ")
			default:
				textwidth.Fprint(w, line, t.Width, margin+"  ", margin+"    ")
			}
		}
	}
}

// share gives the sharing columns the room left, avail columns: first
// each its least width (its Min, else MinShare, or its natural width when
// that is narrower), then what remains in equal shares, the narrowest
// natural width first, none beyond its natural width. fit has checked that
// avail holds the least widths.
func (t *Table) share(widths, sharing []int, avail int) {
	for _, i := range sharing {
		avail -= min(widths[i], t.minWidth(i))
	}
	order := slices.Clone(sharing)
	slices.SortFunc(order, func(a, b int) int { return widths[a] - widths[b] })
	for n, i := range order {
		floor := min(widths[i], t.minWidth(i))
		add := min(widths[i]-floor, max(avail, 0)/(len(order)-n))
		widths[i] = floor + add
		avail -= add
	}
}
