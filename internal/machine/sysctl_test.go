package machine

import (
	"os"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/units"
)

func readFixture(t *testing.T, name string) Sysctls {
	t.Helper()
	f, err := os.Open("testdata/macos-sysctl/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := ParseSysctls(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSysctlFixtures reads sysctl output recorded on real Apple Silicon
// Macs (testdata/macos-sysctl/README.md) and checks the facts taken from it.
func TestSysctlFixtures(t *testing.T) {
	for _, tc := range []struct {
		file    string
		model   string
		caches  []Cache
		cores   string
		memory  string
		eCaches string
	}{
		{
			// The M1 Pro records both: un-prefixed hw.l1dcachesize (64 KiB)
			// and hw.l2cachesize (4 MiB) are its efficiency cores'.
			file: "apple-m1-pro.txt", model: "unknown",
			caches:  []Cache{{1, 128 << 10, "sysctl, performance cores"}, {2, 12 << 20, "sysctl, performance cores"}},
			cores:   "8 performance + 2 efficiency",
			memory:  "unknown",
			eCaches: "L1d 64KiB, L2 4MiB (sysctl hw.perflevel1)",
		},
		{
			file: "apple-m3-pro.txt", model: "Apple M3 Pro",
			caches:  []Cache{{1, 128 << 10, "sysctl, performance cores"}, {2, 16 << 20, "sysctl, performance cores"}},
			cores:   "5 performance + 6 efficiency",
			memory:  "unknown",
			eCaches: "L1d 64KiB, L2 4MiB (sysctl hw.perflevel1)",
		},
		{
			// No perflevel names and no hw.nperflevels recorded: classes are
			// counted and named by position.
			file: "apple-m3-ultra.txt", model: "Apple M3 Ultra",
			caches:  []Cache{{1, 128 << 10, "sysctl, performance cores"}, {2, 16 << 20, "sysctl, performance cores"}},
			cores:   "20 performance + 8 efficiency",
			memory:  "96GiB",
			eCaches: "L1d 64KiB, L2 4MiB (sysctl hw.perflevel1)",
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			s := readFixture(t, tc.file)
			d := s.describe("Darwin 23.0.0")
			if d.model != tc.model {
				t.Errorf("model %q, want %q", d.model, tc.model)
			}
			if len(d.caches) != len(tc.caches) {
				t.Fatalf("caches %+v, want %+v (no L3 is exposed)", d.caches, tc.caches)
			}
			for i := range tc.caches {
				if d.caches[i] != tc.caches[i] {
					t.Errorf("cache %d: got %+v, want %+v", i, d.caches[i], tc.caches[i])
				}
			}
			if d.memory != tc.memory {
				t.Errorf("memory %q, want %q", d.memory, tc.memory)
			}
			if !strings.HasPrefix(d.thp, "none") {
				t.Errorf("thp %q, want none", d.thp)
			}
			extra := map[string]string{}
			for _, f := range d.extra {
				extra[f.Key] = f.Value
			}
			if extra["cpu-cores"] != tc.cores {
				t.Errorf("cpu-cores %q, want %q", extra["cpu-cores"], tc.cores)
			}
			if extra["efficiency-caches"] != tc.eCaches {
				t.Errorf("efficiency-caches %q, want %q", extra["efficiency-caches"], tc.eCaches)
			}
			if c := extra["core-class"]; !strings.HasPrefix(c, "performance cores") || !strings.Contains(c, "no CPU pinning") {
				t.Errorf("core-class %q: want the performance class and that there is no pinning", c)
			}
			// The working sets are sized from the performance cores.
			if ws := WorkingSets(d.caches); ws.L1 != 64<<10 || ws.L2 != tc.caches[1].Size/2 {
				t.Errorf("working sets %+v, want L1 64KiB and L2 half of %s", ws, units.Name(tc.caches[1].Size))
			}
		})
	}
}

// TestSysctlIntelMac checks a Mac with one class of core: the un-prefixed
// keys are its caches, and there is no core-class fact.
func TestSysctlIntelMac(t *testing.T) {
	s, err := ParseSysctls(strings.NewReader(
		"machdep.cpu.brand_string: Intel(R) Core(TM) i7-9750H CPU @ 2.60GHz\n" +
			"hw.l1dcachesize: 32768\nhw.l2cachesize: 262144\nhw.l3cachesize: 12582912\n" +
			"hw.pagesize = 4096\nkern.hv_vmm_present: 0\nnot a sysctl line\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := s.describe("Darwin 19.6.0")
	want := []Cache{{1, 32 << 10, "sysctl"}, {2, 256 << 10, "sysctl"}, {3, 12 << 20, "sysctl"}}
	if len(d.caches) != 3 || d.caches[0] != want[0] || d.caches[1] != want[1] || d.caches[2] != want[2] {
		t.Errorf("caches %+v, want %+v", d.caches, want)
	}
	if d.virt != "none" {
		t.Errorf("virtualization %q, want none", d.virt)
	}
	for _, f := range d.extra {
		if f.Key == "core-class" || f.Key == "cpu-cores" {
			t.Errorf("one class of core, but %s: %s", f.Key, f.Value)
		}
	}
	if s["hw.pagesize"] != "4096" {
		t.Errorf(`"name = value" line: hw.pagesize = %q`, s["hw.pagesize"])
	}
}

func TestMIDR(t *testing.T) {
	m, ok := readMIDR("testdata/sys-neoverse-n1")
	if !ok {
		t.Fatal("no MIDR_EL1 read from the fake sysfs")
	}
	if got, want := m.String(), "ARM Neoverse-N1 (MIDR_EL1 0x413fd0c1)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := midr(0x610f0230).String(), "Apple part 0x23 (MIDR_EL1 0x610f0230)"; got != want {
		t.Errorf("unknown part: %q, want %q", got, want)
	}
	if _, ok := readMIDR("testdata/sys-intel"); ok {
		t.Error("read a MIDR_EL1 from an x86 sysfs")
	}
}
