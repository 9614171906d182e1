//go:build linux || darwin

package cpu

import (
	"flag"
	"os"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// TestTouchPagesFaultsEachPage checks the page fault method: touching a
// fresh mapping takes one fault per page, and touching it again takes none.
func TestTouchPagesFaultsEachPage(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	pageSize := os.Getpagesize()
	mem, err := freshMapping(faultRegion)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(mem)
	pages := int64(len(mem) / pageSize)
	_, first, err := touchPages(mem, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	if first < pages || first > pages+pages/10 {
		t.Errorf("first touch of %d fresh pages took %d faults, want %d", pages, first, pages)
	}
	_, again, err := touchPages(mem, pageSize)
	if err != nil {
		t.Fatal(err)
	}
	if again > pages/100 {
		t.Errorf("second touch of %d pages took %d faults, want 0", pages, again)
	}
}

// TestPageFaultReportsNoNsPerOp checks that BenchmarkPageFault reports its
// figure as ns/fault and 0 ns/op, as the package's rule says: the time of a
// b.Loop iteration (mapping, touching and unmapping 2 MiB) is no latency of
// the table.
func TestPageFaultReportsNoNsPerOp(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	old := bt.Value.String()
	if err := bt.Value.Set("1x"); err != nil {
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	r := testing.Benchmark(BenchmarkPageFault)
	if r.N == 0 {
		t.Fatal("BenchmarkPageFault did not run")
	}
	if ns, ok := r.Extra["ns/op"]; !ok || ns != 0 {
		t.Errorf("ns/op = %v (reported: %v), want 0 reported", r.NsPerOp(), ok)
	}
	if r.Extra["ns/fault"] <= 0 {
		t.Errorf("ns/fault = %v, want a positive time", r.Extra["ns/fault"])
	}
}
