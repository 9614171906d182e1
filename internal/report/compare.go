package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"golang.org/x/perf/benchmath"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
	"github.com/latency-numbers/latency/internal/version"
	"github.com/latency-numbers/latency/internal/view"
)

// A Comparison sets runs side by side, one column per machine after the
// guide's, and tests the difference between the first two as benchstat
// does, or, comparing floors, against the rows' precision limits.
type Comparison struct {
	Stat     Stat      // the statistic compared
	Runs     []*Report // one per results file, in the order given
	Rows     []CompareRow
	Warnings []string
}

// A Stat is the statistic of each run's samples that a comparison sets
// side by side.
type Stat string

const (
	// Median compares the medians, with benchstat's Mann-Whitney U test.
	Median Stat = "median"
	// Floor compares the floors, the 10th percentiles (Line.Floor): a
	// difference is real only beyond the row's precision limit.
	Floor Stat = "floor"
	// Cycles compares the medians in CPU cycles, each run's figure over
	// its own clock period (Line.Cycles), with the same test as Median:
	// what is left of a difference once the core clock is taken out. Rows
	// without a cycle figure are left out.
	Cycles Stat = "cycles"
)

// Stats lists the statistics a comparison can compare.
var Stats = []Stat{Median, Floor, Cycles}

// plural names the statistic of several runs in a header: "medians".
func (s Stat) plural() string {
	if s == Cycles {
		return "cycles"
	}
	return string(s) + "s"
}

// CheckStat returns the Stat named s, or an error naming the valid ones.
func CheckStat(s string) (Stat, error) {
	for _, st := range Stats {
		if string(st) == s {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown statistic %q (want median, floor or cycles)", s)
}

// A CompareRow is one row of a Comparison.
type CompareRow struct {
	ID, Operation, Family string
	GuideNS               float64
	Lines                 []Line // one per run
	// Ratio is the second run's figure over the first's (of the compared
	// Stat for measured figures); NaN unless both have one.
	Ratio float64
	// Stat is the statistic compared (Comparison.Stat).
	Stat Stat
	// LimitPct, comparing floors, is the change in per cent beyond which
	// the difference is real: the larger of the two rows' precision limits
	// (rows.PrecisionOf). 0 when not compared so.
	LimitPct float64
	// P is the p-value of a Mann-Whitney U test that the first two runs'
	// samples come from the same distribution (benchmath.AssumeNothing, as
	// benchstat); NaN when not tested (a computed figure, or two different
	// benchmarks, or floors compared). Significant is P <= Alpha; comparing
	// floors, that the ratio is beyond LimitPct.
	P           float64
	N1, N2      int
	Significant bool
	// SameSource is false when the two runs answered the row with different
	// benchmarks (a real peer on one machine, loopback on the other).
	SameSource bool
	// Untrusted is true when either run's row is unstable (see
	// Line.Unstable): its difference is shown, never called significant.
	Untrusted bool
	// Differs says how the workloads of the same benchmark differ between
	// the first two runs ("file=256MiB vs file=1GiB"): they measured
	// different things, so the difference is not tested. "" when they
	// measured the same thing.
	Differs string
}

// Alpha is the significance level of comparisons, benchstat's default.
var Alpha = benchmath.DefaultThresholds.CompareAlpha

// Compare builds the comparison of the medians of runs (at least two)
// using table. Runs must have distinct labels; when two share one, their
// file paths are used instead, with a warning.
func Compare(runs []*results.Run, table []rows.Row) (*Comparison, error) {
	return CompareStat(Median, runs, table)
}

// CompareStat is Compare of the statistic stat.
func CompareStat(stat Stat, runs []*results.Run, table []rows.Row) (*Comparison, error) {
	if _, err := CheckStat(string(stat)); err != nil {
		return nil, err
	}
	if len(runs) < 2 {
		return nil, fmt.Errorf("compare needs at least two results files, got %d", len(runs))
	}
	c := &Comparison{Stat: stat}
	if err := c.labels(runs); err != nil {
		return nil, err
	}
	for _, run := range runs {
		rep := Build(run, table)
		c.Runs = append(c.Runs, rep)
		c.Warnings = append(c.Warnings, rep.Warnings...)
	}
	c.Warnings = append(c.Warnings, Methods(c.Runs)...)
	c.Warnings = append(c.Warnings, profiles(c.Runs)...)
	c.Warnings = append(c.Warnings, Clocks(c.Runs)...)
	lines := func(i int) []Line {
		var out []Line
		for _, rep := range c.Runs {
			all := append(slices.Clip(rep.Rows), rep.Extra...)
			out = append(out, all[i])
		}
		return out
	}
	a := c.Runs[0]
	for i, l := range append(slices.Clip(a.Rows), a.Extra...) {
		row := CompareRow{ID: l.ID, Operation: l.Operation, Family: l.Family, GuideNS: l.GuideNS,
			Lines: lines(i), Ratio: math.NaN(), P: math.NaN(), Stat: stat}
		has := false
		for _, x := range row.Lines {
			has = has || !math.IsNaN(x.Measured)
		}
		if !has && l.GuideNS == 0 {
			continue // an extra row no machine has: leave it out
		}
		row.compare()
		c.Rows = append(c.Rows, row)
	}
	return c, nil
}

// labels makes the runs' labels distinct, or says why it cannot.
func (c *Comparison) labels(runs []*results.Run) error {
	seen := map[string]string{}
	dup := ""
	for _, r := range runs {
		if f, ok := seen[r.Label]; ok {
			dup = fmt.Sprintf("label %q is used by both %s and %s", r.Label, f, r.File)
			break
		}
		seen[r.Label] = r.File
	}
	if dup == "" {
		return nil
	}
	files := map[string]bool{}
	for _, r := range runs {
		if files[r.File] {
			return fmt.Errorf("%s is given twice; compare different runs", r.File)
		}
		files[r.File] = true
	}
	for _, r := range runs {
		r.Label = r.File
	}
	c.Warnings = append(c.Warnings, dup+"; using file paths as labels (name runs with label=path)")
	return nil
}

// profiles warns when runs used different profiles: their samples, and
// their workloads (the scratch file's size), differ.
// Methods warns of every run measured by other methods than the first:
// another major or minor suite version (version.SameMethod), or a suite
// version where the other has none (a run from before versions were
// recorded).
func Methods(reps []*Report) []string {
	v := func(r *Report) string { return factOf(r.Machine, results.SuiteVersionFact) }
	var out []string
	for _, r := range reps[1:] {
		a, b := v(reps[0]), v(r)
		if version.SameMethod(a, b) {
			continue
		}
		changed := "the methods changed between these versions"
		if a == "" || b == "" {
			changed = "the methods may have changed since"
		}
		out = append(out, fmt.Sprintf("%s was measured %s, %s %s: %s, so rows may differ for that reason alone",
			reps[0].Label, measuredBy(a), r.Label, measuredBy(b), changed))
	}
	return out
}

func measuredBy(suite string) string {
	if suite == "" {
		return "by a suite too old to record its version"
	}
	return "by suite " + suite
}

func profiles(reps []*Report) []string {
	name := func(r *Report) string { p, _, _ := strings.Cut(factOf(r.Machine, "profile"), " "); return p }
	var out []string
	for _, r := range reps[1:] {
		if a, b := name(reps[0]), name(r); a != "" && b != "" && a != b {
			out = append(out, fmt.Sprintf("%s ran the %s profile, %s the %s profile: sample counts and workloads (the scratch file's size) differ; rows that measured different things say so",
				reps[0].Label, a, r.Label, b))
		}
	}
	return out
}

func (row *CompareRow) compare() {
	a, b := row.Lines[0], row.Lines[1]
	va, vb := row.Stat.of(a), row.Stat.of(b)
	if math.IsNaN(va) || math.IsNaN(vb) || va <= 0 {
		return
	}
	row.Ratio = vb / va
	row.SameSource = a.Source == b.Source && a.Unit == b.Unit
	if row.SameSource {
		row.Differs = workloadDiff(a.Workload, b.Workload)
	}
	if a.Kind != rows.Measured || b.Kind != rows.Measured || !row.SameSource || row.Differs != "" || len(a.Values) == 0 || len(b.Values) == 0 {
		return
	}
	if row.Stat == Floor {
		row.compareFloors()
		return
	}
	th := &benchmath.DefaultThresholds
	// NewSample sorts in place: the lines' Values stay in file order.
	cmp := benchmath.AssumeNothing.Compare(benchmath.NewSample(row.Stat.samples(a), th), benchmath.NewSample(row.Stat.samples(b), th))
	row.P, row.N1, row.N2 = cmp.P, cmp.N1, cmp.N2
	row.Untrusted = a.Unstable || b.Unstable
	row.Significant = cmp.P <= cmp.Alpha && !row.Untrusted
}

// of is the statistic s of a line's figure: its floor when the figure was
// measured and s is Floor, its cycles for Cycles (NaN where it has none),
// else the figure (a computed one has no samples).
func (s Stat) of(l Line) float64 {
	switch {
	case s == Floor && l.Kind == rows.Measured:
		return l.Floor
	case s == Cycles:
		return l.Cycles
	}
	return l.Measured
}

// samples returns a copy of a measured line's samples in the unit s
// compares: CPU cycles for Cycles (each over the run's clock period, as
// Line.Cycles is), else as measured.
func (s Stat) samples(l Line) []float64 {
	vs := slices.Clone(l.Values)
	if s == Cycles {
		perNS := l.Cycles / l.Measured
		for i := range vs {
			vs[i] *= perNS
		}
	}
	return vs
}

// compareFloors judges the difference of two measured floors.
//
// Note: benchmath gives the median a distribution-free interval and a
// test; a 10th percentile has neither here (with 10 samples it is an order
// statistic or two). So a difference of floors counts as real only when
// it exceeds what a row of its family can be quoted to, the precision
// limit (rows.PrecisionOf, ±5 % or ±10 %), and the row was stable in both
// runs.
func (row *CompareRow) compareFloors() {
	a, b := row.Lines[0], row.Lines[1]
	row.N1, row.N2 = a.Samples, b.Samples
	row.LimitPct = max(rows.PrecisionOf(a.Family).Limit, rows.PrecisionOf(b.Family).Limit)
	row.Untrusted = a.Unstable || b.Unstable
	row.Significant = math.Abs(row.Ratio-1)*100 > row.LimitPct && !row.Untrusted
}

// floorStat says how far the floors moved against the limit: "floor
// +31 %, beyond ±5 %, n=10+12".
func (row CompareRow) floorStat() string {
	d := (row.Ratio - 1) * 100
	where := "within"
	if math.Abs(d) > row.LimitPct {
		where = "beyond"
	}
	sign := "+"
	if d < 0 {
		sign = "−"
	}
	return fmt.Sprintf("floor %s%s %%, %s ±%g %%, n=%d+%d", sign, pct(math.Abs(d)), where, row.LimitPct, row.N1, row.N2)
}

// workloadDiff says how workload b differs from a: "size=4MiB vs
// size=8MiB", parts joined by ", "; "" if they are the same.
func workloadDiff(a, b []string) string {
	split := func(w []string) (keys []string, vals map[string]string) {
		vals = map[string]string{}
		for _, part := range w {
			k, v, _ := strings.Cut(part, "=")
			keys = append(keys, k)
			vals[k] = v
		}
		return keys, vals
	}
	ka, va := split(a)
	kb, vb := split(b)
	var diffs []string
	seen := map[string]bool{}
	for _, k := range append(ka, kb...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		x, inA := va[k]
		y, inB := vb[k]
		if x == y && inA == inB {
			continue
		}
		side := func(v string, in bool) string {
			if !in {
				return "no " + k
			}
			return k + "=" + v
		}
		diffs = append(diffs, side(x, inA)+" vs "+side(y, inB))
	}
	return strings.Join(diffs, ", ")
}

// Delta says how the second run compares with the first: "1.31× slower
// (p=0.002 n=10)", "~ (p=0.394 n=6)" when the difference is not
// significant, as benchstat prints; comparing floors, "1.31× slower (floor
// +31 %, beyond ±5 %, n=10+12)" or "~ (floor +2.1 %, within ±5 %,
// n=10+12)"; the ratio and what differs when the two measured different
// things.
func (row CompareRow) Delta() string {
	if math.IsNaN(row.Ratio) {
		return ""
	}
	switch {
	case !row.SameSource:
		return cmpWords(row.Ratio) + " (different benchmarks)"
	case row.Differs != "":
		return cmpWords(row.Ratio) + " (measured different things: " + row.Differs + ")"
	case row.LimitPct > 0:
		stat := row.floorStat()
		switch {
		case row.Untrusted:
			return cmpWords(row.Ratio) + "? not trustworthy: unstable in " + row.unstableIn() + " (" + stat + ")"
		case !row.Significant:
			return "~ (" + stat + ")"
		}
		return cmpWords(row.Ratio) + " (" + stat + ")"
	case math.IsNaN(row.P):
		return cmpWords(row.Ratio) + " (" + kindWord(row.Lines[1].Kind) + ")"
	}
	stat := benchmath.Comparison{P: row.P, N1: row.N1, N2: row.N2}.String()
	if row.Untrusted {
		return cmpWords(row.Ratio) + "? not trustworthy: unstable in " + row.unstableIn() + " (" + stat + ")"
	}
	if !row.Significant {
		return "~ (" + stat + ")"
	}
	return cmpWords(row.Ratio) + " (" + stat + ")"
}

// unstableIn names the runs in which the row was unstable.
func (row CompareRow) unstableIn() string {
	a, b := row.Lines[0].Unstable, row.Lines[1].Unstable
	switch {
	case a && b:
		return "both runs"
	case a:
		return "the first run"
	}
	return "the second run"
}

// cmpWords says a ratio of two machines' figures with three significant
// digits: "1.31× slower", "12.0× faster".
func cmpWords(ratio float64) string {
	switch {
	case ratio == 1:
		return "same"
	case ratio < 1:
		return units.Sig(1/ratio, 3) + "× faster"
	}
	return units.Sig(ratio, 3) + "× slower"
}

// figure formats one machine's figure for a comparison cell of statistic
// s: the floor alone for Floor, else figure.
func (s Stat) figure(l Line) string {
	switch {
	case s == Floor && l.Kind == rows.Measured && !math.IsNaN(l.Floor):
		return units.Duration(l.Floor)
	case s == Cycles:
		return cyclesFigure(l, true)
	}
	return figure(l)
}

// cyclesFigure formats a line's figure in CPU cycles, "27.0 cycles", with
// the half-width of its interval when withPct ("27.0 cycles ± 2%"); "–"
// for a line with no cycle figure.
func cyclesFigure(l Line, withPct bool) string {
	if math.IsNaN(l.Cycles) {
		return "–"
	}
	f := units.Sig(l.Cycles, 3) + " cycles"
	if withPct && l.Kind == rows.Measured && !math.IsNaN(l.Lo) && !math.IsNaN(l.Hi) {
		f += " ± " + benchmath.Summary{Center: l.Measured, Lo: l.Lo, Hi: l.Hi}.PctRangeString()
	}
	return f
}

// figure formats one machine's figure for a comparison cell: the median
// with the half-width of its interval in percent, as benchstat does.
func figure(l Line) string {
	switch {
	case math.IsNaN(l.Measured):
		return "–"
	case l.Kind != rows.Measured:
		return units.Duration(l.Measured) + " (" + kindWord(l.Kind) + ")"
	case math.IsNaN(l.Lo) || math.IsNaN(l.Hi):
		return fmt.Sprintf("%s (n=%d)", units.Duration(l.Measured), l.Samples)
	}
	s := benchmath.Summary{Center: l.Measured, Lo: l.Lo, Hi: l.Hi}
	return units.Duration(l.Measured) + " ± " + s.PctRangeString()
}

// Write renders the comparison in the given format (see Formats).
func (c *Comparison) Write(w io.Writer, format view.Format) error {
	if err := Formats.Check(format); err != nil {
		return err
	}
	switch format {
	case view.JSON:
		return c.writeJSON(w)
	case view.CSV:
		c.writeCSV(w)
		return nil
	}
	md := format == view.Markdown
	cols := []column{{name: "Operation"}, {name: "Guide (2012)", right: true}}
	for _, r := range c.Runs {
		cols = append(cols, column{name: cell(r.Label, format), right: true})
	}
	cols = append(cols, column{name: cell(c.Runs[1].Label+" vs "+c.Runs[0].Label+", "+c.Stat.plural(), format)})
	t := newTable(cols, format)
	for head, row := range c.rows() {
		if head != "" {
			appendHeading(t, head, format)
		}
		cells := table.Row{cell(row.Operation, format), units.Duration(row.GuideNS)}
		for _, l := range row.Lines {
			cells = append(cells, c.Stat.figure(l))
		}
		t.AppendRow(append(cells, row.Delta()))
	}
	render(w, t, format)

	fmt.Fprintln(w)
	notes := c.notes()
	for _, n := range notes {
		if md {
			fmt.Fprintf(w, "%s\n\n", cell(n, format))
		} else {
			fmt.Fprintf(w, "%s\n", n)
		}
	}
	if !md {
		fmt.Fprintln(w)
	}
	c.writeMachines(w, format)
	if len(c.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, msg := range c.Warnings {
			if md {
				fmt.Fprintf(w, "- warning: %s\n", cell(msg, format))
			} else {
				fmt.Fprintf(w, "warning: %s\n", msg)
			}
		}
	}
	return nil
}

// notes explain the figures and the verdicts of the wide comparison.
func (c *Comparison) notes() []string {
	b, a := c.Runs[1].Label, c.Runs[0].Label
	if c.Stat == Floor {
		return []string{
			"Each machine: the floor of its samples, their 10th percentile: what the hardware does while the neighbours are quiet; where the median drifts with the host, the floor is the figure that reproduces.",
			fmt.Sprintf("%s vs %s, floors: the ratio of the floors; a quantile has no interval here, so a difference counts only beyond the row's precision limit (±%g %% for CPU, memory, compression and cache rows, ±%g %% for storage and network) with the row stable in both runs; ~: within the limit; not trustworthy: the row was unstable in a run, so no difference counts.",
				b, a, rows.PrecisionOf("cpu").Limit, rows.PrecisionOf("storage").Limit),
		}
	}
	if c.Stat == Cycles {
		return []string{
			"Each machine: the median in CPU cycles, its figure over that run's own clock period (the cpu_cycle row, else the runner's clock estimate) ± the half-width of its 95 % confidence interval; –: the row has no cycle figure. A difference here is what is left once the core clock is taken out; a DRAM, disk or network figure in cycles moves with the clock by nature.",
			fmt.Sprintf("%s vs %s, cycles: ratio of the medians in cycles and the p-value of a Mann-Whitney U test of the samples in cycles (benchmath); ~: no significant difference at α=%g; not trustworthy: the row was unstable in a run.", b, a, Alpha),
		}
	}
	return []string{
		fmt.Sprintf("Each machine: median ± half-width of its 95%% confidence interval (benchmath); (n=N): fewer than %d samples, no interval.", MinSamples),
		fmt.Sprintf("%s vs %s, medians: ratio of the medians and the p-value of a Mann-Whitney U test (benchmath, as benchstat); ~: no significant difference at α=%g; not trustworthy: the row was unstable in a run (its samples spread or the machine was busy), so no difference is called significant.", b, a, Alpha),
	}
}

// machineFacts are the facts shown side by side under a comparison:
// the machine, then what sets the workloads (the working sets, the scratch
// file), then the run.
var machineFacts = []string{fact.CPUModel, fact.CPULogical, fact.CPUClockGHz, fact.L1Cache, fact.L2Cache, fact.L3Cache,
	fact.Memory, fact.Virtualization, fact.Kernel, fact.Go, fact.WSL1, fact.WSL2, fact.WSL3, fact.WSDRAM,
	"scratch-fs", "scratch-model", scratchFile, fact.Peer, fact.PeerWhere, results.SuiteVersionFact, results.WorkersFact, fact.Profile, fact.Date}

// scratchFile is the size of the storage rows' scratch file, a fact
// compare reads off the benchmark names (file=1GiB).
const scratchFile = "scratch-file"

// facts returns r's facts with scratch-file added.
func facts(r *Report) []fact.Fact {
	fs := r.Machine
	for _, l := range append(slices.Clip(r.Rows), r.Extra...) {
		if l.Family != "storage" {
			continue // compress benchmarks have file=all: a corpus file
		}
		for _, part := range l.Workload {
			if v, ok := strings.CutPrefix(part, "file="); ok && factOf(fs, scratchFile) == "" {
				fs = append(slices.Clip(fs), fact.Fact{Key: scratchFile, Value: v})
			}
		}
	}
	return fs
}

func (c *Comparison) writeMachines(w io.Writer, format view.Format) {
	cols := []column{{name: "Machine"}}
	for _, r := range c.Runs {
		cols = append(cols, column{name: cell(r.Label, format)})
	}
	t := newTable(cols, format)
	fileRow := table.Row{"file"}
	for _, r := range c.Runs {
		fileRow = append(fileRow, cell(r.File, format))
	}
	t.AppendRow(fileRow)
	for _, key := range machineFacts {
		row, has := table.Row{key}, false
		for _, r := range c.Runs {
			v := factOf(facts(r), key)
			has = has || v != ""
			row = append(row, cell(v, format))
		}
		if has {
			t.AppendRow(row)
		}
	}
	render(w, t, format)
}

func factOf(facts []fact.Fact, key string) string {
	for _, f := range facts {
		if f.Key == key {
			return f.Value
		}
	}
	return ""
}

func (c *Comparison) writeCSV(w io.Writer) {
	header := []string{"id", "operation", "family", "guide_ns"}
	for _, r := range c.Runs {
		for _, col := range []string{"ns", "ci_low_ns", "ci_high_ns", "floor_ns", "samples", "kind"} {
			header = append(header, r.Label+" "+col)
		}
	}
	header = append(header, "statistic", "ratio", "p", "limit_pct", "significant", "untrusted", "different_workloads")
	var records [][]string
	for _, row := range c.Rows {
		guide := ""
		if row.GuideNS > 0 {
			guide = num(row.GuideNS)
		}
		rec := []string{row.ID, row.Operation, row.Family, guide}
		for _, l := range row.Lines {
			rec = append(rec, num(l.Measured), num(l.Lo), num(l.Hi), num(l.Floor), strconv.Itoa(l.Samples), string(l.Kind))
		}
		sig, limit := "", ""
		if !math.IsNaN(row.P) || row.LimitPct > 0 {
			sig = strconv.FormatBool(row.Significant)
		}
		if row.LimitPct > 0 {
			limit = num(row.LimitPct)
		}
		records = append(records, append(rec, string(c.Stat), num(row.Ratio), num(row.P), limit, sig, strconv.FormatBool(row.Untrusted), row.Differs))
	}
	renderCSV(w, header, records)
}

func (c *Comparison) writeJSON(w io.Writer) error {
	type jsonCell struct {
		Label      string   `json:"label"`
		MeasuredNS *float64 `json:"measured_ns"`
		CILowNS    *float64 `json:"ci_low_ns"`
		CIHighNS   *float64 `json:"ci_high_ns"`
		FloorNS    *float64 `json:"floor_ns"`
		Samples    int      `json:"samples"`
		Kind       string   `json:"kind"`
		Note       string   `json:"note"`
		SpreadPct  *float64 `json:"spread_pct"`
		Unstable   bool     `json:"unstable"`
		Noise      string   `json:"noise"`
	}
	type jsonRow struct {
		ID          string     `json:"id"`
		Operation   string     `json:"operation"`
		Family      string     `json:"family"`
		GuideNS     *float64   `json:"guide_ns"`
		Machines    []jsonCell `json:"machines"`
		Ratio       *float64   `json:"ratio"`
		P           *float64   `json:"p"`
		LimitPct    *float64   `json:"limit_pct,omitempty"`
		Significant bool       `json:"significant"`
		Untrusted   bool       `json:"untrusted"`
		Differs     string     `json:"different_workloads,omitempty"`
		Delta       string     `json:"delta"`
	}
	type jsonMachine struct {
		Label string            `json:"label"`
		File  string            `json:"file"`
		Facts map[string]string `json:"facts"`
	}
	out := struct {
		Machines  []jsonMachine `json:"machines"`
		Statistic Stat          `json:"statistic"`
		Alpha     float64       `json:"alpha"`
		Rows      []jsonRow     `json:"rows"`
		Warnings  []string      `json:"warnings"`
	}{Statistic: c.Stat, Alpha: Alpha, Rows: []jsonRow{}, Warnings: c.Warnings}
	for _, r := range c.Runs {
		m := jsonMachine{Label: r.Label, File: r.File, Facts: map[string]string{}}
		for _, f := range facts(r) {
			m.Facts[f.Key] = f.Value
		}
		out.Machines = append(out.Machines, m)
	}
	for _, row := range c.Rows {
		j := jsonRow{ID: row.ID, Operation: row.Operation, Family: row.Family, GuideNS: ptr(row.GuideNS),
			Ratio: ptr(row.Ratio), P: ptr(row.P), Significant: row.Significant, Untrusted: row.Untrusted, Differs: row.Differs, Delta: row.Delta()}
		if row.GuideNS == 0 {
			j.GuideNS = nil
		}
		if row.LimitPct > 0 {
			j.LimitPct = ptr(row.LimitPct)
		}
		for i, l := range row.Lines {
			j.Machines = append(j.Machines, jsonCell{Label: c.Runs[i].Label, MeasuredNS: ptr(l.Measured),
				CILowNS: ptr(l.Lo), CIHighNS: ptr(l.Hi), FloorNS: ptr(l.Floor), Samples: l.Samples, Kind: string(l.Kind), Note: l.Note,
				SpreadPct: ptr(l.SpreadPct), Unstable: l.Unstable, Noise: l.Why.String()})
		}
		out.Rows = append(out.Rows, j)
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
