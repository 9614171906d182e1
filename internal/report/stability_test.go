package report

import (
	"fmt"
	"math"
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
		wantNoise    string // a substring of the note, "" for none at all
		wantSpread   float64
	}{
		{name: "steady", values: steady, wantSpread: 4},
		{name: "one outlier in ten", values: append([]float64{1.9}, steady[1:]...), wantSpread: 92},
		{name: "drift", values: []float64{1.0, 1.0, 1.05, 1.1, 1.2, 1.25, 1.3, 1.35, 1.4, 1.4}, wantUnstable: true, wantNoise: "95 % interval ±", wantSpread: 32.7},
		{name: "two states", values: []float64{1, 1, 1, 1, 1, 1, 3, 3, 1, 1}, wantUnstable: true, wantNoise: "samples spread 200 %", wantSpread: 200},
		{name: "clock fell", clocks: "4.20 4.19 3.10 3.11", values: steady, wantUnstable: true, wantNoise: "core clock varied from 3.10 to 4.20 GHz", wantSpread: 4},
		{name: "clock steady", clocks: "4.20 4.19 4.18 4.21", values: steady, wantSpread: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, rep := l1(t, roundsFile(tc.clocks, tc.values, nil))
			if l.Unstable != tc.wantUnstable {
				t.Errorf("unstable = %v, want %v (noise %q)", l.Unstable, tc.wantUnstable, l.Noise)
			}
			if tc.wantNoise == "" && l.Noise != "" || !strings.Contains(l.Noise, tc.wantNoise) {
				t.Errorf("noise %q, want %q", l.Noise, tc.wantNoise)
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
	c.Write(&out)
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
				t.Errorf("unstable = %v, want %v (noise %q)", l.Unstable, tc.wantUnstable, l.Noise)
			}
			if tc.wantNoise == "" && l.Noise != "" || !strings.Contains(l.Noise, tc.wantNoise) {
				t.Errorf("noise %q, want %q", l.Noise, tc.wantNoise)
			}
			if q := r.Quiet(); !strings.Contains(q, tc.wantFooter) {
				t.Errorf("footer %q, want %q", q, tc.wantFooter)
			}
		})
	}
}
