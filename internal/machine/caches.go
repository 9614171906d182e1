package machine

import (
	"fmt"
	"sort"

	"github.com/latency-numbers/latency/internal/host"
	"github.com/latency-numbers/latency/internal/units"
)

// A Cache is one level of the CPU's data cache hierarchy.
type Cache struct {
	Level  int    // 1, 2, 3
	Size   int    // bytes, per instance
	Source string // "sysfs", "cpuid", "sysctl, performance cores", "MIDR_EL1: Neoverse-N1"
}

// Caches returns the data/unified caches of CPU 0, read from sysfs under
// root (normally "/sys"); where sysfs has no cache directory (some VMs, many
// arm64 boards) or there is no sysfs, from the platform's own means: sysctl
// on macOS, the core design named by MIDR_EL1 on arm64 Linux, CPUID on x86.
func Caches(root string) []Cache {
	if cs, err := sysfsCaches(root); err == nil && len(cs) > 0 {
		return cs
	}
	return platformCaches(root)
}

func sysfsCaches(root string) ([]Cache, error) {
	var cs []Cache
	for _, ix := range host.Caches(root, 0) {
		if ix.Type != "Data" && ix.Type != "Unified" {
			continue
		}
		if ix.Level < 0 {
			return nil, fmt.Errorf("reading cache level in %s: not a number", ix.Dir)
		}
		size, err := units.ParseKernelSize(ix.Size)
		if err != nil {
			return nil, fmt.Errorf("reading cache size in %s: %w", ix.Dir, err)
		}
		cs = append(cs, Cache{Level: ix.Level, Size: size, Source: "sysfs"})
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].Level < cs[j].Level })
	return cs, nil
}

// CacheSize returns the size of the given level, or 0 if unknown.
func CacheSize(cs []Cache, level int) int {
	for _, c := range cs {
		if c.Level == level {
			return c.Size
		}
	}
	return 0
}
