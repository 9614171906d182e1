package cpu

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/latency-numbers/latency/internal/timing"
)

// padded keeps a value on cache lines of its own (128 bytes either side
// covers adjacent-line prefetching), as sync's PaddedMutex does.
type padded[T any] struct {
	_ [128]byte
	v T
	_ [128]byte
}

// BenchmarkMutex measures one sync.Mutex Lock+Unlock pair.
//
// contended=no: one goroutine locks and unlocks a mutex nobody else touches
// (the fast path: two atomic operations on a line in its own L1).
//
// contended=yes: two goroutines, pinned to two CPUs, lock and unlock the same
// mutex in a loop, the measured one for the timed loop and its partner all
// along. ns/op is the time each goroutine takes per Lock+Unlock pair of its
// own: 2 × wall time / pairs completed by both in that time. It includes
// waiting out the other's critical sections, the line moving between cores,
// and the mutex's spinning, parking and wake-ups. "own-pct" is the measured
// goroutine's share of the pairs (50 for a fair lock).
//
// Note: per-pair time of the measured goroutine alone swings from run to run
// with the lock's fairness (sync.Mutex lets a running goroutine barge ahead
// of a waiter), while the two goroutines' total is steady.
func BenchmarkMutex(b *testing.B) {
	const pairs = 1000
	b.Run("contended=no", func(b *testing.B) {
		var mu padded[sync.Mutex]
		b.ReportAllocs()
		bt := timing.NewBatches()
		for b.Loop() {
			bt.Start()
			for range pairs {
				mu.v.Lock()
				mu.v.Unlock() //nolint:staticcheck // empty critical section on purpose
			}
			bt.Stop()
		}
		bt.Report(b, pairs)
	})
	b.Run("contended=yes", func(b *testing.B) {
		cpuA, cpuB := twoCPUs(b)
		pinBench(b, cpuA)
		var mu padded[sync.Mutex]
		var stop padded[atomic.Bool]
		var partner padded[atomic.Int64] // pairs done by the partner so far
		done, err := goPinned(cpuB, func() {
			for n := int64(1); !stop.v.Load(); n++ {
				mu.v.Lock()
				mu.v.Unlock() //nolint:staticcheck
				partner.v.Store(n)
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		for partner.v.Load() == 0 { // wait until the partner contends
		}
		before := partner.v.Load()
		for b.Loop() {
			for range pairs {
				mu.v.Lock()
				mu.v.Unlock() //nolint:staticcheck
			}
		}
		elapsed, theirs := b.Elapsed(), partner.v.Load()-before
		stop.v.Store(true)
		waitFor(b, done)
		mine := float64(b.N) * pairs
		all := mine + float64(theirs)
		b.ReportMetric(2*float64(elapsed.Nanoseconds())/all, "ns/op")
		b.ReportMetric(100*mine/all, "own-pct")
	})
}

// BenchmarkAtomicAdd measures one uncontended atomic add (LOCK XADD on
// amd64) on a counter alone on its cache line.
func BenchmarkAtomicAdd(b *testing.B) {
	const adds = 1000
	var c padded[atomic.Int64]
	b.ReportAllocs()
	bt := timing.NewBatches()
	for b.Loop() {
		bt.Start()
		for range adds {
			c.v.Add(1)
		}
		bt.Stop()
	}
	if got, want := c.v.Load(), int64(b.N)*adds; got != want {
		b.Fatalf("counter = %d, want %d", got, want)
	}
	bt.Report(b, adds)
}

// BenchmarkCacheLinePingPong measures a cache line's round trip between two
// cores: two threads pinned to two CPUs take turns incrementing one shared
// counter, each spinning until the other's write arrives. One round trip is
// two transfers of the line (there and back) and two increments.
func BenchmarkCacheLinePingPong(b *testing.B) {
	cpuA, cpuB := twoCPUs(b)
	pinBench(b, cpuA)
	const rounds = 100
	var line padded[atomic.Int64]
	done, err := goPinned(cpuB, func() {
		// Answer every odd value with the next even one; -1 means stop.
		for {
			switch v := line.v.Load(); {
			case v < 0:
				return
			case v&1 == 1:
				line.v.Store(v + 1)
			}
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	var v int64
	for b.Loop() {
		for range rounds {
			line.v.Store(v + 1)
			for line.v.Load() != v+2 {
			}
			v += 2
		}
	}
	elapsed := b.Elapsed()
	line.v.Store(-1)
	waitFor(b, done)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/rounds, "ns/roundtrip")
}
