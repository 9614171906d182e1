// Package noise records what else the machine did while a benchmark sample
// ran: CPU steal and iowait, pressure stall information, the load, and the
// CPU time of processes outside our own process tree.
//
// A Snapshot holds the kernel's cumulative counters at one moment (Take);
// Between turns two snapshots into a Sample of rates; Format writes a Sample
// as one line of key=value fields and Parse reads it back; Interference says
// whether the sample was disturbed.
//
// Note: everything is read through package host from plain files under a
// root directory ("/proc", or a fake tree in tests), so the package builds
// everywhere; off Linux there is no /proc and Take returns an error.
package noise

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/host"
)

// PSITotals holds the "some" total= counters of /proc/pressure/{cpu,io,memory}:
// microseconds during which at least one task stalled on the resource. A
// counter is NaN when the kernel does not expose it.
type PSITotals struct{ CPU, IO, Mem float64 }

// A Snapshot holds the machine's cumulative counters at one moment.
type Snapshot struct {
	Time  time.Time
	CPU   host.CPUTimes        // aggregate "cpu" line of /proc/stat
	NCPU  int                  // online CPUs (the "cpuN" lines of /proc/stat)
	PSI   PSITotals            // NaN where /proc/pressure is absent
	Load1 float64              // 1-minute load average; NaN when unreadable
	Procs map[int]host.Process // processes outside our tree, by pid
}

// Take reads the counters under root ("/proc", or a fake tree in tests).
// Processes in the tree rooted at self (self and all its descendants, found
// from the ppid field of /proc/<pid>/stat) are ours and are not counted as
// others'. Missing /proc/pressure files are fine (PSI fields then NaN), as is
// a missing /proc/loadavg (Load1 NaN); an unreadable /proc/stat is an error.
//
// Note: Take reads each /proc/<pid>/stat once into one reused buffer and runs
// nothing. The kernel's work per file dominates: about 15 µs a process on a
// 2-vCPU guest, so 2 ms for 80 processes and a few ms for a few hundred
// (BenchmarkTake). A process that exits between two snapshots is lost with the
// CPU it used, and one that both starts and exits between them is never
// seen: OthersCPUPct is a lower bound. A descendant whose parent exits is
// re-parented outside our tree and counts as another's from then on.
func Take(root string, self int) (Snapshot, error) {
	s := Snapshot{
		Time:  time.Now(),
		PSI:   PSITotals{CPU: host.Pressure(root, "cpu"), IO: host.Pressure(root, "io"), Mem: host.Pressure(root, "memory")},
		Load1: math.NaN(),
	}
	if avg, err := host.LoadAvg(root); err == nil {
		s.Load1 = avg[0]
	}
	var err error
	if s.CPU, s.NCPU, err = host.Stat(root); err != nil {
		return Snapshot{}, err
	}
	s.Procs, err = readProcs(root, self)
	return s, err
}

// readProcs reads every /proc/<pid>/stat and drops the tree rooted at self.
func readProcs(root string, self int) (map[int]host.Process, error) {
	all, err := host.Processes(root)
	if err != nil {
		return nil, err
	}
	children := map[int][]int{}
	for pid, p := range all {
		children[p.PPID] = append(children[p.PPID], pid)
	}
	ours := []int{self}
	for i := 0; i < len(ours); i++ {
		ours = append(ours, children[ours[i]]...)
	}
	for _, pid := range ours {
		delete(all, pid)
	}
	return all, nil
}

// A Sample is what happened on the machine between two snapshots.
type Sample struct {
	Secs         float64 // wall time between the snapshots
	StealPct     float64 // steal, % of all CPUs' time (aggregate cpu line deltas)
	IowaitPct    float64 // iowait, % of all CPUs' time
	OthersCPUPct float64 // CPU used by processes outside our tree, % of all CPUs' capacity
	KernelIOPct  float64 // CPU of the kernel threads that serve our I/O (ServesIO), % of all CPUs; not in OthersCPUPct
	PSICPU       float64 // "some" CPU stall, % of wall time; NaN if absent
	PSIIO        float64 // "some" I/O stall, % of wall time; NaN if absent
	PSIMem       float64 // "some" memory stall, % of wall time; NaN if absent
	Load1        float64 // 1-minute load average at the second snapshot; NaN if absent
	Busiest      []Proc  // up to MaxBusiest other processes by CPU used, most first
}

// A Proc is one other process's share of the CPU during a sample.
type Proc struct {
	Name   string
	CPUPct float64 // % of ONE CPU
}

const (
	// MaxBusiest is how many processes a Sample names at most.
	MaxBusiest = 3
	// BusyMinPct is the least CPU, in % of one CPU, for a process to be named.
	BusyMinPct = 1.0
)

// Between is what happened from a to b.
//
// Note: steal and iowait are shares of the aggregate cpu line's total delta
// (the kernel's own accounting of all CPUs' time); the processes' CPU is
// measured against wall time × CPUs, since per-process ticks have no total.
// With 100 ticks per second a short sample is coarse: over 0.2 s on 2 CPUs
// one tick is 2.5 % of the CPUs. Counters that went backwards (iowait may,
// by the kernel's documentation) count as zero. Processes are matched by pid
// and start time, so a reused pid is not taken for the process it replaced.
func Between(a, b Snapshot) Sample {
	s := Sample{
		Secs:   b.Time.Sub(a.Time).Seconds(),
		PSICPU: math.NaN(), PSIIO: math.NaN(), PSIMem: math.NaN(),
		Load1: b.Load1,
	}
	if s.Secs <= 0 {
		s.Secs = 0
	}
	d := host.CPUTimes{
		User: sub(b.CPU.User, a.CPU.User), Nice: sub(b.CPU.Nice, a.CPU.Nice),
		System: sub(b.CPU.System, a.CPU.System), Idle: sub(b.CPU.Idle, a.CPU.Idle),
		Iowait: sub(b.CPU.Iowait, a.CPU.Iowait), IRQ: sub(b.CPU.IRQ, a.CPU.IRQ),
		SoftIRQ: sub(b.CPU.SoftIRQ, a.CPU.SoftIRQ), Steal: sub(b.CPU.Steal, a.CPU.Steal),
	}
	if t := d.Total(); t > 0 {
		s.StealPct = 100 * float64(d.Steal) / float64(t)
		s.IowaitPct = 100 * float64(d.Iowait) / float64(t)
	}
	if s.Secs == 0 {
		return s
	}
	psi := func(x, y float64) float64 {
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.NaN()
		}
		return 100 * max(y-x, 0) / (s.Secs * 1e6)
	}
	s.PSICPU, s.PSIIO, s.PSIMem = psi(a.PSI.CPU, b.PSI.CPU), psi(a.PSI.IO, b.PSI.IO), psi(a.PSI.Mem, b.PSI.Mem)

	var sum, kernelIO uint64
	var busy []Proc
	for pid, pb := range b.Procs {
		pa, ok := a.Procs[pid]
		if !ok || pa.Start != pb.Start {
			continue
		}
		t := sub(pb.Ticks, pa.Ticks)
		if ServesIO(pb) {
			kernelIO += t
			continue
		}
		sum += t
		if pct := 100 * float64(t) / host.UserHZ / s.Secs; pct >= BusyMinPct {
			busy = append(busy, Proc{pb.Comm, pct})
		}
	}
	s.OthersCPUPct = 100 * float64(sum) / host.UserHZ / (s.Secs * float64(max(b.NCPU, 1)))
	s.KernelIOPct = 100 * float64(kernelIO) / host.UserHZ / (s.Secs * float64(max(b.NCPU, 1)))
	sortProcs(busy)
	if len(busy) > MaxBusiest {
		busy = busy[:MaxBusiest]
	}
	s.Busiest = busy
	return s
}

// ServesIO reports whether p is a kernel thread that does the kernel's
// share of a process's own disk, network or huge-page work: block I/O
// completion (kworker …-kblockd), the ext4 journal (jbd2/…) and its
// unwritten-extent conversion (kworker …-ext4-rsv-conversion), writeback
// of dirty pages (kworker …-writeback, flush-…), network and block softirqs
// (ksoftirqd/N), and huge-page compaction and collapse (kcompactd,
// khugepaged).
//
// Note: the storage rows' fsync and O_DIRECT reads, the network rows'
// loopback packets and the memory rows' huge-page mappings make these
// threads run: counted as other processes, they flagged the rows that
// caused them as disturbed (the fsync rows in a third of their samples,
// by kblockd alone). They may serve another process's I/O as well, which
// then shows as that process's CPU too; their time is recorded apart
// (kernel-io-pct), not dropped. Only kernel threads qualify (children of
// kthreadd, pid 2), so no process escapes by its name.
func ServesIO(p host.Process) bool {
	if p.PPID != 2 {
		return false
	}
	name := p.Comm
	if w, ok := strings.CutPrefix(name, "kworker/"); ok {
		// "kworker/1:1H-kblockd" idle, "kworker/1:1H+kblockd" while
		// running the workqueue's work (the kernel's wq_worker_comm).
		i := strings.IndexAny(w, "+-")
		if i < 0 {
			return false
		}
		wq := w[i+1:]
		return wq == "kblockd" || wq == "ext4-rsv-conversion" || wq == "writeback" || strings.HasPrefix(wq, "flush-")
	}
	for _, prefix := range []string{"jbd2/", "ksoftirqd/", "kcompactd", "khugepaged"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

func sub(b, a uint64) uint64 {
	if b < a {
		return 0
	}
	return b - a
}

// sortProcs sorts by CPU, most first, then by name (a stable order for equal
// shares, whatever order the map gave).
func sortProcs(ps []Proc) {
	slices.SortFunc(ps, func(x, y Proc) int {
		if c := cmp.Compare(y.CPUPct, x.CPUPct); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
}

// The interference thresholds.
//
// Note: steal of 5 % of the CPUs' time means the hypervisor ran someone else
// on our CPUs for a noticeable share of the sample: a nanosecond-scale row
// then mixes in descheduled intervals. Others at 10 % of all CPUs is about
// one busy thread on a 8-CPU machine, or a fifth of a CPU on 2: enough to
// contend for a core, its caches or the memory bus. Pressure stall and
// iowait are recorded but do not count: our own benchmarks cause CPU and I/O
// pressure themselves (the storage rows wait on the disk by design).
const (
	StealWarnPct  = 5.0  // steal, % of all CPUs' time
	OthersWarnPct = 10.0 // other processes' CPU, % of all CPUs
)

// Interference returns short human reasons the sample was disturbed, nil
// when it was quiet: "steal 9 %", "other processes used 48 % of the CPUs
// (stress-ng)".
func (s Sample) Interference() []string {
	var why []string
	if s.StealPct >= StealWarnPct {
		why = append(why, fmt.Sprintf("steal %.0f %%", s.StealPct))
	}
	if s.OthersCPUPct >= OthersWarnPct {
		r := fmt.Sprintf("other processes used %.0f %% of the CPUs", s.OthersCPUPct)
		if names := s.busyNames(); names != "" {
			r += " (" + names + ")"
		}
		why = append(why, r)
	}
	return why
}

// busyNames lists the distinct names of the busiest processes.
func (s Sample) busyNames() string {
	var names []string
	seen := map[string]bool{}
	for _, p := range s.Busiest {
		if !seen[p.Name] {
			seen[p.Name] = true
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ", ")
}

// Format renders a Sample as one line of space-separated key=value fields:
//
//	secs=1.520 steal-pct=0.3 iowait-pct=0.0 others-cpu-pct=48.9 kernel-io-pct=0.5 psi-cpu=0.5 psi-io=0.0 psi-mem=0.0 load1=1.02 busiest=stress-ng:97.8,kworker/0:1:1.2
//
// An absent figure (NaN) is written "-"; busiest is left out when no other
// process used BusyMinPct of a CPU. Process names are sanitised: spaces,
// commas, '=' and unprintable characters become '_'.
func (s Sample) Format() string {
	var b strings.Builder
	field := func(key string, v float64, prec int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(key)
		b.WriteByte('=')
		b.WriteString(formatNum(v, prec))
	}
	field("secs", s.Secs, 3)
	field("steal-pct", s.StealPct, 1)
	field("iowait-pct", s.IowaitPct, 1)
	field("others-cpu-pct", s.OthersCPUPct, 1)
	field("kernel-io-pct", s.KernelIOPct, 1)
	field("psi-cpu", s.PSICPU, 1)
	field("psi-io", s.PSIIO, 1)
	field("psi-mem", s.PSIMem, 1)
	field("load1", s.Load1, 2)
	if len(s.Busiest) > 0 {
		b.WriteString(" busiest=")
		for i, p := range s.Busiest {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(SanitizeName(p.Name))
			b.WriteByte(':')
			b.WriteString(formatNum(p.CPUPct, 1))
		}
	}
	return b.String()
}

func formatNum(v float64, prec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// SanitizeName makes a process name safe for Format: spaces, commas, '='
// and unprintable characters become '_'; an empty name becomes "?".
func SanitizeName(name string) string {
	if name == "" {
		return "?"
	}
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == ',' || r == '=' || !strconv.IsPrint(r) {
			return '_'
		}
		return r
	}, name)
}

// Parse reads a line written by Format. Unknown keys are ignored, so lines
// from a later version still parse; a missing figure is zero (NaN for the
// PSI fields and load1, as when absent); a malformed field or value is an
// error, as is "-" for a figure that cannot be absent.
func Parse(fields string) (Sample, error) {
	s := Sample{PSICPU: math.NaN(), PSIIO: math.NaN(), PSIMem: math.NaN(), Load1: math.NaN()}
	fs := strings.Fields(fields)
	if len(fs) == 0 {
		return Sample{}, errors.New("noise: empty sample")
	}
	for _, f := range fs {
		key, val, ok := strings.Cut(f, "=")
		if !ok || key == "" {
			return Sample{}, fmt.Errorf("noise: field %q is not key=value", f)
		}
		if key == "busiest" {
			ps, err := parseBusiest(val)
			if err != nil {
				return Sample{}, err
			}
			s.Busiest = ps
			continue
		}
		dst, absentOK := s.figure(key)
		if dst == nil {
			continue // a later version's field
		}
		v, err := parseNum(val, absentOK)
		if err != nil {
			return Sample{}, fmt.Errorf("noise: %s: %w", key, err)
		}
		*dst = v
	}
	return s, nil
}

// figure returns the field that key names and whether it may be absent
// ("-"); nil for an unknown key.
func (s *Sample) figure(key string) (dst *float64, absentOK bool) {
	switch key {
	case "secs":
		return &s.Secs, false
	case "steal-pct":
		return &s.StealPct, false
	case "iowait-pct":
		return &s.IowaitPct, false
	case "others-cpu-pct":
		return &s.OthersCPUPct, false
	case "kernel-io-pct":
		return &s.KernelIOPct, false
	case "psi-cpu":
		return &s.PSICPU, true
	case "psi-io":
		return &s.PSIIO, true
	case "psi-mem":
		return &s.PSIMem, true
	case "load1":
		return &s.Load1, true
	}
	return nil, false
}

// parseNum parses a non-negative finite figure, or "-" (NaN) for a figure
// that may be absent.
func parseNum(s string, absentOK bool) (float64, error) {
	if s == "-" && absentOK {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad number %q", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, fmt.Errorf("number %q out of range", s)
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return v, nil
}

// parseBusiest parses "name:pct,name:pct"; a name may contain ':'. Names
// are sanitised as Format would.
func parseBusiest(val string) ([]Proc, error) {
	var ps []Proc
	for item := range strings.SplitSeq(val, ",") {
		i := strings.LastIndexByte(item, ':')
		if i <= 0 {
			return nil, fmt.Errorf("noise: busiest: %q is not name:pct", item)
		}
		v, err := parseNum(item[i+1:], false)
		if err != nil {
			return nil, fmt.Errorf("noise: busiest: %q: %w", item, err)
		}
		ps = append(ps, Proc{SanitizeName(item[:i]), v})
	}
	return ps, nil
}
