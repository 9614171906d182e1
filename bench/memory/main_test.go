package memory

import (
	"os"
	"testing"

	"github.com/latency-numbers/latency/internal/benchmain"
)

// TestMain serves the runner's rounds when started as a worker (see
// package benchmain), and runs once otherwise.
func TestMain(m *testing.M) { os.Exit(benchmain.Run(m)) }
