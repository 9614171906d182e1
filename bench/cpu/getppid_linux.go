//go:build linux && (amd64 || arm64)

package cpu

// getppid makes the getppid system call the way C's getppid() does: one
// call to a tiny function that issues the system call instruction (SYSCALL
// on amd64, SVC on arm64), with no Go runtime bookkeeping and no chain of
// wrapper functions.
//
// Note: it lives outside the tests because Go accepts assembly only in the
// package proper. A chain of wrappers is not free where the kernel flushes
// the TLB on every kernel entry (page-table isolation without PCID, as in
// some guests): each distinct code page touched after the return then costs
// a page walk. E.g. on a 2-vCPU guest with such a kernel a walk took about
// 100 ns, and through unix.RawSyscall and its wrappers the call read about
// 30 % slower than C's getppid() for that reason alone.
func getppid() uintptr // getppid_linux_$GOARCH.s
