package clock

import (
	"fmt"
	"time"
)

// ChainLen is the number of dependent adds in one pass of AddChain's loop.
const ChainLen = 100

// Estimate returns the core clock in GHz: the fastest of many short timed
// runs of AddChain after a warm-up, about 25 ms in all.
//
// Note: each run is 100,000 adds (about 30 µs), short enough that most runs
// see no interrupt at all; interrupts and preemption only make a run slower,
// so the fastest run is the truest. Millisecond runs read 3 to 5 % slow in a
// guest here: they always include timer ticks and the host's work.
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
