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
	disturbed, reasons := 0, map[string]int{}
	var order []string
	for _, s := range b.Samples {
		if s.Noise == "" {
			continue
		}
		rs := interference(s.Noise)
		if len(rs) > 0 {
			disturbed++
		}
		for _, r := range rs {
			k := reasonKind(r)
			if reasons[k] == 0 {
				order = append(order, k)
			}
			reasons[k]++
		}
	}
	for _, k := range order {
		why = append(why, fmt.Sprintf("%s during %d of %d samples", k, reasons[k], len(b.Samples)))
	}
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

// interference returns why a sample was disturbed, from its noise fields.
func interference(fields string) []string {
	ns, err := noise.Parse(fields)
	if err != nil {
		return nil
	}
	return ns.Interference()
}

// halfWidth is the larger half of a line's 95 % interval in percent of its
// median (as benchstat's "± x%"); 0 without an interval.
func halfWidth(l Line) float64 {
	if math.IsNaN(l.Lo) || math.IsNaN(l.Hi) || l.Measured <= 0 {
		return 0
	}
	return max(l.Measured-l.Lo, l.Hi-l.Measured) / l.Measured * 100
}

// reasonKind keeps the kind of an interference reason and drops its
// figure, so that "steal 6 %" and "steal 9 %" count together.
func reasonKind(r string) string {
	f := strings.Fields(r)
	var keep []string
	for _, w := range f {
		if _, err := strconv.ParseFloat(strings.TrimSuffix(w, "%"), 64); err == nil || w == "%" {
			continue
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " ")
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

// runNoise summarises the noise monitor's record over every sample of a
// run: how many samples it recorded, how many it saw disturbed, and the
// kinds of disturbance by how many samples showed each.
type runNoise struct {
	samples, disturbed int
	kinds              []string
	count              map[string]int
	clock              string // "" or how the core clock varied
}

func readNoise(run *results.Run) runNoise {
	n := runNoise{count: map[string]int{}}
	for _, b := range run.Benches {
		for _, s := range b.Samples {
			if s.Noise == "" {
				continue
			}
			n.samples++
			rs := interference(s.Noise)
			if len(rs) > 0 {
				n.disturbed++
			}
			for _, r := range rs {
				k := reasonKind(r)
				if n.count[k] == 0 {
					n.kinds = append(n.kinds, k)
				}
				n.count[k]++
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
		var what []string
		for _, k := range n.kinds {
			what = append(what, fmt.Sprintf("%s in %d", k, n.count[k]))
		}
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
