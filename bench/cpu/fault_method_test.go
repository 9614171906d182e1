//go:build linux || darwin

package cpu

import (
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
