package cpu

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestGetppidNumber checks the system call number hard-coded in
// getppid_amd64.s.
func TestGetppidNumber(t *testing.T) {
	if unix.SYS_GETPPID != 110 {
		t.Errorf("SYS_GETPPID = %d, getppid_amd64.s uses 110", unix.SYS_GETPPID)
	}
}
