package timing

import "testing"

// A Repetition counts the runs of a summary sub-benchmark (one that reports
// a figure of other sub-benchmarks, the fastest of a matrix's cells, the
// knee of a curve), so that with -test.count n its i-th run summarises the
// i-th run of every point.
//
// Note: the testing package calls a benchmark function first with b.N = 1
// in every repetition, then again with a larger b.N while it ramps up, unless
// b.Loop drives the loop (the measured points' case: one call per
// repetition). A function that times nothing is ramped up; its calls with
// b.N = 1 mark the repetitions.
type Repetition struct{ n int }

// Index returns the 0-based repetition that the call with b belongs to. Call
// it once at the start of every call of the benchmark function.
func (r *Repetition) Index(b *testing.B) int {
	if b.N == 1 || r.n == 0 {
		r.n++
	}
	return r.n - 1
}
