// Package doctor checks whether this machine is fit to measure latency on,
// in the spirit of `pyperf system show`: the CPU frequency governor, turbo,
// SMT siblings, the speculation mitigations that change syscall cost, power
// source, load, the hypervisor the kernel detected (and whether it nests),
// steal (and whether the hypervisor reports it at all) and the CPU other
// processes take right now.
//
// Each check is a Finding: a fact for the results file ("env-governor:
// performance") and, when it is bad for measuring, a warning with advice.
// Nothing here fails: what cannot be read is "unknown" or "not exposed".
//
// Note: facts internal/machine already records with every run (CPU model,
// caches, THP mode, virtualisation as CPUID reports it) are not repeated
// by Check; MachineFindings shows them beside the check for the doctor
// command. env-hypervisor adds what only the kernel knows: the hypervisor
// it detected at boot, which differs from CPUID's under nesting.
package doctor

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/host"
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

// Check runs every check against sysRoot ("/sys"), procRoot ("/proc") and
// devRoot ("/dev", for the kernel log), and compares the kernel's view of
// the hypervisor with CPUID's. It takes about Window and never fails.
func Check(sysRoot, procRoot, devRoot string) []Finding {
	return check(sysRoot, procRoot, devRoot, machine.Virtualization(), func() (window, error) {
		a, err := noise.Take(procRoot, os.Getpid())
		if err != nil {
			return window{}, err
		}
		time.Sleep(Window)
		b, err := noise.Take(procRoot, os.Getpid())
		if err != nil {
			return window{}, err
		}
		return window{Sample: noise.Between(a, b), boot: b.CPU}, nil
	})
}

// A window is what the machine did while Check watched it, and the CPU
// times since boot at its end.
type window struct {
	noise.Sample
	boot host.CPUTimes // the "cpu" line of /proc/stat: all CPUs since boot
}

// check runs the checks. cpuid is the machine package's virtualization fact
// ("guest of KVMKVMKVM", "none", "unknown"); watch supplies what the
// machine did during the window (tests pass fixed values for both).
func check(sysRoot, procRoot, devRoot, cpuid string, watch func() (window, error)) []Finding {
	g := host.ReadGuest(sysRoot, procRoot, devRoot)
	guest := g.IsGuest()
	fs := []Finding{
		governor(sysRoot, guest),
		turbo(sysRoot),
		smt(sysRoot, guest),
		mitigations(sysRoot),
		power(sysRoot),
		load(procRoot),
		hypervisor(g, cpuid),
	}
	w, err := watch()
	return append(fs, fromWindow(w, guest, err)...)
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
	show := []string{fact.CPUModel, fact.CPULogical, fact.CPUPhysical, fact.Virtualization, fact.Kernel, fact.THP}
	var fs []Finding
	for _, f := range machine.Facts(sysRoot) {
		if !slices.Contains(show, f.Key) {
			continue
		}
		fd := Finding{Key: f.Key, Value: host.OneLine(f.Value)}
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
		if g := host.ReadValue(p); g != "" {
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
	switch nt := host.ReadValue(filepath.Join(cpu, "intel_pstate/no_turbo")); nt {
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
			switch host.ReadValue(p) {
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
	active, control := host.ReadValue(filepath.Join(dir, "active")), host.ReadValue(filepath.Join(dir, "control"))
	switch {
	case active == "1":
		f.Value = "on"
		if n := cpus(filepath.Join(sysRoot, "devices/system/cpu/cpu0/topology/thread_siblings_list")); n > 1 {
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
		s := host.ReadValue(filepath.Join(dir, m.file))
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
	f := Finding{Key: fact.EnvPower}
	dirs, _ := filepath.Glob(filepath.Join(sysRoot, "class/power_supply/*"))
	var batteries []string
	mains, mainsOff, discharging := false, false, false
	for _, d := range dirs {
		if host.ReadValue(filepath.Join(d, "scope")) == "Device" {
			continue
		}
		switch host.ReadValue(filepath.Join(d, "type")) {
		case "Mains":
			mains = true
			if host.ReadValue(filepath.Join(d, "online")) == "0" {
				mainsOff = true
			}
		case "Battery":
			status := strings.ToLower(host.ReadValue(filepath.Join(d, "status")))
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
	avg, err := host.LoadAvg(procRoot)
	if err != nil {
		return f
	}
	_, n, err := host.Stat(procRoot)
	if err != nil {
		n = runtime.NumCPU()
	}
	f.Value = fmt.Sprintf("%.2f %.2f %.2f (1, 5, 15 min) on %d CPUs", avg[0], avg[1], avg[2], n)
	if avg[0] >= LoadWarnPerCPU*float64(n) {
		f.Warning = fmt.Sprintf("the 1-minute load (%.2f) is at least the number of CPUs (%d): tasks have been waiting for a CPU", avg[0], n)
		f.Advice = "wait for the load to fall, or stop what keeps the CPUs busy (see env-busiest, top)"
	}
	return f
}

// hypervisor compares the hypervisor the kernel detected (its log, else
// /sys/hypervisor/type) with the one CPUID names (the machine package's
// virtualization fact, "guest of NAME", "none" or "unknown"), and adds
// the firmware's name for the machine.
//
// Note: under nesting the kernel and CPUID disagree: the kernel reports the
// hypervisor it runs under ("PVM"), CPUID the one that set up the vCPU
// ("bhyve bhyve ", "KVMKVMKVM"). A PVM guest is nested by design: PVM is
// built to run guests inside a cloud VM without hardware virtualisation
// (the "Hypervisor detected: PVM" guests seen so far ran under bhyve or
// KVM, whose CPUID leaf the vCPU still shows). KVM and Xen also
// offer Hyper-V's interface at CPUID's first leaf, where the kernel finds
// their own further up: "Hyper-V" from CPUID beside another hypervisor
// from the kernel is that, not nesting.
func hypervisor(g host.Guest, cpuidFact string) Finding {
	f := Finding{Key: fact.EnvHypervisor}
	kern, src := g.Kernel.Hypervisor(), "kernel"
	if kern == "" && g.SysType != "" {
		kern, src = host.HypervisorName(g.SysType), "sysfs"
	}
	cpu, cpuKnown := "", true
	switch name, ok := strings.CutPrefix(cpuidFact, "guest of "); {
	case ok:
		cpu = host.HypervisorName(name)
	case cpuidFact != "none":
		cpuKnown = false
	}
	kernKnown := kern != "" || (g.LogErr == nil && g.Kernel.Boot)
	hvInterface := cpu == "Hyper-V" && (kern == "KVM" || kern == "Xen")
	nested := kern == "PVM" || (kern != "" && cpu != "" && kern != cpu && !hvInterface)
	if kernKnown && cpuKnown && kern == cpu {
		f.Value = orNone(kern) + " (" + src + " and CPUID)"
	} else {
		switch {
		case kernKnown:
			f.Value = orNone(kern) + " (" + src + ")"
		case errors.Is(g.LogErr, os.ErrPermission):
			f.Value = "unknown (reading the kernel log needs root)"
		case g.LogErr != nil:
			f.Value = "unknown (no kernel log)"
		default:
			f.Value = "unknown (the kernel log no longer starts at boot)"
		}
		if cpuKnown {
			f.Value += ", CPUID says " + orNone(cpu)
		}
		if hvInterface {
			f.Value += " (" + kern + "'s Hyper-V interface)"
		}
	}
	if nested {
		f.Value += ": nested virtualization"
		f.Warning = "nested virtualization: syscalls, page faults and TLB misses pass through two hypervisors, and the figures move with two hosts' load"
		f.Advice = "compare only with runs on the same kind of machine; for the hardware's figures, measure on bare metal or a first-level VM"
	}
	if g.DMI != "" {
		f.Value += "; DMI: " + g.DMI
	}
	return f
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// fromWindow turns what the machine did during the window into findings.
// guest says whether this is a virtual machine, where steal since boot
// tells whether the hypervisor reports steal at all.
func fromWindow(w window, guest bool, err error) []Finding {
	keys := []string{"env-steal", "env-others-cpu", "env-busiest", "env-pressure"}
	if err != nil {
		fs := make([]Finding, len(keys))
		for i, k := range keys {
			fs[i] = Finding{Key: k, Value: "unknown"}
		}
		return fs
	}
	s := w.Sample
	steal := stealFinding(s, w.boot, guest)
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

// stealFinding reports the steal during the window and, from the counter
// since boot, whether the hypervisor reports steal at all.
//
// Note: a guest's kernel counts steal only when the hypervisor tells it
// how long its vCPUs waited (KVM's steal-time MSR, Xen's runstate). Where
// it does not, the column stays 0 however busy the host is: on a nested
// PVM guest under bhyve or KVM it stayed 0 while figures drifted by 30 %.
// A counter still 0 since boot in a guest means "not reported", not "never
// stolen"; any steal since boot shows that it is reported.
func stealFinding(s noise.Sample, boot host.CPUTimes, guest bool) Finding {
	f := Finding{Key: "env-steal", Value: fmt.Sprintf("%.1f %% of CPU time over %.2f s", s.StealPct, s.Secs)}
	switch {
	case boot.Steal > 0:
		since := "under 0.1 %"
		if pct := 100 * float64(boot.Steal) / float64(max(boot.Total(), 1)); pct >= 0.05 {
			since = fmt.Sprintf("%.1f %%", pct)
		}
		f.Value += "; reported (" + since + " since boot)"
	case guest:
		f.Value = "not reported by this hypervisor (0 since boot): a busy host will not show as steal"
		f.Warning = "this hypervisor does not report steal: a busy host shows only as slower or more scattered samples"
		f.Advice = "treat 0 % steal as unknown: run twice back to back and compare the runs (make stability)"
		return f
	}
	if s.StealPct >= noise.StealWarnPct {
		f.Warning = fmt.Sprintf("the hypervisor gave %.0f %% of this guest's CPU time to others: samples are disturbed at random", s.StealPct)
		f.Advice = "measure on a dedicated host or a larger instance, or at a quieter time"
	}
	return f
}

// cpus counts the CPUs of the sysfs CPU list at path ("0,4", "0-3"); 0 if
// unreadable or malformed.
func cpus(path string) int {
	list, _ := host.ParseCPUList(host.ReadValue(path))
	return len(list)
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
