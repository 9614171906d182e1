//go:build !linux && !darwin

package affinity

// PreferFast does nothing here.
func PreferFast() (undo func()) { return func() {} }
