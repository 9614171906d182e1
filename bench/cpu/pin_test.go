package cpu

import (
	"runtime"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
)

// anyCPU stands for a CPU the scheduler chooses: where threads cannot be
// pinned (macOS), goPinned and pinBench lock the goroutine to its thread
// and ask for a fast core (affinity.PreferFast).
const anyCPU = -1

// goPinned starts f in a new goroutine locked to an OS thread pinned to cpu,
// and returns once the thread is pinned. The thread is never unlocked, so it
// exits with the goroutine. done is closed when f has returned.
func goPinned(cpu int, f func()) (done <-chan struct{}, err error) {
	pinned := make(chan error)
	finished := make(chan struct{})
	go func() {
		var err error
		if cpu == anyCPU {
			affinity.PreferFast() // locks; never undone: the thread exits with the goroutine
		} else {
			_, err = affinity.LockAndPin(cpu)
		}
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
	allowed, err := affinity.AllowedCPUs()
	if err != nil {
		benchmain.Skipf(b, "cannot read cpu affinity: %v", err)
	}
	if len(allowed) < n {
		benchmain.Skipf(b, "needs %d CPUs; this process may use %d", n, len(allowed))
	}
	return allowed[:n]
}

// twoCPUs returns the first two CPUs this process may run on, or skips the
// benchmark if there are fewer than two or GOMAXPROCS is below two (a
// goroutine spinning on a locked thread would then starve its partner).
//
// Note: where threads cannot be pinned (macOS) it returns anyCPU twice. Its
// callers' two threads both spin, never sleeping, so a scheduler with two
// free cores keeps them on two cores; which two is its choice.
func twoCPUs(b *testing.B) (int, int) {
	b.Helper()
	if p := runtime.GOMAXPROCS(0); p < 2 {
		benchmain.Skipf(b, "needs GOMAXPROCS >= 2, have %d", p)
	}
	if affinity.Pinning() != nil {
		if n := runtime.NumCPU(); n < 2 {
			benchmain.Skipf(b, "needs 2 CPUs, this machine has %d", n)
		}
		return anyCPU, anyCPU
	}
	cpus := firstCPUs(b, 2)
	return cpus[0], cpus[1]
}

// pinBench pins the benchmark's goroutine to cpu for the rest of the
// benchmark, or fails it.
func pinBench(b *testing.B, cpu int) {
	b.Helper()
	if cpu == anyCPU {
		runtime.LockOSThread()
		b.Cleanup(runtime.UnlockOSThread)
		b.Cleanup(affinity.PreferFast())
		return
	}
	undo, err := affinity.LockAndPin(cpu)
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
