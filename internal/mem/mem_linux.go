package mem

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

var kinds = []Pages{Huge, Small}

// advise asks for transparent huge pages (Huge) or refuses them (Small).
func advise(b []byte, pages Pages) error {
	advice := unix.MADV_HUGEPAGE
	if pages == Small {
		advice = unix.MADV_NOHUGEPAGE
	}
	return unix.Madvise(b, advice)
}

// populate makes every page of b resident and writable, as writing to
// each would, in one madvise(MADV_POPULATE_WRITE) (Linux 5.14 and later);
// on older kernels it writes to each page.
//
// Note: the kernel then allocates the pages in one call instead of taking
// a fault per page. Under a hypervisor each fault of a 4 KiB page can cost
// microseconds (about 12 µs on a nested guest), so touching 256 MiB of
// base pages took about 0.75 s there and the madvise about 0.05 s: the
// main-memory rows move their rings to fresh memory during a run
// (chase.Ring.Move), and each move paid it.
//
// Note: an madvise that succeeds without populating (an emulator's, such
// as qemu-user's, which accepts any advice) is caught by writing the last
// page: if that faulted, every page is written to.
func populate(b []byte) {
	if unix.Madvise(b, unix.MADV_POPULATE_WRITE) != nil || !resident(b) {
		touch(b)
	}
}

// resident reports whether writing the last byte of b took no page fault
// in this process. Another thread's fault meanwhile makes it say false,
// which only costs populate a needless pass.
func resident(b []byte) bool {
	var before, after unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &before) != nil {
		return false
	}
	b[len(b)-1] = 0 // a fresh mapping is zero: the write changes nothing
	if unix.Getrusage(unix.RUSAGE_SELF, &after) != nil {
		return false
	}
	return after.Minflt == before.Minflt && after.Majflt == before.Majflt
}

// collapse asks the kernel to back the buffer with huge pages now, where
// the faults did not get them (MADV_COLLAPSE, Linux 6.1 and later: it
// compacts memory synchronously). Failing is fine: HugeFraction says what
// the buffer has.
func (b *Buffer) collapse() {
	if f, err := b.HugeFraction(); err == nil && f < 1 {
		n := (len(b.B) + HugePageSize - 1) &^ (HugePageSize - 1) // Map's aligned part
		_ = unix.Madvise(b.B[:n], unix.MADV_COLLAPSE)
	}
}

// hugeTLB maps size bytes from the reserved huge-page pool
// (/proc/sys/vm/nr_hugepages); it fails when the pool is empty, as it is
// unless an administrator filled it.
func hugeTLB(size int) (*Buffer, error) {
	m, err := unix.Mmap(-1, 0, HugePageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON|unix.MAP_HUGETLB)
	if err != nil {
		return nil, fmt.Errorf("mapping a huge page from the reserved pool: %w", err)
	}
	m[0] = 1
	return &Buffer{B: m[:size], mapping: m, Pages: Huge}, nil
}

// HugeFraction reports which fraction of the buffer's resident memory the
// kernel backs with huge pages (transparent or from the reserved pool),
// from /proc/self/smaps.
func (b *Buffer) HugeFraction() (float64, error) {
	start := uint64(uintptr(unsafe.Pointer(&b.mapping[0])))
	end := start + uint64(len(b.mapping))
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var rss, huge uint64
	in := false
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := vmaRange(fields[0]); ok {
			// A mapping may be split into several VMAs by madvise.
			in = lo < end && hi > start
			continue
		}
		if !in || len(fields) < 2 {
			continue
		}
		kb, err := strconv.ParseUint(fields[1], 10, 64)
		if err != nil {
			continue
		}
		switch fields[0] {
		case "Rss:":
			rss += kb
		case "AnonHugePages:":
			huge += kb
		case "Private_Hugetlb:", "Shared_Hugetlb:":
			// Pool pages are not counted in Rss.
			huge += kb
			rss += kb
		}
	}
	if err := s.Err(); err != nil {
		return 0, fmt.Errorf("reading /proc/self/smaps: %w", err)
	}
	if rss == 0 {
		return 0, nil
	}
	return float64(huge) / float64(rss), nil
}

func vmaRange(s string) (lo, hi uint64, ok bool) {
	a, b, found := strings.Cut(s, "-")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	return lo, hi, err1 == nil && err2 == nil
}
