package cpu

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// pin locks the calling goroutine to its OS thread and binds that thread to
// cpu. The returned undo restores the thread's affinity and unlocks it; if
// the affinity cannot be restored the thread stays locked, so the runtime
// ends it with the goroutine instead of reusing a pinned thread.
func pin(cpu int) (undo func(), err error) {
	runtime.LockOSThread()
	var old, set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("reading cpu affinity: %w", err)
	}
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		runtime.UnlockOSThread()
		return nil, fmt.Errorf("pinning thread to cpu %d: %w", cpu, err)
	}
	return func() {
		if unix.SchedSetaffinity(0, &old) == nil {
			runtime.UnlockOSThread()
		}
	}, nil
}

// goPinned starts f in a new goroutine locked to an OS thread pinned to cpu,
// and returns once the thread is pinned. The thread is never unlocked, so it
// exits with the goroutine. done is closed when f has returned.
func goPinned(cpu int, f func()) (done <-chan struct{}, err error) {
	pinned := make(chan error)
	finished := make(chan struct{})
	go func() {
		_, err := pin(cpu)
		pinned <- err
		if err != nil {
			return
		}
		defer close(finished)
		f()
	}()
	if err := <-pinned; err != nil {
		return nil, err
	}
	return finished, nil
}

// firstCPUs returns the first n CPUs this process may run on, or skips the
// benchmark if there are fewer.
func firstCPUs(b *testing.B, n int) []int {
	b.Helper()
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		b.Skipf("cannot read cpu affinity: %v", err)
	}
	var cpus []int
	for c := 0; c < len(set)*64 && len(cpus) < n; c++ {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) < n {
		b.Skipf("needs %d CPUs; this process may use %d", n, set.Count())
	}
	return cpus
}

// twoCPUs returns the first two CPUs this process may run on, or skips the
// benchmark if there are fewer than two or GOMAXPROCS is below two (a
// goroutine spinning on a locked thread would then starve its partner).
func twoCPUs(b *testing.B) (int, int) {
	b.Helper()
	cpus := firstCPUs(b, 2)
	if p := runtime.GOMAXPROCS(0); p < 2 {
		b.Skipf("needs GOMAXPROCS >= 2, have %d", p)
	}
	return cpus[0], cpus[1]
}

// pinBench pins the benchmark's goroutine to cpu for the rest of the
// benchmark, or fails it.
func pinBench(b *testing.B, cpu int) {
	b.Helper()
	undo, err := pin(cpu)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(undo)
}

// waitFor waits for a partner goroutine started by goPinned to finish.
func waitFor(b *testing.B, done <-chan struct{}) {
	b.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		b.Fatal("partner goroutine did not stop within 10s")
	}
}

// perOp returns the benchmark's elapsed time divided by ops operations per
// b.Loop iteration, in ns.
func perOp(b *testing.B, ops int) float64 {
	return float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(ops)
}
