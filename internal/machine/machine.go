// Package machine reads the facts about this machine that a latency figure
// depends on (CPU, caches, memory, kernel, huge pages, virtualisation) and
// sizes the memory benchmarks' working sets from them.
package machine

import (
	"fmt"
	"os"
	"runtime"

	"github.com/latency-numbers/latency/internal/mem"
)

// A Fact is one "key: value" configuration line of a results file.
type Fact struct{ Key, Value string }

// Facts returns the machine facts, in a stable order. sysRoot is normally
// "/sys" (tests point it at a fake tree); macOS has no sysfs and answers
// from sysctl instead.
func Facts(sysRoot string) []Fact {
	d := describe(sysRoot)
	fs := []Fact{
		{"cpu-model", d.model},
		{"cpu-logical", fmt.Sprint(runtime.NumCPU())},
		{"cpu-physical", d.physical},
	}
	for level := 1; level <= 3; level++ {
		v := "not reported"
		for _, c := range d.caches {
			if c.Level == level {
				v = Bytes(c.Size) + " (" + c.Source + ")"
			}
		}
		fs = append(fs, Fact{fmt.Sprintf("l%d-cache", level), v})
	}
	ws := WorkingSets(d.caches)
	fs = append(fs,
		Fact{"ws-l1", Bytes(ws.L1)},
		Fact{"ws-l2", Bytes(ws.L2)},
		Fact{"ws-l3", Bytes(ws.L3)},
		Fact{"ws-dram", Bytes(ws.DRAM)},
		Fact{"memory", d.memory},
		Fact{"kernel", d.kernel},
		Fact{"go", runtime.Version()},
		Fact{"thp", d.thp},
		Fact{"virtualization", d.virt},
		Fact{"page-size", Bytes(os.Getpagesize())},
	)
	return append(fs, d.extra...)
}

// A description is what one platform's means (sysfs and /proc on Linux,
// sysctl on macOS) tell about the machine; "unknown" where they are silent.
type description struct {
	model, physical, memory, kernel, thp, virt string
	caches                                     []Cache
	extra                                      []Fact // platform-only facts, after the common ones
}

// WS holds the working-set sizes of the memory benchmarks.
type WS struct{ L1, L2, L3, DRAM int }

// WorkingSets sizes each level's pointer chase well inside that level and
// the DRAM chase far beyond the last-level cache.
//
// Note: L1 and L2 take half the level, leaving room for the stack, the code
// and imperfect placement. L3 takes 4× L2 (so it cannot be served by L2) but
// at most a quarter of the reported L3: in VMs and on many-core parts the
// L3 is shared with neighbours, and some hypervisors report sizes that are
// not real. DRAM takes 8× the reported L3, at least 256 MiB and at most
// 1 GiB (the buffer must be built in a fraction of a second).
func WorkingSets(cs []Cache) WS {
	l1 := CacheSize(cs, 1)
	if l1 == 0 {
		l1 = 32 << 10
	}
	l2 := CacheSize(cs, 2)
	if l2 == 0 {
		l2 = 256 << 10
	}
	l3 := CacheSize(cs, 3)
	ws := WS{L1: l1 / 2, L2: l2 / 2, L3: 4 * l2}
	if l3 > 0 && ws.L3 > l3/4 {
		ws.L3 = max(l3/4, 2*l2)
	}
	ws.DRAM = min(max(8*l3, 256<<20), 1<<30)
	return ws
}

// HugePageProbe maps a 16 MiB buffer with MADV_HUGEPAGE and reports what
// share of it the kernel backed with huge pages: "100% of a 16MiB probe".
// The memory rows report the same per buffer as the huge-pct metric.
func HugePageProbe() Fact {
	const size = 16 << 20
	if len(mem.Kinds()) == 1 {
		return Fact{"thp-granted", "none: there are no transparent huge pages on " + runtime.GOOS}
	}
	b, err := mem.Map(size, mem.Huge)
	if err != nil {
		return Fact{"thp-granted", "probe failed: " + err.Error()}
	}
	defer b.Free()
	f, err := b.HugeFraction()
	if err != nil {
		return Fact{"thp-granted", "unknown: " + err.Error()}
	}
	return Fact{"thp-granted", fmt.Sprintf("%.0f%% of a %s probe", 100*f, Bytes(size))}
}
