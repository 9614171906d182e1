package scratch

import (
	"os"
	"testing"
)

// uncached cannot tell: macOS has no way to read F_NOCACHE back.
func uncached(t *testing.T, f *os.File) (direct, known bool) { return false, false }

// dropCache skips the test: macOS has no call that evicts one file's pages
// from the unified buffer cache.
func dropCache(t *testing.T, f *os.File) {
	t.Helper()
	t.Skip("macOS cannot evict one file from its buffer cache")
}
