// Package doctor checks whether this machine is fit to measure latency on,
// in the spirit of `pyperf system show`: the CPU frequency governor, turbo,
// SMT siblings, the speculation mitigations that change syscall cost, power
// source, load, steal and the CPU other processes take right now.
//
// Each check is a Finding: a fact for the results file ("env-governor:
// performance") and, when it is bad for measuring, a warning with advice.
// Nothing here fails: what cannot be read is "unknown" or "not exposed".
//
// Note: facts internal/machine already records with every run (CPU model,
// caches, THP mode, virtualisation) are not repeated by Check;
// MachineFindings shows them beside the check for the doctor command.
package doctor

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/noise"
)

// A Finding is one thing the check looked at.
type Finding struct {
	Key     string // fact key, lower case, no spaces: "env-governor"
	Value   string // what was found, one line: "performance", "not exposed (VM)"
	Warning string // "" when fine; else what is wrong for measuring
	Advice  string // what to do about it (a command where there is one)
}

// Window is how long Check watches the machine for steal and for other
// processes' CPU time.
//
// Note: 300 ms is 60 clock ticks on 2 CPUs, so a busy thread elsewhere shows
// as ~30 ticks, far above the tick granularity, while Check stays under half
// a second.
const Window = 300 * time.Millisecond

// Check runs every check against sysRoot ("/sys") and procRoot ("/proc").
// It takes about Window and never fails.
func Check(sysRoot, procRoot string) []Finding {
	return check(sysRoot, procRoot, func() (noise.Sample, error) {
		a, err := noise.Take(procRoot, os.Getpid())
		if err != nil {
			return noise.Sample{}, err
		}
		time.Sleep(Window)
		b, err := noise.Take(procRoot, os.Getpid())
		if err != nil {
			return noise.Sample{}, err
		}
		return noise.Between(a, b), nil
	})
}

// check runs the checks with watch supplying what the machine did during
// the window (tests pass a fixed Sample).
func check(sysRoot, procRoot string, watch func() (noise.Sample, error)) []Finding {
	guest := isGuest(procRoot)
	fs := []Finding{
		governor(sysRoot, guest),
		turbo(sysRoot),
		smt(sysRoot, guest),
		mitigations(sysRoot),
		power(sysRoot),
		load(procRoot),
	}
	s, err := watch()
	return append(fs, fromSample(s, err)...)
}

// Warnings returns the findings that carry a warning.
func Warnings(fs []Finding) []Finding {
	var ws []Finding
	for _, f := range fs {
		if f.Warning != "" {
			ws = append(ws, f)
		}
	}
	return ws
}

// MachineFindings returns the machine facts (internal/machine) worth
// reading beside the check, with a warning where one applies. Every results
// file records them already, so they are not facts to add.
func MachineFindings(sysRoot string) []Finding {
	show := []string{"cpu-model", "cpu-logical", "cpu-physical", "virtualization", "kernel", "thp"}
	var fs []Finding
	for _, f := range machine.Facts(sysRoot) {
		if !slices.Contains(show, f.Key) {
			continue
		}
		fd := Finding{Key: f.Key, Value: oneLine(f.Value)}
		if f.Key == "thp" && f.Value == "never" {
			fd.Warning = "transparent huge pages are off: the DRAM row pays for page walks that huge pages would save, unlike most systems"
			fd.Advice = "echo madvise | sudo tee /sys/kernel/mm/transparent_hugepage/enabled"
		}
		fs = append(fs, fd)
	}
	return fs
}

func governor(sysRoot string, guest bool) Finding {
	f := Finding{Key: "env-governor"}
	paths, _ := filepath.Glob(filepath.Join(sysRoot, "devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor"))
	count := map[string]int{}
	for _, p := range paths {
		if g := readTrim(p); g != "" {
			count[g]++
		}
	}
	if len(count) == 0 {
		f.Value = notExposed(guest)
		return f
	}
	gs := sortedByCount(count)
	if len(gs) == 1 {
		f.Value = gs[0]
	} else {
		parts := make([]string, len(gs))
		for i, g := range gs {
			parts[i] = fmt.Sprintf("%s on %d", g, count[g])
		}
		parts[0] += fmt.Sprintf(" of %d CPUs", len(paths))
		f.Value = strings.Join(parts, ", ")
	}
	if len(gs) > 1 || gs[0] != "performance" {
		f.Warning = "the clock follows the load: short rows and first samples run at a lower clock than long ones"
		f.Advice = "sudo cpupower frequency-set -g performance"
	}
	return f
}

// turbo reads intel_pstate's no_turbo or cpufreq's boost switch.
//
// Note: with turbo (boost) on the clock depends on temperature and on how
// many cores are busy, so figures move between runs and machines; pyperf
// asks for it off for the same reason.
func turbo(sysRoot string) Finding {
	f := Finding{Key: "env-turbo", Value: "not exposed"}
	cpu := filepath.Join(sysRoot, "devices/system/cpu")
	on := false
	switch nt := readTrim(filepath.Join(cpu, "intel_pstate/no_turbo")); nt {
	case "0", "1":
		on = nt == "0"
		f.Value = map[bool]string{true: "on", false: "off"}[on] + " (intel_pstate)"
		if on {
			f.Advice = "echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo"
		}
	default:
		boosts := []string{filepath.Join(cpu, "cpufreq/boost")}
		policies, _ := filepath.Glob(filepath.Join(cpu, "cpufreq/policy[0-9]*/boost"))
		found := false
		for _, p := range append(boosts, policies...) {
			switch readTrim(p) {
			case "1":
				on, found = true, true
			case "0":
				found = true
			}
		}
		if !found {
			return f
		}
		f.Value = map[bool]string{true: "on", false: "off"}[on] + " (cpufreq boost)"
		if on {
			f.Advice = "echo 0 | sudo tee /sys/devices/system/cpu/cpufreq/boost"
		}
	}
	if on {
		f.Warning = "turbo is on: the clock depends on temperature and on how many cores are busy, so figures move between runs"
	}
	return f
}

func smt(sysRoot string, guest bool) Finding {
	f := Finding{Key: "env-smt"}
	dir := filepath.Join(sysRoot, "devices/system/cpu/smt")
	active, control := readTrim(filepath.Join(dir, "active")), readTrim(filepath.Join(dir, "control"))
	switch {
	case active == "1":
		f.Value = "on"
		if n := cpulistLen(readTrim(filepath.Join(sysRoot, "devices/system/cpu/cpu0/topology/thread_siblings_list"))); n > 1 {
			f.Value = fmt.Sprintf("on (%d threads per core)", n)
		}
		f.Warning = "a sibling hardware thread shares each core's L1 and L2 caches: whatever runs on it slows the benchmark"
		f.Advice = "keep the siblings idle, or turn SMT off for the run: echo off | sudo tee /sys/devices/system/cpu/smt/control"
	case control == "notsupported" || control == "notimplemented":
		f.Value = "not supported"
		if guest {
			f.Value += " (VM: the host may still run others on this core's sibling)"
		}
	case active == "0":
		f.Value = "off"
	default:
		f.Value = notExposed(guest)
	}
	return f
}

// A mitigation whose cost lands on every syscall, interrupt or context
// switch (the syscall and context-switch rows include it).
type mitigation struct{ file, match, name string }

// Note: only mitigations paid on kernel entry or exit are listed; those that
// cost at VM entry (l1tf's L1D flush, vmscape), on prctl request
// (spec_store_bypass) or on rare instructions (gather_data_sampling) do not
// change the rows. Enhanced IBRS is cheap and not listed.
var costly = []mitigation{
	{"meltdown", "PTI", "PTI"},
	{"spectre_v2", "Retpoline", "retpolines"},
	{"spectre_v2", "Mitigation: IBRS", "IBRS"},
	{"spectre_v2", "BHI: SW loop", "BHI clearing loop"},
	{"retbleed", "Mitigation: IBRS", "IBRS"},
	{"retbleed", "untrained return thunk", "return thunks"},
	{"retbleed", "Stuffing", "call depth stuffing"},
	{"spec_rstack_overflow", "Safe RET", "safe RET"},
	{"spec_rstack_overflow", "Mitigation: IBPB", "IBPB on kernel entry"},
	{"mds", "Clear CPU buffers", "clear CPU buffers"},
	{"tsx_async_abort", "Clear CPU buffers", "clear CPU buffers"},
	{"mmio_stale_data", "Clear CPU buffers", "clear CPU buffers"},
	{"tsa", "Clear CPU buffers", "clear CPU buffers"},
	{"reg_file_data_sampling", "Clear Register File", "clear register file"},
}

// mitigations summarises the kernel-entry mitigations in one line; a fact,
// not a warning: they are part of what a syscall costs on this machine.
func mitigations(sysRoot string) Finding {
	f := Finding{Key: "env-mitigations"}
	dir := filepath.Join(sysRoot, "devices/system/cpu/vulnerabilities")
	if _, err := os.Stat(dir); err != nil {
		f.Value = "not exposed"
		return f
	}
	var names []string
	for _, m := range costly {
		s := readTrim(filepath.Join(dir, m.file))
		if strings.Contains(s, m.match) && !slices.Contains(names, m.name) {
			names = append(names, m.name)
		}
	}
	if len(names) == 0 {
		f.Value = "none that change syscall cost"
	} else {
		f.Value = strings.Join(names, ", ")
	}
	return f
}

// power reports the power source. Batteries of peripherals (scope Device:
// mice, keyboards) are not the machine's and are skipped.
func power(sysRoot string) Finding {
	f := Finding{Key: "env-power"}
	dirs, _ := filepath.Glob(filepath.Join(sysRoot, "class/power_supply/*"))
	var batteries []string
	mains, mainsOff, discharging := false, false, false
	for _, d := range dirs {
		if readTrim(filepath.Join(d, "scope")) == "Device" {
			continue
		}
		switch readTrim(filepath.Join(d, "type")) {
		case "Mains":
			mains = true
			if readTrim(filepath.Join(d, "online")) == "0" {
				mainsOff = true
			}
		case "Battery":
			status := strings.ToLower(readTrim(filepath.Join(d, "status")))
			if status == "" {
				status = "unknown"
			}
			batteries = append(batteries, filepath.Base(d)+" "+status)
			if status == "discharging" {
				discharging = true
			}
		}
	}
	switch {
	case discharging || mainsOff:
		f.Value = "battery"
		f.Warning = "running on battery: the CPU may be held at lower clocks and deeper power saving"
		f.Advice = "plug in"
	case mains:
		f.Value = "mains"
	case len(batteries) > 0:
		f.Value = "battery"
	default:
		f.Value = "no battery"
		return f
	}
	if len(batteries) > 0 {
		f.Value += " (" + strings.Join(batteries, ", ") + ")"
	}
	return f
}

// LoadWarnPerCPU is the 1-minute load average per CPU at which load warns.
//
// Note: the load average counts runnable tasks and tasks in uninterruptible
// sleep, averaged over a minute, so it still remembers a build that has just
// finished (a 20 s build on 2 CPUs leaves ~0.6). Only a load of one task per
// CPU, where every CPU has had work waiting, warns; the CPU other processes
// take right now (env-others-cpu) is the direct measure.
const LoadWarnPerCPU = 1.0

func load(procRoot string) Finding {
	f := Finding{Key: "env-load", Value: "unknown"}
	fields := strings.Fields(readTrim(filepath.Join(procRoot, "loadavg")))
	if len(fields) < 3 {
		return f
	}
	var avg [3]float64
	for i := range avg {
		v, err := strconv.ParseFloat(fields[i], 64)
		if err != nil || math.IsNaN(v) || v < 0 {
			return f
		}
		avg[i] = v
	}
	n := ncpu(procRoot)
	f.Value = fmt.Sprintf("%.2f %.2f %.2f (1, 5, 15 min) on %d CPUs", avg[0], avg[1], avg[2], n)
	if avg[0] >= LoadWarnPerCPU*float64(n) {
		f.Warning = fmt.Sprintf("the 1-minute load (%.2f) is at least the number of CPUs (%d): tasks have been waiting for a CPU", avg[0], n)
		f.Advice = "wait for the load to fall, or stop what keeps the CPUs busy (see env-busiest, top)"
	}
	return f
}

// fromSample turns what the machine did during the window into findings.
func fromSample(s noise.Sample, err error) []Finding {
	keys := []string{"env-steal", "env-others-cpu", "env-busiest", "env-pressure"}
	if err != nil {
		fs := make([]Finding, len(keys))
		for i, k := range keys {
			fs[i] = Finding{Key: k, Value: "unknown"}
		}
		return fs
	}
	steal := Finding{Key: keys[0], Value: fmt.Sprintf("%.1f %% of CPU time over %.2f s", s.StealPct, s.Secs)}
	if s.StealPct >= noise.StealWarnPct {
		steal.Warning = fmt.Sprintf("the hypervisor gave %.0f %% of this guest's CPU time to others: samples are disturbed at random", s.StealPct)
		steal.Advice = "measure on a dedicated host or a larger instance, or at a quieter time"
	}
	others := Finding{Key: keys[1], Value: fmt.Sprintf("%.1f %% of the CPUs over %.2f s", s.OthersCPUPct, s.Secs)}
	var names []string
	for _, p := range s.Busiest {
		if n := noise.SanitizeName(p.Name); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if s.OthersCPUPct >= noise.OthersWarnPct {
		others.Warning = fmt.Sprintf("other processes used %.0f %% of the CPUs: they compete for cores, caches and memory bandwidth", s.OthersCPUPct)
		others.Advice = "stop or pause them before measuring"
		if len(names) > 0 {
			others.Advice += " (busiest: " + strings.Join(names, ", ") + ")"
		}
	}
	busiest := Finding{Key: keys[2], Value: fmt.Sprintf("none above %g %% of a CPU", noise.BusyMinPct)}
	if len(s.Busiest) > 0 {
		parts := make([]string, len(s.Busiest))
		for i, p := range s.Busiest {
			parts[i] = fmt.Sprintf("%s %.1f %%", noise.SanitizeName(p.Name), p.CPUPct)
		}
		busiest.Value = strings.Join(parts, ", ") + " (of one CPU)"
	}
	pressure := Finding{Key: keys[3], Value: "not exposed"}
	if !math.IsNaN(s.PSICPU) || !math.IsNaN(s.PSIIO) || !math.IsNaN(s.PSIMem) {
		pct := func(v float64) string {
			if math.IsNaN(v) {
				return "-"
			}
			return fmt.Sprintf("%.1f %%", v)
		}
		pressure.Value = fmt.Sprintf("cpu %s, io %s, memory %s of the time (PSI some)", pct(s.PSICPU), pct(s.PSIIO), pct(s.PSIMem))
	}
	return []Finding{steal, others, busiest, pressure}
}

// isGuest reports whether /proc/cpuinfo's flags include "hypervisor" (x86
// guests).
func isGuest(procRoot string) bool {
	f, err := os.Open(filepath.Join(procRoot, "cpuinfo"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "flags" {
			return slices.Contains(strings.Fields(val), "hypervisor")
		}
	}
	return false
}

// ncpu counts the per-CPU lines of /proc/stat (online CPUs).
func ncpu(procRoot string) int {
	b, _ := os.ReadFile(filepath.Join(procRoot, "stat"))
	n := 0
	for line := range strings.Lines(string(b)) {
		if len(line) > 3 && strings.HasPrefix(line, "cpu") && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	if n == 0 {
		return runtime.NumCPU()
	}
	return n
}

// cpulistLen counts the CPUs of a sysfs CPU list ("0,4", "0-3"); 0 if
// malformed.
func cpulistLen(s string) int {
	n := 0
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := a, error(nil)
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || b < a {
			return 0
		}
		n += b - a + 1
	}
	return n
}

func notExposed(guest bool) string {
	if guest {
		return "not exposed (VM)"
	}
	return "not exposed"
}

// sortedByCount returns the keys, most frequent first, then by name.
func sortedByCount(count map[string]int) []string {
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}

// readTrim returns a small file's content, one line, trimmed; "" when
// unreadable.
func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return oneLine(string(b))
}

// oneLine keeps a value on one configuration line: control characters
// become spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s))
}
