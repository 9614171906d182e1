package estimate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/latency-numbers/latency/internal/card"
	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
)

// Where a figure comes from.
const (
	FromMeasured = "measured"
	FromComputed = "computed"
	FromGuide    = "guide" // the run has none: the guide's 2012 figure
)

// A Figure is the time of one operation of a row, as estimates use it.
type Figure struct {
	ID, Operation string
	NS            float64 // NaN when the row has no figure at all
	From          string  // FromMeasured, FromComputed or FromGuide
	Unstable      bool    // the run judged the measured figure unstable
	Bytes         float64 // bytes one operation handles (rows.WorkOf), 0 when not about bytes
	Missing       string  // why the run has no figure for the row
}

// Mark is what follows the figure in the working: "!" when unstable,
// "(guide)" or "(computed)" when not measured.
func (f Figure) Mark() string {
	switch {
	case f.From == FromGuide:
		return "(guide)"
	case f.From == FromComputed:
		return "(computed)"
	case f.Unstable:
		return "!"
	}
	return ""
}

// Figures are one run's figures, by row id.
type Figures struct {
	File    string // the results file
	Machine string // the machine and date: "AMD EPYC · 2 CPUs · VM (KVM) · 2026-11-30"
	CPUs    int    // logical CPUs, for rates per machine; 0 when unknown
	byID    map[string]Figure
	ids     []string // in the report's order
}

// FromReport takes the figures of a report: the measured or computed
// figure of each row, else the guide's.
func FromReport(rep *report.Report) *Figures {
	f := &Figures{File: rep.File, Machine: card.Header(rep.Machine), byID: map[string]Figure{}}
	for _, fact := range rep.Machine {
		if fact.Key == "cpu-logical" {
			f.CPUs, _ = strconv.Atoi(fact.Value)
		}
	}
	for _, l := range append(slices.Clip(rep.Rows), rep.Extra...) {
		fig := Figure{ID: l.ID, Operation: l.Operation, NS: math.NaN(), Unstable: l.Unstable}
		if w, ok := rows.WorkOf(l.ID); ok {
			fig.Bytes = w.Bytes
		}
		switch {
		case l.Kind == rows.Measured && l.Measured > 0:
			fig.NS, fig.From = l.Measured, FromMeasured
		case l.Kind == rows.Computed && l.Measured > 0:
			fig.NS, fig.From = l.Measured, FromComputed
		case l.GuideNS > 0:
			fig.NS, fig.From, fig.Missing = l.GuideNS, FromGuide, l.Note
		default:
			fig.Missing = l.Note
		}
		f.byID[l.ID] = fig
		f.ids = append(f.ids, l.ID)
	}
	return f
}

// IDs returns the row ids, in the report's order.
func (f *Figures) IDs() []string { return slices.Clone(f.ids) }

// A Step is one line of the working: a count of one row's operation.
type Step struct {
	Count  float64
	How    string // where a size's count came from: "10 GiB ÷ 1 MiB"
	Figure Figure
	NS     float64 // Count × Figure.NS
	Times  float64 // how many times the question counts the item (1 unless a count or a group's says more)
}

// An Answer is a question answered with a run's figures.
type Answer struct {
	Question *Question
	Figures  *Figures
	Steps    []Step
	TotalNS  float64 // the sum of the steps
	// PerCore and PerMachine answer a QPS question: sums per second, one
	// at a time on one core, and on every CPU of the machine (0 when the
	// number of CPUs is unknown).
	PerCore, PerMachine float64
	// Fit answers a Budget question: how many sums fit in the budget, one
	// after another.
	Fit float64
}

// An UnknownError is a row id the run's table does not have.
type UnknownError struct {
	Question string
	Pos      int // in runes from 0
	ID       string
	Suggest  []string // the nearest row ids
	IDs      []string // every row id
}

func (e *UnknownError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, column %d: unknown row %s", excerpt(e.Question, e.Pos), e.Pos+1, excerpt(e.ID, 0))
	if len(e.Suggest) > 0 {
		fmt.Fprintf(&b, "; did you mean %s?", orList(e.Suggest))
	}
	b.WriteString("\nrow ids:")
	list(&b, e.IDs, ",")
	var ph []string
	for _, p := range phrases {
		if !p.alias {
			ph = append(ph, p.verb+" SIZE "+p.rest)
		}
	}
	b.WriteString("\nor phrases:")
	list(&b, ph, ";")
	return b.String()
}

// list writes items joined by sep, in indented lines of at most 100
// columns.
func list(b *strings.Builder, items []string, sep string) {
	const cols, indent = 100, "  "
	col := cols
	for i, it := range items {
		if i < len(items)-1 {
			it += sep
		}
		if col+1+textwidth.Width(it) > cols {
			b.WriteString("\n" + indent + it)
			col = len(indent) + textwidth.Width(it)
			continue
		}
		b.WriteString(" " + it)
		col += 1 + textwidth.Width(it)
	}
}

// Answer answers a question with the figures.
func (f *Figures) Answer(q *Question) (*Answer, error) {
	a := &Answer{Question: q, Figures: f}
	if err := f.steps(q, q.Sum, 1, a); err != nil {
		return nil, err
	}
	for _, s := range a.Steps {
		a.TotalNS += s.NS
	}
	if !finite(a.TotalNS) {
		return nil, fmt.Errorf("%s: the total is too large to compute with (more than %.2g ns)", excerpt(q.Text, 0), math.MaxFloat64)
	}
	switch q.Mode {
	case QPS:
		a.PerCore = 1e9 / a.TotalNS
		a.PerMachine = a.PerCore * float64(f.CPUs)
		if !finite(a.PerCore) || !finite(a.PerMachine) {
			return nil, fmt.Errorf("%s: %s per request is too short to compute a rate from", excerpt(q.Text, 0), units.Duration(a.TotalNS))
		}
	case Budget:
		a.Fit = math.Floor(q.BudgetNS / a.TotalNS)
		if !finite(a.Fit) {
			return nil, fmt.Errorf("%s: %s each is too short to compute how many fit in %s", excerpt(q.Text, 0), units.Duration(a.TotalNS), units.Duration(q.BudgetNS))
		}
	}
	return a, nil
}

// finite reports whether f is a number, neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// steps adds the steps of terms, each counted mult times more.
func (f *Figures) steps(q *Question, terms []Term, mult float64, a *Answer) error {
	for _, t := range terms {
		if t.Group != nil {
			if err := f.steps(q, t.Group, mult*t.Count, a); err != nil {
				return err
			}
			continue
		}
		fig, ok := f.byID[t.ID]
		if !ok {
			return &UnknownError{Question: q.Text, Pos: t.Pos, ID: t.ID, Suggest: suggest(t.ID, f.ids), IDs: f.ids}
		}
		if math.IsNaN(fig.NS) {
			why := fig.Missing
			if why == "" {
				why = "no figure"
			}
			return fmt.Errorf("%s, column %d: %s has no figure in %s (%s) and the guide has none", excerpt(q.Text, t.Pos), t.Pos+1, t.ID, f.File, why)
		}
		ops, how := t.Ops, t.How
		if t.Bytes > 0 {
			if fig.Bytes == 0 {
				return fmt.Errorf("%s, column %d: %s is not about bytes: count its operations (N * %s)", excerpt(q.Text, t.Pos), t.Pos+1, t.ID, t.ID)
			}
			ops = t.Bytes / fig.Bytes
			how = t.How + " ÷ " + units.Bytes(fig.Bytes, 3)
		}
		count := mult * t.Count * ops
		if !finite(count) || !finite(count*fig.NS) {
			return fmt.Errorf("%s, column %d: so many %s is too large to compute with (over %.2g ns)", excerpt(q.Text, t.Pos), t.Pos+1, t.ID, math.MaxFloat64)
		}
		a.Steps = append(a.Steps, Step{Count: count, How: how, Figure: fig, NS: count * fig.NS, Times: mult * t.Count})
	}
	return nil
}

// Count formats a count: "10,240", "1,000,000", "2.5", "1.2e+15",
// "1e-06".
func Count(c float64) string {
	switch {
	case c >= 1e15 || c > 0 && c < 1e-3:
		return strconv.FormatFloat(c, 'g', 3, 64)
	case c == math.Trunc(c):
		return humanize.Commaf(c)
	case c >= 100:
		return humanize.Commaf(math.Round(c))
	}
	return strconv.FormatFloat(units.RoundSig(c, 3), 'f', -1, 64)
}

// Write writes the answer with its working, no line wider than width
// columns (0: report.DefaultWidth; less than report.MinWidth:
// report.MinWidth): a line per step (count × row, count × figure = time),
// the total, the rate or the number that fits, then every figure used,
// where it came from, and the run.
//
// Note: the steps and the figures stay in aligned columns while they fit
// (layout.Table); otherwise how a count came to be and what a figure is go
// under their rows, and when even that is too wide, each is a block, its
// row above its figure. Prose wraps with a hanging indent.
func (a *Answer) Write(w io.Writer, width int) error {
	if width <= 0 {
		width = report.DefaultWidth
	}
	width = max(width, report.MinWidth)
	textwidth.Fprint(w, a.Question.Text, width, "", "  ")
	fmt.Fprintln(w)
	a.writeSteps(w, width)
	total := units.Duration(a.TotalNS)
	if a.TotalNS >= 100e9 {
		total += " (" + units.Span(a.TotalNS/1e9) + ")"
	}
	result := func(format string, args ...any) {
		textwidth.Fprint(w, fmt.Sprintf(format, args...), width, "  ", "    ")
	}
	switch a.Question.Mode {
	case Total:
		result("= %s", total)
	case QPS:
		result("= %s per request", total)
		result("→ %s requests/s per core (1 s ÷ %s: one request at a time, each step waiting for the last)", Count(units.RoundSig(a.PerCore, 3)), total)
		if a.PerMachine > 0 {
			result("→ %s requests/s per machine (× %d CPUs, if each serves its own requests and no device they share is saturated)", Count(units.RoundSig(a.PerMachine, 3)), a.Figures.CPUs)
		}
	case Budget:
		result("= %s each", total)
		result("→ %s fit in %s, one after another (%s ÷ %s)", Count(a.Fit), units.Duration(a.Question.BudgetNS), units.Duration(a.Question.BudgetNS), total)
	}

	fmt.Fprintln(w)
	textwidth.Fprint(w, fmt.Sprintf("Figures used, from %s (%s):", a.Figures.File, a.Figures.Machine), width, "", "  ")
	seen := map[string]bool{}
	var used []Figure
	for _, s := range a.Steps {
		if !seen[s.Figure.ID] {
			seen[s.Figure.ID] = true
			used = append(used, s.Figure)
		}
	}
	t := layout.Table{Width: width, Cols: []layout.Col{{Gap: 2}, {Right: true}, {Wrap: true, Min: minProse, Under: true}}}
	for _, f := range used {
		from := f.From
		switch {
		case f.From == FromGuide:
			from = "the guide's 2012 figure: this run has none"
		case f.Unstable:
			from += ", unstable in this run (!)"
		}
		t.Add(f.ID, units.Duration(f.NS), f.Operation+": "+from)
	}
	t.Render(w)
	return nil
}

// minProse is the least room, in columns, beside aligned columns for the
// words after them: with less, the words go under them.
const minProse = 24

// writeSteps writes a line per step: "+ count × row   count × figure =
// time  (how)", in columns, within width (layout.Table): how a count came
// to be goes under its step when it does not fit beside it; when even the
// step does not fit, each step is a block, the figure and the time under
// the row.
func (a *Answer) writeSteps(w io.Writer, width int) {
	t := layout.Table{Width: width, Cols: []layout.Col{{Gap: 2}, {Gap: 3}, {Gap: 1}, {Right: true, Gap: 1}, {Under: true}}}
	for i, s := range a.Steps {
		fig := units.Duration(s.Figure.NS)
		if m := s.Figure.Mark(); m != "" {
			fig += " " + m
		}
		how := ""
		if s.How != "" {
			how = "(" + s.How + ")"
		}
		if s.Times != 1 && s.How != "" {
			how = "(" + Count(s.Times) + " × " + s.How + ")"
		}
		op := "+ "
		if i == 0 {
			op = "  "
		}
		t.Add(op+Count(s.Count)+" × "+s.Figure.ID, Count(s.Count)+" × "+fig, "=", units.Duration(s.NS), how)
	}
	t.Render(w)
}
