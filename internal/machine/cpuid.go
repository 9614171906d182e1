package machine

import (
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
