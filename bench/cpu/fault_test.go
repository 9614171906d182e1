//go:build linux || darwin

package cpu

import (
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// faultRegion is the size of each fresh mapping BenchmarkPageFault touches.
const faultRegion = 2 << 20

// touchPages writes one byte to each page of mem and returns the time the
// writes took and the minor page faults this thread took meanwhile. The
// caller must be locked to its OS thread.
func touchPages(mem []byte, pageSize int) (time.Duration, int64, error) {
	var before, after unix.Rusage
	if err := unix.Getrusage(rusageWho, &before); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	for i := 0; i < len(mem); i += pageSize {
		mem[i] = 1
	}
	d := time.Since(start)
	if err := unix.Getrusage(rusageWho, &after); err != nil {
		return 0, 0, err
	}
	return d, after.Minflt - before.Minflt, nil
}

// freshMapping maps size bytes of anonymous memory that the kernel must
// back with base pages, one fault per page (no transparent huge pages of any
// size).
func freshMapping(size int) ([]byte, error) {
	mem, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, err
	}
	if err := noHugePages(mem); err != nil {
		unix.Munmap(mem)
		return nil, err
	}
	return mem, nil
}

// BenchmarkPageFault measures a minor page fault: the first write to a page
// of fresh anonymous memory, for which the kernel allocates a page, zeroes
// it and maps it. Each b.Loop iteration maps 2 MiB, touches one byte per
// page and unmaps it; only the writes are timed (mmap and munmap are not),
// and the faults are counted with getrusage, so ns/fault is the timed writes
// divided by the faults the kernel really took. "faults/page" shows that
// every page faulted once (no huge pages, no fault-around). ns/op is
// reported as 0: an iteration's time (map, touch 512 pages, unmap) is no
// latency of the table.
func BenchmarkPageFault(b *testing.B) {
	runtime.LockOSThread() // RUSAGE_THREAD must see the same thread throughout
	defer runtime.UnlockOSThread()
	pageSize := os.Getpagesize()
	var spent time.Duration
	var faults int64
	for b.Loop() {
		mem, err := freshMapping(faultRegion)
		if err != nil {
			b.Fatalf("mapping %d bytes: %v", faultRegion, err)
		}
		d, n, err := touchPages(mem, pageSize)
		if err != nil {
			b.Fatalf("counting page faults: %v", err)
		}
		if err := unix.Munmap(mem); err != nil {
			b.Fatalf("unmapping: %v", err)
		}
		spent += d
		faults += n
	}
	pages := int64(b.N) * faultRegion / int64(pageSize)
	if faults < pages*9/10 {
		b.Fatalf("%d page faults for %d fresh pages: pages were not faulted one by one", faults, pages)
	}
	b.ReportMetric(float64(spent.Nanoseconds())/float64(faults), "ns/fault")
	b.ReportMetric(float64(faults)/float64(pages), "faults/page")
	b.ReportMetric(0, "ns/op")
}
