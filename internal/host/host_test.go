package host

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseCPUList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		err  bool
	}{
		{"0-3,8,10-11", []int{0, 1, 2, 3, 8, 10, 11}, false},
		{"0,4", []int{0, 4}, false},
		{"5", []int{5}, false},
		{" 0-1\n", []int{0, 1}, false},
		{"", nil, false},
		{"3-1", nil, true},
		{"a", nil, true},
		{"0,", nil, true},
	} {
		got, err := ParseCPUList(tc.in)
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("ParseCPUList(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

// writeTree writes files (path relative to a temporary root: content) and
// returns the root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, v := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestLoadAvg(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       [3]float64
		err        bool
	}{
		{"kernel's", "0.50 0.40 0.30 1/90 600\n", [3]float64{0.5, 0.4, 0.3}, false},
		{"short", "0.50 0.40\n", [3]float64{}, true},
		{"negative", "-1 0.40 0.30\n", [3]float64{}, true},
		{"not finite", "0.5 Inf 0.30\n", [3]float64{}, true},
		{"NaN", "NaN 0.40 0.30\n", [3]float64{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LoadAvg(writeTree(t, map[string]string{"loadavg": tc.file}))
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("got %v, %v; want %v, error %v", got, err, tc.want, tc.err)
			}
		})
	}
	if _, err := LoadAvg(t.TempDir()); err == nil {
		t.Error("absent: want an error")
	}
}

func TestStat(t *testing.T) {
	root := writeTree(t, map[string]string{"stat": "cpu  10 1 5 80 2 0 1 3 4 0\ncpu0 5 0 2 40 1 0 0 2 2 0\ncpu1 5 1 3 40 1 0 1 1 2 0\nintr 0\n"})
	c, n, err := Stat(root)
	if want := (CPUTimes{User: 10, Nice: 1, System: 5, Idle: 80, Iowait: 2, SoftIRQ: 1, Steal: 3}); err != nil || c != want || n != 2 {
		t.Errorf("got %+v, %d CPUs, %v; want %+v, 2 CPUs", c, n, err, want)
	}
	if c.Total() != 102 {
		t.Errorf("Total: got %d, want 102", c.Total())
	}
	for name, content := range map[string]string{"no cpu line": "intr 0\n", "short": "cpu 1 2\n", "bad": "cpu 1 2 x 4\n"} {
		if _, _, err := Stat(writeTree(t, map[string]string{"stat": content})); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestPressure(t *testing.T) {
	root := writeTree(t, map[string]string{"pressure/cpu": "some avg10=0.00 avg60=0.00 avg300=0.00 total=1234\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=99\n"})
	if got := Pressure(root, "cpu"); got != 1234 {
		t.Errorf("cpu: got %v, want 1234", got)
	}
	if got := Pressure(root, "io"); !math.IsNaN(got) {
		t.Errorf("absent io: got %v, want NaN", got)
	}
}

func TestParsePidStat(t *testing.T) {
	for _, tc := range []struct {
		name, line, comm string
		ok               bool
	}{
		{"plain", "7 (bash) S 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99 0 0", "bash", true},
		{"parens", "7 (a) b) (c) R 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99 0 0", "a) b) (c", true},
		{"empty comm", "7 () S 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99", "", true},
		{"no close", "7 (bash S 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99", "", false},
		{"short", "7 (bash) S 1 7 7 0 -1 0 0 0 0 0 3 4", "", false},
		{"bad number", "7 (bash) S 1 7 7 0 -1 0 0 0 0 0 x 4 0 0 20 0 1 0 99", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := parsePidStat([]byte(tc.line))
			if ok != tc.ok {
				t.Fatalf("ok: got %v, want %v", ok, tc.ok)
			}
			if ok && (p.Comm != tc.comm || p.PPID != 1 || p.Ticks != 7 || p.Start != 99) {
				t.Errorf("got %+v, want comm %q, ppid 1, 7 ticks, start 99", p, tc.comm)
			}
		})
	}
}

func TestMemTotal(t *testing.T) {
	root := writeTree(t, map[string]string{"meminfo": "MemTotal:       24576000 kB\nMemFree:  100 kB\n"})
	if got := MemTotal(root); got != 24576000<<10 {
		t.Errorf("got %d, want %d", got, int64(24576000)<<10)
	}
	if got := MemTotal(t.TempDir()); got != 0 {
		t.Errorf("absent: got %d, want 0", got)
	}
}

func TestCPUInfo(t *testing.T) {
	for _, tc := range []struct {
		name, cpuinfo string
		model, flags  string
	}{
		{"guest", readFile(t, testdata+"/proc-vm/cpuinfo"), "AMD EPYC", "fpu vme de pse tsc msr pae hypervisor lahf_lm"},
		{"host", readFile(t, testdata+"/proc-host/cpuinfo"), "", "fpu vme de pse tsc msr pae lahf_lm"},
		{"x86", "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu hypervisor\nprocessor\t: 1\nmodel name\t: other\nflags\t\t: sse\n", "AMD EPYC", "fpu hypervisor"},
		{"arm64 has Features", "processor\t: 0\nFeatures\t: fp asimd evtstrm\nHardware\t: BCM2835\n", "BCM2835", ""},
		{"empty model skipped", "Model\t:\nHardware\t: X\n", "X", ""},
		{"empty", "", "", ""},
	} {
		ci := parseCPUInfo([]byte(tc.cpuinfo))
		if ci.Model != tc.model || strings.Join(ci.Flags, " ") != tc.flags {
			t.Errorf("%s: got %q, %q; want %q, %q", tc.name, ci.Model, strings.Join(ci.Flags, " "), tc.model, tc.flags)
		}
	}
}

func TestReadCPU(t *testing.T) {
	root := writeTree(t, map[string]string{
		"devices/system/cpu/cpu3/topology/physical_package_id": "1\n",
		"devices/system/cpu/cpu3/topology/core_id":             "5\n",
		"devices/system/cpu/cpu3/cache/index0/level":           "1\n",
		"devices/system/cpu/cpu3/cache/index0/type":            "Data\n",
		"devices/system/cpu/cpu3/cache/index0/size":            "48K\n",
		"devices/system/cpu/cpu3/cache/index0/shared_cpu_list": "3,7\n",
		"devices/system/cpu/cpu3/cache/index3/level":           "3\n",
		"devices/system/cpu/cpu3/cache/index3/shared_cpu_list": "2-3,6-7\n",
		"devices/system/cpu/cpu3/node1/cpulist":                "\n",
		"devices/system/cpu/cpu4/online":                       "1\n",
	})
	if got, want := ReadCPU(root, 3), (CPU{ID: 3, Package: 1, Core: 5, LLC: 2, Node: 1}); got != want {
		t.Errorf("cpu3: got %+v, want %+v", got, want)
	}
	if got, want := ReadCPU(root, 4), (CPU{ID: 4, Package: -1, Core: -1, LLC: -1, Node: -1}); got != want {
		t.Errorf("cpu4: got %+v, want %+v", got, want)
	}
	if got := TopologyCPUs(root); !slices.Equal(got, []int{3}) {
		t.Errorf("TopologyCPUs: got %v, want [3]", got)
	}
	cs := Caches(root, 3)
	if len(cs) != 2 || cs[0].Level != 1 || cs[0].Type != "Data" || cs[0].Size != "48K" || !slices.Equal(cs[0].SharedCPUs, []int{3, 7}) {
		t.Errorf("Caches: got %+v", cs)
	}
}

func TestTHPModeAndMIDR(t *testing.T) {
	root := writeTree(t, map[string]string{
		"kernel/mm/transparent_hugepage/enabled":               "always [madvise] never\n",
		"devices/system/cpu/cpu0/regs/identification/midr_el1": "0x00000000413fd0c1\n",
	})
	if got := THPMode(root); got != "madvise" {
		t.Errorf("THPMode: got %q, want madvise", got)
	}
	if got := THPMode(t.TempDir()); got != "unknown" {
		t.Errorf("THPMode, absent: got %q, want unknown", got)
	}
	if v, ok := MIDR(root); !ok || v != 0x413fd0c1 {
		t.Errorf("MIDR: got %#x, %v; want 0x413fd0c1", v, ok)
	}
	if _, ok := MIDR(t.TempDir()); ok {
		t.Error("MIDR, absent: want false")
	}
}

func TestGuest(t *testing.T) {
	root := writeTree(t, map[string]string{
		"sys/hypervisor/type":                     "xen\n",
		"sys/devices/virtual/dmi/id/sys_vendor":   "QEMU\n",
		"sys/devices/virtual/dmi/id/product_name": "Standard PC (Q35 + ICH9, 2009)\n",
		"proc/cpuinfo":                            "flags\t: fpu hypervisor\n",
	})
	g := ReadGuest(filepath.Join(root, "sys"), filepath.Join(root, "proc"), filepath.Join(root, "dev"))
	if !g.Flag || g.SysType != "xen" || g.DMI != "QEMU Standard PC (Q35 + ICH9, 2009)" || !errors.Is(g.LogErr, os.ErrNotExist) || !g.IsGuest() {
		t.Errorf("got %+v", g)
	}
	if g := ReadGuest(t.TempDir(), t.TempDir(), testdata+"/dev-host"); g.IsGuest() || g.LogErr != nil || !g.Kernel.Boot {
		t.Errorf("bare metal: got %+v", g)
	}
	if g := ReadGuest(t.TempDir(), t.TempDir(), testdata+"/dev-pvm"); !g.IsGuest() {
		t.Errorf("pvm: got %+v, want a guest", g)
	}
}

func TestParseKernelLog(t *testing.T) {
	for _, tc := range []struct {
		name, log string
		want      KernelReport
		hyp       string // what KernelReport.Hypervisor says
	}{
		{"kmsg, pvm", readFile(t, testdata+"/dev-pvm/kmsg"), KernelReport{Boot: true, Detected: "PVM", PVM: true}, "PVM"},
		{"kmsg, kvm", readFile(t, testdata+"/dev-kvm/kmsg"), KernelReport{Boot: true, Detected: "KVM"}, "KVM"},
		{"kmsg, bare metal", readFile(t, testdata+"/dev-host/kmsg"), KernelReport{Boot: true}, ""}, // "kvm_intel: VMX enabled" is a host's
		{"dmesg, pvm", "[    0.000000] Linux version 6.18.44\n[    0.000000] Hypervisor detected: PVM\n" +
			"[    0.000029] pvm-pv: running under PVM (pv-lite)\n", KernelReport{Boot: true, Detected: "PVM", PVM: true}, "PVM"},
		{"dmesg, hyper-v", "[    0.000000] Linux version 6.8.0\r\n[    0.000000] Hypervisor detected: Microsoft Hyper-V\r\n",
			KernelReport{Boot: true, Detected: "Microsoft Hyper-V"}, "Hyper-V"},
		{"syslog prefix", "<5>[    0.000000] Linux version 6.1\n<6>[    0.000000] Hypervisor detected: Xen HVM\n",
			KernelReport{Boot: true, Detected: "Xen HVM"}, "Xen"},
		{"bare messages", "Linux version 6.1\nHypervisor detected: VMware\n", KernelReport{Boot: true, Detected: "VMware"}, "VMware"},
		{"pvm lines only", "6,16,29,-;pvm-pv: running under PVM (pv-lite)\n", KernelReport{PVM: true}, "PVM"},
		{"first detection counts", "6,1,0,-;Hypervisor detected: KVM\n6,2,0,-;Hypervisor detected: Xen HVM\n", KernelReport{Detected: "KVM"}, "KVM"},
		{"wrapped: boot gone", "6,90211,8000000,-;eth0: link up\n", KernelReport{}, ""},
		{"continuation lines", "6,5,0,-;eth0: up\n Hypervisor detected: KVM\n SUBSYSTEM=net\n", KernelReport{}, ""},
		{"mid-line mention", "6,7,9,-;audit: cmd=\"echo Hypervisor detected: KVM\"\n", KernelReport{}, ""},
		{"control characters", "6,1,0,-;Hypervisor detected: K\x1bVM\n", KernelReport{Detected: "K VM"}, "K VM"},
		{"empty", "", KernelReport{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseKernelLog([]byte(tc.log))
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if h := got.Hypervisor(); h != tc.hyp {
				t.Errorf("Hypervisor: got %q, want %q", h, tc.hyp)
			}
		})
	}
}

// testdata is doctor's recorded machines (package doctor reads them
// through this package): one copy of the fixtures for both.
const testdata = "../doctor/testdata"

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHypervisorName(t *testing.T) {
	for in, want := range map[string]string{
		"KVMKVMKVM\x00\x00\x00": "KVM", "KVM": "KVM", "bhyve bhyve ": "bhyve", "Bhyve": "bhyve",
		"PVM": "PVM", "Microsoft Hv": "Hyper-V", "Microsoft Hyper-V": "Hyper-V",
		"XenVMMXenVMM": "Xen", "Xen HVM": "Xen", "Xen PV": "Xen", "xen": "Xen",
		"VMwareVMware": "VMware", "VBoxVBoxVBox": "VirtualBox", " lrpepyh  vr": "Parallels",
		"TCGTCGTCGTCG": "QEMU TCG", "ACRNACRNACRN": "ACRN", "Jailhouse": "Jailhouse",
		"NewVisor": "NewVisor", "": "",
	} {
		if got := HypervisorName(in); got != want {
			t.Errorf("HypervisorName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadKernelLog(t *testing.T) {
	want := readFile(t, testdata+"/dev-pvm/kmsg")
	got, err := ReadKernelLog(testdata+"/dev-pvm/kmsg", KernelLogMax, KernelLogBudget)
	if err != nil || string(got) != want {
		t.Errorf("got %d bytes, %v; want the file's %d bytes", len(got), err, len(want))
	}
	got, err = ReadKernelLog(testdata+"/dev-pvm/kmsg", 100, KernelLogBudget)
	if err != nil || string(got) != want[:100] {
		t.Errorf("limit 100: got %q, %v; want the file's first 100 bytes", got, err)
	}
	if _, err := ReadKernelLog(testdata+"/absent/kmsg", KernelLogMax, KernelLogBudget); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("absent: got error %v, want one wrapping ErrNotExist", err)
	}
}

// TestKernelLogHere reads this machine's kernel log, if allowed: within its
// bounds, and without waiting for new messages.
func TestKernelLogHere(t *testing.T) {
	start := time.Now()
	log, err := ReadKernelLog("/dev/kmsg", KernelLogMax, KernelLogBudget)
	if err != nil {
		t.Skipf("kernel log not readable here: %v", err)
	}
	if len(log) > KernelLogMax {
		t.Errorf("read %d bytes, limit %d", len(log), KernelLogMax)
	}
	if d := time.Since(start); d > KernelLogBudget+time.Second {
		t.Errorf("took %v, budget %v", d, KernelLogBudget)
	}
	t.Logf("%d bytes; %+v", len(log), ParseKernelLog(log))
}
