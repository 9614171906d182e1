//go:build amd64 || arm64

package clock

// AddChain runs n passes of ChainLen dependent one-cycle adds and returns
// their sum, n*ChainLen. It takes n*ChainLen core cycles.
func AddChain(n int) uint64 {
	return addChain(n, 1)
}

// addChain adds step to a register ChainLen times per pass, each add
// depending on the last.
//
// Note: step is a register, not an immediate. Some cores (Intel Golden Cove
// and later) fold small immediate adds in the renamer, which would break the
// one-cycle-per-add chain; a register operand of unknown value cannot be
// folded.
func addChain(n int, step uint64) uint64

// Available reports whether AddChain works on this architecture.
func Available() error { return nil }
