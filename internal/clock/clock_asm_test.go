//go:build amd64 || arm64

package clock

import "testing"

// TestAddChainStep checks that the chain really adds its register operand.
func TestAddChainStep(t *testing.T) {
	if got, want := addChain(7, 3), uint64(7*ChainLen*3); got != want {
		t.Errorf("addChain(7, 3) = %d, want %d", got, want)
	}
}
