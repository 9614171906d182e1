package cpu

import (
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/topology"
)

// BenchmarkCoreToCore is the core-to-core latency matrix: for each chosen
// pair of CPUs, two threads pinned to them bounce one cache line with
// compare-and-swap, the method of nviennot/core-to-core-latency. The
// initiator on CPU A swaps 2k for 2k+1, the responder on CPU B swaps 2k+1
// for 2k+2, each spinning on its CAS until it succeeds; one round trip is
// the line going to B and back. ns/roundtrip is the full round trip,
// ns/oneway half of it (the figure core-to-core-latency's tables give).
//
// Sub-benchmarks pair=A-B are the matrix's cells (A < B: a round trip is
// the same whoever starts it); pair=min, pair=median and pair=max are the
// fastest, median and slowest cell of the same round, so that each round
// gives one sample of each summary and reports and comparisons can treat
// them as rows. Every pair is measured on a machine of up to 7 CPUs; on a
// larger one a bounded sample (package topology: one pair of each relation
// sysfs reveals, SMT sibling, shared last-level cache, other cache, other
// package, then every n-th CPU), 20 pairs at most, 3 with
// LATENCY_PROFILE=test.
//
// Note: both threads spin, so each needs a CPU of its own; the benchmark
// skips on a machine or GOMAXPROCS with fewer than two, and where the
// threads cannot be pinned (the skip says why).
func BenchmarkCoreToCore(b *testing.B) {
	twoCPUs(b) // skips with the reason when there are fewer than two
	pairs := c2cPairs(b)
	oneWay := make([][]float64, len(pairs)) // by pair, one per repetition (-test.count)
	for i, p := range pairs {
		b.Run("pair="+p.String(), func(b *testing.B) { oneWay[i] = append(oneWay[i], casPingPong(b, p.A, p.B)) })
	}
	for _, s := range []struct {
		name string
		pick func(sorted []float64) float64
	}{
		{"min", func(v []float64) float64 { return v[0] }},
		{"median", func(v []float64) float64 { return v[len(v)/2] }},
		{"max", func(v []float64) float64 { return v[len(v)-1] }},
	} {
		var rep timing.Repetition
		b.Run("pair="+s.name, func(b *testing.B) {
			// A summary of the cells measured in the same repetition, not
			// a measurement: no loop, nothing timed.
			i := rep.Index(b)
			var cells []float64
			for _, vs := range oneWay {
				if i < len(vs) {
					cells = append(cells, vs[i])
				}
			}
			if len(cells) == 0 {
				benchmain.Skip(b, "no pair was measured")
			}
			slices.Sort(cells)
			v := s.pick(cells)
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(2*v, "ns/roundtrip")
			b.ReportMetric(v, "ns/oneway")
			b.ReportMetric(float64(len(cells)), "pairs")
		})
	}
}

// c2cPairs returns the pairs to measure, from the CPUs this process may use.
func c2cPairs(b *testing.B) []topology.Pair {
	b.Helper()
	allowed, err := affinity.AllowedCPUs()
	if err != nil {
		benchmain.Skipf(b, "cannot read cpu affinity: %v", err)
	}
	max := 20
	if env.Profile() == "test" {
		max = 3
	}
	return topology.Pairs(topology.Read("/sys", allowed), max)
}

// casPingPong measures the CAS round trip between CPUs a and b, reports it
// and returns the one-way time in ns.
func casPingPong(b *testing.B, cpuA, cpuB int) float64 {
	const rounds = 100
	pinBench(b, cpuA)
	var line padded[atomic.Int64]
	var stop padded[atomic.Bool]
	done, err := goPinned(cpuB, func() {
		for v := int64(1); ; v += 2 {
			for !line.v.CompareAndSwap(v, v+1) {
				if stop.v.Load() {
					return
				}
			}
		}
	})
	if err != nil {
		benchmain.Skip(b, err) // e.g. a CPU set that the container refuses
	}
	var v int64
	for b.Loop() {
		for range rounds {
			for !line.v.CompareAndSwap(v, v+1) {
			}
			v += 2
		}
	}
	elapsed := b.Elapsed()
	stop.v.Store(true)
	waitFor(b, done)
	runtime.KeepAlive(&line)
	rt := float64(elapsed.Nanoseconds()) / float64(b.N) / rounds
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(rt, "ns/roundtrip")
	b.ReportMetric(rt/2, "ns/oneway")
	return rt / 2
}
