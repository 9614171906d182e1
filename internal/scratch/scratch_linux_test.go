package scratch

import (
	"os"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// uncached reports whether f was opened with O_DIRECT.
func uncached(t *testing.T, f *os.File) (direct, known bool) {
	t.Helper()
	flags, err := unix.FcntlInt(f.Fd(), unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return flags&syscall.O_DIRECT != 0, true
}

// dropCache evicts f's pages from the page cache.
func dropCache(t *testing.T, f *os.File) {
	t.Helper()
	if err := unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
}
