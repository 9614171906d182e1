package host

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// UserHZ is the unit of the clock-tick counters in /proc/stat and
// /proc/<pid>/stat: ticks per second.
//
// Note: the kernel exports these counters in USER_HZ, which is 100 on every
// Linux architecture Go supports (the kernel's internal HZ may differ; the
// ABI value does not). sysconf(_SC_CLK_TCK) would say so too, but neither
// the standard library nor x/sys offers sysconf, and calling it needs cgo.
const UserHZ = 100

// CPUTimes holds the aggregate "cpu" line of /proc/stat: the time all CPUs
// together spent in each state since boot, in clock ticks (UserHZ). Guest
// time is already included in User and Nice, so it is not kept.
type CPUTimes struct {
	User, Nice, System, Idle, Iowait, IRQ, SoftIRQ, Steal uint64
}

// Total is the sum of all states: the CPUs' whole time.
func (c CPUTimes) Total() uint64 {
	return c.User + c.Nice + c.System + c.Idle + c.Iowait + c.IRQ + c.SoftIRQ + c.Steal
}

// Stat reads proc's stat file: the aggregate cpu line, and the number of
// online CPUs (its "cpuN" lines; runtime.NumCPU() when it has none). A
// missing or malformed aggregate line is an error.
func Stat(proc string) (CPUTimes, int, error) {
	path := filepath.Join(proc, "stat")
	b, err := os.ReadFile(path)
	if err != nil {
		return CPUTimes{}, 0, fmt.Errorf("reading %s: %w", path, err)
	}
	var c CPUTimes
	found, ncpu := false, 0
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "cpu") {
			continue
		}
		if f[0] != "cpu" {
			ncpu++
			continue
		}
		dst := []*uint64{&c.User, &c.Nice, &c.System, &c.Idle, &c.Iowait, &c.IRQ, &c.SoftIRQ, &c.Steal}
		if len(f)-1 < 4 {
			return CPUTimes{}, 0, fmt.Errorf("%s: cpu line has %d fields, want at least 4", path, len(f)-1)
		}
		for i, p := range dst {
			if i+1 >= len(f) {
				break // older kernels have fewer states
			}
			if *p, err = strconv.ParseUint(f[i+1], 10, 64); err != nil {
				return CPUTimes{}, 0, fmt.Errorf("%s: cpu line: %w", path, err)
			}
		}
		found = true
	}
	if !found {
		return CPUTimes{}, 0, fmt.Errorf("%s: no aggregate cpu line", path)
	}
	if ncpu == 0 {
		ncpu = runtime.NumCPU()
	}
	return c, ncpu, nil
}

// LoadAvg returns the 1-, 5- and 15-minute load averages of proc's
// loadavg file. A missing file, fewer than three fields or a figure that
// is negative or not finite is an error.
func LoadAvg(proc string) ([3]float64, error) {
	var avg [3]float64
	path := filepath.Join(proc, "loadavg")
	b, err := readHead(path, 4<<10)
	if err != nil {
		return avg, err
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return avg, fmt.Errorf("%s: %d fields, want at least 3", path, len(f))
	}
	for i := range avg {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return [3]float64{}, fmt.Errorf("%s: bad load %q", path, f[i])
		}
		avg[i] = v
	}
	return avg, nil
}

// Pressure returns the total= of the "some" line of proc's
// pressure/<resource> file (resource "cpu", "io" or "memory"):
// microseconds during which at least one task stalled on the resource.
// NaN when the kernel does not expose it.
func Pressure(proc, resource string) float64 {
	b, err := os.ReadFile(filepath.Join(proc, "pressure", resource))
	if err != nil {
		return math.NaN()
	}
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != "some" {
			continue
		}
		for _, kv := range f[1:] {
			if v, ok := strings.CutPrefix(kv, "total="); ok {
				if n, err := strconv.ParseUint(v, 10, 64); err == nil {
					return float64(n)
				}
			}
		}
	}
	return math.NaN()
}

// A Process is one process's CPU time from /proc/<pid>/stat.
type Process struct {
	Comm  string // command name (may contain spaces and parentheses)
	PPID  int
	Ticks uint64 // utime + stime, clock ticks, all threads
	Start uint64 // start time after boot, clock ticks: tells a reused pid apart
}

// Processes reads every <pid>/stat under proc, by pid. A process that
// exits while they are read, or whose file is unreadable or malformed, is
// left out; only an unreadable proc is an error.
//
// Note: each file is read once into one reused buffer. The kernel's work
// per file dominates: about 15 µs a process on a 2-vCPU guest.
func Processes(proc string) (map[int]Process, error) {
	d, err := os.Open(proc)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", proc, err)
	}
	names, err := d.Readdirnames(-1) // unsorted: cheaper than os.ReadDir
	d.Close()
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", proc, err)
	}
	all := make(map[int]Process, len(names))
	buf := make([]byte, 4096)
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid <= 0 {
			continue
		}
		b, err := readInto(buf, filepath.Join(proc, name, "stat"))
		if err != nil {
			continue // exited since the listing, or not readable
		}
		if p, ok := parsePidStat(b); ok {
			all[pid] = p
		}
	}
	return all, nil
}

// readInto reads a small file into buf and returns the bytes read.
func readInto(buf []byte, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := 0
	for n < len(buf) {
		m, err := f.Read(buf[n:])
		n += m
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	return buf[:n], nil
}

// parsePidStat parses one /proc/<pid>/stat line.
//
// Note: comm is in parentheses and may itself contain spaces and ')', so the
// fields after it are found from the LAST ')'.
func parsePidStat(b []byte) (Process, bool) {
	i, j := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if i < 0 || j < i {
		return Process{}, false
	}
	f := bytes.Fields(b[j+1:]) // f[0] is field 3 (state); field n is f[n-3]
	if len(f) < 20 {
		return Process{}, false
	}
	num := func(n int) (uint64, bool) {
		v, err := strconv.ParseUint(string(f[n-3]), 10, 64)
		return v, err == nil
	}
	ppid, ok1 := num(4)
	utime, ok2 := num(14)
	stime, ok3 := num(15)
	start, ok4 := num(22)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return Process{}, false
	}
	return Process{Comm: string(b[i+1 : j]), PPID: int(ppid), Ticks: utime + stime, Start: start}, true
}

// MemTotal returns the machine's memory in bytes (MemTotal of proc's
// meminfo), 0 if unknown.
func MemTotal(proc string) int64 {
	b, err := readHead(filepath.Join(proc, "meminfo"), 64<<10)
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		var kb int64
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
			return kb << 10
		}
	}
	return 0
}

// CPUInfo is what proc's cpuinfo says of the first CPU.
type CPUInfo struct {
	// Model is the first "model name", "Model" or "Hardware" line (arm64
	// kernels print the last two, if anything); "" if none.
	Model string
	// Flags is the first "flags" line, split (x86; nil elsewhere). A
	// guest's include "hypervisor".
	Flags []string
}

// ReadCPUInfo reads the start of proc's cpuinfo (1 MiB: the file repeats
// itself for every CPU).
func ReadCPUInfo(proc string) CPUInfo {
	b, _ := readHead(filepath.Join(proc, "cpuinfo"), 1<<20)
	return parseCPUInfo(b)
}

func parseCPUInfo(b []byte) CPUInfo {
	var ci CPUInfo
	flags := false
	for line := range strings.Lines(string(b)) {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "model name", "Model", "Hardware":
			if v = strings.TrimSpace(v); ci.Model == "" && v != "" {
				ci.Model = v
			}
		case "flags":
			if !flags {
				ci.Flags, flags = strings.Fields(v), true
			}
		}
	}
	return ci
}
