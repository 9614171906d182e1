package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/perf/benchmath"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/noise"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// Stability thresholds.
//
// Note: a row's samples are taken one per round across the whole run
// (package runner), so their spread is how much the figure moved during
// the run. Some rows move by nature (a virtual disk's fsync, a cache line
// bouncing between vCPUs the host may put on one core or two); the verdict
// does not excuse them, it says so, and a comparison then does not call
// their difference significant.
const (
	// WidthLimit is the half-width of a row's 95 % interval, in percent of
	// its median (benchstat's "± x%"), above which the row of a file made
	// before adaptive sampling is unstable: its median is not pinned down
	// to within this much, and another run may well land further away. An
	// adaptive run's rows have their family's limit instead
	// (rows.PrecisionOf).
	WidthLimit = 10.0
	// SpreadLimit is the spread of a row's samples, (max−min)/median in
	// percent, above which the row of a file made before adaptive sampling
	// is unstable even with a narrow interval: samples more than twice as
	// far apart as the median is large mean two states (a cache line on one
	// core or two), not noise. (An adaptive run's rows are judged by their
	// halves instead: see judgeAdaptive.)
	SpreadLimit = 100.0
	// ClockLimit is the change of the core clock across the run (highest
	// over lowest round) above which every row is unstable.
	ClockLimit = 1.10
	// MinDisturbed is how many of a row's samples the noise monitor must
	// have seen disturbed for the row to be unstable: one disturbed sample
	// in ten hardly moves a median.
	MinDisturbed = 2
	// DisturbedShare is, in an adaptive run, the share of a row's kept
	// samples that must be disturbed (besides MinDisturbed of them) for
	// the row to be unstable: 2 of 40 hardly move a median either.
	DisturbedShare = 0.10
	// MinHalves is the fewest samples for which the halves of a row's run
	// are compared (see halves): three a side.
	MinHalves = 6
)

// judge sets the stability verdict of a measured line from its samples and
// the noise the runner recorded with them: by judgeAdaptive for a run that
// sampled adaptively, else by the rules files made before it were judged
// by, so that their verdicts do not change.
func (l *Line) judge(run *results.Run, b *results.Bench) {
	if run.Adaptive() {
		l.judgeAdaptive(run, b)
		return
	}
	l.SpreadPct = spread(l.Values)
	var why Reasons
	width := halfWidth(*l)
	if width > WidthLimit {
		why = append(why, Reason{WideInterval, fmt.Sprintf("95 %% interval ±%.0f %%", width)})
	}
	if l.SpreadPct > SpreadLimit || width > WidthLimit {
		why = append(why, Reason{WideSpread, fmt.Sprintf("samples spread %.0f %% across the run", l.SpreadPct)})
	}
	var agg disturbance
	for _, smp := range b.Samples {
		agg.add(smp.Noise)
	}
	why = append(why, agg.reasons()...)
	disturbed := agg.disturbed
	if lo, hi, ok := clockRange(run); ok && hi/lo > ClockLimit {
		why = append(why, Reason{ClockVaried, fmt.Sprintf("core clock varied from %.2f to %.2f GHz over the run", lo, hi)})
	}
	l.Unstable = width > WidthLimit || l.SpreadPct > SpreadLimit || disturbed >= MinDisturbed || why.Has(ClockVaried)
	if !l.Unstable && len(why) > 0 {
		why = append(why, tooFew)
	}
	l.Why = why
}

// tooFew follows the reasons of a row they do not make unstable.
var tooFew = Reason{TooFew, "too few to matter"}

// judgeAdaptive is judge for an adaptive run: the row is unstable when its
// interval is wider than its family's limit (rows.PrecisionOf), when the
// two halves of its samples disagree by more than that limit, when enough
// of its kept samples were disturbed (at least MinDisturbed, and at least
// DisturbedShare of them).
//
// Note: the rules for files made before adaptive sampling also flagged a
// row whose samples spread more than 2×; with 20 or 40 samples a single
// outlier does that, while the median and its interval shrug it off. Two
// states of a row (a cache line on one core or two) show instead as halves
// that disagree or as a wide interval. Samples the runner took again
// because they were disturbed are no samples of the row; the note counts
// them with what the noise monitor saw.
func (l *Line) judgeAdaptive(run *results.Run, b *results.Bench) {
	l.SpreadPct = spread(l.Values)
	limit := rows.PrecisionOf(l.Family).Limit
	var why Reasons
	width := halfWidth(*l)
	wide := width > limit
	if wide {
		why = append(why, Reason{WideInterval, fmt.Sprintf("95 %% interval ±%s %% (limit ±%g %%)", pctOver(width, limit), limit)})
	}
	split, p, ok := halves(l.Values)
	apart := ok && split > limit && p < Alpha
	if apart {
		pv := fmt.Sprintf("p=%.3f", p)
		if p < 0.001 {
			pv = "p<0.001"
		}
		why = append(why, Reason{HalvesDisagree, fmt.Sprintf("halves of the run disagree by %s %% (%s)", pctOver(split, limit), pv)})
	}
	var kept, seen disturbance // the kept samples; those and the retaken ones
	for _, smp := range b.Samples {
		kept.add(smp.Noise)
		seen.add(smp.Noise)
	}
	for _, smp := range b.Retaken {
		seen.add(smp.Noise)
	}
	why = append(why, seen.reasons()...)
	if n := len(b.Retaken); n > 0 {
		why = append(why, Reason{Retaken, fmt.Sprintf("%d retaken", n)})
	}
	disturbed := kept.disturbed >= MinDisturbed && float64(kept.disturbed) >= DisturbedShare*float64(kept.samples)
	// Note: a clock that moved during the run is said once, in the footer
	// (Report.Quiet), not held against every row: the rounds interleave,
	// so each row's samples already span the clock's changes, and its
	// interval and halves show what they did to it.
	l.Unstable = wide || apart || disturbed
	if !l.Unstable && kept.disturbed > 0 {
		why = append(why, tooFew)
	}
	l.Why = why
}

// pctOver formats a percentage that is compared with limit: whole per
// cent, or one decimal where whole per cent would not show it beyond the
// limit ("5.4" against 5).
func pctOver(p, limit float64) string {
	if math.Round(p) <= limit && p > limit {
		return fmt.Sprintf("%.1f", p)
	}
	return fmt.Sprintf("%.0f", p)
}

// halves says by how much, in per cent of the median of all of vs, the
// medians of its two halves differ: the 1st, 3rd, 5th… sample against the
// 2nd, 4th, 6th…, in file order, and the p-value of a Mann-Whitney U test
// of the two halves (benchmath, as benchstat compares runs). False with
// fewer than MinHalves samples.
//
// Note: the medians of two halves of 20 samples each differ by chance by
// about as much as the interval of the whole is wide; the test keeps a
// row whose halves differ only by that chance from being called unstable.
//
// Note: the halves interleave so that each spans the whole run: a drift
// over the run moves both alike (the interval shows it), while a row that
// two runs of the same thing would put in different places (two states,
// or one half's samples outliers) gives two medians apart. It is the check
// benchstat cannot make with one sample set: whether the figure
// reproduces within the run.
func halves(vs []float64) (diff, p float64, ok bool) {
	if len(vs) < MinHalves {
		return 0, 1, false
	}
	var odd, even []float64
	for i, v := range vs {
		if i%2 == 0 {
			odd = append(odd, v)
		} else {
			even = append(even, v)
		}
	}
	all := median(vs)
	if all <= 0 {
		return 0, 1, false
	}
	c := benchmath.AssumeNothing.Compare(benchmath.NewSample(odd, &benchmath.DefaultThresholds), benchmath.NewSample(even, &benchmath.DefaultThresholds))
	return math.Abs(median(odd)-median(even)) / all * 100, c.P, true
}

// median is the median of vs (the mean of the middle two for an even
// count); NaN for none.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// disturbance adds up what the noise monitor saw over several samples.
type disturbance struct {
	samples, disturbed int     // samples with a noise record; those disturbed
	steal, others      int     // samples with steal; with other processes busy
	maxSteal, maxOther float64 // the worst of each
	names              []string
}

// add counts one sample's noise fields ("" when it has none).
func (d *disturbance) add(fields string) {
	if fields == "" {
		return
	}
	s, err := noise.Parse(fields)
	if err != nil {
		return
	}
	d.samples++
	if len(s.Interference()) > 0 {
		d.disturbed++
	}
	if s.StealPct >= noise.StealWarnPct {
		d.steal++
		d.maxSteal = max(d.maxSteal, s.StealPct)
	}
	if s.OthersCPUPct >= noise.OthersWarnPct {
		d.others++
		d.maxOther = max(d.maxOther, s.OthersCPUPct)
		for _, p := range s.Busiest {
			if !slices.Contains(d.names, p.Name) && len(d.names) < 3 {
				d.names = append(d.names, p.Name)
			}
		}
	}
}

// reasons says what was seen: "steal up to 9 % during 3 of 10 samples".
func (d *disturbance) reasons() Reasons {
	var why Reasons
	if d.steal > 0 {
		why = append(why, Reason{Steal, fmt.Sprintf("steal up to %.0f %% during %d of %d samples", d.maxSteal, d.steal, d.samples)})
	}
	if d.others > 0 {
		r := fmt.Sprintf("other processes used up to %.0f %% of the CPUs during %d of %d samples", d.maxOther, d.others, d.samples)
		if len(d.names) > 0 {
			r += " (" + strings.Join(d.names, ", ") + ")"
		}
		why = append(why, Reason{OtherProcesses, r})
	}
	return why
}

// halfWidth is the larger half of a line's 95 % interval in percent of its
// median (as benchstat's "± x%"); 0 without an interval.
func halfWidth(l Line) float64 {
	if math.IsNaN(l.Lo) || math.IsNaN(l.Hi) || l.Measured <= 0 {
		return 0
	}
	return max(l.Measured-l.Lo, l.Hi-l.Measured) / l.Measured * 100
}

// spread is (max−min)/median of vs in percent; NaN with fewer than two.
func spread(vs []float64) float64 {
	if len(vs) < 2 {
		return math.NaN()
	}
	med := median(vs)
	if med <= 0 {
		return math.NaN()
	}
	return (slices.Max(vs) - slices.Min(vs)) / med * 100
}

// clockRange is the lowest and highest per-round clock estimate of a run;
// for an adaptive run, whose rounds are many and short, the 10th and 90th
// percentiles of them, so that one round's estimate (a host that was busy
// for those 25 ms) does not flag every row.
func clockRange(run *results.Run) (lo, hi float64, ok bool) {
	vs := ghzList(run.Fact(fact.CPUClockGHzByRound))
	if len(vs) == 0 {
		return math.Inf(1), math.Inf(-1), false
	}
	slices.Sort(vs)
	if !run.Adaptive() || len(vs) < 10 {
		return vs[0], vs[len(vs)-1], true
	}
	return vs[len(vs)/10], vs[len(vs)-1-len(vs)/10], true
}

// runNoise is the noise monitor's record over every sample of a run,
// including those taken again, and how the core clock varied (Text "" when
// it held).
type runNoise struct {
	disturbance
	clock    Reason
	adaptive bool // the run sampled adaptively
	retaken  int  // samples taken again because they were disturbed
}

func readNoise(run *results.Run) runNoise {
	n := runNoise{adaptive: run.Adaptive()}
	seen := map[results.Sample]bool{} // a sample's record covers all its result lines
	for _, b := range run.Benches {
		for _, s := range slices.Concat(b.Samples, b.Retaken) {
			if !seen[s] {
				seen[s] = true
				n.add(s.Noise)
				if s.Retaken {
					n.retaken++
				}
			}
		}
	}
	if lo, hi, ok := clockRange(run); ok && hi/lo > ClockLimit {
		n.clock = Reason{ClockVaried, fmt.Sprintf("the core clock varied from %.2f to %.2f GHz", lo, hi)}
	}
	return n
}

// Quiet says in one line whether the machine was quiet for the run and how
// many rows are unstable: the report's footer.
func (r *Report) Quiet() string {
	var unstable []string
	judged, measured := 0, 0
	for _, l := range append(slices.Clip(r.Rows), r.Extra...) {
		if l.Kind == rows.Measured {
			measured++
		}
		if l.Kind != rows.Measured || math.IsNaN(l.Lo) {
			continue
		}
		judged++
		if l.Unstable {
			unstable = append(unstable, l.ID)
		}
	}
	if judged == 0 {
		if r.noise.adaptive && measured > 0 {
			return r.sampling()
		}
		return ""
	}
	var machine string
	switch n := r.noise; {
	case n.samples == 0:
		machine = "No noise record in this file (made before the runner sampled in rounds)"
	case n.disturbed == 0 && n.clock.Text == "":
		machine = fmt.Sprintf("The machine was quiet for this run: the noise monitor saw no steal or other busy processes in %d samples", n.samples)
	default:
		what := n.reasons()
		if n.clock.Text != "" {
			what = append(what, n.clock)
		}
		machine = fmt.Sprintf("The machine was NOT quiet for this run: %d of %d samples disturbed (%s)", n.disturbed, n.samples, what)
	}
	var s string
	if len(unstable) == 0 {
		s = fmt.Sprintf("Stability: %s; all %d rows with an interval stable across their rounds.", machine, judged)
	} else {
		s = fmt.Sprintf("Stability: %s; %d of %d rows with an interval unstable (marked !, the note says why): %s.",
			machine, len(unstable), judged, strings.Join(unstable, ", "))
	}
	if r.noise.adaptive {
		s += " " + r.sampling()
	}
	return s
}

// sampling says how the adaptive sampling of the measured rows ended:
// "Sampling: 9 rows met their target, 2 stopped at the cap, 1 when the
// budget ended; 3 disturbed samples were taken again."
func (r *Report) sampling() string {
	var precise, capped, budget int
	for _, l := range append(slices.Clip(r.Rows), r.Extra...) {
		if l.Kind != rows.Measured {
			continue
		}
		switch l.Stop {
		case results.StopPrecise:
			precise++
		case results.StopCap:
			capped++
		case results.StopBudget:
			budget++
		}
	}
	met := fmt.Sprintf("%d rows met their target", precise)
	if precise == 1 {
		met = "1 row met its target"
	}
	samples := "samples were"
	if r.noise.retaken == 1 {
		samples = "sample was"
	}
	return fmt.Sprintf("Sampling: %s, %d stopped at the cap, %d when the budget ended; %d disturbed %s taken again.",
		met, capped, budget, r.noise.retaken, samples)
}
