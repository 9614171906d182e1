package host

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ParseCPUList parses a sysfs CPU list such as "0-3,8,10-11"; "" is no
// CPU.
func ParseCPUList(s string) ([]int, error) {
	var out []int
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for part := range strings.SplitSeq(strings.TrimSpace(s), ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, fmt.Errorf("bad CPU list %q", s)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("bad CPU list %q", s)
			}
		}
		for i := a; i <= b; i++ {
			out = append(out, i)
		}
	}
	return out, nil
}

// cpuDir is the sysfs directory of CPU id under sys.
func cpuDir(sys string, id int) string {
	return filepath.Join(sys, "devices/system/cpu", "cpu"+strconv.Itoa(id))
}

// TopologyCPUs returns the CPUs that have a topology directory under sys,
// in order.
func TopologyCPUs(sys string) []int {
	dirs, _ := filepath.Glob(filepath.Join(sys, "devices/system/cpu/cpu[0-9]*/topology"))
	var ids []int
	for _, d := range dirs {
		if id, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(filepath.Dir(d)), "cpu")); err == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// A CPU is one logical CPU and where it sits. Fields sysfs does not give
// are -1.
type CPU struct {
	ID      int
	Package int // physical_package_id
	Core    int // core_id, unique within a package
	LLC     int // the lowest CPU sharing its last-level cache, -1 if unknown
	Node    int // NUMA node
}

// ReadCPU returns where CPU id sits, from sysfs under sys.
func ReadCPU(sys string, id int) CPU {
	dir := cpuDir(sys, id)
	c := CPU{ID: id, Package: readInt(filepath.Join(dir, "topology/physical_package_id")),
		Core: readInt(filepath.Join(dir, "topology/core_id")), LLC: -1, Node: -1}
	level := 0
	for _, ix := range Caches(sys, id) {
		if ix.Level > level {
			level, c.LLC = ix.Level, -1
			if len(ix.SharedCPUs) > 0 {
				c.LLC = ix.SharedCPUs[0]
			}
		}
	}
	if nodes, _ := filepath.Glob(filepath.Join(dir, "node[0-9]*")); len(nodes) > 0 {
		c.Node, _ = strconv.Atoi(strings.TrimPrefix(filepath.Base(nodes[0]), "node"))
	}
	return c
}

// A CacheIndex is one of a CPU's caches as sysfs lists it
// (cpuN/cache/indexM), its values as written there.
type CacheIndex struct {
	Dir        string // the indexM directory
	Level      int    // -1 if unreadable
	Type       string // "Data", "Instruction", "Unified"
	Size       string // "48K"
	SharedCPUs []int  // the CPUs sharing it; nil if unreadable
}

// Caches returns CPU id's caches from sysfs under sys, in the order of
// their directories; none where sysfs lists none (some VMs, many arm64
// boards).
func Caches(sys string, id int) []CacheIndex {
	dirs, _ := filepath.Glob(filepath.Join(cpuDir(sys, id), "cache/index[0-9]*"))
	var out []CacheIndex
	for _, d := range dirs {
		shared, _ := ParseCPUList(ReadValue(filepath.Join(d, "shared_cpu_list")))
		out = append(out, CacheIndex{Dir: d, Level: readInt(filepath.Join(d, "level")),
			Type: ReadValue(filepath.Join(d, "type")), Size: ReadValue(filepath.Join(d, "size")), SharedCPUs: shared})
	}
	return out
}

// MIDR returns CPU 0's Main ID Register (arm64's MIDR_EL1) from sysfs
// under sys; false where sysfs does not expose it.
func MIDR(sys string) (uint64, bool) {
	s := ReadValue(filepath.Join(sys, "devices/system/cpu/cpu0/regs/identification/midr_el1"))
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), 16, 64)
	if s == "" || err != nil {
		return 0, false
	}
	return v, true
}

// THPMode returns the selected transparent huge page mode ("madvise" from
// "always [madvise] never"), "unknown" where sysfs does not say.
func THPMode(sys string) string {
	s := ReadValue(filepath.Join(sys, "kernel/mm/transparent_hugepage/enabled"))
	if i := strings.IndexByte(s, '['); i >= 0 {
		if j := strings.IndexByte(s[i:], ']'); j > 0 {
			return s[i+1 : i+j]
		}
	}
	return "unknown"
}

func readInt(path string) int {
	v, err := strconv.Atoi(ReadValue(path))
	if err != nil {
		return -1
	}
	return v
}
