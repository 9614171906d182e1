package cpu

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/env"
)

// branchBytes is the length of each pattern.
//
// Note: the same pattern is replayed pass after pass, and modern predictors
// learn it if it is short: on a Zen 5 core 16 KiB of random outcomes cost
// nothing after a few passes, 64 KiB still cost less than the plateau, and
// the cost is flat from 128 KiB. 256 KiB is well past that; the random and
// sorted copies together (512 KiB) still stream from L2.
const branchBytes = 256 << 10

// branchThreshold splits the byte values in half: a byte at or above it
// takes the branch.
const branchThreshold = 128

// branchPatterns returns uniformly random bytes, so the branch in
// countAbove is taken with probability 1/2 independently of every earlier
// outcome, and the same bytes sorted, so it is taken in one single run.
var branchPatterns = sync.OnceValues(func() (random, sorted []byte) {
	r := rand.New(rand.NewPCG(1, 2))
	random = make([]byte, branchBytes)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	sorted = slices.Clone(random)
	slices.Sort(sorted)
	return random, sorted
})

// mispredictRate is the fraction of branches that any predictor must miss on
// a pattern taken with probability p, each outcome independent of the
// others: it can do no better than always guess the likelier outcome.
func mispredictRate(p float64) float64 {
	return min(p, 1-p)
}

// BenchmarkBranchMispredict runs the same loop (countAbove, in assembly
// where it can be) over random bytes and over the same bytes sorted,
// interleaved, and reports the extra time of the random pass per
// mispredicted branch. The sorted pass is predicted all but
// once; on the random pass half the branches are mispredicted (see
// mispredictRate), so
//
//	ns/mispredict = (random time - sorted time) / (branches × 1/2).
func BenchmarkBranchMispredict(b *testing.B) {
	random, sorted := branchPatterns()
	want := countAbove(sorted, branchThreshold)
	rate := mispredictRate(float64(want) / float64(len(random)))
	defer affinity.PreferFast()() // macOS: a performance core, if one is free

	// Note: each iteration alternates passes so that a change of clock or a
	// noisy neighbour hits both alike; the fastest pass of each kind guards
	// the branch check against one preempted pass.
	const passes = 2
	var tRandom, tSorted time.Duration
	fastRandom, fastSorted := time.Duration(1<<63-1), time.Duration(1<<63-1)
	for b.Loop() {
		for range passes {
			t0 := time.Now()
			n1 := countAbove(random, branchThreshold)
			t1 := time.Now()
			n2 := countAbove(sorted, branchThreshold)
			t2 := time.Now()
			if n1 != want || n2 != want {
				b.Fatalf("counted %d and %d, want %d", n1, n2, want)
			}
			tRandom += t1.Sub(t0)
			tSorted += t2.Sub(t1)
			fastRandom = min(fastRandom, t1.Sub(t0))
			fastSorted = min(fastSorted, t2.Sub(t1))
		}
	}
	if fastRandom < fastSorted*5/4 {
		msg := fmt.Sprintf("random pattern took %v, sorted %v: the branch costs the same either way, "+
			"so it was not mispredicted (compiled to CMOV? learnt by the predictor?)", fastRandom, fastSorted)
		if !env.Emulated() {
			b.Fatal(msg)
		}
		b.Log(msg + "; under emulation, where timings mean nothing: not enforced")
	}
	branches := float64(b.N) * passes * float64(len(random))
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64((tRandom-tSorted).Nanoseconds())/(branches*rate), "ns/mispredict")
	b.ReportMetric(float64(tRandom.Nanoseconds())/branches, "random-ns/branch")
	b.ReportMetric(float64(tSorted.Nanoseconds())/branches, "sorted-ns/branch")
}
