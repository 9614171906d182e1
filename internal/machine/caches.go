package machine

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

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
	dirs, err := filepath.Glob(filepath.Join(root, "devices/system/cpu/cpu0/cache/index*"))
	if err != nil {
		return nil, err
	}
	var cs []Cache
	for _, d := range dirs {
		typ := readTrim(filepath.Join(d, "type"))
		if typ != "Data" && typ != "Unified" {
			continue
		}
		level, err := strconv.Atoi(readTrim(filepath.Join(d, "level")))
		if err != nil {
			return nil, fmt.Errorf("reading cache level in %s: %w", d, err)
		}
		size, err := ParseSize(readTrim(filepath.Join(d, "size")))
		if err != nil {
			return nil, fmt.Errorf("reading cache size in %s: %w", d, err)
		}
		cs = append(cs, Cache{Level: level, Size: size, Source: "sysfs"})
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

// ParseSize parses sizes as sysfs writes them ("48K", "1024K", "32M") or as
// plain byte counts.
func ParseSize(s string) (int, error) { return units.ParseKernelSize(s) }

// Bytes formats a byte count with binary units, as sub-benchmark names use
// it: 4KiB, 1.5MiB, 512MiB.
func Bytes(n int) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if f != float64(int64(f)) {
		return strconv.FormatFloat(f, 'f', 1, 64) + units[i]
	}
	return strconv.FormatFloat(f, 'f', -1, 64) + units[i]
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
