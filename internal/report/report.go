// Package report builds the latency table from a results file: each row of
// the guide with the guide's 2012 figure, Colin Scott's model of it for the
// year of the run (package scott), the figure measured on this machine with
// its 95% confidence interval, the figure in CPU cycles, the ratio to the
// guide in words, how the figure was obtained, and what was really measured.
// The rows beyond the guide follow, grouped by family.
//
// Compare sets the reports of several runs side by side, one column per
// machine, and tests the difference between the first two as benchstat does;
// CompareStat(Floor, ...) compares their floors, the 10th percentiles,
// against the rows' precision limits instead.
//
// Write renders either as an aligned text table, Markdown that pastes into a
// README, CSV with plain numbers (ns) for spreadsheets, or JSON.
package report

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/scott"
	"github.com/latency-numbers/latency/internal/units"
)

// A Report is the table for one run.
type Report struct {
	File, Label string
	Machine     []fact.Fact
	Year        int    // the year Scott's model is evaluated for
	Rows        []Line // the guide's rows, in its order
	Extra       []Line // rows beyond the guide, grouped by family
	Warnings    []string

	// HumanScale adds a column scaling every figure so that an L1 cache
	// reference takes one second.
	HumanScale bool
	// HumanBaseNS is the L1 reference that becomes one second: the measured
	// one, else the guide's.
	HumanBaseNS float64
	humanBase   string // where HumanBaseNS came from, in words

	// Series are the run's measurements that the charts draw point by
	// point (the memory curve, the matrices, the curves under load), so
	// that a view takes the report alone.
	Series Series

	noise runNoise // the noise monitor's record over the whole run
}

// A Line is one row of the report. Figures are in nanoseconds; NaN means
// none (rendered as empty text or JSON null).
type Line struct {
	ID        string
	Operation string
	Family    string
	GuideNS   float64 // 0 for extra rows
	ScottNS   float64 // Scott's model for Report.Year; NaN where it has no such row
	Measured  float64
	Lo, Hi    float64 // 95% confidence interval of the median; NaN with too few samples
	// Floor is the 10th percentile of the samples (results.Summary.Floor):
	// what the hardware does while the neighbours are quiet. NaN unless the
	// figure is measured.
	Floor      float64
	Samples    int
	Values     []float64 // the samples behind Measured, for comparisons
	Cycles     float64   // Measured in CPU cycles, NaN when not applicable
	Kind       rows.Kind
	ComputedAs string // what a computed figure is (rows.Row.ComputedAs)
	Note       string
	Bench      string // the benchmark the figure came from
	Source     string // the row's source it answered (rows.Source.Bench)
	Unit       string
	// Statistic says what a measured figure is: "median of samples; each
	// sample the mean over a timed loop", or, for a unit that is a
	// percentile of single operations (p50-ns), "... the median of single
	// operations". "" unless measured.
	Statistic string
	// Workload is what defines the workload measured: the key=value parts
	// of the benchmark's name ("level=L3", "size=4MiB"), and for a file
	// whose names predate their size= part, size= from the source's Size
	// fact. Two figures with different workloads measured different things.
	Workload []string

	// The stability verdict of a measured row (see judge): the spread of
	// its samples across the run's rounds, (max−min)/median in percent (NaN
	// with fewer than two); whether it is unstable; and what the noise
	// monitor saw or why it is unstable, none when nothing was seen
	// (printed as Why.String()).
	SpreadPct float64
	Unstable  bool
	Why       Reasons

	// How an adaptive run's sampling of the row ended: the reason word of
	// its stop- line (results.StopPrecise, StopCap, StopBudget), "" when
	// the file does not say (files made before adaptive sampling).
	Stop string
	// TargetPct is the half-width of the 95 % interval, in per cent of the
	// median, that an adaptive run sampled the row to reach (its family's
	// rows.Precision.Target; 0 in other runs); LimitPct is the half-width
	// beyond which the verdict calls it unstable (the family's Limit, or
	// WidthLimit for files made before adaptive sampling). Both 0 unless
	// measured.
	TargetPct, LimitPct float64

	// Throughput is the rate the figure was measured at or implies, and
	// the time for 1 MiB and 1 GiB of the same work.
	Throughput Throughput
}

// Fact returns the value of the machine's fact key, "" when the run does
// not have it.
func (r *Report) Fact(key string) string { return factOf(r.Machine, key) }

// Ratio returns measured/guide, or NaN.
func (l Line) Ratio() float64 {
	if l.GuideNS <= 0 || math.IsNaN(l.Measured) {
		return math.NaN()
	}
	return l.Measured / l.GuideNS
}

// VsGuide says how the figure compares with the guide's: "3.2× faster"
// for a measured figure; for a computed one, what it is ("physics floor"),
// since a figure computed from physics is neither faster nor slower than a
// measured one, also on the rows beyond the guide.
func (l Line) VsGuide() string {
	if l.Kind == rows.Computed && !math.IsNaN(l.Measured) {
		if l.ComputedAs != "" {
			return l.ComputedAs
		}
		return "computed"
	}
	return RatioWords(l.Ratio())
}

// MinSamples is the fewest samples for which benchmath gives a 95%
// confidence interval of the median (with 5, the widest interval it can
// form covers only 94%).
const MinSamples = 6

// Build makes the report of run using table (normally rows.Table).
func Build(run *results.Run, table []rows.Row) *Report {
	rep := &Report{File: clean(run.File), Label: clean(run.Label), Machine: cleanFacts(run.Facts), Series: series(run)}
	rep.Year, rep.Warnings = year(run.Fact(fact.Date), run.File)
	rep.noise = readNoise(run)
	ctx := runContext{run}
	nsPerCycle := clockPeriod(run)
	for _, row := range table {
		l := build(ctx, row)
		l.Throughput = throughput(ctx, l)
		if row.Cycles && nsPerCycle > 0 && !math.IsNaN(l.Measured) {
			l.Cycles = l.Measured / nsPerCycle
		}
		l.ScottNS = math.NaN()
		if ns, ok := scott.NS(row.Scott, rep.Year); ok {
			l.ScottNS = ns
		}
		if row.GuideNS > 0 {
			rep.Rows = append(rep.Rows, l)
		} else {
			rep.Extra = append(rep.Extra, l)
		}
	}
	// Group the extra rows by family, families in order of first appearance.
	first := map[string]int{}
	for i, l := range rep.Extra {
		if _, ok := first[l.Family]; !ok {
			first[l.Family] = i
		}
	}
	slices.SortStableFunc(rep.Extra, func(a, b Line) int { return cmp.Compare(first[a.Family], first[b.Family]) })

	rep.HumanBaseNS, rep.humanBase = 0.5, "the guide's L1 reference, 0.5 ns"
	for _, l := range rep.Rows {
		if l.ID == "l1_cache_reference" && l.Kind == rows.Measured && l.Measured > 0 {
			rep.HumanBaseNS, rep.humanBase = l.Measured, "the measured L1 reference, "+units.Duration(l.Measured)
		}
	}

	for _, w := range run.Warnings {
		rep.Warnings = append(rep.Warnings, clean(w))
	}
	for _, name := range sortedKeys(run.Fails) {
		rep.Warnings = append(rep.Warnings, clean(fmt.Sprintf("%s: benchmark %s failed: %s", run.File, name, run.Fails[name])))
	}
	if n := len(rep.Warnings); n > maxWarnings {
		rep.Warnings = append(rep.Warnings[:maxWarnings], fmt.Sprintf("%s: %d more warnings not shown", rep.File, n-maxWarnings))
	}
	return rep
}

// maxWarnings bounds the warnings of a report: a file of a hundred thousand
// broken lines deserves a few examples, not a hundred thousand.
const maxWarnings = 20

// FromFile returns how many rows have a figure taken from a benchmark of
// the file; rows computed without one (the WAN's physics floor) don't
// count. Zero means the file answered nothing.
func (r *Report) FromFile() int {
	n := 0
	for _, l := range append(slices.Clip(r.Rows), r.Extra...) {
		if l.Bench != "" && !math.IsNaN(l.Measured) {
			n++
		}
	}
	return n
}

// year returns the year of a run from its "date" fact (RFC 3339, as the
// runner writes it), else the current year with a warning when the fact is
// there but unusable: not a time, before the PC (1982, where Scott's model
// starts), or in the future.
//
// Note: a run cannot be dated after the moment it is read; two days of
// slack allow for a clock set wrong by a time zone. Scott's trends
// extrapolated to a far-future year give absurd figures (2.57e-15 ns for an
// L1 reference in 2200), so such a date is treated as unusable, as 1970 is.
func year(date, file string) (int, []string) {
	now := time.Now()
	if date == "" {
		return now.Year(), nil
	}
	t, err := time.Parse(time.RFC3339, date)
	switch {
	case err != nil || t.Year() < 1982:
		return now.Year(), []string{clean(fmt.Sprintf("%s: date %q is not a plausible RFC 3339 time; Scott's model uses %d", file, date, now.Year()))}
	case t.After(now.Add(48 * time.Hour)):
		return now.Year(), []string{clean(fmt.Sprintf("%s: date %q is in the future; Scott's model uses %d", file, date, now.Year()))}
	}
	return t.Year(), nil
}

func build(ctx runContext, row rows.Row) Line {
	l := Line{ID: row.ID, Operation: row.Operation, Family: row.Family, GuideNS: row.GuideNS,
		Measured: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Floor: math.NaN(), Cycles: math.NaN(), Kind: rows.NotMeasured,
		SpreadPct: math.NaN()}
	for _, src := range row.Sources {
		if !src.Applies(ctx) {
			continue
		}
		b, pairs := ctx.run.Find(src.Bench), 0
		if src.Matrix {
			b, pairs = medianPair(ctx.run, src)
		}
		if b == nil {
			continue
		}
		s, ok := b.Summary(src.Unit)
		if !ok {
			continue
		}
		if src.Matrix {
			src.Note = strings.ReplaceAll(src.Note, "{pairs}", strconv.Itoa(pairs))
		}
		l.Measured, l.Lo, l.Hi, l.Samples = s.Center, s.Lo, s.Hi, s.N
		l.Values = b.Values[src.Unit]
		l.Kind = rows.Measured
		if src.Kind != "" {
			l.Kind = src.Kind
		}
		cycles := math.NaN()
		if per := clockPeriod(ctx.run); row.Cycles && per > 0 {
			cycles = s.Center / per
		}
		l.Note = clean(expand(src.Note, ctx.run, b, cycles))
		l.Bench, l.Source, l.Unit = "Benchmark"+b.Name, src.Bench, src.Unit
		if l.Kind == rows.Measured {
			l.Floor, l.Statistic = s.Floor, statistic(src.Unit, b)
			l.TargetPct, l.LimitPct = 0, WidthLimit
			if ctx.run.Adaptive() {
				p := rows.PrecisionOf(l.Family)
				l.TargetPct, l.LimitPct = p.Target, p.Limit
			}
			l.judge(ctx.run, b)
			l.Stop, _ = ctx.run.StopReason(b.Name)
			l.Stop = clean(l.Stop)
			if why := stopped(l); why != "" {
				l.Note = strings.TrimPrefix(l.Note+"; "+why, "; ")
			}
		}
		l.Workload = workload(b.Name, src, ctx.run)
		if l.Kind == rows.NotMeasured {
			// A source may explain a row with a related figure in its note
			// (a disk seek row on a machine with no disk); the figure itself
			// must not show as the row's.
			l.Measured, l.Lo, l.Hi, l.Samples, l.Values = math.NaN(), math.NaN(), math.NaN(), 0, nil
		}
		return l
	}
	if row.Compute != nil {
		if ns, note, ok := row.Compute(ctx); ok && !math.IsNaN(ns) && !math.IsInf(ns, 0) {
			l.Measured, l.Kind, l.Note, l.ComputedAs = ns, rows.Computed, clean(note), row.ComputedAs
			return l
		}
	}
	l.Note = clean(missing(ctx.run, row))
	return l
}

// medianPair returns the median pair of the node × node matrix src names
// (rows.Source.Matrix) by src.Unit, and how many pairs it is the median of:
// the same-zone pairs, else those of unknown zones. With an even count
// it is the faster of the middle two, a pair really measured.
func medianPair(run *results.Run, src rows.Source) (*results.Bench, int) {
	for _, zone := range []string{"same", "unknown"} {
		type pair struct {
			b *results.Bench
			v float64
		}
		var ps []pair
		for _, b := range run.Benches {
			if !strings.HasPrefix(b.Name, src.Bench+"/") {
				continue
			}
			z, _ := namePart(b.Name, "zone")
			s, ok := b.Summary(src.Unit)
			if z != zone || !ok {
				continue
			}
			ps = append(ps, pair{b, s.Center})
		}
		if len(ps) == 0 {
			continue
		}
		slices.SortStableFunc(ps, func(a, b pair) int { return cmp.Compare(a.v, b.v) })
		return ps[(len(ps)-1)/2].b, len(ps)
	}
	return nil, 0
}

// statistic says what a measured figure in unit is (see Line.Statistic).
//
// A benchmark that also reports the unit's mean ("mean-ns/op" beside
// "ns/op") timed its loop batch by batch and reports the median batch: a
// sample robust to bursts (timing.Batches, the pointer chases).
func statistic(unit string, b *results.Bench) string {
	const median = "median of samples; each sample the "
	if q := percentile(unit); q != "" {
		return median + q + " of single operations"
	}
	if _, ok := b.Values["mean-"+unit]; ok {
		return median + "median of timed batches of operations (their mean: mean-" + unit + ")"
	}
	return median + "mean over a timed loop"
}

// percentileUnit matches a unit that is a percentile of single operations'
// times: p50-ns, p99-ns, p999-ns.
var percentileUnit = regexp.MustCompile(`^p([0-9]+)-ns$`)

// percentile names the percentile a unit is ("median", "99th percentile",
// "99.9th percentile"), or "" when it is none.
func percentile(unit string) string {
	head, _, _ := strings.Cut(unit, "/")
	m := percentileUnit.FindStringSubmatch(head)
	switch {
	case m == nil:
		return ""
	case m[1] == "50":
		return "median"
	case len(m[1]) > 2:
		return m[1][:2] + "." + m[1][2:] + "th percentile"
	}
	return m[1] + "th percentile"
}

// stopped says how an adaptive run's sampling of a measured line ended
// when it was not by meeting the target: "sampling stopped at the cap (40
// samples), ±4.2 %"; "" otherwise.
func stopped(l Line) string {
	var s string
	switch l.Stop {
	case results.StopCap:
		s = fmt.Sprintf("sampling stopped at the cap (%d samples)", l.Samples)
	case results.StopBudget:
		s = "sampling stopped when the budget ended"
	default:
		return ""
	}
	if math.IsNaN(l.Lo) || math.IsNaN(l.Hi) {
		return s + fmt.Sprintf(", n=%d: too few samples for an interval", l.Samples)
	}
	return s + ", ±" + pct(halfWidth(l)) + " %"
}

// pct formats a percentage: one decimal below 10, whole per cent above.
func pct(p float64) string {
	if p < 10 {
		return fmt.Sprintf("%.1f", p)
	}
	return fmt.Sprintf("%.0f", p)
}

// workload lists what defines the workload of a result of benchmark name
// answering src (see Line.Workload).
func workload(name string, src rows.Source, run *results.Run) []string {
	var w []string
	sized := false
	for _, part := range strings.Split(name, "/") {
		if k, _, ok := strings.Cut(part, "="); ok {
			w = append(w, clean(part))
			sized = sized || k == "size"
		}
	}
	if v := run.Fact(src.Size); !sized && src.Size != "" && v != "" {
		w = append(w, "size="+clean(v))
	}
	return w
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
	for _, src := range row.Sources {
		if b := run.Find(src.Bench); b != nil && len(b.Values[src.Unit]) == 0 {
			return fmt.Sprintf("Benchmark%s has no usable %s figure (see the warnings)", b.Name, src.Unit)
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

var (
	placeholder = regexp.MustCompile(`\{([A-Za-z0-9_./|-]+)\}`)
	optional    = regexp.MustCompile(`\[\[(.*?)\]\]`)
)

// expand replaces {key} in a note by a name part of b, a machine fact, or
// the median of one of b's metrics, in that order, and {cycles} by the
// row's figure in CPU cycles (NaN: unknown); {a|b} by a's value, else b's;
// unknown keys become "?". Text in [[double brackets]] is kept only when
// every key in it is known (a metric older files do not have).
func expand(note string, run *results.Run, b *results.Bench, cycles float64) string {
	known := true
	value := func(m string) string {
		for _, key := range strings.Split(m[1:len(m)-1], "|") {
			if key == "cycles" && !math.IsNaN(cycles) {
				return fmt.Sprintf("%.3g", cycles) // as the Cycles column
			}
			if v, ok := namePart(b.Name, key); ok {
				return v
			}
			if v := run.Fact(key); v != "" {
				return v
			}
			if s, ok := b.Summary(key); ok {
				return trimFloat(s.Center)
			}
		}
		known = false
		return "?"
	}
	note = optional.ReplaceAllStringFunc(note, func(m string) string {
		known = true
		if s := placeholder.ReplaceAllStringFunc(m[2:len(m)-2], value); known {
			return s
		}
		return ""
	})
	return placeholder.ReplaceAllStringFunc(note, value)
}

// namePart returns the value of the key=value part of a benchmark name.
func namePart(name, key string) (string, bool) {
	for _, part := range strings.Split(name, "/") {
		if k, v, ok := strings.Cut(part, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
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
	if b := run.Find(rows.Clock.Bench); b != nil {
		if s, ok := b.Summary(rows.Clock.Unit); ok && s.Center > 0 {
			return s.Center
		}
	}
	var ghz float64
	if _, err := fmt.Sscanf(run.Fact(fact.CPUClockGHz), "%g", &ghz); err == nil && ghz > 0 && !math.IsInf(ghz, 0) {
		return 1 / ghz
	}
	return 0
}

// maxText bounds a note, fact or warning taken from a file.
const maxText = 300

// clean makes text from a file safe to print: control characters (a
// terminal's escape sequences, carriage returns) become spaces or U+FFFD and
// overly long text is cut.
//
// Note: the reader already drops lines that are not UTF-8 or longer than
// 1 MiB; a 1 MiB skip reason would still swamp the table.
func clean(s string) string {
	if utf8.RuneCountInString(s) > maxText {
		s = string([]rune(s)[:maxText]) + "…"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), r == utf8.RuneError:
			return '\uFFFD'
		}
		return r
	}, s)
}

func cleanFacts(facts []fact.Fact) []fact.Fact {
	out := make([]fact.Fact, len(facts))
	for i, f := range facts {
		out[i] = fact.Fact{Key: clean(f.Key), Value: strings.TrimSpace(clean(f.Value))}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// A runContext is the rows.Context of one run: the facts and result
// summaries that row hooks may consult.
type runContext struct{ run *results.Run }

func (c runContext) Fact(key string) string { return c.run.Fact(key) }

func (c runContext) Value(bench, unit string) (float64, bool) {
	b := c.run.Find(bench)
	if b == nil {
		return 0, false
	}
	s, ok := b.Summary(unit)
	return s.Center, ok
}
