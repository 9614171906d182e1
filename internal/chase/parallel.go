package chase

import "fmt"

// Spread returns k cursors evenly spaced around the ring, the first at the
// head: cursor i is i·Len()/k loads after the head. It walks the ring once.
//
// Note: k chases that start evenly spaced and advance together never
// overtake one another, and a line one of them loads was last loaded by
// another a whole ring's worth of loads before: as cold as in a single
// chase.
func (r *Ring) Spread(k int) ([]Cursor, error) {
	if k < 1 || k > r.n {
		return nil, fmt.Errorf("spreading %d cursors over a ring of %d nodes", k, r.n)
	}
	out := make([]Cursor, k)
	p := r.head
	at := 0
	for i := range k {
		next := i * r.n / k
		p = walk(p, next-at)
		at = next
		out[i] = Cursor{p}
	}
	return out, nil
}

// WalkParallel advances each cursor of cs by steps loads, interleaved: one
// load of every cursor, then the next of every cursor. The loads of one
// cursor depend on each other, those of different cursors do not, so the
// core can have up to len(cs) of them in flight (memory-level parallelism,
// lmbench par_mem's method). It allocates nothing.
func (r *Ring) WalkParallel(cs []Cursor, steps int) {
	for i := range cs {
		if cs[i].p == nil {
			cs[i].p = r.head
		}
	}
	walkParallel(cs, steps)
}

// walkParallel is the measured loop of WalkParallel. Each cursor lives in
// cs between its loads: the store and reload hit L1 and do not depend on
// the other cursors, so they add a few cycles to each chain, not a wait
// for memory.
//
//go:noinline
func walkParallel(cs []Cursor, steps int) {
	for ; steps > 0; steps-- {
		for i := range cs {
			cs[i].p = cs[i].p.next
		}
	}
}
