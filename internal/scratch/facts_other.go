//go:build !linux && !darwin

package scratch

import "path/filepath"

// Inspect learns nothing here: the storage benchmarks run on Linux and
// macOS only.
func Inspect(dir string) Info {
	in := Info{Dir: dir, FS: "unknown", DirectErr: errNotHere}
	if abs, err := filepath.Abs(dir); err == nil {
		in.Dir = abs
	}
	return in
}
