package clock

import (
	"fmt"
	"slices"
	"time"
)

// ChainLen is the number of dependent adds in one pass of AddChain's loop.
const ChainLen = 100

// Estimate returns the core clock in GHz: the fastest of many short timed
// runs of AddChain after a warm-up, about 25 ms in all.
//
// Note: each run is 100,000 adds (about 30 µs), short enough that most runs
// see no interrupt at all; interrupts and preemption only make a run slower,
// so the fastest run is the truest. Millisecond runs always include timer
// ticks and the host's work (e.g. in a 2-vCPU guest they read 3 to 5 %
// slow).
func Estimate() (ghz float64, err error) {
	if err := Available(); err != nil {
		return 0, err
	}
	const passes, trials = 1000, 600
	AddChain(100 * passes) // warm up: let the core leave any idle clock
	best := time.Duration(1<<63 - 1)
	for range trials {
		start := time.Now()
		if got := AddChain(passes); got != passes*ChainLen {
			return 0, fmt.Errorf("add chain returned %d, want %d", got, passes*ChainLen)
		}
		best = min(best, time.Since(start))
	}
	if best <= 0 {
		return 0, fmt.Errorf("add chain took %v", best)
	}
	return float64(passes*ChainLen) / float64(best.Nanoseconds()), nil
}

// Probe times a short fixed piece of work, in nanoseconds: the median of
// 15 runs of 100,000 dependent adds (about 35 µs each at 3 GHz), about
// half a millisecond in all. Run between samples, a probe slower than the
// run's fastest says the core was slower or shared just then (a busy
// host, an SMT sibling at work), which a guest's steal counter may not
// show.
func Probe() float64 {
	const passes, runs = 1000, 15
	var ts [runs]time.Duration
	for i := range ts {
		start := time.Now()
		AddChain(passes)
		ts[i] = time.Since(start)
	}
	slices.Sort(ts[:])
	return float64(ts[runs/2].Nanoseconds())
}
