//go:build linux && (amd64 || arm64)

package cpu

import (
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// TestGetppidNumber checks the system call number hard-coded in
// getppid_linux_$GOARCH.s.
func TestGetppidNumber(t *testing.T) {
	want := map[string]int{"amd64": 110, "arm64": 173}[runtime.GOARCH]
	if unix.SYS_GETPPID != want {
		t.Errorf("SYS_GETPPID = %d, getppid_linux_%s.s uses %d", unix.SYS_GETPPID, runtime.GOARCH, want)
	}
}
