// Package mem maps anonymous memory outside the Go heap with a chosen page
// size, so memory benchmarks control (and can report) whether the kernel
// backed their buffers with transparent huge pages.
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

// Pages selects the page size a Buffer asks the kernel for.
type Pages int

const (
	Huge  Pages = iota // madvise(MADV_HUGEPAGE): 2 MiB transparent huge pages
	Small              // madvise(MADV_NOHUGEPAGE): 4 KiB pages only
)

func (p Pages) String() string {
	if p == Huge {
		return "huge"
	}
	return "4KiB"
}

// HugePageSize is the x86-64 and arm64 (4 KiB granule) PMD size.
const HugePageSize = 2 << 20

// A Buffer is a populated, page-aligned anonymous mapping.
type Buffer struct {
	B       []byte // the usable, 2 MiB-aligned bytes
	mapping []byte // the whole mapping, for munmap
	Pages   Pages
}

// Map maps size bytes aligned to 2 MiB, applies the page-size advice, and
// writes every page so the memory is resident before any timing.
//
// Note: the mapping is over-allocated by 2 MiB so the usable part starts on a
// huge-page boundary; without that alignment THP cannot back the first and
// last partial 2 MiB regions.
func Map(size int, pages Pages) (*Buffer, error) {
	if size <= 0 {
		return nil, fmt.Errorf("mapping %d bytes: size must be positive", size)
	}
	n := (size + HugePageSize - 1) &^ (HugePageSize - 1)
	m, err := unix.Mmap(-1, 0, n+HugePageSize, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, fmt.Errorf("mapping %d bytes: %w", n, err)
	}
	off := 0
	if a := uintptr(unsafe.Pointer(&m[0])) & (HugePageSize - 1); a != 0 {
		off = int(HugePageSize - a)
	}
	b := m[off : off+n]
	advice := unix.MADV_HUGEPAGE
	if pages == Small {
		advice = unix.MADV_NOHUGEPAGE
	}
	// Advice can fail where THP is compiled out; the buffer is still usable
	// and HugeFraction reports what was granted.
	_ = unix.Madvise(b, advice)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	return &Buffer{B: b[:size], mapping: m, Pages: pages}, nil
}

// Free unmaps the buffer. The Buffer must not be used afterwards.
func (b *Buffer) Free() error {
	if b.mapping == nil {
		return nil
	}
	err := unix.Munmap(b.mapping)
	b.mapping, b.B = nil, nil
	return err
}

// HugeFraction reports which fraction of the buffer's resident memory the
// kernel backs with huge pages, from /proc/self/smaps.
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
