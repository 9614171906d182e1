package chase

import (
	"testing"
	"unsafe"

	"github.com/latency-numbers/latency/internal/mem"
)

// positions returns how many loads after the head each offset is.
func positions(t *testing.T, r *Ring) map[uintptr]int {
	t.Helper()
	pos := map[uintptr]int{}
	for i, o := range r.Nodes() {
		pos[o] = i
	}
	return pos
}

// offset returns the cursor's node offset from the buffer start.
func (r *Ring) offset(c Cursor) uintptr {
	p := c.p
	if p == nil {
		p = r.head
	}
	return uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(&r.buf.B[0]))
}

func TestSpread(t *testing.T) {
	r, err := New(64<<10, mem.Small, 3) // 1024 nodes
	if err != nil {
		t.Fatal(err)
	}
	defer r.Free()
	pos := positions(t, r)
	for _, k := range []int{1, 2, 3, 32, 1024} {
		cs, err := r.Spread(k)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cs {
			if got, want := pos[r.offset(c)], i*r.Len()/k; got != want {
				t.Errorf("k=%d: cursor %d is %d loads after the head, want %d", k, i, got, want)
			}
		}
	}
	for _, k := range []int{0, 1025} {
		if _, err := r.Spread(k); err == nil {
			t.Errorf("Spread(%d) over 1024 nodes: want an error", k)
		}
	}
}

// TestWalkParallel checks that every cursor advances exactly steps loads
// along the ring, as Walk would take it.
func TestWalkParallel(t *testing.T) {
	r, err := New(64<<10, mem.Small, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Free()
	pos := positions(t, r)
	cs, _ := r.Spread(8)
	start := make([]int, len(cs))
	for i, c := range cs {
		start[i] = pos[r.offset(c)]
	}
	const steps = 1500 // more than once round the ring
	r.WalkParallel(cs, steps)
	for i, c := range cs {
		if got, want := pos[r.offset(c)], (start[i]+steps)%r.Len(); got != want {
			t.Errorf("cursor %d at position %d, want %d", i, got, want)
		}
		if w := r.Walk(Cursor{}, start[i]+steps); w != c {
			t.Errorf("cursor %d differs from Walk over the same number of loads", i)
		}
	}
	zero := []Cursor{{}}
	r.WalkParallel(zero, 5)
	if zero[0] != r.Walk(Cursor{}, 5) {
		t.Error("a zero cursor does not start at the head")
	}
}
