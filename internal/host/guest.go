package host

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/klauspost/cpuid/v2"
)

// CPUIDHypervisor names the hypervisor CPUID reports: "guest of
// KVMKVMKVM", "none" if it reports none (x86), or "unknown" where CPUID
// cannot tell (arm64).
func CPUIDHypervisor() string {
	if !cpuid.CPU.Supports(cpuid.HYPERVISOR) {
		if cpuid.CPU.VendorID == cpuid.VendorUnknown || strings.TrimSpace(cpuid.CPU.BrandName) == "" {
			return "unknown"
		}
		return "none"
	}
	name := strings.TrimSpace(strings.TrimRight(cpuid.CPU.HypervisorVendorString, "\x00"))
	if name == "" {
		name = cpuid.CPU.HypervisorVendorID.String()
	}
	return "guest of " + name
}

// A Guest is what the kernel's files say about the hypervisor this machine
// runs under, each source apart.
type Guest struct {
	Flag    bool         // /proc/cpuinfo's flags include "hypervisor" (x86)
	SysType string       // /sys/hypervisor/type ("xen"), "" if absent
	Kernel  KernelReport // what the kernel log says
	LogErr  error        // why the kernel log could not be read, nil if it could
	DMI     string       // the firmware's name for the machine (see DMI)
}

// ReadGuest reads the hypervisor's traces under sys, proc and dev (the
// kernel log, dev's kmsg).
func ReadGuest(sys, proc, dev string) Guest {
	log, err := ReadKernelLog(filepath.Join(dev, "kmsg"), KernelLogMax, KernelLogBudget)
	return Guest{
		Flag:    slices.Contains(ReadCPUInfo(proc).Flags, "hypervisor"),
		SysType: ReadValue(filepath.Join(sys, "hypervisor/type")),
		Kernel:  ParseKernelLog(log),
		LogErr:  err,
		DMI:     DMI(sys),
	}
}

// IsGuest reports whether any of the kernel's sources says this is a
// virtual machine.
func (g Guest) IsGuest() bool {
	return g.Flag || g.SysType != "" || g.Kernel.Hypervisor() != ""
}

// DMI names the machine as its firmware does ("QEMU Standard PC (i440FX +
// PIIX, 1996)", "Amazon EC2 m5.large"), "" when sysfs under sys does not
// expose it.
func DMI(sys string) string {
	dir := filepath.Join(sys, "devices/virtual/dmi/id")
	vendor, product := ReadValue(filepath.Join(dir, "sys_vendor")), ReadValue(filepath.Join(dir, "product_name"))
	if vendor != "" && strings.HasPrefix(strings.ToLower(product), strings.ToLower(vendor)) {
		vendor = ""
	}
	return strings.TrimSpace(vendor + " " + product)
}

// KernelLogMax and KernelLogBudget bound how much of the kernel log
// ReadGuest reads, and for how long.
//
// Note: the hypervisor is detected in the first few dozen messages after
// boot; 256 KiB holds a few thousand, and reading them one record per
// read(2) takes a few milliseconds.
const (
	KernelLogMax    = 256 << 10
	KernelLogBudget = 100 * time.Millisecond
)

// ReadKernelLog returns the start of the kernel log at path (/dev/kmsg):
// at most limit bytes, read for at most budget.
//
// Note: /dev/kmsg hands out one record per read(2), from the oldest still
// kept, and, opened non-blocking, EAGAIN after the newest. os.File would
// wait on the poller for a new message instead, so it is read with plain
// syscalls. EPIPE says records were overwritten while reading: the next
// read goes on after them. Opening it needs the right to read the kernel
// log (root or CAP_SYSLOG when kernel.dmesg_restrict is 1, Debian's and
// Ubuntu's default); without it the error wraps os.ErrPermission. A
// regular file (tests) reads to its end.
func ReadKernelLog(path string, limit int, budget time.Duration) ([]byte, error) {
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

// A KernelReport is what the kernel log says about the hypervisor.
type KernelReport struct {
	Boot     bool   // the log still starts at boot ("Linux version ...")
	Detected string // x86's "Hypervisor detected: NAME" line, "" if none
	PVM      bool   // a PVM guest's "pvm-pv:" lines
}

// Hypervisor names the hypervisor the kernel detected, "" if none.
func (k KernelReport) Hypervisor() string {
	if k.Detected == "" && k.PVM {
		return "PVM"
	}
	return HypervisorName(k.Detected)
}

// ParseKernelLog reads a kernel log as /dev/kmsg gives it ("6,12,0,-;msg"),
// as dmesg prints it ("[    0.000000] msg") or as bare messages.
func ParseKernelLog(log []byte) KernelReport {
	var k KernelReport
	for line := range strings.Lines(string(log)) {
		if strings.HasPrefix(line, " ") && !strings.HasPrefix(line, " [") {
			continue // a /dev/kmsg record's KEY=value continuation
		}
		msg := logMessage(strings.TrimRight(line, "\r\n"))
		switch {
		case strings.HasPrefix(msg, "Linux version "):
			k.Boot = true
		case strings.HasPrefix(msg, "Hypervisor detected: ") && k.Detected == "":
			k.Detected = OneLine(strings.TrimPrefix(msg, "Hypervisor detected: "))
		case strings.HasPrefix(msg, "pvm-pv: ") || strings.Contains(msg, "running under PVM"):
			k.PVM = true
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

// HypervisorName returns a hypervisor's common name, s itself (on one
// line) for one not listed, "" for "".
func HypervisorName(s string) string {
	s = OneLine(s)
	low := strings.ToLower(s)
	for _, n := range hypervisorNames {
		if strings.Contains(low, n.match) {
			return n.name
		}
	}
	return s
}
