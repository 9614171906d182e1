//go:build linux && !amd64 && !arm64

package cpu

import "golang.org/x/sys/unix"

// getppid makes the getppid system call with unix.RawSyscall: no Go runtime
// bookkeeping. (On amd64 and arm64 it is assembly; see getppid_linux.go.)
func getppid() uintptr {
	r, _, _ := unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0)
	return r
}
