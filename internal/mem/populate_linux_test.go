package mem

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// TestMapIsResident checks that a buffer fresh from Map takes no page
// faults when written: every page is already resident, so a benchmark's
// first pass over it times memory, not the kernel.
func TestMapIsResident(t *testing.T) {
	for _, p := range Kinds() {
		t.Run(p.String(), func(t *testing.T) {
			b, err := Map(8<<20, p)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Free()
			runtime.LockOSThread() // the faults are counted per thread
			defer runtime.UnlockOSThread()
			var before, after unix.Rusage
			if err := unix.Getrusage(unix.RUSAGE_THREAD, &before); err != nil {
				t.Skipf("getrusage: %v", err)
			}
			touch(b.B)
			if err := unix.Getrusage(unix.RUSAGE_THREAD, &after); err != nil {
				t.Fatal(err)
			}
			// 8 MiB is 2048 base pages but only 4 huge ones: each
			// fault of those would count, and a stray fault elsewhere
			// (the runtime) may land on this thread meanwhile.
			limit := int64(16)
			if f, err := b.HugeFraction(); err == nil && f > 0 {
				limit = 1
			}
			if n := after.Minflt - before.Minflt; n > limit {
				t.Errorf("writing a mapped buffer took %d page faults; want it resident", n)
			}
		})
	}
}
