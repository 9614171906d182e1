package report

import (
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/rows"
)

func TestClocks(t *testing.T) {
	rep := func(label, rounds string) *Report {
		r := &Report{Label: label}
		if rounds != "" {
			r.Machine = []fact.Fact{{Key: fact.CPUClockGHzByRound, Value: rounds}}
		}
		return r
	}
	slow := rep("a", "3.45 3.44 3.42 3.43 3.46 3.46 3.47 3.45 3.44 3.46")
	for _, c := range []struct {
		name string
		b    *Report
		want string // a part of the one warning; "" for none
	}{
		{"faster", rep("b", "3.55 3.53 3.56 3.54 3.55 3.57 3.53 3.56 3.55 3.54"), "ran 2.9 % faster in b than in a (3.55 against 3.45 GHz, medians)"},
		{"slower", rep("b", "3.35 3.34 3.36 3.33 3.35 3.34 3.36 3.35 3.34 3.35"), "ran 2.9 % slower in b"},
		{"same", rep("b", "3.45 3.46 3.44 3.45 3.43 3.46 3.45 3.44 3.47 3.45"), ""},
		{"within 1 %", rep("b", "3.48 3.47 3.48 3.49 3.48 3.47 3.48 3.49 3.48 3.47"), ""},
		{"apart but not significantly", rep("b", "3.20 3.80"), ""},
		{"no estimates", rep("b", ""), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Clocks([]*Report{slow, c.b})
			switch {
			case c.want == "" && len(got) != 0:
				t.Errorf("got %q, want no warning", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Errorf("got %q, want one warning containing %q", got, c.want)
			}
		})
	}
}

// TestClocksFromRow checks that the cpu_cycle row's samples, where a run
// has them, are the clock compared, before the per-round estimates.
func TestClocksFromRow(t *testing.T) {
	rep := func(label string, nsPerCycle ...float64) *Report {
		return &Report{Label: label,
			Machine: []fact.Fact{{Key: fact.CPUClockGHzByRound, Value: "3.45 3.46 3.44 3.45 3.45 3.46 3.44 3.45"}},
			Extra:   []Line{{ID: ClockRow, Kind: rows.Measured, Values: nsPerCycle}}}
	}
	a := rep("a", 0.291, 0.290, 0.292, 0.291, 0.289, 0.291, 0.290, 0.292)
	b := rep("b", 0.275, 0.276, 0.274, 0.275, 0.275, 0.276, 0.274, 0.275)
	got := Clocks([]*Report{a, b})
	if len(got) != 1 || !strings.Contains(got[0], "ran 5.8 % faster in b than in a (3.64 against 3.44 GHz") {
		t.Errorf("got %q, want the rows' clocks 5.8 %% apart", got)
	}
	if got := Clocks([]*Report{a, rep("c", 0.291, 0.290, 0.292, 0.291, 0.289, 0.291)}); len(got) != 0 {
		t.Errorf("got %q for the same clock, want none", got)
	}
	// A run without the row: both are compared by their rounds' estimates
	// (the same 3.45 GHz here), not one by the row and one by the rounds.
	d := rep("d")
	d.Extra = nil
	if got := Clocks([]*Report{b, d}); len(got) != 0 {
		t.Errorf("got %q comparing the row of one run with the rounds of another, want none", got)
	}
}
