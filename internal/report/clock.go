package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/perf/benchmath"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/rows"
)

// ClockShiftPct is the change of the core clock between two runs, in per
// cent of the first run's, from which Clocks says so.
const ClockShiftPct = 1.0

// Clocks says, for every run after the first, when its core clock differed
// from the first run's: by at least ClockShiftPct between their medians,
// and significantly so (benchmath's Mann-Whitney U test, at Alpha). The
// clock is the cpu_cycle row's (the dependent-add chain sampled as every
// row is) when both runs have it, else each round's estimate
// (cpu-clock-ghz-by-round); nothing for runs with neither.
//
// Note: on a shared host the core clock moves from minute to minute (turbo,
// the neighbours' load on the package); every row that runs on the core
// (the CPU, cache, codec and crypto rows, an L1 load) then moves with it,
// and a comparison rightly calls that significant. Saying so tells a
// change of the host from a change of the method or the machine.
func Clocks(reps []*Report) []string {
	var out []string
	for _, r := range reps[1:] {
		a, b := clockRow(reps[0]), clockRow(r)
		if len(a) < 2 || len(b) < 2 { // the same source in both runs
			a, b = clockRounds(reps[0]), clockRounds(r)
		}
		if len(a) < 2 || len(b) < 2 {
			continue
		}
		sa := benchmath.NewSample(a, &benchmath.DefaultThresholds)
		sb := benchmath.NewSample(b, &benchmath.DefaultThresholds)
		ma, mb := median(a), median(b)
		shift := (mb/ma - 1) * 100
		if math.Abs(shift) < ClockShiftPct || benchmath.AssumeNothing.Compare(sa, sb).P >= Alpha {
			continue
		}
		way := "faster"
		if shift < 0 {
			way = "slower"
		}
		out = append(out, fmt.Sprintf("the core clock ran %.1f %% %s in %s than in %s (%.2f against %.2f GHz, medians): "+
			"the rows that run on the core (CPU, cache, codec, an L1 load) move with it, a change of the host rather than of either run's method",
			math.Abs(shift), way, r.Label, reps[0].Label, mb, ma))
	}
	return out
}

// clockRow returns the cpu_cycle row's samples as GHz; none when the run
// has no such row.
func clockRow(r *Report) []float64 {
	var vs []float64
	for _, l := range r.Extra {
		if l.ID == ClockRow && l.Kind == rows.Measured {
			for _, ns := range l.Values {
				if ns > 0 {
					vs = append(vs, 1/ns)
				}
			}
		}
	}
	return vs
}

// ClockRow is the row of the core clock: ns per dependent add.
const ClockRow = "cpu_cycle"

// clockRounds returns a run's per-round core clock estimates in GHz.
func clockRounds(r *Report) []float64 { return ghzList(factOf(r.Machine, fact.CPUClockGHzByRound)) }

// ghzList parses a cpu-clock-ghz-by-round fact, "3.45 3.44 …", passing
// over what is no positive number.
func ghzList(s string) []float64 {
	var vs []float64
	for _, f := range strings.Fields(s) {
		if v, err := strconv.ParseFloat(f, 64); err == nil && v > 0 {
			vs = append(vs, v)
		}
	}
	return vs
}
