package doctor

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/noise"
)

var (
	nan   = math.NaN()
	quiet = noise.Sample{Secs: 0.3, StealPct: 0.4, OthersCPUPct: 1.5, PSICPU: 0.2, PSIIO: 0, PSIMem: nan, Load1: 0.1,
		Busiest: []noise.Proc{{Name: "kworker/0:1", CPUPct: 3.3}}}
	busy = noise.Sample{Secs: 0.3, StealPct: 9.2, OthersCPUPct: 48.9, PSICPU: nan, PSIIO: nan, PSIMem: nan, Load1: 1.02,
		Busiest: []noise.Proc{{Name: "stress-ng", CPUPct: 97.8}, {Name: "my prog", CPUPct: 1.2}}}
)

// want is what a finding must be: its exact value, and a fragment of its
// warning ("" for none).
type want struct{ value, warning string }

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name, sys, proc string
		sample          noise.Sample
		err             error
		want            map[string]want
	}{
		{
			name: "tuned", sys: "testdata/sys-tuned", proc: "testdata/proc-host", sample: quiet,
			want: map[string]want{
				"env-governor":    {"performance", ""},
				"env-turbo":       {"off (cpufreq boost)", ""},
				"env-smt":         {"off", ""},
				"env-mitigations": {"none that change syscall cost", ""}, // enhanced IBRS and l1tf's PTE inversion are cheap
				"env-power":       {"mains (BAT0 charging)", ""},         // the mouse's battery does not count
				"env-load":        {"0.10 0.20 0.30 (1, 5, 15 min) on 4 CPUs", ""},
				"env-steal":       {"0.4 % of CPU time over 0.30 s", ""},
				"env-others-cpu":  {"1.5 % of the CPUs over 0.30 s", ""},
				"env-busiest":     {"kworker/0:1 3.3 % (of one CPU)", ""},
				"env-pressure":    {"cpu 0.2 %, io 0.0 %, memory - of the time (PSI some)", ""},
			},
		},
		{
			name: "laptop", sys: "testdata/sys-laptop", proc: "testdata/proc-host", sample: busy,
			want: map[string]want{
				"env-governor":    {"powersave on 3 of 4 CPUs, performance on 1", "clock follows the load"},
				"env-turbo":       {"on (intel_pstate)", "turbo is on"},
				"env-smt":         {"on (2 threads per core)", "shares each core's L1 and L2"},
				"env-mitigations": {"PTI, retpolines, clear CPU buffers", ""},
				"env-power":       {"battery (BAT0 discharging)", "on battery"},
				"env-steal":       {"9.2 % of CPU time over 0.30 s", "9 % of this guest's CPU time"},
				"env-others-cpu":  {"48.9 % of the CPUs over 0.30 s", "used 49 % of the CPUs"},
				"env-busiest":     {"stress-ng 97.8 %, my_prog 1.2 % (of one CPU)", ""},
				"env-pressure":    {"not exposed", ""},
			},
		},
		{
			name: "vm", sys: "testdata/sys-vm", proc: "testdata/proc-vm", sample: quiet,
			want: map[string]want{
				"env-governor":    {"not exposed (VM)", ""},
				"env-turbo":       {"not exposed", ""},
				"env-smt":         {"not supported (VM: the host may still run others on this core's sibling)", ""},
				"env-mitigations": {"retpolines, return thunks, safe RET", ""},
				"env-power":       {"no battery", ""},
				"env-load":        {"2.50 1.00 0.50 (1, 5, 15 min) on 2 CPUs", "load (2.50) is at least the number of CPUs (2)"},
			},
		},
		{
			name: "nothing readable", sys: "testdata/absent", proc: "testdata/absent", err: errors.New("no /proc"),
			want: map[string]want{
				"env-governor":    {"not exposed", ""},
				"env-turbo":       {"not exposed", ""},
				"env-smt":         {"not exposed", ""},
				"env-mitigations": {"not exposed", ""},
				"env-power":       {"no battery", ""},
				"env-load":        {"unknown", ""},
				"env-steal":       {"unknown", ""},
				"env-others-cpu":  {"unknown", ""},
				"env-busiest":     {"unknown", ""},
				"env-pressure":    {"unknown", ""},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := check(tc.sys, tc.proc, func() (noise.Sample, error) { return tc.sample, tc.err })
			got := map[string]Finding{}
			for _, f := range fs {
				checkWellFormed(t, f)
				got[f.Key] = f
			}
			if len(got) != 10 || len(fs) != 10 {
				t.Errorf("got %d findings (%d keys), want 10", len(fs), len(got))
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
	fs := check("testdata/sys-laptop", "testdata/proc-host", func() (noise.Sample, error) { return busy, nil })
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
		for _, f := range Warnings(fromSample(s, nil)) {
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
	fs := Check("testdata/sys-tuned", "testdata/proc-host")
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

// TestCheckHere runs the check on this machine: every key, one line each.
func TestCheckHere(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	fs := Check("/sys", "/proc")
	if len(fs) != 10 {
		t.Errorf("got %d findings, want 10", len(fs))
	}
	for _, f := range fs {
		checkWellFormed(t, f)
		if f.Value == "unknown" && f.Key != "env-load" {
			t.Errorf("%s unknown on a machine with /proc", f.Key)
		}
	}
}

func TestCpulistLen(t *testing.T) {
	for in, want := range map[string]int{"0": 1, "0,4": 2, "0-3": 4, "0-1,8-9": 4, "": 0, "x": 0, "3-1": 0} {
		if got := cpulistLen(in); got != want {
			t.Errorf("cpulistLen(%q) = %d, want %d", in, got, want)
		}
	}
}
