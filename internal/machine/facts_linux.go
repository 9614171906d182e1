package machine

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/cpuid/v2"
)

func describe(sysRoot string) description {
	return description{
		model:    cpuModel(sysRoot),
		physical: physical(sysRoot),
		caches:   Caches(sysRoot),
		memory:   memTotal(),
		kernel:   kernel(),
		thp:      thpMode(sysRoot),
		virt:     hypervisor(),
	}
}

// cpuModel names the CPU: CPUID's brand string on x86; on arm64, which has
// none, the core design MIDR_EL1 identifies, else what /proc/cpuinfo says.
func cpuModel(sysRoot string) string {
	if s := strings.TrimSpace(cpuid.CPU.BrandName); s != "" {
		return s
	}
	if m, ok := readMIDR(sysRoot); ok {
		return m.String()
	}
	if s := cpuinfoModel(); s != "" {
		return s
	}
	return "unknown"
}

// cpuinfoModel returns the first "model name", "Model" or "Hardware" line
// of /proc/cpuinfo (arm64 kernels print the last two, if anything).
func cpuinfoModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		switch strings.TrimSpace(k) {
		case "model name", "Model", "Hardware":
			if v = strings.TrimSpace(v); ok && v != "" {
				return v
			}
		}
	}
	return ""
}

// physical counts distinct (package, core) pairs in sysfs topology; CPUID's
// core count describes the host's package, not the cores this guest has.
func physical(sysRoot string) string {
	dirs, _ := filepath.Glob(filepath.Join(sysRoot, "devices/system/cpu/cpu[0-9]*/topology"))
	cores := map[string]bool{}
	for _, d := range dirs {
		cores[readTrim(filepath.Join(d, "physical_package_id"))+"/"+readTrim(filepath.Join(d, "core_id"))] = true
	}
	if len(cores) == 0 {
		return "unknown"
	}
	return fmt.Sprint(len(cores))
}

func memTotal() string {
	if n := memBytes(); n > 0 {
		return Bytes(int(n))
	}
	return "unknown"
}

// memBytes is the machine's memory (MemTotal), 0 if unknown.
func memBytes() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		var kb int64
		if _, err := fmt.Sscanf(s.Text(), "MemTotal: %d kB", &kb); err == nil {
			return kb << 10
		}
	}
	return 0
}

// thpMode returns the selected transparent huge page mode ("madvise" from
// "always [madvise] never").
func thpMode(sysRoot string) string {
	s := readTrim(sysRoot + "/kernel/mm/transparent_hugepage/enabled")
	if i := strings.IndexByte(s, '['); i >= 0 {
		if j := strings.IndexByte(s[i:], ']'); j > 0 {
			return s[i+1 : i+j]
		}
	}
	return "unknown"
}

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
