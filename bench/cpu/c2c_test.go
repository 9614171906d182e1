package cpu

import (
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/latency-numbers/latency/internal/affinity"
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
	var oneWay []float64
	for _, p := range pairs {
		var last float64
		b.Run("pair="+p.String(), func(b *testing.B) { last = casPingPong(b, p.A, p.B) })
		if last > 0 {
			oneWay = append(oneWay, last)
		}
	}
	if len(oneWay) == 0 {
		return
	}
	slices.Sort(oneWay)
	for _, s := range []struct {
		name string
		v    float64
	}{{"min", oneWay[0]}, {"median", oneWay[len(oneWay)/2]}, {"max", oneWay[len(oneWay)-1]}} {
		b.Run("pair="+s.name, func(b *testing.B) {
			// A summary of the cells just measured, not a measurement:
			// no loop, nothing timed.
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(2*s.v, "ns/roundtrip")
			b.ReportMetric(s.v, "ns/oneway")
			b.ReportMetric(float64(len(oneWay)), "pairs")
		})
	}
}

// c2cPairs returns the pairs to measure, from the CPUs this process may use.
func c2cPairs(b *testing.B) []topology.Pair {
	b.Helper()
	allowed, err := affinity.AllowedCPUs()
	if err != nil {
		b.Skipf("cannot read cpu affinity: %v", err)
	}
	max := 20
	if os.Getenv("LATENCY_PROFILE") == "test" {
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
		b.Skip(err) // e.g. a CPU set that the container refuses
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
