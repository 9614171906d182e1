//go:build unix

package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockPayload holds an exclusive lock on path (created if need be) until
// the returned function is called: builds that run at once in one tree
// (tests that make their own dist file, side by side under go test ./...)
// take turns writing the one payload file and building from it.
func lockPayload(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the file releases the lock
}
