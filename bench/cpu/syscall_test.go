//go:build linux || darwin

package cpu

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/latency-numbers/latency/internal/timing"
)

// BenchmarkSyscall measures a system call that does almost nothing in the
// kernel: getppid (lmbench's lat_syscall null), so the figure is the cost of
// entering and leaving the kernel, including any page-table switch and TLB
// refill that the kernel's mitigations add.
//
// call=getppid: the SYSCALL instruction from a small assembly function, as
// C's getppid() is a small libc function (see getppid_linux.go; on macOS,
// libc's own, getppid_darwin.go), with no Go runtime bookkeeping.
//
// call=getppid-go: the same call through unix.Syscall, which also tells the
// Go scheduler that the goroutine is in the kernel (entersyscall and
// exitsyscall), as every blocking call in Go does (file and pipe reads and
// writes).
func BenchmarkSyscall(b *testing.B) {
	const calls = 100
	want := uintptr(os.Getppid())
	for _, tc := range []struct {
		name string
		call func() uintptr
	}{
		{"call=getppid", getppid},
		{"call=getppid-go", func() uintptr {
			r, _, _ := unix.Syscall(unix.SYS_GETPPID, 0, 0, 0)
			return r
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var got uintptr
			b.ReportAllocs()
			bt := timing.NewBatches()
			for b.Loop() {
				bt.Start()
				for range calls {
					got = tc.call()
				}
				bt.Stop()
			}
			if got != want {
				b.Fatalf("getppid returned %d, want %d", got, want)
			}
			bt.Report(b, calls)
		})
	}
}

func TestGetppid(t *testing.T) {
	if got, want := getppid(), uintptr(os.Getppid()); got != want {
		t.Errorf("getppid() = %d, want %d", got, want)
	}
}
