//go:build amd64 || arm64

package cpu

// countAbove counts the bytes of data at or above threshold: the loop
// BenchmarkBranchMispredict times.
//
// Note: on amd64 and arm64 it is assembly, so that the measured loop is
// the plainest one with a data-dependent branch (load, compare, branch over
// one increment, loop), whatever the compiler would make of it: the Go
// compiler turns such an if into a conditional move or set, whose cost does
// not depend on the data, and lays out the loop as it likes (the loop test
// first, an extra jump back after the increment), which moved the measured
// penalty by a sixth on one machine. Elsewhere it is Go
// (branch_other.go), checked for a branch by TestCountAboveBranches.
func countAbove(data []byte, threshold byte) int
