//go:build linux || darwin

package network

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/echo"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/timing"
)

// timeout bounds every read, write and connect: a lost server fails the
// benchmark instead of hanging it.
const timeout = 2 * time.Second

// samples keeps round-trip times across sub-benchmarks (one runs at a
// time); 1M samples is 10 s of 10 µs round trips, beyond any profile.
var samples = timing.NewRecorder(1 << 20)

// warmups is how many untimed round trips precede the timed ones: enough
// to fault in buffers and settle the first wake-ups.
func warmups() int {
	if env.Profile() == "test" {
		return 1
	}
	return 100
}

// pingPong times one round trip per b.Loop iteration and reports the mean
// (ns/op) and the p50, p99 and p99.9 of the round trips; for UDP also the
// share of requests sent again after a timeout (loss-pct).
//
// Note: each round trip is timed on its own, between two clock reads, so
// the percentiles exclude the loop and the recording (a clock read costs up
// to about 100 ns, small beside a round trip); ns/op is the plain mean over
// the whole loop.
func pingPong(b *testing.B, p echo.Pinger, udp bool) {
	for range warmups() {
		if err := p.Ping(); err != nil {
			b.Fatalf("warm-up: %v", err)
		}
	}
	lost := p.Lost()
	samples.Reset()
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		if err := p.Ping(); err != nil {
			b.Fatal(err)
		}
		samples.Add(time.Since(t0))
	}
	samples.Report(b, 0.5, 0.99, 0.999)
	if udp {
		lost = p.Lost() - lost
		b.ReportMetric(100*float64(lost)/float64(b.N+lost), "loss-pct")
	}
}

// anyCPU is the placement cpus=any: no thread pinned, the scheduler
// decides.
const anyCPU = -1

// placements are the cpus= variants measured: one CPU and two CPUs; and
// where threads cannot be pinned (macOS), "any", while those two skip and
// say why.
func placements() []int {
	if affinity.Pinning() != nil {
		return []int{1, 2, anyCPU}
	}
	return []int{1, 2}
}

func placementName(cpus int) string {
	if cpus == anyCPU {
		return "any"
	}
	return strconv.Itoa(cpus)
}

// cpuPair returns the CPUs for client and server: the same one for cpus=1,
// two different ones for cpus=2, anyCPU for both for cpus=any.
func cpuPair(b *testing.B, cpus int) (client, server int) {
	if cpus == anyCPU {
		return anyCPU, anyCPU
	}
	allowed, err := affinity.AllowedCPUs()
	if err != nil {
		benchmain.Skip(b, err)
	}
	if len(allowed) < cpus {
		benchmain.Skipf(b, "needs %d CPUs, this process may use %d (%v)", cpus, len(allowed), allowed)
	}
	if cpus == 1 {
		last := allowed[len(allowed)-1]
		return last, last
	}
	return allowed[0], allowed[1]
}

// lockAndPin locks the calling goroutine to its thread and pins the thread
// to cpu (anyCPU: locks only) until the returned function runs, or skips
// the benchmark.
func lockAndPin(b *testing.B, cpu int) (unpin func()) {
	if cpu == anyCPU {
		runtime.LockOSThread()
		return runtime.UnlockOSThread
	}
	unpin, err := affinity.LockAndPin(cpu)
	if err != nil {
		benchmain.Skip(b, err)
	}
	return unpin
}
