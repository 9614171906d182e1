// Package fleet measures round trips between the nodes of a fleet: who
// pairs with whom in which round, the timing of one pair, and the results
// lines of the node × node matrix (BenchmarkNodeRTT/src=a/dst=b/zone=same),
// which `benchstat -row /src -col /dst` prints as a matrix.
package fleet

// A Pair is two nodes measured against each other in one round, by their
// index in the sorted node list; A < B.
type Pair struct{ A, B int }

// Schedule returns the rounds of a round-robin tournament of n nodes (the
// circle method): every pair of distinct nodes meets in exactly one round
// and no node is in two pairs of one round, so pairs measured at the same
// time never share a node. n nodes take n-1 rounds when n is even, n when
// it is odd (one node sits out each round).
//
// Note: the circle method fixes node 0 and rotates the others one place a
// round; with an odd n a phantom node is added and its partner sits out.
func Schedule(n int) [][]Pair {
	if n < 2 {
		return nil
	}
	m := n + n%2 // with a phantom node m-1 when n is odd
	ring := make([]int, m)
	for i := range ring {
		ring[i] = i
	}
	rounds := make([][]Pair, 0, m-1)
	for range m - 1 {
		var round []Pair
		for i := range m / 2 {
			a, b := ring[i], ring[m-1-i]
			if a >= n || b >= n {
				continue // the phantom's partner sits out
			}
			round = append(round, Pair{min(a, b), max(a, b)})
		}
		rounds = append(rounds, round)
		// Rotate every position but the first one place.
		last := ring[m-1]
		copy(ring[2:], ring[1:m-1])
		ring[1] = last
	}
	return rounds
}
