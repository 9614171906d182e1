package machine

import (
	"encoding/binary"
	"strconv"

	"golang.org/x/sys/unix"
)

func describe(string) description {
	return readSysctls().describe(kernel())
}

// Virtualization is the virtualization fact: what sysctl says
// (kern.hv_vmm_present).
func Virtualization() string { return readSysctls().describe("").virt }

// platformCaches reads the performance cores' caches from sysctl: macOS has
// no sysfs.
func platformCaches(string) []Cache { return readSysctls().caches() }

// readSysctls reads sysctlNames; names this Mac does not have are left out.
//
// Note: sysctl values are strings or integers of 4 or 8 bytes; the length
// of the raw value tells which.
func readSysctls() Sysctls {
	s := Sysctls{}
	for _, name := range sysctlNames {
		b, err := unix.SysctlRaw(name)
		if err != nil || len(b) == 0 {
			continue
		}
		switch {
		case name == "machdep.cpu.brand_string" || name == "kern.osproductversion" || name[len(name)-5:] == ".name":
			s[name] = unix.ByteSliceToString(b)
		case len(b) == 4:
			s[name] = strconv.FormatUint(uint64(binary.NativeEndian.Uint32(b)), 10)
		case len(b) == 8:
			s[name] = strconv.FormatUint(binary.NativeEndian.Uint64(b), 10)
		}
	}
	return s
}

// memBytes is the machine's memory (hw.memsize), 0 if unknown.
func memBytes() int64 {
	n, err := unix.SysctlUint64("hw.memsize")
	if err != nil {
		return 0
	}
	return int64(n)
}
