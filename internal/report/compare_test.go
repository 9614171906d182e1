package report

import (
	"fmt"
	"math"
	"strings"
	"testing"

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
