package cpu

import "syscall"

// getppid calls libc's getppid(), as C does on macOS, without the Go
// scheduler's bookkeeping (syscall.Getppid is a raw call into libSystem).
//
// Note: macOS has no stable system call interface below libc; a SVC or
// SYSCALL instruction with a hard-coded number may break with any release,
// and Go itself calls libSystem for every system call there.
func getppid() uintptr { return uintptr(syscall.Getppid()) }
