package cpu

import (
	"math"
	"testing"
)

// takenBits returns the branch outcomes countAbove sees on data.
func takenBits(data []byte) []bool {
	out := make([]bool, len(data))
	for i, v := range data {
		out[i] = v >= branchThreshold
	}
	return out
}

// bestHistoryGuess returns the fraction of outcomes that the best predictor
// looking at the previous k outcomes gets right on this exact sequence (it
// is allowed to know the whole sequence in advance).
func bestHistoryGuess(taken []bool, k int) float64 {
	counts := make([][2]int, 1<<k)
	h := 0
	for i, t := range taken {
		if i >= k {
			if t {
				counts[h][1]++
			} else {
				counts[h][0]++
			}
		}
		h = (h<<1 | b2i(t)) & (1<<k - 1)
	}
	right := 0
	for _, c := range counts {
		right += max(c[0], c[1])
	}
	return float64(right) / float64(len(taken)-k)
}

func b2i(t bool) int {
	if t {
		return 1
	}
	return 0
}

func TestBranchPatterns(t *testing.T) {
	random, sorted := branchPatterns()
	if len(random) != branchBytes || len(sorted) != branchBytes {
		t.Fatalf("random pattern has %d bytes, want %d", len(random), branchBytes)
	}
	rt, st := takenBits(random), takenBits(sorted)
	n := countAbove(random, branchThreshold)
	if p := float64(n) / float64(len(random)); p < 0.49 || p > 0.51 {
		t.Errorf("random pattern taken %.4f of the time, want 0.50", p)
	}
	// No short history predicts the random outcomes: a predictor that knows
	// the last k outcomes does no better than a coin. (Even on perfect coin
	// flips the best guess per history beats 1/2 by about 0.4*sqrt(2^k/n) by
	// chance, so the limit allows five times that.)
	for _, k := range []int{1, 4, 8} {
		limit := 0.5 + 2*math.Sqrt(float64(int(1)<<k)/float64(len(rt)))
		if acc := bestHistoryGuess(rt, k); acc > limit {
			t.Errorf("random pattern: best %d-outcome-history predictor is right %.4f of the time, want <= %.4f", k, acc, limit)
		}
	}
	// The sorted outcomes change once: predicting "same as last time" misses
	// one branch in the whole pass.
	changes := 0
	for i := 1; i < len(st); i++ {
		if st[i] != st[i-1] {
			changes++
		}
	}
	if changes != 1 {
		t.Errorf("sorted pattern changes direction %d times, want 1", changes)
	}
	n2 := countAbove(sorted, branchThreshold)
	if n2 != n {
		t.Errorf("sorted pattern taken %d times, random %d: want the same bytes", n2, n)
	}
}

func TestMispredictRate(t *testing.T) {
	for _, tc := range []struct{ p, want float64 }{{0.5, 0.5}, {0.25, 0.25}, {0.9, 0.1}, {0, 0}} {
		if got := mispredictRate(tc.p); got < tc.want-1e-12 || got > tc.want+1e-12 {
			t.Errorf("mispredictRate(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}
