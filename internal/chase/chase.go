// Package chase builds the pointer-chasing rings that measure load-to-use
// latency, the method of lmbench's lat_mem_rd and tinymembench: every load's
// address comes from the previous load, so the loads cannot overlap and
// the time per load is the latency of the level that holds the ring.
package chase

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"unsafe"

	"github.com/latency-numbers/latency/internal/mem"
)

// LineSize is the cache line size the nodes are spaced by.
const LineSize = 64

// A node sits at the start of its own cache line and points at the next.
type node struct {
	next *node
}

// A Ring is a single random cycle through every cache line of a buffer.
type Ring struct {
	buf  *mem.Buffer
	head *node
	n    int
}

// New builds a ring over size bytes (rounded down to whole lines) of memory
// mapped with the given page size. The same seed gives the same cycle.
//
// Note: the order is a Sattolo shuffle of the line indices, which yields a
// single cycle through all lines (a plain Fisher-Yates shuffle would leave
// short sub-cycles that stay in cache). Successive loads land on random
// lines of random pages, which defeats the stride and next-line prefetchers
// and, with 4 KiB pages, exercises the TLB as a real random access does.
func New(size int, pages mem.Pages, seed uint64) (*Ring, error) {
	n := size / LineSize
	if n < 2 {
		return nil, fmt.Errorf("ring of %d bytes: need at least two %d-byte lines", size, LineSize)
	}
	buf, err := mem.Map(n*LineSize, pages)
	if err != nil {
		return nil, err
	}
	order := Sattolo(n, seed)
	base := unsafe.Pointer(&buf.B[0])
	at := func(i uint32) *node { return (*node)(unsafe.Add(base, uintptr(i)*LineSize)) }
	for i := range order {
		at(uint32(i)).next = at(order[i])
	}
	return &Ring{buf: buf, head: at(0), n: n}, nil
}

// Sattolo returns a random cyclic permutation of 0..n-1: following
// i → p[i] from any start visits all n indices before returning.
func Sattolo(n int, seed uint64) []uint32 {
	p := make([]uint32, n)
	for i := range p {
		p[i] = uint32(i)
	}
	r := rand.New(rand.NewPCG(seed, 0x6c61_7465_6e63_79))
	for i := n - 1; i > 0; i-- {
		j := r.IntN(i) // j < i: this is what makes it one cycle
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// Move puts the ring on a fresh mapping of the same size and page kind,
// with the same cycle, and frees the old one. A Cursor taken before the
// move points into the freed memory: keep positions as Offsets.
//
// Note: where a buffer lands in physical memory is fixed for its life, and
// on a VM so is how the host backs it (huge pages or not, which memory
// node): e.g. in one run on a 2-vCPU AMD EPYC guest six 256 MiB rings built
// side by side read 228 to 303 ns per load, each ring keeping its figure
// round after round. A row that keeps one ring for the run measures one
// draw of that; moving the ring between samples draws again, so the row's
// median is over many placements and its interval shows their spread.
// Moving maps and fills the new memory, then relocates the addresses in
// one sequential pass: no shuffle, no random writes.
func (r *Ring) Move() error {
	buf, err := mem.Map(r.n*LineSize, r.buf.Pages)
	if err != nil {
		return err
	}
	oldBase := unsafe.Pointer(&r.buf.B[0])
	old := uintptr(oldBase)
	base := unsafe.Pointer(&buf.B[0])
	moved := func(p *node) *node { return (*node)(unsafe.Add(base, uintptr(unsafe.Pointer(p))-old)) }
	for i := range r.n {
		from := (*node)(unsafe.Add(oldBase, i*LineSize))
		moved(from).next = moved(from.next)
	}
	r.head = moved(r.head)
	r.buf.Free()
	r.buf = buf
	return nil
}

// Len returns the number of nodes (cache lines) in the ring.
func (r *Ring) Len() int { return r.n }

// HugeFraction reports the fraction of the ring's memory backed by huge pages.
func (r *Ring) HugeFraction() (float64, error) { return r.buf.HugeFraction() }

// Free releases the ring's memory.
func (r *Ring) Free() error { return r.buf.Free() }

// Walk follows the ring for steps loads from the cursor c (nil means the
// head) and returns where it stopped; pass that back in to continue.
func (r *Ring) Walk(c Cursor, steps int) Cursor {
	p := c.p
	if p == nil {
		p = r.head
	}
	return Cursor{walk(p, steps)}
}

// A Cursor is a position in a Ring. The zero Cursor is the head. A Cursor
// points into the ring's current memory: one kept while the ring may Move
// is kept as an Offset.
type Cursor struct{ p *node }

// Offset returns where c is as bytes from the start of the ring's buffer,
// which stays true when the ring moves.
func (r *Ring) Offset(c Cursor) uintptr {
	p := c.p
	if p == nil {
		p = r.head
	}
	return uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(&r.buf.B[0]))
}

// At returns the cursor at an Offset of the ring.
func (r *Ring) At(off uintptr) Cursor {
	return Cursor{(*node)(unsafe.Add(unsafe.Pointer(&r.buf.B[0]), off))}
}

// walk is the measured loop. Each load is a single MOVQ (AX), AX (MOVD
// (R0), R0 on arm64): the address is the previous load's result, with no
// index arithmetic or bounds check (TestWalkCodegen checks the compiled
// code).
//
//go:noinline
func walk(p *node, steps int) *node {
	for ; steps >= 16; steps -= 16 {
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
		p = p.next
	}
	for ; steps > 0; steps-- {
		p = p.next
	}
	return p
}

// Nodes returns the ring's node offsets (bytes from the buffer start) in
// walk order, starting at the head; for tests.
func (r *Ring) Nodes() []uintptr {
	base := uintptr(unsafe.Pointer(&r.buf.B[0]))
	out := make([]uintptr, 0, r.n)
	p := r.head
	for range r.n {
		out = append(out, uintptr(unsafe.Pointer(p))-base)
		p = p.next
	}
	if p != r.head {
		return nil // not a cycle of length n
	}
	return out
}

// A Reader makes dependent loads from uniformly random lines of a buffer,
// drawn with replacement: the random reads tinymembench draws beside its
// chase. Where a cache holds part of the buffer, that share of the loads
// hits it, so the time per load falls gradually as the buffer outgrows a
// cache; a single random cycle (Ring) misses on nearly every load once it
// no longer fits, because a line is used again only after all the others.
type Reader struct {
	buf   *mem.Buffer
	lines uint64 // a power of two
	shift uint   // 64 - log2(lines)
	x     uint64 // the position in the random sequence
	v     uintptr
}

// NewReader maps size bytes (rounded down to a power-of-two number of
// lines) with the given page size.
func NewReader(size int, pages mem.Pages) (*Reader, error) {
	lines := uint64(1)
	for lines*2*LineSize <= uint64(size) {
		lines *= 2
	}
	if lines < 2 {
		return nil, fmt.Errorf("random reads of %d bytes: need at least two %d-byte lines", size, LineSize)
	}
	buf, err := mem.Map(int(lines*LineSize), pages)
	if err != nil {
		return nil, err
	}
	clear(buf.B) // every word read is 0: see read
	return &Reader{buf: buf, lines: lines, shift: uint(64 - bits.TrailingZeros64(lines))}, nil
}

// Size returns the bytes the reads are drawn from.
func (r *Reader) Size() int { return int(r.lines * LineSize) }

// HugeFraction reports the fraction of the buffer backed by huge pages.
func (r *Reader) HugeFraction() (float64, error) { return r.buf.HugeFraction() }

// Free releases the buffer.
func (r *Reader) Free() error { return r.buf.Free() }

// Read makes steps dependent loads, continuing the sequence of the last call.
func (r *Reader) Read(steps int) {
	r.x, r.v = read(unsafe.Pointer(&r.buf.B[0]), r.shift, r.x, r.v, steps)
}

// read is the measured loop. The line of load i is the top bits of a
// SplitMix64 hash of a counter, computed off the critical path; the loaded
// word, always 0, is added to the next address, so each load waits for the
// one before it, as in a chase: the chain per load is the load and one add.
//
//go:noinline
func read(base unsafe.Pointer, shift uint, x uint64, v uintptr, steps int) (uint64, uintptr) {
	for ; steps > 0; steps-- {
		x += 0x9E3779B97F4A7C15
		v = *(*uintptr)(unsafe.Add(base, uintptr(pick(x, shift))*LineSize+v))
	}
	return x, v
}

// pick hashes x (SplitMix64's finalizer) and keeps the top 64-shift bits.
func pick(x uint64, shift uint) uint64 {
	z := (x ^ x>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	z ^= z >> 31
	return z >> (shift & 63)
}
