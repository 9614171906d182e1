package machine

import (
	"fmt"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/latency-numbers/latency/internal/host"
	"github.com/latency-numbers/latency/internal/units"
)

func describe(sysRoot string) description {
	return description{
		model:    cpuModel(sysRoot),
		physical: physical(sysRoot),
		caches:   Caches(sysRoot),
		memory:   memTotal(),
		kernel:   kernel(),
		thp:      host.THPMode(sysRoot),
		virt:     Virtualization(),
	}
}

// Virtualization is the virtualization fact: the hypervisor CPUID names
// (host.CPUIDHypervisor).
func Virtualization() string { return host.CPUIDHypervisor() }

// cpuModel names the CPU: CPUID's brand string on x86; on arm64, which has
// none, the core design MIDR_EL1 identifies, else what /proc/cpuinfo says.
func cpuModel(sysRoot string) string {
	if s := strings.TrimSpace(cpuid.CPU.BrandName); s != "" {
		return s
	}
	if m, ok := readMIDR(sysRoot); ok {
		return m.String()
	}
	if s := host.ReadCPUInfo(host.Proc).Model; s != "" {
		return s
	}
	return "unknown"
}

// physical counts distinct (package, core) pairs in sysfs topology; CPUID's
// core count describes the host's package, not the cores this guest has.
func physical(sysRoot string) string {
	cores := map[[2]int]bool{}
	for _, id := range host.TopologyCPUs(sysRoot) {
		c := host.ReadCPU(sysRoot, id)
		cores[[2]int{c.Package, c.Core}] = true
	}
	if len(cores) == 0 {
		return "unknown"
	}
	return fmt.Sprint(len(cores))
}

func memTotal() string {
	if n := memBytes(); n > 0 {
		return units.Name(int(n))
	}
	return "unknown"
}

// memBytes is the machine's memory (MemTotal), 0 if unknown.
func memBytes() int64 { return host.MemTotal(host.Proc) }

// platformCaches is where Linux turns when sysfs lists no caches: the L1d
// size of the core design that MIDR_EL1 names (arm64), else CPUID (x86).
func platformCaches(sysRoot string) []Cache {
	if m, ok := readMIDR(sysRoot); ok {
		if c, ok := m.core(); ok && c.l1d > 0 {
			return []Cache{{Level: 1, Size: c.l1d, Source: "MIDR_EL1: " + c.name}}
		}
	}
	return cpuidCaches()
}
