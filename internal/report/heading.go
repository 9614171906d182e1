package report

import (
	"iter"
	"unicode"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/latency-numbers/latency/internal/view"
)

// What every layout of a report or a comparison shares: the headings over
// the families of rows beyond the guide. The narrow layout itself, and its
// numbered notes, are package layout's.

// familyHeading is the heading above the rows of a family beyond the
// guide: "CPU (beyond the guide)".
func familyHeading(family string) string { return familyTitle(family) + " (beyond the guide)" }

// familyTitle names a family of extra rows in a heading.
func familyTitle(f string) string {
	switch f {
	case "cpu":
		return "CPU"
	case "compress":
		return "Compression and hashing"
	case "":
		return "Other"
	}
	r := []rune(f)
	return string(unicode.ToUpper(r[0])) + string(r[1:])
}

// headed yields each of rows with the heading that goes above it: its
// family's (familyHeading) above the first row of each run of a family
// beyond the guide, "" otherwise. family says a row's family and whether
// it is beyond the guide.
func headed[T any](rows []T, family func(T) (name string, beyond bool)) iter.Seq2[string, T] {
	return func(yield func(string, T) bool) {
		last, started := "", false
		for _, row := range rows {
			head := ""
			if f, beyond := family(row); beyond && (!started || f != last) {
				last, started, head = f, true, familyHeading(f)
			}
			if !yield(head, row) {
				return
			}
		}
	}
}

// lines yields the report's lines, the guide's rows first, then the rows
// beyond it, each with the heading that goes above it (see headed).
func (r *Report) lines() iter.Seq2[string, Line] {
	return func(yield func(string, Line) bool) {
		for _, l := range r.Rows {
			if !yield("", l) {
				return
			}
		}
		for head, l := range headed(r.Extra, func(l Line) (string, bool) { return l.Family, true }) {
			if !yield(head, l) {
				return
			}
		}
	}
}

// rows yields the comparison's rows, each with the heading that goes
// above it (see headed): a row without the guide's figure is beyond the
// guide.
func (c *Comparison) rows() iter.Seq2[string, CompareRow] {
	return headed(c.Rows, func(row CompareRow) (string, bool) { return row.Family, row.GuideNS == 0 })
}

// appendHeading writes a family's heading into a wide table (Text or
// Markdown) as a row of its own between separators.
func appendHeading(t table.Writer, head string, format view.Format) {
	if format == view.Markdown {
		head = "**" + head + "**"
	}
	t.AppendSeparator()
	t.AppendRow(table.Row{head})
	t.AppendSeparator()
}
