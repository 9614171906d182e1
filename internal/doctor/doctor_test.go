package doctor

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/host"
	"github.com/latency-numbers/latency/internal/noise"
)

var (
	nan   = math.NaN()
	quiet = noise.Sample{Secs: 0.3, StealPct: 0.4, OthersCPUPct: 1.5, PSICPU: 0.2, PSIIO: 0, PSIMem: nan, Load1: 0.1,
		Busiest: []noise.Proc{{Name: "kworker/0:1", CPUPct: 3.3}}}
	busy = noise.Sample{Secs: 0.3, StealPct: 9.2, OthersCPUPct: 48.9, PSICPU: nan, PSIIO: nan, PSIMem: nan, Load1: 1.02,
		Busiest: []noise.Proc{{Name: "stress-ng", CPUPct: 97.8}, {Name: "my prog", CPUPct: 1.2}}}
	pvmQuiet = noise.Sample{Secs: 0.3, OthersCPUPct: 1.5, PSICPU: 0.2, PSIIO: 0, PSIMem: 0, Load1: 0.08}

	hostBoot = host.CPUTimes{User: 100, System: 50, Idle: 1000, Iowait: 5, SoftIRQ: 1}         // testdata/proc-host/stat
	pvmBoot  = host.CPUTimes{User: 3509, System: 2467, Idle: 528385, Iowait: 143, SoftIRQ: 55} // testdata/proc-pvm/stat
)

// want is what a finding must be: its exact value, and a fragment of its
// warning ("" for none).
type want struct{ value, warning string }

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, sys, proc, dev, cpuid string
		sample                      noise.Sample
		boot                        host.CPUTimes // since boot, at the window's end
		err                         error
		want                        map[string]want
	}{
		{
			name: "tuned", sys: "testdata/sys-tuned", proc: "testdata/proc-host", dev: "testdata/dev-host", cpuid: "none",
			sample: quiet, boot: hostBoot,
			want: map[string]want{
				"env-governor":    {"performance", ""},
				"env-turbo":       {"off (cpufreq boost)", ""},
				"env-smt":         {"off", ""},
				"env-mitigations": {"none that change syscall cost", ""}, // enhanced IBRS and l1tf's PTE inversion are cheap
				"env-power":       {"mains (BAT0 charging)", ""},         // the mouse's battery does not count
				"env-load":        {"0.10 0.20 0.30 (1, 5, 15 min) on 4 CPUs", ""},
				"env-hypervisor":  {"none (kernel and CPUID)", ""},
				"env-steal":       {"0.4 % of CPU time over 0.30 s", ""},
				"env-others-cpu":  {"1.5 % of the CPUs over 0.30 s", ""},
				"env-busiest":     {"kworker/0:1 3.3 % (of one CPU)", ""},
				"env-pressure":    {"cpu 0.2 %, io 0.0 %, memory - of the time (PSI some)", ""},
			},
		},
		{
			name: "laptop", sys: "testdata/sys-laptop", proc: "testdata/proc-host", dev: "testdata/dev-host", cpuid: "none",
			sample: busy, boot: host.CPUTimes{User: 7000, Idle: 2970, Steal: 30},
			want: map[string]want{
				"env-governor":    {"powersave on 3 of 4 CPUs, performance on 1", "clock follows the load"},
				"env-turbo":       {"on (intel_pstate)", "turbo is on"},
				"env-smt":         {"on (2 threads per core)", "shares each core's L1 and L2"},
				"env-mitigations": {"PTI, retpolines, clear CPU buffers", ""},
				"env-power":       {"battery (BAT0 discharging)", "on battery"},
				"env-hypervisor":  {"none (kernel and CPUID); DMI: LENOVO 21CBCTO1WW", ""},
				"env-steal":       {"9.2 % of CPU time over 0.30 s; reported (0.3 % since boot)", "9 % of this guest's CPU time"},
				"env-others-cpu":  {"48.9 % of the CPUs over 0.30 s", "used 49 % of the CPUs"},
				"env-busiest":     {"stress-ng 97.8 %, my_prog 1.2 % (of one CPU)", ""},
				"env-pressure":    {"not exposed", ""},
			},
		},
		{
			name: "kvm", sys: "testdata/sys-vm", proc: "testdata/proc-vm", dev: "testdata/dev-kvm", cpuid: "guest of KVMKVMKVM",
			sample: quiet, boot: host.CPUTimes{User: 100, System: 50, Idle: 1000, Iowait: 5, SoftIRQ: 1, Steal: 2},
			want: map[string]want{
				"env-governor":    {"not exposed (VM)", ""},
				"env-turbo":       {"not exposed", ""},
				"env-smt":         {"not supported (VM: the host may still run others on this core's sibling)", ""},
				"env-mitigations": {"retpolines, return thunks, safe RET", ""},
				"env-power":       {"no battery", ""},
				"env-load":        {"2.50 1.00 0.50 (1, 5, 15 min) on 2 CPUs", "load (2.50) is at least the number of CPUs (2)"},
				"env-hypervisor":  {"KVM (kernel and CPUID)", ""},
				"env-steal":       {"0.4 % of CPU time over 0.30 s; reported (0.2 % since boot)", ""},
			},
		},
		{
			name: "pvm under bhyve", sys: "testdata/sys-vm", proc: "testdata/proc-pvm", dev: "testdata/dev-pvm", cpuid: "guest of bhyve bhyve",
			sample: pvmQuiet, boot: pvmBoot,
			want: map[string]want{
				"env-governor":   {"not exposed (VM)", ""},
				"env-load":       {"0.08 0.20 0.31 (1, 5, 15 min) on 2 CPUs", ""},
				"env-hypervisor": {"PVM (kernel), CPUID says bhyve: nested virtualization", "nested virtualization"},
				"env-steal":      {"not reported by this hypervisor (0 since boot): a busy host will not show as steal", "slower or more scattered samples"},
				"env-others-cpu": {"1.5 % of the CPUs over 0.30 s", ""},
			},
		},
		{
			name: "pvm under kvm", sys: "testdata/sys-vm", proc: "testdata/proc-pvm", dev: "testdata/dev-pvm", cpuid: "guest of KVMKVMKVM",
			sample: pvmQuiet, boot: pvmBoot,
			want: map[string]want{
				"env-hypervisor": {"PVM (kernel), CPUID says KVM: nested virtualization", "nested virtualization"},
				"env-steal":      {"not reported by this hypervisor (0 since boot): a busy host will not show as steal", "does not report steal"},
			},
		},
		{
			// The kernel log is not readable, but /proc/cpuinfo's flags
			// still tell a guest, whose steal counter has stayed 0.
			name: "guest, no kernel log", sys: "testdata/sys-vm", proc: "testdata/proc-pvm", dev: "testdata/absent", cpuid: "guest of bhyve bhyve",
			sample: pvmQuiet, boot: pvmBoot,
			want: map[string]want{
				"env-hypervisor": {"unknown (no kernel log), CPUID says bhyve", ""},
				"env-steal":      {"not reported by this hypervisor (0 since boot): a busy host will not show as steal", "does not report steal"},
			},
		},
		{
			name: "nothing readable", sys: "testdata/absent", proc: "testdata/absent", dev: "testdata/absent", cpuid: "unknown",
			err: errors.New("no /proc"),
			want: map[string]want{
				"env-governor":    {"not exposed", ""},
				"env-turbo":       {"not exposed", ""},
				"env-smt":         {"not exposed", ""},
				"env-mitigations": {"not exposed", ""},
				"env-power":       {"no battery", ""},
				"env-load":        {"unknown", ""},
				"env-hypervisor":  {"unknown (no kernel log)", ""},
				"env-steal":       {"unknown", ""},
				"env-others-cpu":  {"unknown", ""},
				"env-busiest":     {"unknown", ""},
				"env-pressure":    {"unknown", ""},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := check(tc.sys, tc.proc, tc.dev, tc.cpuid, func() (window, error) { return window{tc.sample, tc.boot}, tc.err })
			got := map[string]Finding{}
			for _, f := range fs {
				checkWellFormed(t, f)
				got[f.Key] = f
			}
			if len(got) != nFindings || len(fs) != nFindings {
				t.Errorf("got %d findings (%d keys), want %d", len(fs), len(got), nFindings)
			}
			for key, w := range tc.want {
				f, ok := got[key]
				if !ok {
					t.Errorf("%s: missing", key)
					continue
				}
				if f.Value != w.value {
					t.Errorf("%s: got value %q, want %q", key, f.Value, w.value)
				}
				if w.warning == "" && f.Warning != "" {
					t.Errorf("%s: got warning %q, want none", key, f.Warning)
				}
				if w.warning != "" && !strings.Contains(f.Warning, w.warning) {
					t.Errorf("%s: got warning %q, want one containing %q", key, f.Warning, w.warning)
				}
			}
		})
	}
}

// nFindings is how many findings Check returns.
const nFindings = 11

// checkWellFormed checks the shape every finding must have.
func checkWellFormed(t *testing.T, f Finding) {
	t.Helper()
	if f.Key == "" || f.Key != strings.ToLower(f.Key) || strings.ContainsAny(f.Key, " \t:") {
		t.Errorf("bad key %q", f.Key)
	}
	if f.Value == "" || strings.ContainsAny(f.Value+f.Warning+f.Advice, "\n\r") {
		t.Errorf("%s: value %q: want one non-empty line", f.Key, f.Value)
	}
	if (f.Warning == "") != (f.Advice == "") {
		t.Errorf("%s: warning %q with advice %q: want both or neither", f.Key, f.Warning, f.Advice)
	}
}

func TestAdvice(t *testing.T) {
	fs := check("testdata/sys-laptop", "testdata/proc-host", "testdata/dev-pvm", "guest of KVMKVMKVM",
		func() (window, error) { return window{busy, host.CPUTimes{}}, nil })
	advice := map[string]string{}
	for _, f := range Warnings(fs) {
		advice[f.Key] = f.Advice
	}
	for key, want := range map[string]string{
		"env-governor":   "cpupower frequency-set -g performance",
		"env-turbo":      "echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo",
		"env-smt":        "/sys/devices/system/cpu/smt/control",
		"env-power":      "plug in",
		"env-others-cpu": "(busiest: stress-ng, my_prog)",
		"env-steal":      "make stability",
		"env-hypervisor": "bare metal or a first-level VM",
	} {
		if !strings.Contains(advice[key], want) {
			t.Errorf("%s: got advice %q, want it to contain %q", key, advice[key], want)
		}
	}
	if _, ok := advice["env-mitigations"]; ok {
		t.Error("env-mitigations warns; it is a fact")
	}
}

// TestThresholds checks that the window's warnings use noise's thresholds.
func TestThresholds(t *testing.T) {
	for _, tc := range []struct {
		steal, others float64
		warn          []string
	}{
		{noise.StealWarnPct - 0.1, noise.OthersWarnPct - 0.1, nil},
		{noise.StealWarnPct, 0, []string{"env-steal"}},
		{0, noise.OthersWarnPct, []string{"env-others-cpu"}},
	} {
		s := noise.Sample{Secs: 0.3, StealPct: tc.steal, OthersCPUPct: tc.others, PSICPU: nan, PSIIO: nan, PSIMem: nan}
		var got []string
		for _, f := range Warnings(fromWindow(window{Sample: s}, false, nil)) {
			got = append(got, f.Key)
		}
		if strings.Join(got, ",") != strings.Join(tc.warn, ",") {
			t.Errorf("steal %v, others %v: got warnings %v, want %v", tc.steal, tc.others, got, tc.warn)
		}
	}
}

func TestMachineFindings(t *testing.T) {
	for _, tc := range []struct {
		sys, thp string
		warn     bool
	}{
		{"testdata/sys-tuned", "madvise", false},
		{"testdata/sys-laptop", "never", true},
	} {
		got := map[string]Finding{}
		for _, f := range MachineFindings(tc.sys) {
			checkWellFormed(t, f)
			got[f.Key] = f
		}
		for _, key := range []string{"cpu-model", "virtualization", "kernel"} {
			if _, ok := got[key]; !ok {
				t.Errorf("%s: %s missing", tc.sys, key)
			}
		}
		if f := got["thp"]; f.Value != tc.thp || (f.Warning != "") != tc.warn {
			t.Errorf("%s: thp %+v, want value %q, warning %v", tc.sys, f, tc.thp, tc.warn)
		}
	}
}

// TestCheckFake runs the whole check, window included, on a fake tree:
// two snapshots of an unchanging /proc show a quiet machine.
func TestCheckFake(t *testing.T) {
	fs := Check("testdata/sys-tuned", "testdata/proc-host", "testdata/dev-host")
	got := map[string]Finding{}
	for _, f := range fs {
		checkWellFormed(t, f)
		got[f.Key] = f
	}
	if w := Warnings(fs); len(w) != 0 {
		t.Errorf("warnings on a tuned, unchanging machine: %+v", w)
	}
	if v := got["env-steal"].Value; !strings.HasPrefix(v, "0.0 % of CPU time over 0.") {
		t.Errorf("env-steal: %q", v)
	}
	if v := got["env-busiest"].Value; v != "none above 1 % of a CPU" {
		t.Errorf("env-busiest: %q", v)
	}
	if v := got["env-pressure"].Value; v != "cpu 0.0 %, io -, memory - of the time (PSI some)" {
		t.Errorf("env-pressure: %q", v)
	}
}

// TestCheckHere runs the check on this machine, kernel log included
// (readable or not): every key, one line each.
func TestCheckHere(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	fs := Check("/sys", "/proc", "/dev")
	if len(fs) != nFindings {
		t.Errorf("got %d findings, want %d", len(fs), nFindings)
	}
	for _, f := range fs {
		checkWellFormed(t, f)
		if f.Value == "unknown" && f.Key != "env-load" {
			t.Errorf("%s unknown on a machine with /proc", f.Key)
		}
	}
}

func TestStealFinding(t *testing.T) {
	for _, tc := range []struct {
		name        string
		sample      noise.Sample
		boot        host.CPUTimes
		guest       bool
		value, warn string
	}{
		{"bare metal", noise.Sample{Secs: 0.3}, hostBoot, false, "0.0 % of CPU time over 0.30 s", ""},
		{"guest, never reported", noise.Sample{Secs: 0.3}, pvmBoot, true,
			"not reported by this hypervisor (0 since boot): a busy host will not show as steal", "does not report steal"},
		{"guest, reported, quiet now", noise.Sample{Secs: 0.3}, host.CPUTimes{Idle: 100000, Steal: 7}, true,
			"0.0 % of CPU time over 0.30 s; reported (under 0.1 % since boot)", ""},
		{"guest, reported, busy now", noise.Sample{Secs: 0.3, StealPct: 12.5}, host.CPUTimes{Idle: 900, Steal: 100}, true,
			"12.5 % of CPU time over 0.30 s; reported (10.0 % since boot)", "gave 12 % of this guest's CPU time"},
		// Steal counted by a kernel that did not see the hypervisor flag
		// (an arm64 guest) is reported all the same.
		{"steal without the flag", noise.Sample{Secs: 0.3, StealPct: 1}, host.CPUTimes{Idle: 999, Steal: 1}, false,
			"1.0 % of CPU time over 0.30 s; reported (0.1 % since boot)", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := stealFinding(tc.sample, tc.boot, tc.guest)
			checkWellFormed(t, f)
			if f.Value != tc.value {
				t.Errorf("got value %q, want %q", f.Value, tc.value)
			}
			if (tc.warn == "") != (f.Warning == "") || !strings.Contains(f.Warning, tc.warn) {
				t.Errorf("got warning %q, want %q", f.Warning, tc.warn)
			}
		})
	}
}

// TestHypervisor covers how the kernel's view and CPUID's combine.
func TestHypervisor(t *testing.T) {
	var (
		boot     = host.KernelReport{Boot: true}
		pvm      = host.KernelReport{Boot: true, Detected: "PVM", PVM: true}
		kvm      = host.KernelReport{Boot: true, Detected: "KVM"}
		denied   = fmt.Errorf("opening /dev/kmsg: %w", os.ErrPermission)
		noDevice = fmt.Errorf("opening /dev/kmsg: %w", os.ErrNotExist)
	)
	for _, tc := range []struct {
		name     string
		kern     host.KernelReport
		logErr   error
		sysType  string
		cpuid    string
		firmware string
		value    string
		nested   bool
	}{
		{"pvm under bhyve", pvm, nil, "", "guest of bhyve bhyve", "", "PVM (kernel), CPUID says bhyve: nested virtualization", true},
		{"pvm under kvm", pvm, nil, "", "guest of KVMKVMKVM", "", "PVM (kernel), CPUID says KVM: nested virtualization", true},
		{"pvm, cpuid silent", pvm, nil, "", "unknown", "", "PVM (kernel): nested virtualization", true},
		{"kvm", kvm, nil, "", "guest of KVMKVMKVM", "QEMU Standard PC (Q35 + ICH9, 2009)", "KVM (kernel and CPUID); DMI: QEMU Standard PC (Q35 + ICH9, 2009)", false},
		{"kvm inside hyper-v", kvm, nil, "", "guest of Microsoft Hv", "", "KVM (kernel), CPUID says Hyper-V (KVM's Hyper-V interface)", false},
		{"pvm inside hyper-v", pvm, nil, "", "guest of Microsoft Hv", "", "PVM (kernel), CPUID says Hyper-V: nested virtualization", true},
		{"kvm under vmware", kvm, nil, "", "guest of VMwareVMware", "", "KVM (kernel), CPUID says VMware: nested virtualization", true},
		{"xen from sysfs", host.KernelReport{}, noDevice, "xen", "guest of XenVMMXenVMM", "", "Xen (sysfs and CPUID)", false},
		{"bare metal", boot, nil, "", "none", "LENOVO 21CBCTO1WW", "none (kernel and CPUID); DMI: LENOVO 21CBCTO1WW", false},
		{"kernel without guest support", boot, nil, "", "guest of KVMKVMKVM", "", "none (kernel), CPUID says KVM", false},
		{"log needs root", host.KernelReport{}, denied, "", "guest of bhyve bhyve", "", "unknown (reading the kernel log needs root), CPUID says bhyve", false},
		{"no log, arm64", host.KernelReport{}, noDevice, "", "unknown", "", "unknown (no kernel log)", false},
		{"log wrapped", host.KernelReport{}, nil, "", "guest of KVMKVMKVM", "", "unknown (the kernel log no longer starts at boot), CPUID says KVM", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := hypervisor(host.Guest{Kernel: tc.kern, LogErr: tc.logErr, SysType: tc.sysType, DMI: tc.firmware}, tc.cpuid)
			checkWellFormed(t, f)
			if f.Key != "env-hypervisor" || f.Value != tc.value {
				t.Errorf("got %s: %q, want env-hypervisor: %q", f.Key, f.Value, tc.value)
			}
			if (f.Warning != "") != tc.nested {
				t.Errorf("got warning %q, want one: %v", f.Warning, tc.nested)
			}
		})
	}
}
