//go:build linux || darwin

package mem

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

func mmap(n int) ([]byte, error) {
	return unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
}

func munmap(b []byte) error { return unix.Munmap(b) }

func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(&b[0])) }
