//go:build !linux && !darwin

package scratch

import (
	"os"
	"path/filepath"
)

// Inspect learns nothing here: the storage benchmarks run on Linux and
// macOS only.
func Inspect(dir string) Info {
	in := Info{Dir: dir, FS: "unknown", DirectErr: errNotHere}
	if abs, err := filepath.Abs(dir); err == nil {
		in.Dir = abs
	}
	return in
}

// ReadRequests is nil here: no per-disk request counter is read.
func ReadRequests(*os.File) func() (uint64, error) { return nil }
