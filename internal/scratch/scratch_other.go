//go:build !linux && !darwin

package scratch

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
)

var errNotHere = fmt.Errorf("the storage benchmarks run on linux and darwin, not %s", runtime.GOOS)

const oDirect = 0

func noCache(*os.File) error { return errNotHere }

func freeSpace(string) (int64, error) { return 0, errNotHere }

// raise ends the process as a signal would have.
func raise(sig syscall.Signal) { os.Exit(128 + int(sig)) }

// Resident is not available here.
func Resident(*os.File, int64) (float64, error) { return 0, errNotHere }

// alive is conservative where processes cannot be probed: nothing is stale.
func alive(int) bool { return true }

// ours is conservative where ownership cannot be read.
func ours(os.FileInfo) bool { return false }
