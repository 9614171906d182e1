package report

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// runOf makes a run whose L1 row has the given samples.
func runOf(t *testing.T, file string, samples ...float64) *results.Run {
	t.Helper()
	var b strings.Builder
	for _, s := range samples {
		fmt.Fprintf(&b, "BenchmarkCacheRef/level=L1-2 1000 %g ns/load\n", s)
	}
	run, err := results.Read(strings.NewReader(b.String()), file)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestCompareSignificance(t *testing.T) {
	base := []float64{1.00, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, 1.08, 1.09}
	double := make([]float64, len(base))
	for i, v := range base {
		double[i] = 2 * v
	}
	for _, tc := range []struct {
		name   string
		b      []float64
		want   string
		signif bool
	}{
		{"twice as slow", double, "2.00× slower (p=0.000 n=10)", true},
		{"same samples", base, "~ (p=1.000 n=10)", false},
		{"too few to tell", double[:1], "~ (p=0.182 n=10+1)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Compare([]*results.Run{runOf(t, "a.txt", base...), runOf(t, "b.txt", tc.b...)}, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			row := c.Rows[0]
			if row.ID != "l1_cache_reference" || row.Delta() != tc.want || row.Significant != tc.signif {
				t.Errorf("got %s %q significant=%v, want %q significant=%v", row.ID, row.Delta(), row.Significant, tc.want, tc.signif)
			}
		})
	}
}

func TestCompareLabels(t *testing.T) {
	a, b := runOf(t, "x/run.txt", 1), runOf(t, "y/run.txt", 2)
	a.Label, b.Label = "run", "run"
	c, err := Compare([]*results.Run{a, b}, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	if c.Runs[0].Label != "x/run.txt" || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], `label "run" is used by both`) {
		t.Errorf("duplicate labels: got %q, %q; want paths and a warning", c.Runs[0].Label, c.Warnings)
	}
	if _, err := Compare([]*results.Run{a, a}, rows.Table); err == nil || !strings.Contains(err.Error(), "given twice") {
		t.Errorf("same file twice: got %v", err)
	}
	if _, err := Compare([]*results.Run{a}, rows.Table); err == nil {
		t.Error("one run: want an error")
	}
}

// Extra rows no machine measured are left out; the guide's rows stay.
func TestCompareRows(t *testing.T) {
	c, err := Compare([]*results.Run{runOf(t, "a.txt", 1), runOf(t, "b.txt", 2)}, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	guide := 0
	for _, row := range c.Rows {
		if row.GuideNS > 0 {
			guide++
			continue
		}
		if math.IsNaN(row.Lines[0].Measured) && math.IsNaN(row.Lines[1].Measured) {
			t.Errorf("extra row %s has no figure on any machine", row.ID)
		}
	}
	if guide != len(rows.Guide()) {
		t.Errorf("got %d of the guide's rows, want %d", guide, len(rows.Guide()))
	}
	if got := c.Rows[0].Delta(); got != "~ (p=1.000 n=1)" {
		t.Errorf("one sample each: got %q", got)
	}
}

// Two runs that measured different things (other working sets, another
// scratch file) are set side by side but never tested or called
// significant; the row says what differs.
func TestCompareDifferentWorkloads(t *testing.T) {
	file := func(facts, name string, v float64) string {
		var b strings.Builder
		b.WriteString(facts + "\n")
		for i := range 10 {
			fmt.Fprintf(&b, "Benchmark%s-2 1000 %g ns/load %g p50-ns\n", name, v+float64(i)/100, v+float64(i)/100)
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, a, b, id, want string
	}{
		{"working sets in the names",
			file("ws-l3: 4MiB", "CacheRef/level=L3/size=4MiB", 20), file("ws-l3: 8MiB", "CacheRef/level=L3/size=8MiB", 40),
			"l3_cache_reference", "2.00× slower (measured different things: size=4MiB vs size=8MiB)"},
		{"working sets in the facts of older files",
			file("ws-l3: 4MiB", "CacheRef/level=L3", 20), file("ws-l3: 8MiB", "CacheRef/level=L3", 40),
			"l3_cache_reference", "2.00× slower (measured different things: size=4MiB vs size=8MiB)"},
		{"an older file and a newer one, same working set",
			file("ws-l3: 4MiB", "CacheRef/level=L3", 20), file("ws-l3: 4MiB", "CacheRef/level=L3/size=4MiB", 40),
			"l3_cache_reference", "2.00× slower (p=0.000 n=10)"},
		{"test profile: the name says what was used",
			file("ws-dram: 256MiB", "MainMemory/pages=huge/size=64MiB", 100), file("ws-dram: 512MiB", "MainMemory/pages=huge/size=64MiB", 100),
			"main_memory_reference", "~ (p=1.000 n=10)"},
		{"scratch files",
			file("", "RandomRead4K/file=256MiB", 60000), file("", "RandomRead4K/file=1GiB", 70000),
			"ssd_random_read_4kb", "1.17× slower (measured different things: file=256MiB vs file=1GiB)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := results.Read(strings.NewReader(tc.a), "a.txt")
			if err != nil {
				t.Fatal(err)
			}
			b, err := results.Read(strings.NewReader(tc.b), "b.txt")
			if err != nil {
				t.Fatal(err)
			}
			c, err := Compare([]*results.Run{a, b}, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range c.Rows {
				if row.ID != tc.id {
					continue
				}
				differs := strings.Contains(tc.want, "different things")
				if row.Delta() != tc.want || (differs && (row.Significant || !math.IsNaN(row.P))) {
					t.Errorf("got %q significant=%v p=%v, want %q", row.Delta(), row.Significant, row.P, tc.want)
				}
				return
			}
			t.Errorf("no row %s", tc.id)
		})
	}
}

// Runs of different major or minor suite versions were measured by
// different methods: the comparison says so; a patch version apart, or
// both from before versions were recorded, it does not.
func TestCompareWarnsOfMethods(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string // suite-version facts; "" for none
		want string // the warning's start; "" for none
	}{
		{"same", "v0.4.0", "v0.4.0", ""},
		{"patch apart", "v0.4.0", "v0.4.2", ""},
		{"minor apart", "v0.4.0", "v0.5.0", "a.txt was measured by suite v0.4.0, b.txt by suite v0.5.0: the methods changed"},
		{"one unversioned", "", "v0.4.0", "a.txt was measured by a suite too old to record its version, b.txt by suite v0.4.0"},
		{"both unversioned", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := runOf(t, "a.txt", 1), runOf(t, "b.txt", 1)
			for _, x := range []struct {
				run *results.Run
				v   string
			}{{a, tc.a}, {b, tc.b}} {
				if x.v != "" {
					x.run.Facts = append(x.run.Facts, fact.Fact{Key: results.SuiteVersionFact, Value: x.v})
				}
			}
			c, err := Compare([]*results.Run{a, b}, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			got := Methods(c.Runs)
			if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)) {
				t.Fatalf("Methods: %q, want %q", got, tc.want)
			}
			if tc.want != "" && !slices.Contains(c.Warnings, got[0]) {
				t.Errorf("warnings %q lack %q", c.Warnings, got[0])
			}
		})
	}
}

func TestCompareWarnsOfProfiles(t *testing.T) {
	a, b := runOf(t, "a.txt", 1), runOf(t, "b.txt", 1)
	a.Facts = append(a.Facts, fact.Fact{Key: "profile", Value: "quick (count=6)"})
	b.Facts = append(b.Facts, fact.Fact{Key: "profile", Value: "default (count=10)"})
	c, err := Compare([]*results.Run{a, b}, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(c.Warnings, func(w string) bool {
		return strings.HasPrefix(w, "a.txt ran the quick profile, b.txt the default profile")
	}) {
		t.Errorf("warnings %q: want one that the profiles differ", c.Warnings)
	}
}

// Comparing floors: a difference counts beyond the row's precision limit
// and with the row stable in both runs, never by a test.
func TestCompareFloors(t *testing.T) {
	base := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	scale := func(f float64) []float64 {
		out := make([]float64, len(base))
		for i, v := range base {
			out[i] = v * f
		}
		return out
	}
	// The median moved 20 %, the floor 2 %: the host was busier, the
	// hardware the same.
	busier := []float64{1.00, 1.19, 1.2, 1.21, 1.2, 1.19, 1.2, 1.01, 1.21, 1.2, 1.19, 1.2, 1.21, 1.2, 0.99, 1.2, 1.19, 1.21, 1.2, 1.2}
	drifting := make([]float64, len(base))
	for i, v := range base {
		drifting[i] = v * (1 + 0.06*float64(i))
	}
	for _, tc := range []struct {
		name       string
		b          []float64
		want       string
		signif     bool
		wantMedian string // the same runs' medians, for contrast; "" to skip
	}{
		{"floors 30 % apart", scale(1.3), "1.30× slower (floor +30 %, beyond ±5 %, n=10+10)", true, ""},
		{"floors 3 % apart", scale(1.03), "~ (floor +3.0 %, within ±5 %, n=10+10)", false, ""},
		{"floors 8 % lower", scale(0.92), "1.09× faster (floor −8.0 %, beyond ±5 %, n=10+10)", true, ""},
		{"busier host, same hardware", busier, "~ (floor +2.0 %, within ±5 %, n=10+20)", false, "1.20× slower (p=0.000 n=10+20)"},
		{"unstable in the second run", drifting, "1.08× slower? not trustworthy: unstable in the second run (floor +7.5 %, beyond ±5 %, n=10+10)", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runs := []*results.Run{runOf(t, "a.txt", base...), runOf(t, "b.txt", tc.b...)}
			c, err := CompareStat(Floor, runs, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			row := c.Rows[0]
			if row.ID != "l1_cache_reference" || row.Delta() != tc.want || row.Significant != tc.signif || !math.IsNaN(row.P) || row.LimitPct != 5 {
				t.Errorf("got %s %q significant=%v p=%v limit %g; want %q significant=%v, no p, limit 5", row.ID, row.Delta(), row.Significant, row.P, row.LimitPct, tc.want, tc.signif)
			}
			if tc.wantMedian == "" {
				return
			}
			m, err := Compare(runs, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Rows[0].Delta(); got != tc.wantMedian {
				t.Errorf("medians: %q, want %q", got, tc.wantMedian)
			}
		})
	}
	if _, err := CompareStat("mean", []*results.Run{runOf(t, "a.txt", 1), runOf(t, "b.txt", 2)}, rows.Table); err == nil {
		t.Error("statistic mean: want an error")
	}
}

// TestCompareCycles checks that -stat cycles compares each run's figure
// over its own clock: a run 5 % faster in ns on a clock 5 % faster is the
// same in cycles, and rows with no cycle figure are left out.
func TestCompareCycles(t *testing.T) {
	run := func(file string, scale float64) *results.Run {
		var b strings.Builder
		for i := range 10 {
			d := 1 + float64(i)/100
			fmt.Fprintf(&b, "BenchmarkCacheRef/level=L1-2 1000 %g ns/load\n", scale*d)
			fmt.Fprintf(&b, "BenchmarkClock-2 1000 %g ns/cycle\n", scale*0.25*d)
			fmt.Fprintf(&b, "BenchmarkCompress/codec=snappy/block=1KiB/file=all-2 1000 %g ns/op\n", scale*1000*d)
		}
		r, err := results.Read(strings.NewReader(b.String()), file)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	runs := []*results.Run{run("a.txt", 1), run("b.txt", 0.95)}
	find := func(c *Comparison, id string) CompareRow {
		for _, r := range c.Rows {
			if r.ID == id {
				return r
			}
		}
		t.Fatalf("no row %s", id)
		return CompareRow{}
	}
	median, err := CompareStat(Median, runs, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	cycles, err := CompareStat(Cycles, runs, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	if r := find(median, "l1_cache_reference"); !r.Significant {
		t.Errorf("medians: L1 %s, want a significant difference", r.Delta())
	}
	if r := find(cycles, "l1_cache_reference"); r.Significant || math.Abs(r.Ratio-1) > 1e-9 {
		t.Errorf("cycles: L1 %s (ratio %v), want the same in cycles", r.Delta(), r.Ratio)
	}
	if r := find(cycles, "compress_1kb_snappy"); !math.IsNaN(r.Ratio) {
		t.Errorf("cycles: snappy compared (%s), want it left out: it has no cycle figure", r.Delta())
	}
	var buf strings.Builder
	if err := cycles.Write(&buf, "text"); err != nil {
		t.Fatal(err)
	}
	if out := buf.String(); !strings.Contains(out, "b.txt vs a.txt, cycles") || !strings.Contains(out, "4.00 cycles") {
		t.Errorf("the cycles comparison does not say so:\n%s", out)
	}
}
