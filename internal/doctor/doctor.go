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
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
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

// Check runs every check against sysRoot ("/sys"), procRoot ("/proc") and
// devRoot ("/dev", for the kernel log), and compares the kernel's view of
// the hypervisor with CPUID's. It takes about Window and never fails.
func Check(sysRoot, procRoot, devRoot string) []Finding {
	return check(sysRoot, procRoot, devRoot, cpuidVirtualization(sysRoot), func() (window, error) {
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
	boot noise.CPUTimes // the "cpu" line of /proc/stat: all CPUs since boot
}

// check runs the checks. cpuid is the machine package's virtualization fact
// ("guest of KVMKVMKVM", "none", "unknown"); watch supplies what the
// machine did during the window (tests pass fixed values for both).
func check(sysRoot, procRoot, devRoot, cpuid string, watch func() (window, error)) []Finding {
	klog, klogErr := readKernelLog(filepath.Join(devRoot, "kmsg"), KernelLogMax, KernelLogBudget)
	kern := parseKernelLog(klog)
	cpuinfo, _ := readHead(filepath.Join(procRoot, "cpuinfo"), 64<<10)
	sysType := readTrim(filepath.Join(sysRoot, "hypervisor/type"))
	guest := slices.Contains(cpuinfoFlags(cpuinfo), "hypervisor") || sysType != "" || kern.hypervisor() != ""
	fs := []Finding{
		governor(sysRoot, guest),
		turbo(sysRoot),
		smt(sysRoot, guest),
		mitigations(sysRoot),
		power(sysRoot),
		load(procRoot),
		hypervisor(kern, klogErr, sysType, cpuid, dmi(sysRoot)),
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

// KernelLogMax and KernelLogBudget bound how much of the kernel log Check
// reads, and for how long.
//
// Note: the hypervisor is detected in the first few dozen messages after
// boot; 256 KiB holds a few thousand, and reading them one record per
// read(2) takes a few milliseconds.
const (
	KernelLogMax    = 256 << 10
	KernelLogBudget = 100 * time.Millisecond
)

// readKernelLog returns the start of the kernel log at path (/dev/kmsg):
// at most limit bytes, read for at most budget.
//
// Note: /dev/kmsg hands out one record per read(2), from the oldest still
// kept, and, opened non-blocking, EAGAIN after the newest. os.File would
// wait on the poller for a new message instead, so it is read with plain
// syscalls. EPIPE says records were overwritten while reading: the next
// read goes on after them. Opening it needs the right to read the kernel
// log (root or CAP_SYSLOG when kernel.dmesg_restrict is 1, Debian's and
// Ubuntu's default); without it env-hypervisor says so. A regular file
// (tests) reads to its end.
func readKernelLog(path string, limit int, budget time.Duration) ([]byte, error) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	defer syscall.Close(fd)
	deadline := time.Now().Add(budget)
	buf := make([]byte, 8<<10) // a record is at most 8 KiB with its dictionary
	var log []byte
	for len(log) < limit && time.Now().Before(deadline) {
		n, err := syscall.Read(fd, buf)
		switch {
		case err == syscall.EINTR || err == syscall.EPIPE:
			continue
		case err == syscall.EAGAIN:
			return log, nil
		case err != nil:
			return log, fmt.Errorf("reading %s: %w", path, err)
		case n == 0:
			return log, nil
		}
		log = append(log, buf[:min(n, limit-len(log))]...)
	}
	return log, nil
}

// A kernelReport is what the kernel log says about the hypervisor.
type kernelReport struct {
	boot     bool   // the log still starts at boot ("Linux version ...")
	detected string // x86's "Hypervisor detected: NAME" line, "" if none
	pvm      bool   // a PVM guest's "pvm-pv:" lines
}

// hypervisor names the hypervisor the kernel detected, "" if none.
func (k kernelReport) hypervisor() string {
	if k.detected == "" && k.pvm {
		return "PVM"
	}
	return hypervisorName(k.detected)
}

// parseKernelLog reads a kernel log as /dev/kmsg gives it ("6,12,0,-;msg"),
// as dmesg prints it ("[    0.000000] msg") or as bare messages.
func parseKernelLog(log []byte) kernelReport {
	var k kernelReport
	for line := range strings.Lines(string(log)) {
		if strings.HasPrefix(line, " ") && !strings.HasPrefix(line, " [") {
			continue // a /dev/kmsg record's KEY=value continuation
		}
		msg := logMessage(strings.TrimRight(line, "\r\n"))
		switch {
		case strings.HasPrefix(msg, "Linux version "):
			k.boot = true
		case strings.HasPrefix(msg, "Hypervisor detected: ") && k.detected == "":
			k.detected = oneLine(strings.TrimPrefix(msg, "Hypervisor detected: "))
		case strings.HasPrefix(msg, "pvm-pv: ") || strings.Contains(msg, "running under PVM"):
			k.pvm = true
		}
	}
	return k
}

// logMessage strips a kernel log line's prefix: /dev/kmsg's
// "level,seq,usec,flags;", dmesg's "[ seconds]", syslog's "<level>".
func logMessage(line string) string {
	if head, msg, ok := strings.Cut(line, ";"); ok && strings.Count(head, ",") >= 3 &&
		strings.Trim(head[:strings.LastIndexByte(head, ',')], "0123456789,") == "" {
		return msg
	}
	if rest, ok := strings.CutPrefix(line, "<"); ok {
		if _, after, ok := strings.Cut(rest, ">"); ok {
			line = after
		}
	}
	if rest, ok := strings.CutPrefix(strings.TrimLeft(line, " "), "["); ok {
		if _, after, ok := strings.Cut(rest, "]"); ok {
			return strings.TrimLeft(after, " ")
		}
	}
	return line
}

// hypervisorNames maps how the kernel and CPUID spell a hypervisor to one
// name: the kernel says "Microsoft Hyper-V", "Xen HVM", "KVM", "PVM";
// CPUID's vendor string says "Microsoft Hv", "XenVMMXenVMM", "KVMKVMKVM",
// "bhyve bhyve ".
var hypervisorNames = []struct{ match, name string }{
	{"pvm", "PVM"},
	{"kvm", "KVM"},
	{"bhyve", "bhyve"},
	{"xen", "Xen"},
	{"microsoft hv", "Hyper-V"},
	{"hyper-v", "Hyper-V"},
	{"vmware", "VMware"},
	{"vbox", "VirtualBox"},
	{"lrpepyh", "Parallels"}, // " lrpepyh  vr"
	{"acrn", "ACRN"},
	{"tcg", "QEMU TCG"},
	{"jailhouse", "Jailhouse"},
	{"qnx", "QNX"},
}

// hypervisorName returns a hypervisor's common name, s itself (on one
// line) for one not listed, "" for "".
func hypervisorName(s string) string {
	s = oneLine(s)
	low := strings.ToLower(s)
	for _, n := range hypervisorNames {
		if strings.Contains(low, n.match) {
			return n.name
		}
	}
	return s
}

// cpuidVirtualization returns the machine package's virtualization fact:
// the hypervisor CPUID names.
func cpuidVirtualization(sysRoot string) string {
	for _, f := range machine.Facts(sysRoot) {
		if f.Key == "virtualization" {
			return f.Value
		}
	}
	return "unknown"
}

// dmi names the machine as its firmware does ("QEMU Standard PC (i440FX +
// PIIX, 1996)", "Amazon EC2 m5.large"), "" when not exposed.
func dmi(sysRoot string) string {
	dir := filepath.Join(sysRoot, "devices/virtual/dmi/id")
	vendor, product := readTrim(filepath.Join(dir, "sys_vendor")), readTrim(filepath.Join(dir, "product_name"))
	if vendor != "" && strings.HasPrefix(strings.ToLower(product), strings.ToLower(vendor)) {
		vendor = ""
	}
	return strings.TrimSpace(vendor + " " + product)
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
func hypervisor(k kernelReport, logErr error, sysType, cpuidFact, firmware string) Finding {
	f := Finding{Key: "env-hypervisor"}
	kern, src := k.hypervisor(), "kernel"
	if kern == "" && sysType != "" {
		kern, src = hypervisorName(sysType), "sysfs"
	}
	cpu, cpuKnown := "", true
	switch name, ok := strings.CutPrefix(cpuidFact, "guest of "); {
	case ok:
		cpu = hypervisorName(name)
	case cpuidFact != "none":
		cpuKnown = false
	}
	kernKnown := kern != "" || (logErr == nil && k.boot)
	hvInterface := cpu == "Hyper-V" && (kern == "KVM" || kern == "Xen")
	nested := kern == "PVM" || (kern != "" && cpu != "" && kern != cpu && !hvInterface)
	if kernKnown && cpuKnown && kern == cpu {
		f.Value = orNone(kern) + " (" + src + " and CPUID)"
	} else {
		switch {
		case kernKnown:
			f.Value = orNone(kern) + " (" + src + ")"
		case errors.Is(logErr, os.ErrPermission):
			f.Value = "unknown (reading the kernel log needs root)"
		case logErr != nil:
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
	if firmware != "" {
		f.Value += "; DMI: " + firmware
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
func stealFinding(s noise.Sample, boot noise.CPUTimes, guest bool) Finding {
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

// cpuinfoFlags returns the first "flags" line of /proc/cpuinfo, split
// (x86; nil elsewhere). A guest's include "hypervisor".
func cpuinfoFlags(cpuinfo []byte) []string {
	for line := range strings.Lines(string(cpuinfo)) {
		key, val, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(key) == "flags" {
			return strings.Fields(val)
		}
	}
	return nil
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

// readTrim returns a small file's content (its first 64 KiB), one line,
// trimmed; "" when unreadable.
func readTrim(path string) string {
	b, err := readHead(path, 64<<10)
	if err != nil {
		return ""
	}
	return oneLine(string(b))
}

// readHead returns the first n bytes of a file: procfs and sysfs files are
// made as they are read, and some (cpuinfo on a many-core machine) are
// large.
func readHead(path string, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, n))
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
