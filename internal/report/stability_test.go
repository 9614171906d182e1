package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// roundsFile writes a results file with one L1 sample per round, each
// preceded by its sample line with the given noise fields.
func roundsFile(clocks string, values []float64, noise []string) string {
	var b strings.Builder
	b.WriteString("cpu-model: test\n")
	if clocks != "" {
		b.WriteString("cpu-clock-ghz-by-round: " + clocks + "\n")
	}
	b.WriteString("\n")
	for i, v := range values {
		n := ""
		if i < len(noise) {
			n = " " + noise[i]
		}
		fmt.Fprintf(&b, "# sample round=%d bench=memory.CacheRef%s\n", i+1, n)
		fmt.Fprintf(&b, "BenchmarkCacheRef/level=L1-2   1000   %g ns/load   0 ns/op\n", v)
	}
	return b.String()
}

func l1(t *testing.T, file string) (Line, *Report) {
	t.Helper()
	run, err := results.Read(strings.NewReader(file), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(run, rows.Table)
	for _, l := range rep.Rows {
		if l.ID == "l1_cache_reference" {
			return l, rep
		}
	}
	t.Fatal("no L1 row")
	return Line{}, nil
}

func TestStabilityVerdict(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	for _, tc := range []struct {
		name         string
		clocks       string
		values       []float64
		wantUnstable bool
		wantNoise    string     // a substring of the note, "" for none at all
		wantKind     ReasonKind // a kind among the reasons, 0 for none
		wantSpread   float64
	}{
		{name: "steady", values: steady, wantSpread: 4},
		{name: "one outlier in ten", values: append([]float64{1.9}, steady[1:]...), wantSpread: 92},
		{name: "drift", values: []float64{1.0, 1.0, 1.05, 1.1, 1.2, 1.25, 1.3, 1.35, 1.4, 1.4}, wantUnstable: true, wantNoise: "95 % interval ±", wantKind: WideInterval, wantSpread: 32.7},
		{name: "two states", values: []float64{1, 1, 1, 1, 1, 1, 3, 3, 1, 1}, wantUnstable: true, wantNoise: "samples spread 200 %", wantKind: WideSpread, wantSpread: 200},
		{name: "clock fell", clocks: "4.20 4.19 3.10 3.11", values: steady, wantUnstable: true, wantNoise: "core clock varied from 3.10 to 4.20 GHz", wantKind: ClockVaried, wantSpread: 4},
		{name: "clock steady", clocks: "4.20 4.19 4.18 4.21", values: steady, wantSpread: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, rep := l1(t, roundsFile(tc.clocks, tc.values, nil))
			if l.Unstable != tc.wantUnstable {
				t.Errorf("unstable = %v, want %v (noise %q)", l.Unstable, tc.wantUnstable, l.Why.String())
			}
			if tc.wantNoise == "" && l.Why.String() != "" || !strings.Contains(l.Why.String(), tc.wantNoise) {
				t.Errorf("noise %q, want %q", l.Why.String(), tc.wantNoise)
			}
			if tc.wantKind != 0 && !l.Why.Has(tc.wantKind) {
				t.Errorf("reasons %+v, want one of kind %d", l.Why, tc.wantKind)
			}
			if math.Abs(l.SpreadPct-tc.wantSpread) > 0.1 {
				t.Errorf("spread %.1f %%, want %.1f %%", l.SpreadPct, tc.wantSpread)
			}
			q := rep.Quiet()
			if tc.wantUnstable != strings.Contains(q, "1 of 1 rows with an interval unstable") {
				t.Errorf("footer %q", q)
			}
			if !strings.Contains(q, "No noise record") {
				t.Errorf("footer %q does not say the file has no noise record", q)
			}
		})
	}
}

func TestCompareDistrustsUnstable(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	slower := make([]float64, len(steady))
	drifting := make([]float64, len(steady))
	for i, v := range steady {
		slower[i] = v * 1.3
		drifting[i] = v * (1 + 0.06*float64(i))
	}
	read := func(vs []float64) *results.Run {
		run, err := results.Read(strings.NewReader(roundsFile("", vs, nil)), "x.txt")
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	for _, tc := range []struct {
		name            string
		a, b            []float64
		wantSignificant bool
		wantDelta       string
	}{
		{"both steady", steady, slower, true, "1.30× slower (p="},
		{"one drifting", steady, drifting, false, "not trustworthy: unstable in the second run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := read(tc.a), read(tc.b)
			a.Label, b.Label = "a", "b"
			c, err := Compare([]*results.Run{a, b}, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			row := c.Rows[0]
			if row.Significant != tc.wantSignificant || !strings.Contains(row.Delta(), tc.wantDelta) {
				t.Errorf("significant=%v delta %q; want %v, %q", row.Significant, row.Delta(), tc.wantSignificant, tc.wantDelta)
			}
		})
	}
}

func TestStabilityCheck(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	moved := make([]float64, len(steady))
	for i, v := range steady {
		moved[i] = v * 1.2
	}
	read := func(vs []float64) *results.Run {
		run, err := results.Read(strings.NewReader(roundsFile("", vs, nil)), "x.txt")
		if err != nil {
			t.Fatal(err)
		}
		return run
	}
	c := CheckStability(read(steady), read(moved), rows.Table)
	if len(c.Rows) != 1 {
		t.Fatalf("%d rows, want 1", len(c.Rows))
	}
	ab, ba, mv, flagged := c.Counts()
	if ab != 0 || ba != 0 || mv != 1 || flagged != 0 {
		t.Errorf("counts %d %d %d %d, want 0 0 1 0: a steady row that moved 20 %% is neither held nor flagged", ab, ba, mv, flagged)
	}
	var out strings.Builder
	c.Write(&out, 0)
	for _, want := range []string{"l1_cache_reference", "+20.0 %", "moved more than 10 %: 1, of which flagged unstable in at least one run: 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	c = CheckStability(read(steady), read(steady), rows.Table)
	if ab, ba, mv, _ := c.Counts(); ab != 1 || ba != 1 || mv != 0 {
		t.Errorf("identical runs: counts %d %d %d, want 1 1 0", ab, ba, mv)
	}
}

func TestNoiseVerdict(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	quiet := "secs=0.5 steal-pct=0.2 iowait-pct=0.0 others-cpu-pct=1.0 load1=0.2"
	hog := "secs=0.5 steal-pct=0.0 iowait-pct=0.0 others-cpu-pct=49.5 load1=1.9 busiest=stress-ng:99.0"
	steal := "secs=0.5 steal-pct=9.0 iowait-pct=0.0 others-cpu-pct=0.0 load1=0.2"
	rep := func(ns ...string) []string {
		out := make([]string, len(steady))
		for i := range out {
			out[i] = ns[i%len(ns)]
		}
		return out
	}
	for _, tc := range []struct {
		name         string
		noise        []string
		wantUnstable bool
		wantNoise    string
		wantFooter   string
	}{
		{"quiet", rep(quiet), false, "", "The machine was quiet for this run"},
		{"hog", rep(hog), true, "other processes used up to 50 % of the CPUs during 10 of 10 samples (stress-ng)", "The machine was NOT quiet for this run: 10 of 10 samples disturbed"},
		{"steal in 3", append(rep(quiet)[:7], steal, steal, steal), true, "steal up to 9 % during 3 of 10 samples", "NOT quiet"},
		{"steal in 1", append(rep(quiet)[:9], steal), false, "too few to matter", "1 of 10 samples disturbed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, r := l1(t, roundsFile("", steady, tc.noise))
			if l.Unstable != tc.wantUnstable {
				t.Errorf("unstable = %v, want %v (noise %q)", l.Unstable, tc.wantUnstable, l.Why.String())
			}
			if tc.wantNoise == "" && l.Why.String() != "" || !strings.Contains(l.Why.String(), tc.wantNoise) {
				t.Errorf("noise %q, want %q", l.Why.String(), tc.wantNoise)
			}
			if q := r.Quiet(); !strings.Contains(q, tc.wantFooter) {
				t.Errorf("footer %q, want %q", q, tc.wantFooter)
			}
		})
	}
}

func TestHalves(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	for _, tc := range []struct {
		name   string
		vs     []float64
		want   float64 // per cent, ±0.05
		wantOK bool
	}{
		{"too few", steady[:MinHalves-1], 0, false},
		{"steady", steady, 0, true},
		{"alternating states", []float64{1, 1.1, 1, 1.1, 1, 1.1, 1, 1.1}, 9.5, true},
		{"drift moves both halves alike", []float64{1.0, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3}, 0, true},
		{"one outlier", append([]float64{3}, steady[1:]...), 0, true},
		{"first samples in one state, the rest in another", []float64{1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2}, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, p, ok := halves(tc.vs)
			if tc.name == "alternating states" && p >= Alpha {
				t.Errorf("halves(%v): p=%.3f, want below %v", tc.vs, p, Alpha)
			}
			if ok != tc.wantOK || math.Abs(got-tc.want) > 0.05 {
				t.Errorf("halves(%v) = %.2f, %v; want %.2f, %v", tc.vs, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// adaptiveFile writes the results file of an adaptive run with one result
// of bench per value in unit, each after its sample line with the given
// noise fields; retaken[i] is the noise of a disturbed sample taken again
// before the i-th.
func adaptiveFile(header, bench, unit string, values []float64, noise []string, retaken map[int]string) string {
	var b strings.Builder
	b.WriteString("cpu-model: test\nsampling: adaptive (test)\n" + header + "\n")
	for i, v := range values {
		if r, ok := retaken[i]; ok {
			fmt.Fprintf(&b, "# sample round=%d bench=x.%s %s retaken=1\n", i+1, bench, r)
			fmt.Fprintf(&b, "# retaken: Benchmark%s-2   1000   %g %s\n", bench, 3*v, unit)
		}
		n := "secs=0.5 steal-pct=0.0 iowait-pct=0.0 others-cpu-pct=0.5 load1=0.2 probe-pct=0.3"
		if i < len(noise) && noise[i] != "" {
			n = noise[i]
		}
		fmt.Fprintf(&b, "# sample round=%d bench=x.%s %s\n", i+1, bench, n)
		fmt.Fprintf(&b, "Benchmark%s-2   1000   %g %s\n", bench, v, unit)
	}
	return b.String()
}

// line returns the line id of the report of file.
func line(t *testing.T, file, id string) (Line, *Report) {
	t.Helper()
	run, err := results.Read(strings.NewReader(file), "test.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := Build(run, rows.Table)
	for _, l := range append(rep.Rows, rep.Extra...) {
		if l.ID == id {
			return l, rep
		}
	}
	t.Fatalf("no row %s", id)
	return Line{}, nil
}

func TestAdaptiveVerdict(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	many := slices.Concat(steady, steady, steady) // 30
	steal := "secs=0.5 steal-pct=9.0 iowait-pct=0.0 others-cpu-pct=0.0 load1=0.2 probe-pct=12.5"
	at := func(n int, idx ...int) []string {
		out := make([]string, n)
		for _, i := range idx {
			out[i] = steal
		}
		return out
	}
	wide := []float64{0.85, 1.12, 0.92, 1.05, 0.88, 1.15, 0.95, 1.08, 0.9, 1.1}
	const l1, l1Bench, ssd, ssdBench = "l1_cache_reference", "CacheRef/level=L1/size=16KiB", "ssd_random_read_4kb", "RandomRead4K/file=1GiB"
	for _, tc := range []struct {
		name, header, id, bench, unit string
		values                        []float64
		noise                         []string
		retaken                       map[int]string
		wantUnstable                  bool
		wantNoise                     string     // a substring of the note, "" for none at all
		wantKind                      ReasonKind // a kind among the reasons, 0 for none
	}{
		{name: "steady", values: steady},
		{name: "one outlier in ten, spread 92 %", values: append([]float64{1.9}, steady[1:]...)},
		{name: "two states, a few samples in the second", values: []float64{1, 1, 1, 1, 1, 1, 3, 3, 1, 1},
			wantUnstable: true, wantNoise: "95 % interval ±200 % (limit ±5 %)"},
		{name: "interval beyond the memory limit", values: wide, wantUnstable: true, wantNoise: "95 % interval ±12 % (limit ±5 %)", wantKind: WideInterval},
		{name: "the same interval within the storage limit", id: ssd, bench: ssdBench, unit: "p50-ns",
			values: []float64{66000, 68000, 64000, 67000, 65000, 69000, 66500, 67500, 65500, 66000}},
		{name: "halves disagree", values: []float64{1, 1.08, 1, 1.08, 1, 1.08, 1, 1.08, 1, 1.08, 1, 1.08},
			wantUnstable: true, wantNoise: "halves of the run disagree by 8 %", wantKind: HalvesDisagree},
		{name: "halves just beyond the limit", values: []float64{1, 1.054, 1, 1.054, 1, 1.054, 1, 1.054, 1, 1.054, 1, 1.054},
			wantUnstable: true, wantNoise: "halves of the run disagree by 5.3 %"},
		{name: "2 of 10 kept samples disturbed", values: steady, noise: at(10, 3, 7),
			wantUnstable: true, wantNoise: "steal up to 9 % during 2 of 10 samples"},
		{name: "2 of 30 kept samples disturbed", values: many, noise: at(30, 3, 17),
			wantNoise: "steal up to 9 % during 2 of 30 samples; too few to matter", wantKind: TooFew},
		{name: "3 of 30 kept samples disturbed", values: many, noise: at(30, 3, 17, 25),
			wantUnstable: true, wantNoise: "steal up to 9 % during 3 of 30 samples"},
		{name: "disturbed samples taken again", values: steady, retaken: map[int]string{1: steal, 4: steal, 8: steal},
			wantNoise: "steal up to 9 % during 3 of 13 samples; 3 retaken", wantKind: Retaken},
		// The footer says the clock moved; the row's own samples show what
		// that did to it.
		{name: "clock fell", header: "cpu-clock-ghz-by-round: 4.20 4.19 3.10 3.11", values: steady},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, bench, unit := cmp.Or(tc.id, l1), cmp.Or(tc.bench, l1Bench), cmp.Or(tc.unit, "ns/load")
			l, rep := line(t, adaptiveFile(tc.header, bench, unit, tc.values, tc.noise, tc.retaken), id)
			if l.Unstable != tc.wantUnstable {
				t.Errorf("unstable = %v, want %v (noise %q)", l.Unstable, tc.wantUnstable, l.Why.String())
			}
			if tc.wantNoise == "" && l.Why.String() != "" || !strings.Contains(l.Why.String(), tc.wantNoise) {
				t.Errorf("noise %q, want %q", l.Why.String(), tc.wantNoise)
			}
			if tc.wantKind != 0 && !l.Why.Has(tc.wantKind) {
				t.Errorf("reasons %+v, want one of kind %d", l.Why, tc.wantKind)
			}
			if q := rep.Quiet(); !strings.Contains(q, "Sampling: ") {
				t.Errorf("footer %q says nothing of the sampling", q)
			}
		})
	}
}

// Files made before adaptive sampling keep their verdicts: the same
// samples that an adaptive run does not flag are unstable there.
func TestOldFilesKeepTheirVerdict(t *testing.T) {
	outlier := []float64{1.9, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	wide := []float64{0.85, 1.12, 0.92, 1.05, 0.88, 1.15, 0.95, 1.08, 0.9, 1.1}
	old, _ := l1(t, roundsFile("", []float64{1, 1, 1, 1, 1, 1, 3, 3, 1, 1}, nil))
	if !old.Unstable || !strings.Contains(old.Why.String(), "samples spread 200 %") {
		t.Errorf("old file, two states: unstable=%v %q; want the spread rule", old.Unstable, old.Why.String())
	}
	old, _ = l1(t, roundsFile("", wide, nil))
	if !old.Unstable || old.LimitPct != WidthLimit || old.TargetPct != 0 || old.Stop != "" {
		t.Errorf("old file: unstable=%v limit %g target %g stop %q; want unstable at ±%g, no target, no stop", old.Unstable, old.LimitPct, old.TargetPct, old.Stop, WidthLimit)
	}
	old, rep := l1(t, roundsFile("", outlier, nil))
	if old.Unstable || strings.Contains(rep.Quiet(), "Sampling:") {
		t.Errorf("old file, one outlier: unstable=%v, footer %q", old.Unstable, rep.Quiet())
	}
}

// How sampling stopped shows in the note of a row that did not meet its
// target, in Line.Stop, and in the footer's count.
func TestStopReasons(t *testing.T) {
	steady := []float64{1.00, 1.01, 0.99, 1.00, 1.02, 1.00, 0.98, 1.01, 1.00, 0.99}
	for _, tc := range []struct {
		name, stop, wantStop, wantNote, wantFooter string
		values                                     []float64
	}{
		{"precise", "precise after 10 samples (±0.6 %)", results.StopPrecise, "", "Sampling: 1 row met its target, 0 stopped at the cap, 0 when the budget ended; 0 disturbed samples were taken again.", steady},
		{"cap", "cap after 10 samples", results.StopCap, "; sampling stopped at the cap (10 samples), ±1.0 %", "0 rows met their target, 1 stopped at the cap, 0 when", steady},
		{"budget", "budget ended", results.StopBudget, "; sampling stopped when the budget ended, ±1.0 %", "0 stopped at the cap, 1 when the budget ended", steady},
		{"budget, too few", "budget ended", results.StopBudget, "; sampling stopped when the budget ended, n=3: too few samples for an interval", "1 when the budget ended", steady[:3]},
		{"not said", "", "", "", "0 rows met their target, 0 stopped at the cap, 0 when", steady},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := ""
			if tc.stop != "" {
				header = "stop-cacheref/level=l1/size=16kib: " + tc.stop
			}
			l, rep := line(t, adaptiveFile(header, "CacheRef/level=L1/size=16KiB", "ns/load", tc.values, nil, nil), "l1_cache_reference")
			if l.Stop != tc.wantStop {
				t.Errorf("stop %q, want %q", l.Stop, tc.wantStop)
			}
			if tc.wantNote == "" && strings.Contains(l.Note, "sampling") || !strings.HasSuffix(l.Note, tc.wantNote) {
				t.Errorf("note %q, want it to end %q", l.Note, tc.wantNote)
			}
			if q := rep.Quiet(); !strings.Contains(q, tc.wantFooter) {
				t.Errorf("footer %q, want %q", q, tc.wantFooter)
			}
			if l.TargetPct != 3 || l.LimitPct != 5 {
				t.Errorf("target ±%g %%, limit ±%g %%; want the memory family's ±3 and ±5", l.TargetPct, l.LimitPct)
			}
		})
	}
}

func TestStatistic(t *testing.T) {
	batched := &results.Bench{Values: map[string][]float64{"ns/load": {1}, "mean-ns/load": {1}}}
	if got, want := statistic("ns/load", batched), "median of samples; each sample the median of timed batches of operations (their mean: mean-ns/load)"; got != want {
		t.Errorf("statistic(ns/load) beside mean-ns/load = %q, want %q", got, want)
	}
	for unit, want := range map[string]string{
		"ns/op":        "median of samples; each sample the mean over a timed loop",
		"ns/load":      "median of samples; each sample the mean over a timed loop",
		"mean-ns/load": "median of samples; each sample the mean over a timed loop",
		"p50-ns":       "median of samples; each sample the median of single operations",
		"p99-ns":       "median of samples; each sample the 99th percentile of single operations",
		"p999-ns":      "median of samples; each sample the 99.9th percentile of single operations",
	} {
		if got := statistic(unit, &results.Bench{}); got != want {
			t.Errorf("statistic(%s) = %q, want %q", unit, got, want)
		}
	}
}

// TestClockRangeAdaptive checks that one round's clock estimate does not
// decide an adaptive run's clock range, while it still does for a file
// made before adaptive sampling.
func TestClockRangeAdaptive(t *testing.T) {
	clocks := "3.37 3.42 3.33 3.37 3.35 3.15 3.39 3.14 3.32 3.31 3.25 3.41 3.52 3.57 3.17 3.39 3.21 3.32 3.39 3.35 3.39 3.31"
	for _, tc := range []struct {
		sampling string
		lo, hi   float64
	}{
		{"sampling: adaptive: test\n", 3.17, 3.42},
		{"", 3.14, 3.57},
	} {
		file := tc.sampling + "cpu-clock-ghz-by-round: " + clocks + "\nBenchmarkClock-2 1 0.3 ns/cycle\n"
		run, err := results.Read(strings.NewReader(file), "f")
		if err != nil {
			t.Fatal(err)
		}
		if lo, hi, ok := clockRange(run); !ok || lo != tc.lo || hi != tc.hi {
			t.Errorf("%q: clock range %v–%v (%v), want %v–%v", tc.sampling, lo, hi, ok, tc.lo, tc.hi)
		}
	}
}
