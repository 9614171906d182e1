package report

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
)

// WriteNarrow renders the comparison as text no wider than o.Width (see
// Report.WriteNarrow): the operation, the guide's figure, one column per
// run named A, B, C… (median ± the half-width of its interval, ! when
// unstable in that run), and B against A in short: the ratio where the
// difference is significant, ~ where it is not, ? where a run was unstable
// and ≠ where the two measured different things, those two with a
// numbered note giving the whole verdict. Comparing floors, each run's
// column is its floor and the verdict column's heading says so. The runs'
// names, their machines side by side and the warnings follow.
func (c *Comparison) WriteNarrow(w io.Writer, o Narrow) error {
	width := o.width()
	names := make([]string, len(c.Runs))
	for i := range c.Runs {
		names[i] = runName(i)
	}
	t := layout.Table{Width: width}
	t.Cols = []layout.Col{{Name: "Operation", Wrap: true}, {Name: "Guide", Right: true, Optional: true}}
	for _, n := range names {
		t.Cols = append(t.Cols, layout.Col{Name: n, Right: true})
	}
	vs := names[1] + " vs " + names[0]
	if c.Stat != Median {
		vs += ", " + c.Stat.plural()
	}
	t.Cols = append(t.Cols, layout.Col{Name: vs})
	if o.Notes {
		t.Cols = append(t.Cols, layout.Col{Name: "Note", Right: true})
	}
	var notes layout.Notes
	for head, row := range c.rows() {
		if head != "" {
			t.AddHeading(head)
		}
		cells := []string{row.Operation, units.Duration(row.GuideNS)}
		for _, l := range row.Lines {
			cells = append(cells, c.Stat.narrowFigure(l))
		}
		cells = append(cells, row.short())
		if o.Notes {
			ref := ""
			if row.Untrusted || row.Differs != "" || (!row.SameSource && !math.IsNaN(row.Ratio)) {
				ref = notes.Add(row.ID + ": " + row.Delta())
			}
			cells = append(cells, ref)
		}
		t.Add(cells...)
	}
	t.Render(w)

	fmt.Fprintln(w)
	legend := fmt.Sprintf("%s: the median of each run's samples ± the half-width of its 95%% confidence interval (n=N: too few samples for one), ! unstable in that run, c computed; %s vs %s: the ratio of the medians where the difference is significant (Mann-Whitney U, α=%g), ~ where it is not, ? not trustworthy (the row was unstable in a run), ≠ the runs measured different things.",
		strings.Join(names, ", "), names[1], names[0], Alpha)
	if c.Stat == Cycles {
		legend = fmt.Sprintf("%s: the median of each run's samples in CPU cycles (over that run's own clock period) ± the half-width of its 95%% confidence interval, – no cycle figure, ! unstable in that run, c computed; %s vs %s, cycles: the ratio of the medians in cycles where the difference is significant (Mann-Whitney U, α=%g), ~ where it is not, ? not trustworthy (the row was unstable in a run), ≠ the runs measured different things.",
			strings.Join(names, ", "), names[1], names[0], Alpha)
	}
	if c.Stat == Floor {
		legend = fmt.Sprintf("%s: the floor of each run's samples (their 10th percentile: the hardware with the neighbours quiet), ! unstable in that run, c computed; %s vs %s, floors: the ratio of the floors where it is beyond the row's precision limit (±%g %% or ±%g %%; a quantile has no interval here), ~ where it is within, ? not trustworthy (the row was unstable in a run), ≠ the runs measured different things.",
			strings.Join(names, ", "), names[1], names[0], rows.PrecisionOf("cpu").Limit, rows.PrecisionOf("storage").Limit)
	}
	textwidth.Fprint(w, legend, width, "", "  ")
	notes.Write(w, width)

	fmt.Fprintln(w)
	m := layout.Table{Width: width, Cols: []layout.Col{{Name: "Machine"}}}
	for _, n := range names {
		m.Cols = append(m.Cols, layout.Col{Name: n, Wrap: true})
	}
	add := func(key string, value func(r *Report) string) {
		cells, has := []string{key}, false
		for _, r := range c.Runs {
			v := value(r)
			has = has || v != ""
			cells = append(cells, v)
		}
		if has {
			m.Add(cells...)
		}
	}
	add("label", func(r *Report) string { return r.Label })
	add("file", func(r *Report) string { return r.File })
	for _, key := range machineFacts {
		add(key, func(r *Report) string { return factOf(facts(r), key) })
	}
	m.Render(w)
	if len(c.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, msg := range c.Warnings {
			textwidth.Fprint(w, "warning: "+msg, width, "", "  ")
		}
	}
	return nil
}

// runName names the i-th run of a comparison in the narrow layout: A, B, …
func runName(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprintf("R%d", i+1)
}

// narrowFigure is one run's figure in the narrow comparison: "1.37 ns
// ±51% !", "8.91 µs c", "290 ns n=3", "–"; comparing floors, the floor
// alone: "1.31 ns !".
func (st Stat) narrowFigure(l Line) string {
	var s string
	switch {
	case math.IsNaN(l.Measured), st == Cycles && math.IsNaN(l.Cycles):
		return "–"
	case l.Kind != rows.Measured:
		s = units.Duration(l.Measured) + " c"
	case st == Floor:
		s = units.Duration(l.Floor)
	case st == Cycles:
		s = strings.TrimSpace(cyclesFigure(l, false) + " " + plusMinus(l))
	default:
		s = units.Duration(l.Measured) + " " + plusMinus(l)
	}
	if l.Unstable {
		s += " !"
	}
	return s
}

// short is the comparison of the first two runs in a word or two (see
// WriteNarrow); Delta says it in full.
func (row CompareRow) short() string {
	switch {
	case math.IsNaN(row.Ratio):
		return ""
	case !row.SameSource || row.Differs != "":
		return cmpWords(row.Ratio) + " ≠"
	case math.IsNaN(row.P) && row.LimitPct == 0:
		return cmpWords(row.Ratio)
	case row.Untrusted:
		return cmpWords(row.Ratio) + "?"
	case !row.Significant:
		return "~"
	}
	return cmpWords(row.Ratio)
}
