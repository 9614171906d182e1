//go:build linux || darwin

package cpu

import (
	"fmt"
	"runtime"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// BenchmarkContextSwitch measures a thread switch the way lmbench's lat_ctx
// and lat_pipe and perf bench sched pipe do: two OS threads pass a byte back
// and forth through two pipes, each blocking in read(2) until the other
// writes. ns/switch is the round trip / 2, and includes the pipe's write and
// read system calls.
//
// cpus=1: both threads pinned to one CPU, so each hand-off is a context
// switch on that CPU (the kernel puts the writer to sleep and runs the
// reader).
//
// cpus=2: the threads pinned to two CPUs, so each hand-off is a wake-up of a
// sleeping thread on the other CPU: an inter-processor interrupt, and under
// a hypervisor the other vCPU's exit from its idle halt.
func BenchmarkContextSwitch(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("cpus=%d", n), func(b *testing.B) {
			cpus := firstCPUs(b, n)
			cpuA, cpuB := cpus[0], cpus[n-1]
			pinBench(b, cpuA)
			spareP(b)
			const rounds = 20
			ping, pong := newPipe(b), newPipe(b)
			done, err := goPinned(cpuB, func() {
				// Echo each byte until the ping pipe's writer closes.
				buf := make([]byte, 1)
				for {
					if n, _ := unix.Read(ping[0], buf); n != 1 {
						return
					}
					if n := rawWrite(pong[1], buf); n != 1 {
						return
					}
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 1)
			for b.Loop() {
				for range rounds {
					if n := rawWrite(ping[1], buf); n != 1 {
						b.Fatalf("writing to pipe: %d", n)
					}
					if n, err := unix.Read(pong[0], buf); n != 1 {
						b.Fatalf("reading from pipe: %d bytes, %v", n, err)
					}
				}
			}
			elapsed := b.Elapsed()
			unix.Close(ping[1])
			ping[1] = -1
			waitFor(b, done)
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/rounds/2, "ns/switch")
		})
	}
}

// spareP raises GOMAXPROCS by two for the rest of the benchmark.
//
// Note: a thread blocked in read(2) holds its P in the syscall state. When
// no P is idle, the runtime's sysmon takes such a P away after 20 µs and
// wakes a spare thread to look for work, and the reader must win a P back
// when it wakes: thread wake-ups of the Go runtime's own on the very CPUs
// being measured (e.g. on a 2-vCPU guest they doubled the two-CPU figure).
// With an idle P to spare, sysmon leaves blocked threads alone, as it does
// in most programs.
func spareP(b *testing.B) {
	old := runtime.GOMAXPROCS(0)
	runtime.GOMAXPROCS(old + 2)
	b.Cleanup(func() { runtime.GOMAXPROCS(old) })
}

// rawWrite writes buf to fd with a raw system call, as C would, without the
// Go scheduler's entersyscall/exitsyscall (e.g. about a quarter of a
// microsecond on a 2-vCPU guest). It returns the bytes written, or -1.
//
// Note: only the write may be raw. A one-byte write to an empty pipe never
// blocks, while a thread blocked in a raw read would hold its P and could
// deadlock a stop-the-world garbage collection: the partner it waits for
// would be stopped by that same collection.
func rawWrite(fd int, buf []byte) int {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if errno != 0 {
		return -1
	}
	return int(n)
}

// newPipe returns a blocking pipe (Go's os.Pipe is non-blocking and parks
// the goroutine in the netpoller instead of blocking the thread), closed
// when the benchmark ends.
func newPipe(b *testing.B) *[2]int {
	b.Helper()
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		b.Fatalf("creating pipe: %v", err)
	}
	unix.CloseOnExec(p[0])
	unix.CloseOnExec(p[1])
	b.Cleanup(func() {
		for _, fd := range p {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	})
	return &p
}

// BenchmarkGoroutineHandoff measures handing control from one goroutine to
// another: two goroutines ping-pong a token through unbuffered channels.
// ns/handoff is the round trip / 2. The goroutines are not pinned; the Go
// scheduler usually runs the woken goroutine next on the same P, so this is
// mostly a same-thread switch, with no system call.
func BenchmarkGoroutineHandoff(b *testing.B) {
	const rounds = 1000
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
		close(pong)
	}()
	for b.Loop() {
		for range rounds {
			ping <- struct{}{}
			<-pong
		}
	}
	elapsed := b.Elapsed()
	close(ping)
	<-pong
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/rounds/2, "ns/handoff")
}
