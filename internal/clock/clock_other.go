//go:build !amd64 && !arm64

package clock

import (
	"fmt"
	"runtime"
)

// AddChain returns 0: the add chain is written in amd64 and arm64 assembly only.
func AddChain(n int) uint64 { return 0 }

// Available reports why AddChain does not work here.
func Available() error {
	return fmt.Errorf("the add-chain clock is amd64 and arm64 assembly; not available on %s", runtime.GOARCH)
}
