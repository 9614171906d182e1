//go:build !amd64 && !arm64

package cpu

// countAbove is in Go here (see branch.go).
func countAbove(data []byte, threshold byte) int {
	n, _ := countAboveSum(data, threshold)
	return n
}

// countAboveSum counts and sums the bytes at or above threshold.
//
// Note: the branch must stay a branch. The Go compiler turns an if that
// updates one variable into a conditional move or select; updating two
// (n and sum) keeps a conditional jump, TestCountAboveBranches checks the
// machine code where it has a decoder, and noinline keeps the checked code
// the code that runs.
//
//go:noinline
func countAboveSum(data []byte, threshold byte) (n, sum int) {
	for _, v := range data {
		if v >= threshold {
			n++
			sum += int(v)
		}
	}
	return n, sum
}
