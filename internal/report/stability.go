package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

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
	// its median (benchstat's "± x%"), above which the row is unstable: its
	// median is not pinned down to within this much, and another run may
	// well land further away.
	WidthLimit = 10.0
	// SpreadLimit is the spread of a row's samples, (max−min)/median in
	// percent, above which the row is unstable even with a narrow interval:
	// samples more than twice as far apart as the median is large mean two
	// states (a cache line on one core or two), not noise.
	SpreadLimit = 100.0
	// ClockLimit is the change of the core clock across the run (highest
	// over lowest round) above which every row is unstable.
	ClockLimit = 1.10
	// MinDisturbed is how many of a row's samples the noise monitor must
	// have seen disturbed for the row to be unstable: one disturbed sample
	// in ten hardly moves a median.
	MinDisturbed = 2
)

// judge sets the stability verdict of a measured line from its samples and
// the noise the runner recorded with them.
func (l *Line) judge(run *results.Run, b *results.Bench) {
	l.SpreadPct = spread(l.Values)
	var why []string
	width := halfWidth(*l)
	if width > WidthLimit {
		why = append(why, fmt.Sprintf("95 %% interval ±%.0f %%", width))
	}
	if l.SpreadPct > SpreadLimit || width > WidthLimit {
		why = append(why, fmt.Sprintf("samples spread %.0f %% across the run", l.SpreadPct))
	}
	var agg disturbance
	for _, smp := range b.Samples {
		agg.add(smp.Noise)
	}
	why = append(why, agg.reasons()...)
	disturbed := agg.disturbed
	if lo, hi, ok := clockRange(run); ok && hi/lo > ClockLimit {
		why = append(why, fmt.Sprintf("core clock varied from %.2f to %.2f GHz over the run", lo, hi))
	}
	l.Unstable = width > WidthLimit || l.SpreadPct > SpreadLimit || disturbed >= MinDisturbed ||
		slices.ContainsFunc(why, func(s string) bool { return strings.HasPrefix(s, "core clock") })
	if !l.Unstable && len(why) > 0 {
		why = append(why, "too few to matter")
	}
	l.Noise = strings.Join(why, "; ")
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
func (d *disturbance) reasons() []string {
	var why []string
	if d.steal > 0 {
		why = append(why, fmt.Sprintf("steal up to %.0f %% during %d of %d samples", d.maxSteal, d.steal, d.samples))
	}
	if d.others > 0 {
		r := fmt.Sprintf("other processes used up to %.0f %% of the CPUs during %d of %d samples", d.maxOther, d.others, d.samples)
		if len(d.names) > 0 {
			r += " (" + strings.Join(d.names, ", ") + ")"
		}
		why = append(why, r)
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
	s := slices.Clone(vs)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	if med <= 0 {
		return math.NaN()
	}
	return (s[len(s)-1] - s[0]) / med * 100
}

// clockRange is the lowest and highest per-round clock estimate of a run.
func clockRange(run *results.Run) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, f := range strings.Fields(run.Fact("cpu-clock-ghz-by-round")) {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v <= 0 {
			continue
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi, hi >= lo
}

// runNoise is the noise monitor's record over every sample of a run, and
// how the core clock varied ("" when it held).
type runNoise struct {
	disturbance
	clock string
}

func readNoise(run *results.Run) runNoise {
	var n runNoise
	seen := map[results.Sample]bool{} // a sample's record covers all its result lines
	for _, b := range run.Benches {
		for _, s := range b.Samples {
			if !seen[s] {
				seen[s] = true
				n.add(s.Noise)
			}
		}
	}
	if lo, hi, ok := clockRange(run); ok && hi/lo > ClockLimit {
		n.clock = fmt.Sprintf("the core clock varied from %.2f to %.2f GHz", lo, hi)
	}
	return n
}

// Quiet says in one line whether the machine was quiet for the run and how
// many rows are unstable: the report's footer.
func (r *Report) Quiet() string {
	var unstable []string
	judged := 0
	for _, l := range append(slices.Clip(r.Rows), r.Extra...) {
		if l.Kind != rows.Measured || math.IsNaN(l.Lo) {
			continue
		}
		judged++
		if l.Unstable {
			unstable = append(unstable, l.ID)
		}
	}
	if judged == 0 {
		return ""
	}
	var machine string
	switch n := r.noise; {
	case n.samples == 0:
		machine = "No noise record in this file (made before the runner sampled in rounds)"
	case n.disturbed == 0 && n.clock == "":
		machine = fmt.Sprintf("The machine was quiet for this run: the noise monitor saw no steal or other busy processes in %d samples", n.samples)
	default:
		what := n.reasons()
		if n.clock != "" {
			what = append(what, n.clock)
		}
		machine = fmt.Sprintf("The machine was NOT quiet for this run: %d of %d samples disturbed (%s)", n.disturbed, n.samples, strings.Join(what, "; "))
	}
	if len(unstable) == 0 {
		return fmt.Sprintf("Stability: %s; all %d rows with an interval stable across their rounds.", machine, judged)
	}
	return fmt.Sprintf("Stability: %s; %d of %d rows with an interval unstable (marked !, the note says why): %s.",
		machine, len(unstable), judged, strings.Join(unstable, ", "))
}
