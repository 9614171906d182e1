package timing

import (
	"slices"
	"testing"
)

// TestRepetition runs a summary-like benchmark with -test.count's effect
// reproduced by calling testing.Benchmark repeatedly, and checks that each
// repetition's calls share one index.
func TestRepetition(t *testing.T) {
	var r Repetition
	var got []int
	for range 3 {
		testing.Benchmark(func(b *testing.B) {
			i := r.Index(b)
			if b.N > 1 && i != got[len(got)-1] {
				t.Errorf("ramp-up call with b.N=%d got index %d, want %d", b.N, i, got[len(got)-1])
			}
			got = append(got, i)
		})
	}
	if got[0] != 0 || got[len(got)-1] != 2 || !slices.IsSorted(got) {
		t.Errorf("indexes over 3 repetitions: %v, want 0 … 2 in order", got)
	}
}
