// Package report builds the latency table from a results file: each row of
// the guide with its figure, the figure measured on this machine with its
// confidence interval, the ratio, and what was really measured.
package report

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// A Report is the table for one run.
type Report struct {
	Machine  []results.Fact `json:"-"`
	Rows     []Line         // the guide's rows, in its order
	Extra    []Line         // rows beyond the guide, grouped by family
	Warnings []string
}

// A Line is one row of the report. Figures are in nanoseconds; NaN means
// none (rendered as empty text or JSON null).
type Line struct {
	ID        string
	Operation string
	Family    string
	GuideNS   float64 // 0 for extra rows
	Measured  float64
	Lo, Hi    float64 // 95% confidence interval of the median
	Samples   int
	Cycles    float64 // Measured in CPU cycles, NaN when not applicable
	Kind      rows.Kind
	Note      string
	Bench     string // the benchmark the figure came from
	Unit      string
}

// Ratio returns measured/guide, or NaN.
func (l Line) Ratio() float64 {
	if l.GuideNS <= 0 || math.IsNaN(l.Measured) {
		return math.NaN()
	}
	return l.Measured / l.GuideNS
}

// Build makes the report of run using table (normally rows.Table).
func Build(run *results.Run, table []rows.Row) *Report {
	rep := &Report{Machine: run.Facts}
	ctx := context{run}
	nsPerCycle := clockPeriod(run)
	for _, row := range table {
		l := build(ctx, row)
		if row.Cycles && nsPerCycle > 0 && !math.IsNaN(l.Measured) {
			l.Cycles = l.Measured / nsPerCycle
		}
		if row.GuideNS > 0 {
			rep.Rows = append(rep.Rows, l)
		} else {
			rep.Extra = append(rep.Extra, l)
		}
	}
	rep.Warnings = append(rep.Warnings, run.Warnings...)
	for name, msg := range run.Fails {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%s: benchmark %s failed: %s", run.File, name, msg))
	}
	return rep
}

func build(ctx context, row rows.Row) Line {
	l := Line{ID: row.ID, Operation: row.Operation, Family: row.Family, GuideNS: row.GuideNS,
		Measured: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Cycles: math.NaN(), Kind: rows.NotMeasured}
	for _, src := range row.Sources {
		if src.When != nil && !src.When(ctx) {
			continue
		}
		b := ctx.run.Find(src.Bench)
		if b == nil {
			continue
		}
		s, ok := b.Summary(src.Unit)
		if !ok {
			continue
		}
		l.Measured, l.Lo, l.Hi, l.Samples = s.Center, s.Lo, s.Hi, s.N
		l.Kind = rows.Measured
		if src.Kind != "" {
			l.Kind = src.Kind
		}
		l.Note = expand(src.Note, ctx.run, b)
		l.Bench, l.Unit = "Benchmark"+b.Name, src.Unit
		return l
	}
	if row.Compute != nil {
		if ns, note, ok := row.Compute(ctx); ok {
			l.Measured, l.Kind, l.Note = ns, rows.Computed, note
			return l
		}
	}
	l.Note = missing(ctx.run, row)
	return l
}

// missing explains why a row has no figure: the skip reason or failure of
// one of its benchmarks, else the row's own explanation.
func missing(run *results.Run, row rows.Row) string {
	for _, src := range row.Sources {
		for _, m := range []map[string]string{run.Skips, run.Fails} {
			for name := src.Bench; name != ""; name = parent(name) {
				if why, ok := m[results.SkipKey(name)]; ok {
					return why
				}
			}
		}
	}
	if row.Missing != "" {
		return row.Missing
	}
	if len(row.Sources) == 0 {
		return "no benchmark for this row yet"
	}
	return "Benchmark" + row.Sources[len(row.Sources)-1].Bench + " is not in this results file"
}

func parent(name string) string {
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		return name[:i]
	}
	return ""
}

var placeholder = regexp.MustCompile(`\{([A-Za-z0-9_./-]+)\}`)

// expand replaces {key} in a note by a name part of b, a machine fact, or
// the median of one of b's metrics, in that order; unknown keys become "?".
func expand(note string, run *results.Run, b *results.Bench) string {
	return placeholder.ReplaceAllStringFunc(note, func(m string) string {
		key := m[1 : len(m)-1]
		for _, part := range strings.Split(b.Name, "/") {
			if k, v, ok := strings.Cut(part, "="); ok && k == key {
				return v
			}
		}
		if v := run.Fact(key); v != "" {
			return v
		}
		if s, ok := b.Summary(key); ok {
			return trimFloat(s.Center)
		}
		return "?"
	})
}

func trimFloat(f float64) string {
	switch {
	case f == math.Trunc(f):
		return fmt.Sprintf("%.0f", f)
	case math.Abs(f) >= 10:
		return fmt.Sprintf("%.1f", f)
	}
	return fmt.Sprintf("%.3g", f)
}

// clockPeriod returns ns per CPU cycle from the Clock benchmark, else from
// the runner's clock estimate fact, else 0.
func clockPeriod(run *results.Run) float64 {
	if b := run.Find("Clock"); b != nil {
		if s, ok := b.Summary("ns/cycle"); ok && s.Center > 0 {
			return s.Center
		}
	}
	var ghz float64
	if _, err := fmt.Sscanf(run.Fact("cpu-clock-ghz"), "%g", &ghz); err == nil && ghz > 0 {
		return 1 / ghz
	}
	return 0
}

// context gives row hooks access to the run.
type context struct{ run *results.Run }

func (c context) Fact(key string) string { return c.run.Fact(key) }

func (c context) Value(bench, unit string) (float64, bool) {
	b := c.run.Find(bench)
	if b == nil {
		return 0, false
	}
	s, ok := b.Summary(unit)
	return s.Center, ok
}
