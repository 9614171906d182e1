package runner

import (
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// A unit is what one step runs: a whole top-level benchmark (in the first
// round, before its sub-benchmarks are known, and always for benchmarks
// whose sub-benchmarks summarise each other), or one sub-benchmark.
type unit struct {
	job       job
	name      string // result name it stands for: "CacheRef/level=L1/size=48KiB"; the job's name without "Benchmark" when whole
	bench     string // -test.bench regexp selecting it
	count     int    // samples per step: 1, or a detail job's override count spread over rounds
	benchtime string // -test.benchtime of a sample: the profile's ("20ms"), or "Nx" once pinned
	whole     bool
	detail    bool // answers no row: sampled in the first rounds only
	want      int  // detail units: samples in all

	n       int      // steps that kept their samples
	retakes int      // disturbed steps taken again
	secs    float64  // time of its steps so far
	steps   int      // steps run, kept or retaken
	names   []string // result names its steps produced
}

// est is the expected time of the unit's next step.
func (u *unit) est() time.Duration {
	if u.steps == 0 {
		return 0
	}
	return time.Duration(u.secs / float64(u.steps) * float64(time.Second))
}

// pin fixes the unit's later samples at the iteration count the testing
// package chose for this one (-test.benchtime=Nx), when the step gave a
// single result: the testing package then runs N iterations at once
// instead of growing N from 1 until a run lasts the benchtime, which took
// as long again as the sample itself. A sample then always does the same
// work, as BenchmarkDotNet fixes its invocation count after a pilot run.
func (u *unit) pin(res []result) {
	if len(res) == 1 && res[0].Iters > 0 {
		u.benchtime = strconv.Itoa(res[0].Iters) + "x"
	}
}

// whole lists the benchmarks whose sub-benchmarks must run together: their
// summary sub-benchmarks (the closest core pair, the knee of the
// memory-parallelism curve) are computed from the others of the same
// repetition.
var whole = map[string]bool{"BenchmarkCoreToCore": true, "BenchmarkMemoryParallelism": true}

// subRegexp is the -test.bench regexp that selects exactly the result name
// (without "Benchmark" and -procs) of job: each level of the name anchored
// and quoted, as the testing package matches "/"-separated levels.
func subRegexp(jobName, name string) string {
	parts := strings.Split(strings.TrimPrefix(name, strings.TrimPrefix(jobName, "Benchmark")), "/")
	out := []string{"^" + regexp.QuoteMeta(jobName) + "$"}
	for _, p := range parts[1:] {
		out = append(out, "^"+regexp.QuoteMeta(p)+"$")
	}
	return strings.Join(out, "/")
}

// A tally holds the kept samples of every result name, in the unit of the
// row it answers.
type tally struct {
	vals map[string][]float64
}

// rowUnit returns the unit of the row that a result name answers, and its
// precision; false for a result that answers no row.
func rowUnit(name string) (string, rows.Precision, bool) {
	r, src, ok := rows.Answering(name)
	if !ok {
		return "", rows.Precision{}, false
	}
	return src.Unit, rows.PrecisionOf(r.Family), true
}

// add records the row figure of one result, if it answers a row.
func (t *tally) add(r results.Result) {
	u, _, ok := rowUnit(r.Name)
	if !ok {
		return
	}
	if v, ok := r.Value(u); ok && v > 0 {
		t.vals[r.Name] = append(t.vals[r.Name], v)
	}
}

// halfWidth is the larger half of the 95 % interval of the median of vs in
// percent of the median, as the report computes it (results.SummaryOf);
// +Inf with too few samples for an interval.
func halfWidth(vs []float64) float64 {
	if len(vs) == 0 {
		return math.Inf(1)
	}
	s := results.SummaryOf(vs)
	if s.Center <= 0 || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		return math.Inf(1)
	}
	return max(s.Center-s.Lo, s.Hi-s.Center) / s.Center * 100
}

// widest is the widest interval, in percent, of the rows a unit answers,
// and the target it has to meet; ok is false when it answers none.
func (t *tally) widest(u *unit) (width float64, p rows.Precision, ok bool) {
	for _, name := range u.names {
		_, prec, answers := rowUnit(name)
		if !answers {
			continue
		}
		w := halfWidth(t.vals[name])
		if !ok || w/prec.Target > width/p.Target {
			width, p = w, prec
		}
		ok = true
	}
	return width, p, ok
}

// open reports whether the unit still needs samples: it answers a row whose
// interval is wider than its target, and it is below the cap.
func (t *tally) open(u *unit, capN int) bool {
	if u.detail || u.n >= capN {
		return false
	}
	w, p, ok := t.widest(u)
	return ok && w > p.Target
}

// stopReason says why sampling of a result name ended.
func (t *tally) stopReason(u *unit, name string, capN int) string {
	_, p, ok := rowUnit(name)
	if !ok || u.detail {
		return fmt.Sprintf("%s, %d samples", results.StopDetail, u.n*u.count)
	}
	vs := t.vals[name]
	w := halfWidth(vs)
	ws := "no interval"
	if !math.IsInf(w, 0) {
		ws = fmt.Sprintf("±%.1f %%", w)
	}
	switch {
	case w <= p.Target:
		return fmt.Sprintf("%s after %d samples (%s, target ±%g %%)", results.StopPrecise, len(vs), ws, p.Target)
	case u.n >= capN:
		return fmt.Sprintf("%s of %d samples reached (%s, target ±%g %%)", results.StopCap, len(vs), ws, p.Target)
	default:
		return fmt.Sprintf("%s ended after %d samples (%s, target ±%g %%)", results.StopBudget, len(vs), ws, p.Target)
	}
}

// nextRound returns the units of adaptive round r, shuffled: the open
// units within reach of their limit in every round, the other open units
// in every other round (every round when none is within reach), and up to
// sentinels already-precise ones (kept in to see the machine's later
// conditions too).
//
// Note: the interval of a median narrows about as one over the square
// root of the samples, so a unit with n samples and an interval w times
// the limit its row is flagged beyond (rows.Precision) needs about n·w² in
// all to be quotable. Units within reach (at most the cap) get twice the
// samples of those beyond it: on a busy host the budget then brings more
// rows within their limit, and on to their target, rather than every row
// a little closer. Every open unit still runs at least every other round,
// so that each row's samples span the whole run and its interval holds
// whatever the host did during it.
func (t *tally) nextRound(r int, units []*unit, capN, sentinels int, rng *rand.Rand) []*unit {
	var open, far, closed []*unit
	for _, u := range units {
		switch {
		case t.open(u, capN):
			if w, p, _ := t.widest(u); float64(u.n)*(w/p.Limit)*(w/p.Limit) <= float64(capN) {
				open = append(open, u)
			} else {
				far = append(far, u)
			}
		case !u.detail && u.n < capN:
			if _, _, ok := t.widest(u); ok {
				closed = append(closed, u)
			}
		}
	}
	if len(open) == 0 || r%2 == 0 {
		open = append(open, far...)
	}
	if len(open) == 0 {
		return nil
	}
	rng.Shuffle(len(closed), func(a, b int) { closed[a], closed[b] = closed[b], closed[a] })
	round := append(open, closed[:min(sentinels, len(closed))]...)
	rng.Shuffle(len(round), func(a, b int) { round[a], round[b] = round[b], round[a] })
	return round
}

// split replaces the whole-job units that have run once by one unit per
// result name they produced, except for the benchmarks in whole and for
// jobs with a single result; the steps' costs are shared out. A job that
// produced nothing (it skipped or failed) is not run again. A result that
// answers no row becomes a detail unit, sampled in each of the first
// minRounds rounds.
func split(units []*unit, minRounds int) []*unit {
	var out []*unit
	for _, u := range units {
		switch {
		case len(u.names) == 0 && !u.detail:
			continue
		case !u.whole || whole[u.job.name] || len(u.names) <= 1 || u.detail:
			out = append(out, u)
			continue
		}
		for _, name := range u.names {
			v := &unit{job: u.job, name: name, bench: subRegexp(u.job.name, name), count: 1, benchtime: u.benchtime,
				n: u.n, steps: u.steps, secs: u.secs / float64(len(u.names)), names: []string{name}}
			if _, _, ok := rowUnit(name); !ok {
				v.detail, v.want = true, minRounds
			}
			out = append(out, v)
		}
	}
	return out
}
