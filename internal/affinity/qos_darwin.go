package affinity

import (
	"fmt"
	"runtime"
	"syscall"
	"unsafe"
)

// QoS classes of <sys/qos.h>.
const (
	qosUserInteractive = 0x21
	qosDefault         = 0x15
)

// PreferFast locks the calling goroutine to its thread and asks macOS to
// run that thread on its fastest cores: it raises the thread's QoS class to
// user-interactive, the class the scheduler keeps on performance cores
// while one is free. undo puts the default class back and unlocks.
//
// Note: this steers, it does not pin (macOS cannot): a busy machine may
// still run the thread on an efficiency core for a while. The facts
// (core-class) say which class the suite asked for.
func PreferFast() (undo func()) {
	runtime.LockOSThread()
	if setQoS(qosUserInteractive) != nil {
		return runtime.UnlockOSThread
	}
	return func() {
		setQoS(qosDefault)
		runtime.UnlockOSThread()
	}
}

// setQoS sets the calling thread's QoS class (pthread_set_qos_class_self_np).
func setQoS(class uintptr) error {
	r, _, _ := syscall_rawSyscall(libc_pthread_set_qos_class_self_np_trampoline_addr, class, 0, 0)
	if r != 0 {
		return fmt.Errorf("pthread_set_qos_class_self_np: %w", syscall.Errno(r))
	}
	return nil
}

// qosClass returns the calling thread's QoS class (pthread_get_qos_class_np
// on pthread_self), for tests.
func qosClass() (uintptr, error) {
	self, _, _ := syscall_rawSyscall(libc_pthread_self_trampoline_addr, 0, 0, 0)
	var class, rel int32
	r, _, _ := syscall_rawSyscall(libc_pthread_get_qos_class_np_trampoline_addr, self, uintptr(unsafe.Pointer(&class)), uintptr(unsafe.Pointer(&rel)))
	if r != 0 {
		return 0, fmt.Errorf("pthread_get_qos_class_np: %w", syscall.Errno(r))
	}
	return uintptr(class), nil
}

// Calls into libSystem, the way golang.org/x/sys/unix makes them: the
// runtime's rawSyscall calls a C function through an assembly trampoline
// (qos_darwin_$GOARCH.s) on the system stack.

//go:linkname syscall_rawSyscall syscall.rawSyscall
func syscall_rawSyscall(fn, a1, a2, a3 uintptr) (r1, r2 uintptr, err syscall.Errno)

var (
	libc_pthread_set_qos_class_self_np_trampoline_addr uintptr
	libc_pthread_get_qos_class_np_trampoline_addr      uintptr
	libc_pthread_self_trampoline_addr                  uintptr
)

//go:cgo_import_dynamic libc_pthread_set_qos_class_self_np pthread_set_qos_class_self_np "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_pthread_get_qos_class_np pthread_get_qos_class_np "/usr/lib/libSystem.B.dylib"
//go:cgo_import_dynamic libc_pthread_self pthread_self "/usr/lib/libSystem.B.dylib"
