package machine

import (
	"strings"

	"github.com/klauspost/cpuid/v2"
)

// cpuidCaches returns the cache sizes CPUID reports (x86; none elsewhere).
func cpuidCaches() []Cache {
	var cs []Cache
	for level, size := range []int{cpuid.CPU.Cache.L1D, cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3} {
		if size > 0 {
			cs = append(cs, Cache{Level: level + 1, Size: size, Source: "cpuid"})
		}
	}
	return cs
}

// hypervisor names the hypervisor CPUID reports, "none" if it reports none
// (x86), or "unknown" where CPUID cannot tell (arm64).
func hypervisor() string {
	if !cpuid.CPU.Supports(cpuid.HYPERVISOR) {
		if cpuid.CPU.VendorID == cpuid.VendorUnknown || strings.TrimSpace(cpuid.CPU.BrandName) == "" {
			return "unknown"
		}
		return "none"
	}
	name := strings.TrimSpace(strings.TrimRight(cpuid.CPU.HypervisorVendorString, "\x00"))
	if name == "" {
		name = cpuid.CPU.HypervisorVendorID.String()
	}
	return "guest of " + name
}
