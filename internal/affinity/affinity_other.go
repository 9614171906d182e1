//go:build !linux

// Package affinity pins threads and processes to CPUs, so a benchmark
// chooses whether the two ends of a hand-off share a CPU or not.
package affinity

import (
	"fmt"
	"runtime"
)

var errNotLinux = fmt.Errorf("CPU affinity is implemented for linux only, not %s", runtime.GOOS)

// AllowedCPUs is implemented on Linux only.
func AllowedCPUs() ([]int, error) { return nil, errNotLinux }

// PinThread is implemented on Linux only.
func PinThread(cpu int) (restore func() error, err error) { return nil, errNotLinux }

// PinProcess is implemented on Linux only.
func PinProcess(cpu int) (restore func() error, err error) { return nil, errNotLinux }

// LockAndPin is implemented on Linux only.
func LockAndPin(cpu int) (undo func(), err error) { return nil, errNotLinux }
