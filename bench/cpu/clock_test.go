package cpu

import (
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/clock"
)

// BenchmarkClock times a chain of dependent one-cycle adds: the time per add
// is the core's clock period at its current frequency. ns/cycle and GHz come
// from the fastest b.Loop iteration of the run.
//
// Note: a clock period is a property of the core, not of the load on the
// machine. Preemption and a busy neighbour only ever lengthen an iteration,
// so the fastest of the run's iterations (hundreds of 25 µs chains) is the
// truest reading; the mean would report the CPU share the benchmark got.
func BenchmarkClock(b *testing.B) {
	if err := clock.Available(); err != nil {
		benchmain.Skip(b, err)
	}
	defer affinity.PreferFast()() // macOS: a performance core, if one is free
	const passes = 1000           // 100,000 adds, ~25 µs per b.Loop iteration
	var sum uint64
	fastest := time.Duration(1<<63 - 1)
	for b.Loop() {
		start := time.Now()
		sum += clock.AddChain(passes)
		fastest = min(fastest, time.Since(start))
	}
	if want := uint64(b.N) * passes * clock.ChainLen; sum != want {
		b.Fatalf("add chain summed %d, want %d", sum, want)
	}
	ns := float64(fastest.Nanoseconds()) / (passes * clock.ChainLen)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(ns, "ns/cycle")
	b.ReportMetric(1/ns, "GHz")
}
