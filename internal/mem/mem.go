// Package mem maps anonymous memory outside the Go heap with a chosen page
// size, so memory benchmarks control (and can report) whether the kernel
// backed their buffers with transparent huge pages.
//
// Note: transparent huge pages are Linux's. macOS has none for an ordinary
// process (Apple Silicon maps 16 KiB pages, Intel Macs 4 KiB), so there a
// Huge buffer is mapped with base pages and HugeFraction says 0; Kinds lists
// only the base page size. Windows has no memory benchmarks: Map says so.
package mem

import (
	"fmt"
	"os"

	"github.com/latency-numbers/latency/internal/units"
)

// Pages selects the page size a Buffer asks the kernel for.
type Pages int

const (
	Huge  Pages = iota // madvise(MADV_HUGEPAGE): 2 MiB transparent huge pages
	Small              // madvise(MADV_NOHUGEPAGE): base pages only (4 KiB on x86-64)
)

// String names the page size as sub-benchmark names use it: "huge", or the
// base page size ("4KiB"; "16KiB" on Apple Silicon, "64KiB" on arm64
// kernels built with 64 KiB pages).
func (p Pages) String() string {
	if p == Huge {
		return "huge"
	}
	return units.Name(os.Getpagesize())
}

// Kinds lists the page sizes this system lets a process choose between:
// Huge and Small on Linux, Small alone where there are no transparent huge
// pages (macOS).
func Kinds() []Pages { return kinds }

var errNoHugeTLB = fmt.Errorf("no reserved huge pages on this system")

// HugePageSize is the x86-64 and arm64 (4 KiB granule) PMD size.
const HugePageSize = 2 << 20

// A Buffer is a populated, page-aligned anonymous mapping.
type Buffer struct {
	B       []byte // the usable, 2 MiB-aligned bytes
	mapping []byte // the whole mapping, for munmap
	Pages   Pages
}

// Map maps size bytes aligned to 2 MiB, applies the page-size advice, and
// populates every page so the memory is resident before any timing.
//
// Note: the mapping is over-allocated by 2 MiB so the usable part starts on a
// huge-page boundary; without that alignment THP cannot back the first and
// last partial 2 MiB regions.
func Map(size int, pages Pages) (*Buffer, error) {
	if size <= 0 {
		return nil, fmt.Errorf("mapping %d bytes: size must be positive", size)
	}
	n := (size + HugePageSize - 1) &^ (HugePageSize - 1)
	m, err := mmap(n + HugePageSize)
	if err != nil {
		return nil, fmt.Errorf("mapping %d bytes: %w", n, err)
	}
	off := 0
	if a := addr(m) & (HugePageSize - 1); a != 0 {
		off = int(HugePageSize - a)
	}
	b := m[off : off+n]
	// Advice can fail where THP is compiled out; the buffer is still usable
	// and HugeFraction reports what was granted.
	_ = advise(b, pages)
	populate(b)
	buf := &Buffer{B: b[:size], mapping: m, Pages: pages}
	if pages == Huge {
		// A fault in an advised region can still fall back to base pages
		// (memory too fragmented at that moment); ask once more, now.
		buf.collapse()
	}
	return buf, nil
}

// Contiguous maps size bytes (at most HugePageSize) on one huge page, so
// the bytes are physically contiguous: a Huge Map, else a page of the
// kernel's reserved huge-page pool (MAP_HUGETLB), else the Huge Map as it
// came, which HugeFraction then reports as less than 1.
//
// Note: device DMA wants this. A 1 MiB O_DIRECT read into 256 scattered
// 4 KiB pages needs 256 segments; a virtio disk takes 254 in one request,
// so the kernel splits every such read in two.
func Contiguous(size int) (*Buffer, error) {
	if size > HugePageSize {
		return nil, fmt.Errorf("mapping %d contiguous bytes: at most one huge page (%d bytes)", size, HugePageSize)
	}
	b, err := Map(size, Huge)
	if err != nil {
		return nil, err
	}
	if f, err := b.HugeFraction(); err == nil && f < 1 {
		if t, err := hugeTLB(size); err == nil {
			b.Free()
			return t, nil
		}
	}
	return b, nil
}

// touch writes a byte of every base page of b, so that each is faulted in
// and resident.
func touch(b []byte) {
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
}

// Free unmaps the buffer. The Buffer must not be used afterwards.
func (b *Buffer) Free() error {
	if b.mapping == nil {
		return nil
	}
	err := munmap(b.mapping)
	b.mapping, b.B = nil, nil
	return err
}
