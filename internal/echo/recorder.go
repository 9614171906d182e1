package echo

import (
	"math"
	"slices"
	"time"
)

// A Recorder keeps round-trip times for percentiles, up to a fixed number
// of samples; later ones are counted in the mean but not kept.
type Recorder struct {
	ns     []int64
	max    int
	n      int
	sum    int64
	sorted bool
}

// NewRecorder returns a Recorder that keeps at most max samples, with the
// memory for them allocated up front: growing it while timing would
// allocate, and the garbage collector would run in the measured loop.
func NewRecorder(max int) *Recorder {
	return &Recorder{ns: make([]int64, 0, max), max: max}
}

// Reset forgets every sample and keeps the memory.
func (r *Recorder) Reset() {
	r.ns, r.n, r.sum, r.sorted = r.ns[:0], 0, 0, false
}

// Add records one duration.
func (r *Recorder) Add(d time.Duration) {
	r.n++
	r.sum += int64(d)
	if len(r.ns) < r.max {
		r.ns = append(r.ns, int64(d))
		r.sorted = false
	}
}

// Len is the number of durations added.
func (r *Recorder) Len() int { return r.n }

// Mean is the mean of all durations added, in ns.
func (r *Recorder) Mean() float64 {
	if r.n == 0 {
		return math.NaN()
	}
	return float64(r.sum) / float64(r.n)
}

// Quantile is the q-quantile (0 < q <= 1) of the kept samples in ns, by
// the nearest-rank method: the smallest sample with at least q of the
// samples at or below it. It is NaN with no samples.
func (r *Recorder) Quantile(q float64) float64 {
	if len(r.ns) == 0 {
		return math.NaN()
	}
	if !r.sorted {
		slices.Sort(r.ns)
		r.sorted = true
	}
	i := int(math.Ceil(q*float64(len(r.ns)))) - 1
	return float64(r.ns[min(max(i, 0), len(r.ns)-1)])
}
