//go:build !linux && !darwin

package machine

import (
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/latency-numbers/latency/internal/host"
)

// describe says what CPUID knows; the rest is measured on Linux and macOS
// only.
func describe(string) description {
	return description{
		model:    or(strings.TrimSpace(cpuid.CPU.BrandName), "unknown"),
		physical: "unknown",
		caches:   cpuidCaches(),
		memory:   "unknown",
		kernel:   runtime.GOOS,
		thp:      "unknown",
		virt:     Virtualization(),
	}
}

// Virtualization is the virtualization fact: the hypervisor CPUID names
// (host.CPUIDHypervisor).
func Virtualization() string { return host.CPUIDHypervisor() }

func platformCaches(string) []Cache { return cpuidCaches() }

// memBytes is unknown here: the DRAM working set is not capped by memory.
func memBytes() int64 { return 0 }
