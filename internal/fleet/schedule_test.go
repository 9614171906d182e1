package fleet

import (
	"math/rand/v2"
	"testing"
)

// TestSchedule checks the tournament's properties for n = 0..12 and, with
// random seeds, for random n up to 64: every pair of distinct nodes exactly
// once, no node twice in a round, n-1 rounds (n even) or n (n odd).
func TestSchedule(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ns := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	for range 20 {
		ns = append(ns, 2+rng.IntN(63))
	}
	for _, n := range ns {
		rounds := Schedule(n)
		wantRounds := max(0, n-1)
		if n%2 == 1 && n > 1 {
			wantRounds = n
		}
		if len(rounds) != wantRounds {
			t.Errorf("n=%d: got %d rounds, want %d", n, len(rounds), wantRounds)
		}
		seen := map[Pair]int{}
		for r, round := range rounds {
			inRound := map[int]bool{}
			for _, p := range round {
				if p.A >= p.B || p.A < 0 || p.B >= n {
					t.Errorf("n=%d round %d: bad pair %v", n, r, p)
				}
				if inRound[p.A] || inRound[p.B] {
					t.Errorf("n=%d round %d: a node of %v is already in another pair of the round", n, r, p)
				}
				inRound[p.A], inRound[p.B] = true, true
				seen[p]++
			}
			if len(round) != n/2 {
				t.Errorf("n=%d round %d: got %d pairs, want %d", n, r, len(round), n/2)
			}
		}
		for a := range n {
			for b := a + 1; b < n; b++ {
				if c := seen[Pair{a, b}]; c != 1 {
					t.Errorf("n=%d: pair %d-%d met %d times, want once", n, a, b, c)
				}
			}
		}
		if want := n * (n - 1) / 2; len(seen) != want {
			t.Errorf("n=%d: got %d distinct pairs, want %d", n, len(seen), want)
		}
	}
}
