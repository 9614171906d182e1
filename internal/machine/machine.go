// Package machine reads the facts about this machine that a latency figure
// depends on (CPU, caches, memory, kernel, huge pages, virtualisation) and
// sizes the memory benchmarks' working sets from them.
package machine

import (
	"fmt"
	"os"
	"runtime"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/units"
)

// Facts returns the machine facts, in a stable order. sysRoot is normally
// "/sys" (tests point it at a fake tree); macOS has no sysfs and answers
// from sysctl instead.
func Facts(sysRoot string) []fact.Fact {
	d := describe(sysRoot)
	fs := []fact.Fact{
		{Key: fact.CPUModel, Value: d.model},
		{Key: fact.CPULogical, Value: fmt.Sprint(runtime.NumCPU())},
		{Key: fact.CPUPhysical, Value: d.physical},
	}
	for level := 1; level <= 3; level++ {
		v := "not reported"
		for _, c := range d.caches {
			if c.Level == level {
				v = units.Name(c.Size) + " (" + c.Source + ")"
			}
		}
		fs = append(fs, fact.Fact{Key: fmt.Sprintf("l%d-cache", level), Value: v})
	}
	ws := WorkingSets(d.caches)
	fs = append(fs,
		fact.Fact{Key: fact.WSL1, Value: units.Name(ws.L1)},
		fact.Fact{Key: fact.WSL2, Value: units.Name(ws.L2)},
		fact.Fact{Key: fact.WSL3, Value: units.Name(ws.L3)},
		fact.Fact{Key: fact.WSDRAM, Value: dramFact(ws)},
		fact.Fact{Key: fact.Memory, Value: d.memory},
		fact.Fact{Key: fact.Kernel, Value: d.kernel},
		fact.Fact{Key: fact.Go, Value: runtime.Version()},
		fact.Fact{Key: fact.THP, Value: d.thp},
		fact.Fact{Key: fact.Virtualization, Value: d.virt},
		fact.Fact{Key: fact.PageSize, Value: units.Name(os.Getpagesize())},
	)
	return append(fs, d.extra...)
}

// A description is what one platform's means (sysfs and /proc on Linux,
// sysctl on macOS) tell about the machine; "unknown" where they are silent.
type description struct {
	model, physical, memory, kernel, thp, virt string
	caches                                     []Cache
	extra                                      []fact.Fact // platform-only facts, after the common ones
}

// WS holds the working-set sizes of the memory benchmarks.
type WS struct {
	L1, L2, L3, DRAM int
	// DRAMLimited is set when the machine's memory kept DRAM below 4× the
	// reported L3.
	DRAMLimited bool
}

// WorkingSets sizes each level's pointer chase well inside that level and
// the DRAM chase far beyond the last-level cache, for this machine's memory.
func WorkingSets(cs []Cache) WS { return workingSets(cs, memBytes()) }

// workingSets is WorkingSets for a machine with mem bytes of memory (0 if
// unknown).
//
// Note: L1 and L2 take half the level, leaving room for the stack, the code
// and imperfect placement. L3 takes 4× L2 (so it cannot be served by L2) but
// at most a quarter of the reported L3: in VMs and on many-core parts the
// L3 is shared with neighbours, and some hypervisors report sizes that are
// not real. DRAM takes 8× the reported L3, at least 256 MiB; past 1 GiB (an
// L3 over 128 MiB: EPYC with 3D V-Cache, Xeons that report 480 MiB, several
// sockets) it takes 4× the L3, so that at most a quarter of the chase can
// sit in L3 even if all of it is usable, but never more than an eighth of
// the memory (DRAMLimited then says the L3 may serve part of it).
func workingSets(cs []Cache, mem int64) WS {
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
	ws.DRAM = max(8*l3, 256<<20)
	if ws.DRAM > 1<<30 {
		ws.DRAM = max(4*l3, 1<<30)
	}
	if limit := int(mem / 8 &^ (hugePage - 1)); mem > 0 && ws.DRAM > limit && limit >= 256<<20 {
		ws.DRAM, ws.DRAMLimited = limit, 4*l3 > limit
	}
	ws.DRAM = (ws.DRAM + hugePage - 1) &^ (hugePage - 1) // whole huge pages
	return ws
}

// hugePage is the size of a transparent huge page on x86-64 and arm64
// Linux: buffers are sized in whole ones.
const hugePage = 2 << 20

// dramFact is the ws-dram fact: the size, and why it is not 4× the L3
// where memory kept it smaller.
func dramFact(ws WS) string {
	if ws.DRAMLimited {
		return units.Name(ws.DRAM) + " (an eighth of memory: less than 4× the L3, which may serve part of the chase)"
	}
	return units.Name(ws.DRAM)
}

// HugePageProbe maps a 16 MiB buffer with MADV_HUGEPAGE and reports what
// share of it the kernel backed with huge pages: "100% of a 16MiB probe".
// The memory rows report the same per buffer as the huge-pct metric.
func HugePageProbe() fact.Fact {
	const size = 16 << 20
	if len(mem.Kinds()) == 1 {
		return fact.Fact{Key: fact.THPGranted, Value: "none: there are no transparent huge pages on " + runtime.GOOS}
	}
	b, err := mem.Map(size, mem.Huge)
	if err != nil {
		return fact.Fact{Key: fact.THPGranted, Value: "probe failed: " + err.Error()}
	}
	defer b.Free()
	f, err := b.HugeFraction()
	if err != nil {
		return fact.Fact{Key: fact.THPGranted, Value: "unknown: " + err.Error()}
	}
	return fact.Fact{Key: fact.THPGranted, Value: fmt.Sprintf("%.0f%% of a %s probe", 100*f, units.Name(size))}
}
