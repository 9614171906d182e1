package memory

import (
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/chase"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/units"
)

// mlpDepths are the numbers of independent chases BenchmarkMemoryParallelism
// interleaves.
var mlpDepths = []int{1, 2, 4, 8, 16, 32, 64}

// kneeMargin is how close to the best time per load a depth must come to
// count as having reached it: 10 %.
const kneeMargin = 1.10

// BenchmarkMemoryParallelism measures memory-level parallelism: k
// independent pointer chases through the main-memory ring, interleaved in
// one loop (lmbench par_mem, clamchowder's mlp mode), for k = 1, 2, 4 … 64
// (64 so that a core that still gains at 32 shows where it stops).
// Each chase waits for its own loads only, so the core can have k misses in
// flight; ns/load is the time per load of all chases together (the median
// over blocks of 4096 loads), which falls as k grows until the core's miss
// buffers or the memory system are full.
//
// k=knee is a summary of the round's points, not a measurement: the time
// per load at the smallest k within 10 % of the best, and that k as knee-k,
// the number of misses in flight beyond which more do not help.
//
// Note: the chases start evenly spaced around the ring (chase.Ring.Spread),
// from a point that moves on by what the previous sample walked, so no
// chase treads where another has just been.
func BenchmarkMemoryParallelism(b *testing.B) {
	size := chaseSize(workingSets.DRAM)
	ws := "/size=" + units.Name(size)
	perLoad := map[int][]float64{} // by k, one per repetition (-test.count)
	for _, k := range mlpDepths {
		b.Run(fmt.Sprintf("k=%d", k)+ws, func(b *testing.B) {
			perLoad[k] = append(perLoad[k], mlp(b, ring(b, size, mem.Huge), k))
		})
	}
	var rep timing.Repetition
	b.Run("k=knee"+ws, func(b *testing.B) {
		// A summary of the points measured in the same repetition, not a
		// measurement: no loop, nothing timed.
		i := rep.Index(b)
		at := map[int]float64{}
		for k, vs := range perLoad {
			if i < len(vs) {
				at[k] = vs[i]
			}
		}
		if len(at) != len(mlpDepths) {
			benchmain.Skip(b, "not every depth was measured")
		}
		knee := kneeOf(at)
		b.ReportMetric(0, "ns/op")
		b.ReportMetric(at[knee], "ns/load")
		b.ReportMetric(float64(knee), "knee-k")
		b.ReportMetric(at[1]/at[knee], "speedup")
	})
}

// kneeOf returns the smallest depth whose time per load is within
// kneeMargin of the best.
func kneeOf(perLoad map[int]float64) int {
	best := slices.Min(slices.Collect(maps.Values(perLoad)))
	for _, k := range slices.Sorted(maps.Keys(perLoad)) {
		if perLoad[k] <= best*kneeMargin {
			return k
		}
	}
	return 0
}

// TestKnee checks the knee of the parallelism curve on made-up points.
func TestKnee(t *testing.T) {
	for _, tc := range []struct {
		name string
		pts  map[int]float64
		want int
	}{
		{"levels off at 16", map[int]float64{1: 100, 2: 50, 4: 25, 8: 13, 16: 7, 32: 6.8}, 16},
		{"best at the end", map[int]float64{1: 100, 2: 50, 4: 25, 8: 13, 16: 7, 32: 3}, 32},
		{"worse past 8", map[int]float64{1: 100, 2: 50, 4: 25, 8: 10, 16: 12, 32: 15}, 8},
		{"no parallelism", map[int]float64{1: 100, 2: 101, 4: 99, 8: 100, 16: 100, 32: 100}, 1},
	} {
		if got := kneeOf(tc.pts); got != tc.want {
			t.Errorf("%s: got k=%d, want %d", tc.name, got, tc.want)
		}
	}
}

// spreadCursors are evenly spaced starting points on the main-memory ring,
// found once per ring (a walk of the whole ring) and kept as offsets (the
// ring moves: BenchmarkMainMemory), and the index of the one the next
// sample starts from.
var spreadCursors struct {
	r    *chase.Ring
	offs []uintptr
	next int
}

// spreadPoints is how many starting points are kept: a multiple of every
// depth, fine enough that a sample's start moves on by little more than
// what the previous one walked.
const spreadPoints = 256

// mlp runs k interleaved chases and returns and reports the time per load.
func mlp(b *testing.B, r *chase.Ring, k int) float64 {
	sp := &spreadCursors
	if sp.r != r {
		cs, err := r.Spread(spreadPoints)
		if err != nil {
			b.Fatal(err)
		}
		sp.r, sp.offs, sp.next = r, make([]uintptr, len(cs)), 0
		for i, c := range cs {
			sp.offs[i] = r.Offset(c)
		}
	}
	cs := make([]chase.Cursor, k)
	for i := range cs {
		cs[i] = r.At(sp.offs[(sp.next+i*spreadPoints/k)%spreadPoints])
	}
	perChase := steps / k
	b.ReportAllocs()
	times := timing.NewRecorder(1 << 17)
	for b.Loop() {
		t0 := time.Now()
		r.WalkParallel(cs, perChase)
		times.Add(time.Since(t0))
	}
	// Move on past what each chase walked.
	walked := b.N * perChase
	sp.next = (sp.next + 1 + walked*spreadPoints/r.Len()) % spreadPoints
	ns := times.Quantile(0.5) / float64(perChase*k)
	b.ReportMetric(ns, "ns/load")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perChase*k), "mean-ns/load")
	b.ReportMetric(0, "ns/op")
	return ns
}
