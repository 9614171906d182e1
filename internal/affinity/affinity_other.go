//go:build !linux

// Package affinity pins threads and processes to CPUs, so a benchmark
// chooses whether the two ends of a hand-off share a CPU or not.
package affinity

import (
	"fmt"
	"runtime"
)

// errNoPinning says why nothing can be pinned here.
//
// Note: macOS has no CPU affinity a process can set (thread_policy_set's
// affinity tags are hints, ignored on Apple Silicon); its scheduler places
// every thread, and QoS classes only steer threads between performance and
// efficiency cores.
var errNoPinning = func() error {
	if runtime.GOOS == "darwin" {
		return fmt.Errorf("no CPU pinning on macOS: the scheduler places every thread")
	}
	return fmt.Errorf("CPU affinity is implemented for linux only, not %s", runtime.GOOS)
}()

// Pinning says why threads cannot be pinned here.
func Pinning() error { return errNoPinning }

// AllowedCPUs is implemented on Linux only.
func AllowedCPUs() ([]int, error) { return nil, errNoPinning }

// PinThread is implemented on Linux only.
func PinThread(cpu int) (restore func() error, err error) { return nil, errNoPinning }

// PinProcess is implemented on Linux only.
func PinProcess(cpu int) (restore func() error, err error) { return nil, errNoPinning }

// LockAndPin is implemented on Linux only.
func LockAndPin(cpu int) (undo func(), err error) { return nil, errNoPinning }
