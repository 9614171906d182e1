// Package affinity pins threads and processes to CPUs, so a benchmark
// chooses whether the two ends of a hand-off share a CPU or not.
package affinity

import (
	"fmt"
	"os"
	"runtime"
	"strconv"

	"golang.org/x/sys/unix"
)

// Pinning returns nil: Linux pins threads with sched_setaffinity.
func Pinning() error { return nil }

// AllowedCPUs lists the CPUs this process may run on.
func AllowedCPUs() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("reading CPU affinity: %w", err)
	}
	var cpus []int
	for i := range len(set) * 64 {
		if set.IsSet(i) {
			cpus = append(cpus, i)
		}
	}
	return cpus, nil
}

// PinThread binds the calling OS thread to cpu and returns a function that
// puts back its previous CPU set. The calling goroutine must be locked to
// its thread (runtime.LockOSThread) for as long as the pin matters.
func PinThread(cpu int) (restore func() error, err error) {
	var old, set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return nil, fmt.Errorf("reading CPU affinity: %w", err)
	}
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("pinning thread to CPU %d: %w", cpu, err)
	}
	return func() error { return unix.SchedSetaffinity(0, &old) }, nil
}

// LockAndPin locks the calling goroutine to its OS thread and pins that
// thread to cpu. The returned undo restores the thread's CPU set and unlocks
// it; if the CPU set cannot be restored the thread stays locked, so the
// runtime ends it with the goroutine instead of reusing a pinned thread.
func LockAndPin(cpu int) (undo func(), err error) {
	runtime.LockOSThread()
	restore, err := PinThread(cpu)
	if err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	return func() {
		if restore() == nil {
			runtime.UnlockOSThread()
		}
	}, nil
}

// PinProcess binds every thread of the process to cpu (threads created
// later inherit it from their creator) and returns a function that gives
// every thread the CPU set the calling thread had before.
//
// Note: Go's goroutines move between threads, so a process whose Go code
// must stay on one CPU pins all of them, as taskset does from outside.
func PinProcess(cpu int) (restore func() error, err error) {
	var old, set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return nil, fmt.Errorf("reading CPU affinity: %w", err)
	}
	set.Set(cpu)
	if err := setAllThreads(&set); err != nil {
		setAllThreads(&old)
		return nil, fmt.Errorf("pinning process to CPU %d: %w", cpu, err)
	}
	return func() error { return setAllThreads(&old) }, nil
}

// setAllThreads applies set to every thread in /proc/self/task, twice
// over if threads were created meanwhile.
func setAllThreads(set *unix.CPUSet) error {
	done := map[int]bool{}
	for range 3 {
		ents, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return err
		}
		fresh := false
		for _, e := range ents {
			tid, err := strconv.Atoi(e.Name())
			if err != nil || done[tid] {
				continue
			}
			fresh = true
			done[tid] = true
			if err := unix.SchedSetaffinity(tid, set); err != nil && err != unix.ESRCH {
				return err
			}
		}
		if !fresh {
			return nil
		}
	}
	return nil
}

// PreferFast does nothing on Linux: a benchmark that cares which core it
// runs on pins its thread instead.
func PreferFast() (undo func()) { return func() {} }
