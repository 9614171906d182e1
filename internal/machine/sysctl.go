package machine

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/units"
)

// Sysctls are macOS sysctl values by name ("hw.pagesize": "16384").
type Sysctls map[string]string

// sysctlNames are the names machine facts read on macOS.
//
// Note: on Apple Silicon the un-prefixed hw.l1dcachesize and hw.l2cachesize
// describe the efficiency cores (an M1 Pro says 64 KiB and 4 MiB there, its
// performance cores 128 KiB and 12 MiB); hw.perflevel0 is always the fastest
// class of cores, hw.perflevel1 the next. Neither reports the system-level
// cache, which Apple shares with the GPU and does not document as an L3.
var sysctlNames = []string{
	"machdep.cpu.brand_string", "hw.physicalcpu", "hw.logicalcpu", "hw.memsize", "hw.pagesize",
	"hw.cachelinesize", "hw.l1dcachesize", "hw.l2cachesize", "hw.l3cachesize", "hw.nperflevels",
	"hw.perflevel0.name", "hw.perflevel0.physicalcpu", "hw.perflevel0.l1dcachesize",
	"hw.perflevel0.l2cachesize", "hw.perflevel0.l3cachesize", "hw.perflevel0.cpusperl2",
	"hw.perflevel1.name", "hw.perflevel1.physicalcpu", "hw.perflevel1.l1dcachesize",
	"hw.perflevel1.l2cachesize", "hw.perflevel1.cpusperl2",
	"kern.osproductversion", "kern.hv_vmm_present",
}

// ParseSysctls reads sysctl(8) output: "name: value" lines (or "name =
// value" as older releases print them). Lines that are neither are
// skipped.
func ParseSysctls(r io.Reader) (Sysctls, error) {
	s := Sysctls{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		i := strings.IndexAny(line, ":=")
		if i < 0 {
			continue
		}
		name := strings.TrimSpace(line[:i])
		if name == "" || strings.ContainsAny(name, " \t") {
			continue
		}
		s[name] = strings.TrimSpace(line[i+1:])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading sysctl output: %w", err)
	}
	return s, nil
}

// int returns a positive integer value, or 0.
func (s Sysctls) int(name string) int {
	n, err := strconv.Atoi(s[name])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// classes returns the number of core classes (perflevels) s describes.
func (s Sysctls) classes() int {
	if n := s.int("hw.nperflevels"); n > 0 {
		return n
	}
	n := 0
	for s[fmt.Sprintf("hw.perflevel%d.physicalcpu", n)] != "" || s[fmt.Sprintf("hw.perflevel%d.l1dcachesize", n)] != "" {
		n++
	}
	return n
}

// className names perflevel i: its hw.perflevelN.name in lower case, or,
// when it is not recorded, "performance" for 0 and "efficiency" for the last.
func (s Sysctls) className(i int) string {
	if n := s[fmt.Sprintf("hw.perflevel%d.name", i)]; n != "" {
		return strings.ToLower(n)
	}
	switch {
	case i == 0:
		return "performance"
	case i == s.classes()-1:
		return "efficiency"
	}
	return fmt.Sprintf("perflevel%d", i)
}

// caches returns the caches of the fastest cores: hw.perflevel0 where the
// chip has core classes (Apple Silicon), else the un-prefixed keys (Intel
// Macs, one class of core).
func (s Sysctls) caches() []Cache {
	prefix, source := "hw.", "sysctl"
	if s.classes() > 0 {
		prefix, source = "hw.perflevel0.", "sysctl, "+s.className(0)+" cores"
	}
	var cs []Cache
	for level, key := range []string{"l1dcachesize", "l2cachesize", "l3cachesize"} {
		if n := s.int(prefix + key); n > 0 {
			cs = append(cs, Cache{Level: level + 1, Size: n, Source: source})
		}
	}
	return cs
}

// describe turns macOS's sysctl values into machine facts.
func (s Sysctls) describe(kernel string) description {
	d := description{
		model:    or(s["machdep.cpu.brand_string"], "unknown"),
		physical: or(s["hw.physicalcpu"], "unknown"),
		caches:   s.caches(),
		memory:   "unknown",
		kernel:   kernel,
		thp:      "none (macOS has no transparent huge pages)",
		virt:     "unknown",
	}
	if n := s.int("hw.memsize"); n > 0 {
		d.memory = units.Name(n)
	}
	if v := s["kern.osproductversion"]; v != "" {
		d.kernel += " (macOS " + v + ")"
	}
	switch s["kern.hv_vmm_present"] {
	case "0":
		d.virt = "none"
	case "1":
		d.virt = "guest (kern.hv_vmm_present)"
	}
	if n := s.classes(); n > 0 {
		var parts []string
		for i := range n {
			parts = append(parts, s[fmt.Sprintf("hw.perflevel%d.physicalcpu", i)]+" "+s.className(i))
		}
		d.extra = append(d.extra,
			fact.Fact{Key: "cpu-cores", Value: strings.Join(parts, " + ")},
			fact.Fact{Key: "core-class", Value: s.className(0) + " cores: the timed threads ask for them with the user-interactive QoS class, " +
				"which macOS keeps on " + s.className(0) + " cores while one is free; macOS has no CPU pinning, so no thread is bound to a core"})
	}
	for i := 1; i < s.classes(); i++ {
		var parts []string
		for _, c := range []struct{ name, key string }{{"L1d", "l1dcachesize"}, {"L2", "l2cachesize"}} {
			if n := s.int(fmt.Sprintf("hw.perflevel%d.%s", i, c.key)); n > 0 {
				parts = append(parts, c.name+" "+units.Name(n))
			}
		}
		if len(parts) > 0 {
			d.extra = append(d.extra, fact.Fact{Key: s.className(i) + "-caches", Value: strings.Join(parts, ", ") + fmt.Sprintf(" (sysctl hw.perflevel%d)", i)})
		}
	}
	if n := s.int("hw.cachelinesize"); n > 0 {
		d.extra = append(d.extra, fact.Fact{Key: "cache-line", Value: units.Name(n)})
	}
	return d
}

func or(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return strings.TrimSpace(s)
}
