//go:build !linux

package uring

import (
	"errors"
	"fmt"
	"runtime"
)

// ErrFull is returned by Read when the submission ring has no free entry.
var ErrFull = errors.New("io_uring submission queue is full")

var errNotLinux = fmt.Errorf("io_uring is Linux only, not %s", runtime.GOOS)

// A Ring is an io_uring instance; on this system New always fails.
type Ring struct{}

// New fails: io_uring is Linux only.
func New(entries uint32) (*Ring, error) { return nil, errNotLinux }

// Entries is 0.
func (r *Ring) Entries() int { return 0 }

// InFlight is 0.
func (r *Ring) InFlight() int { return 0 }

// Read fails.
func (r *Ring) Read(fd int, buf []byte, off int64, user uint64) error { return errNotLinux }

// Enter fails.
func (r *Ring) Enter(wait uint32) error { return errNotLinux }

// A Completion is a finished read: its tag and the bytes read, or a
// negative errno.
type Completion struct {
	User uint64
	Res  int32
}

// Reap returns nothing.
func (r *Ring) Reap() (Completion, bool) { return Completion{}, false }

// Err returns the error of a completion's result.
func (c Completion) Err(want int) error { return errNotLinux }

// Close does nothing.
func (r *Ring) Close() error { return nil }
