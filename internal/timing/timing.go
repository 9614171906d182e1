// Package timing keeps the times of single operations a benchmark timed one
// by one (round trips, reads, blocks of loads) and reports their
// percentiles as benchmark metrics: p50-ns, p99-ns, p999-ns.
package timing

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// A Recorder keeps operation times for percentiles, up to a fixed number
// of samples; later ones are counted in the mean but not kept. Add does not
// allocate, so a Recorder can sit in a timed loop.
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

// Report adds the given quantiles of the kept samples as custom metrics of
// b: 0.5 gives "p50-ns", 0.99 "p99-ns", 0.999 "p999-ns".
func (r *Recorder) Report(b *testing.B, qs ...float64) {
	for _, q := range qs {
		b.ReportMetric(r.Quantile(q), Unit(q))
	}
}

// Unit names the metric of a quantile: "p50-ns", "p99-ns", "p999-ns".
func Unit(q float64) string {
	switch q {
	case 0.5:
		return "p50-ns"
	case 0.99:
		return "p99-ns"
	case 0.999:
		return "p999-ns"
	}
	return fmt.Sprintf("p%g-ns", q*100)
}

// Batches times every iteration of a benchmark loop, each a batch of the
// same operations, so that a sample can report its median batch: a sample
// robust to bursts.
//
// Note: on a shared machine a neighbour or the hypervisor slows the core in
// bursts of tens to hundreds of milliseconds. The mean over a 50 ms sample
// takes in whatever share of a burst fell into it; the median of its
// batches does not, unless most of the sample was slow (e.g. on a 2-vCPU
// AMD EPYC guest, 50 ms windows of the Snappy row's 3.8 ms passes over the
// corpus had medians that varied by 4.9 % (robust CV) where their means
// varied by 8.5 %). The plain mean stays beside it (mean-ns/op). Timing a
// batch costs two clock reads, up to a few hundred ns in a guest
// (BenchmarkBatches measures it), so a batch should take microseconds.
type Batches struct {
	r  *Recorder
	t0 time.Time
}

// NewBatches returns a Batches that keeps the times of up to 1<<16 batches.
func NewBatches() *Batches { return &Batches{r: NewRecorder(1 << 16)} }

// Start marks the start of a batch.
func (bt *Batches) Start() { bt.t0 = time.Now() }

// Stop records the batch started last.
func (bt *Batches) Stop() { bt.r.Add(time.Since(bt.t0)) }

// Report reports ns/op, the median batch's time per operation, and
// mean-ns/op, the whole loop's (b.Elapsed) time per operation, for batches
// of perBatch operations each.
func (bt *Batches) Report(b *testing.B, perBatch int) {
	b.ReportMetric(bt.r.Quantile(0.5)/float64(perBatch), "ns/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(perBatch), "mean-ns/op")
}
