package machine

import (
	"fmt"

	"github.com/latency-numbers/latency/internal/host"
)

// A midr is the value of an arm64 CPU's Main ID Register, MIDR_EL1, which
// Linux exposes in sysfs (cpuN/regs/identification/midr_el1): who designed
// the core and which design it is.
type midr uint64

func (m midr) implementer() uint32 { return uint32(m>>24) & 0xff }
func (m midr) part() uint32        { return uint32(m>>4) & 0xfff }

// An armCore is a known core design.
type armCore struct {
	name string
	l1d  int // L1 data cache per core, where the design fixes it; 0 if configurable
}

// armCores are the core designs by implementer and part number, from Arm's
// technical reference manuals.
//
// Note: only designs whose L1d size the design fixes carry one (Cortex-A53,
// A55 and A78 leave it to the chip maker); L2 and L3 sizes are always the
// chip maker's choice, so MIDR_EL1 cannot give them.
var armCores = map[[2]uint32]armCore{
	{0x41, 0xd03}: {"Cortex-A53", 0},
	{0x41, 0xd04}: {"Cortex-A35", 0},
	{0x41, 0xd05}: {"Cortex-A55", 0},
	{0x41, 0xd07}: {"Cortex-A57", 32 << 10},
	{0x41, 0xd08}: {"Cortex-A72", 32 << 10},
	{0x41, 0xd09}: {"Cortex-A73", 0},
	{0x41, 0xd0b}: {"Cortex-A76", 64 << 10},
	{0x41, 0xd0c}: {"Neoverse-N1", 64 << 10},
	{0x41, 0xd0d}: {"Cortex-A77", 64 << 10},
	{0x41, 0xd40}: {"Neoverse-V1", 64 << 10},
	{0x41, 0xd41}: {"Cortex-A78", 0},
	{0x41, 0xd44}: {"Cortex-X1", 64 << 10},
	{0x41, 0xd48}: {"Cortex-X2", 64 << 10},
	{0x41, 0xd49}: {"Neoverse-N2", 64 << 10},
	{0x41, 0xd4f}: {"Neoverse-V2", 64 << 10},
	{0x41, 0xd84}: {"Neoverse-V3", 64 << 10},
}

var implementers = map[uint32]string{0x41: "ARM", 0x42: "Broadcom", 0x48: "HiSilicon", 0x4e: "NVIDIA", 0x51: "Qualcomm", 0x61: "Apple", 0xc0: "Ampere"}

func (m midr) core() (armCore, bool) {
	c, ok := armCores[[2]uint32{m.implementer(), m.part()}]
	return c, ok
}

// String names the core: "ARM Neoverse-N1 (MIDR_EL1 0x413fd0c1)".
func (m midr) String() string {
	who, ok := implementers[m.implementer()]
	if !ok {
		who = fmt.Sprintf("implementer %#x", m.implementer())
	}
	what := fmt.Sprintf("part %#x", m.part())
	if c, ok := m.core(); ok {
		what = c.name
	}
	return fmt.Sprintf("%s %s (MIDR_EL1 %#x)", who, what, uint64(m))
}

// readMIDR reads CPU 0's MIDR_EL1 from sysfs under root.
func readMIDR(root string) (midr, bool) {
	v, ok := host.MIDR(root)
	return midr(v), ok
}
