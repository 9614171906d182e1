package cache

import (
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dgraph-io/ristretto/v2"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/timing"
)

const (
	zipfS = 1.01 // Zipf exponent (rand.NewZipf needs s > 1)
	batch = 256  // operations per b.Loop iteration
)

// items is the number of keys in each cache, streamLen the number of keys in
// a precomputed stream (a power of two). The test profile shrinks both so
// `make test` builds the fixture in a fraction of a second.
var items, streamLen = sizes(env.Profile())

func sizes(profile string) (items, streamLen int) {
	if profile == "test" {
		return 1 << 14, 1 << 16
	}
	return 1 << 17, 1 << 20
}

// keyOf maps a rank to its key. Multiplying by an odd constant is a
// bijection on uint64, so keys are distinct and spread over the key space
// as real hashes are, not consecutive.
func keyOf(rank uint64) uint64 { return rank * 0x9e3779b97f4a7c15 }

// zipfStream returns n keys keyOf(offset + r), r drawn from Zipf(zipfS) over
// [0, items), from a fixed seed.
func zipfStream(n int, offset uint64, seed int64) []uint64 {
	z := rand.NewZipf(rand.New(rand.NewSource(seed)), zipfS, 1, uint64(items-1))
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = keyOf(offset + z.Uint64())
	}
	return keys
}

// A fixture is the caches and key streams, built once per process.
type fixture struct {
	hits, misses []uint64 // keys present in the caches; keys absent
	m            map[uint64]uint64
	sm           *sync.Map
	rc           *ristretto.Cache[uint64, uint64] // for Gets
	rcSet        *ristretto.Cache[uint64, uint64] // for Sets, so Gets see a fixed cache
}

var loadFixture = sync.OnceValues(func() (*fixture, error) {
	f := &fixture{
		hits:   zipfStream(streamLen, 0, 1),
		misses: zipfStream(streamLen, uint64(items), 2),
		m:      make(map[uint64]uint64, items),
		sm:     new(sync.Map),
	}
	for r := range uint64(items) {
		f.m[keyOf(r)] = r
		f.sm.Store(keyOf(r), r)
	}
	var err error
	if f.rc, err = filledRistretto(); err != nil {
		return nil, err
	}
	if f.rcSet, err = filledRistretto(); err != nil {
		return nil, err
	}
	return f, nil
})

func fixtureOf(tb testing.TB) *fixture {
	tb.Helper()
	f, err := loadFixture()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// newRistretto returns a cache sized for items entries of cost 1, with the
// configuration ristretto's documentation recommends.
func newRistretto() (*ristretto.Cache[uint64, uint64], error) {
	return ristretto.NewCache(&ristretto.Config[uint64, uint64]{
		NumCounters:        10 * int64(items),
		MaxCost:            int64(items),
		BufferItems:        64,
		IgnoreInternalCost: true, // cost is items, not bytes
	})
}

// filledRistretto returns a full cache holding keyOf(r) -> r for every rank.
func filledRistretto() (*ristretto.Cache[uint64, uint64], error) {
	c, err := newRistretto()
	if err != nil {
		return nil, fmt.Errorf("creating ristretto cache: %w", err)
	}
	for r := range uint64(items) {
		for !c.Set(keyOf(r), r, 1) { // dropped: the set buffer is full
			c.Wait()
		}
	}
	c.Wait()
	// Every key costs 1 and MaxCost is items: no room left means every
	// Set was admitted. The benchmarks' hit-pct checks it again.
	if left := c.RemainingCost(); left != 0 {
		c.Close()
		return nil, fmt.Errorf("filling ristretto: %d of %d items not admitted", left, items)
	}
	return c, nil
}

// A getFunc looks a key up in one of the caches.
type getFunc func(k uint64) (uint64, bool)

func (f *fixture) getters() map[string]getFunc {
	return map[string]getFunc{
		"map": func(k uint64) (uint64, bool) {
			v, ok := f.m[k]
			return v, ok
		},
		"syncmap": func(k uint64) (uint64, bool) {
			v, ok := f.sm.Load(k)
			if !ok {
				return 0, false
			}
			return v.(uint64), true
		},
		"ristretto": f.rc.Get,
	}
}

// BenchmarkCache measures Get and Set on ristretto, a map and sync.Map with
// Zipf-distributed keys, on one goroutine and on every P.
func BenchmarkCache(b *testing.B) {
	f := fixtureOf(b)
	get := f.getters()
	b.Run("impl=map/op=get/par=1", func(b *testing.B) { benchGet(b, get["map"], f.hits) })
	b.Run("impl=syncmap/op=get/par=1", func(b *testing.B) { benchGet(b, get["syncmap"], f.hits) })
	b.Run("impl=ristretto/op=get-hit/par=1", func(b *testing.B) { benchGet(b, get["ristretto"], f.hits) })
	b.Run("impl=ristretto/op=get-miss/par=1", func(b *testing.B) { benchGet(b, get["ristretto"], f.misses) })
	b.Run("impl=ristretto/op=set/par=1", func(b *testing.B) { benchSet(b, f.rcSet, f.misses) })
	b.Run("impl=ristretto/op=get-hit/par=all", func(b *testing.B) { benchGetAll(b, get["ristretto"], f.hits) })
}

// next returns the stream position after j. It depends on the value v the
// last Get returned (v>>63 is 0 for every stored value, but the compiler
// cannot know), so each lookup waits for the one before.
func next(j int, v uint64) int { return (j + 1 + int(v>>63)) & (streamLen - 1) }

// benchGet looks up the keys of the stream in turn and reports ns per Get and
// the share of hits.
func benchGet(b *testing.B, get getFunc, keys []uint64) {
	hits, j := 0, 0
	b.ReportAllocs()
	bt := timing.NewBatches()
	for b.Loop() {
		bt.Start()
		for range batch {
			v, ok := get(keys[j])
			if ok {
				hits++
			}
			j = next(j, v)
		}
		bt.Stop()
	}
	ops := float64(b.N * batch)
	bt.Report(b, batch)
	b.ReportMetric(100*float64(hits)/ops, "hit-pct")
}

// benchGetAll is benchGet while a goroutine on every other P runs the same
// lookups on its own part of the stream: the time per Get as one caller sees
// it when all cores use the cache at once.
//
// Note: this rather than b.RunParallel, whose ns/op is wall time over all
// goroutines' operations (an inverse throughput) and whose ramp-up reruns
// the benchmark, each run after a full GC of the caches' large heap.
func benchGetAll(b *testing.B, get getFunc, keys []uint64) {
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		benchmain.Skipf(b, "GOMAXPROCS=%d: no other core to share the cache with", procs)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for g := 1; g < procs; g++ {
		wg.Go(func() {
			j := g * streamLen / procs
			for !stop.Load() {
				for range batch {
					v, _ := get(keys[j])
					j = next(j, v)
				}
			}
		})
	}
	benchGet(b, get, keys)
	stop.Store(true)
	wg.Wait()
	b.ReportMetric(float64(procs), "goroutines")
}

// benchSet sets absent keys into a full ristretto cache and reports ns per
// Set and the share of Sets accepted.
func benchSet(b *testing.B, c *ristretto.Cache[uint64, uint64], keys []uint64) {
	kept, j := 0, 0
	b.ReportAllocs()
	bt := timing.NewBatches()
	for b.Loop() {
		bt.Start()
		for range batch {
			if c.Set(keys[j], uint64(j), 1) {
				kept++
			}
			j = (j + 1) & (streamLen - 1)
		}
		bt.Stop()
	}
	ops := float64(b.N * batch)
	bt.Report(b, batch)
	b.ReportMetric(100*float64(kept)/ops, "kept-pct")
	c.Wait() // untimed: apply the queued Sets before the next run
}
