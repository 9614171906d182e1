// Package host is the one reader of the kernel's view of this machine:
// /proc (CPU time, load, pressure, processes, memory, cpuinfo), /sys (CPU
// lists and topology, caches, huge pages, firmware) and the kernel log,
// and of what CPUID says about a hypervisor. Doctor, noise, topology and
// machine read the machine through it.
//
// Note: every reader takes its root ("/proc", "/sys", "/dev") so tests
// point it at a fake tree in testdata; nothing here needs cgo or a build
// tag, so the package builds everywhere and reads nothing off Linux.
package host

import (
	"io"
	"os"
	"strings"
)

// The roots of the live machine's trees.
const (
	Proc = "/proc"
	Sys  = "/sys"
	Dev  = "/dev"
)

// ReadValue returns a small procfs or sysfs file's content (its first
// 64 KiB) as one trimmed line; "" when unreadable.
func ReadValue(path string) string {
	b, err := readHead(path, 64<<10)
	if err != nil {
		return ""
	}
	return OneLine(string(b))
}

// readHead returns the first n bytes of a file: procfs and sysfs files are
// made as they are read, and some (cpuinfo on a many-core machine) are
// large.
func readHead(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
}

// OneLine keeps a value on one configuration line: control characters
// become spaces, and the ends are trimmed.
func OneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s))
}
