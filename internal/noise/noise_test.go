package noise

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/host"
)

// self is the pid of "our" process in the fake trees: 100 (latency), whose
// child 101 (memory.test) has a child 102 (fio).
const self = 100

// fakeSample takes the two snapshots of testdata/proc-a and proc-b one
// second apart.
//
// Between them, by hand: the aggregate cpu line moves user +60, nice 0,
// system +20, idle +80, iowait +10, irq 0, softirq 0, steal +30 (total 200;
// guest +40 is inside user and must not count again); PSI cpu some +50000
// µs, io +10000 µs, memory absent; load1 1.25 at b. Others: systemd +1 tick,
// kthreadd 0, stress-ng +95, "my (weird) prog" +20, kworker/0:1 +3, sleeper
// 0 = 119 ticks; "gone" exits, "newcomer" starts, pid 500 is reused (new
// start time), 700 has a truncated stat: none of them counts. Ours (100, 101
// and grandchild 102) used 100 + 200 + 80 ticks that must not count.
func fakeSample(t *testing.T) (Snapshot, Snapshot, Sample) {
	t.Helper()
	a, err := Take("testdata/proc-a", self)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Take("testdata/proc-b", self)
	if err != nil {
		t.Fatal(err)
	}
	a.Time = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	b.Time = a.Time.Add(time.Second)
	return a, b, Between(a, b)
}

func TestTakeFake(t *testing.T) {
	a, _, _ := fakeSample(t)
	if a.NCPU != 2 {
		t.Errorf("NCPU: got %d, want 2", a.NCPU)
	}
	want := host.CPUTimes{User: 1000, Nice: 10, System: 500, Idle: 8000, Iowait: 100, IRQ: 5, SoftIRQ: 5, Steal: 380}
	if a.CPU != want {
		t.Errorf("CPU: got %+v, want %+v", a.CPU, want)
	}
	if a.PSI.CPU != 1e6 || a.PSI.IO != 200 || !math.IsNaN(a.PSI.Mem) {
		t.Errorf("PSI: got %+v, want {1e6 200 NaN}", a.PSI)
	}
	if a.Load1 != 0.5 {
		t.Errorf("Load1: got %v, want 0.5", a.Load1)
	}
	var pids []int
	for pid := range a.Procs {
		pids = append(pids, pid)
	}
	slices.Sort(pids)
	if want := []int{1, 2, 200, 201, 300, 400, 500, 600, 800}; !slices.Equal(pids, want) {
		t.Errorf("pids: got %v, want %v (ours 100-102 and the truncated 700 left out)", pids, want)
	}
	if p := a.Procs[201]; p.Comm != "my (weird) prog" || p.Ticks != 20 || p.Start != 1600 {
		t.Errorf("pid 201: got %+v, want comm %q, 20 ticks, start 1600", p, "my (weird) prog")
	}
}

func TestBetweenFake(t *testing.T) {
	_, _, s := fakeSample(t)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"Secs", s.Secs, 1},
		{"StealPct", s.StealPct, 15},           // 30 of 200
		{"IowaitPct", s.IowaitPct, 5},          // 10 of 200
		{"OthersCPUPct", s.OthersCPUPct, 59.5}, // 119 ticks / (1 s × 100 Hz × 2 CPUs)
		{"KernelIOPct", s.KernelIOPct, 10},     // kblockd's 20 ticks, not in OthersCPUPct
		{"PSICPU", s.PSICPU, 5},                // 50 ms of 1 s
		{"PSIIO", s.PSIIO, 1},                  // 10 ms of 1 s
		{"Load1", s.Load1, 1.25},
	} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	if !math.IsNaN(s.PSIMem) {
		t.Errorf("PSIMem: got %v, want NaN (no /proc/pressure/memory)", s.PSIMem)
	}
	// systemd's 1 % is fourth: cut by MaxBusiest.
	want := []Proc{{"stress-ng", 95}, {"my (weird) prog", 20}, {"kworker/0:1", 3}}
	if len(s.Busiest) != len(want) {
		t.Fatalf("Busiest: got %v, want %v", s.Busiest, want)
	}
	for i := range want {
		if s.Busiest[i].Name != want[i].Name || math.Abs(s.Busiest[i].CPUPct-want[i].CPUPct) > 1e-9 {
			t.Errorf("Busiest[%d]: got %v, want %v", i, s.Busiest[i], want[i])
		}
	}
	wantWhy := []string{"steal 15 %", "other processes used 60 % of the CPUs (stress-ng, my (weird) prog, kworker/0:1)"}
	if got := s.Interference(); !slices.Equal(got, wantWhy) {
		t.Errorf("Interference: got %q, want %q", got, wantWhy)
	}
	const line = "secs=1.000 steal-pct=15.0 iowait-pct=5.0 others-cpu-pct=59.5 kernel-io-pct=10.0 psi-cpu=5.0 psi-io=1.0 psi-mem=- load1=1.25 busiest=stress-ng:95.0,my_(weird)_prog:20.0,kworker/0:1:3.0"
	if got := s.Format(); got != line {
		t.Errorf("Format:\ngot  %s\nwant %s", got, line)
	}
}

func TestServesIO(t *testing.T) {
	for _, c := range []struct {
		comm string
		ppid int
		want bool
	}{
		{"kworker/1:1H-kblockd", 2, true},
		{"kworker/1:1H+kblockd", 2, true}, // running its work right now
		{"kworker/u4:2+writeback", 2, true},
		{"kworker/u8:0+flush-254:0", 2, true},
		{"kworker/u8:1-ext4-rsv-conversion", 2, true},
		{"kworker/u8:0-flush-254:0", 2, true},
		{"kworker/u4:2-writeback", 2, true},
		{"jbd2/vda1-8", 2, true},
		{"ksoftirqd/0", 2, true},
		{"kcompactd0", 2, true},
		{"khugepaged", 2, true},
		{"kworker/0:1", 2, false},                   // idle or any work: not known to be ours
		{"kworker/0:2-mm_percpu_wq", 2, false},      // housekeeping for everyone
		{"kworker/1:1H-kblockd-impostor", 2, false}, // another workqueue's name
		{"kdamond.0", 2, false},
		{"jbd2/vda1-8", 1, false}, // a process, not a kernel thread, of that name
		{"ksoftirqd/0", 1234, false},
		{"stress-ng", 1, false},
	} {
		if got := ServesIO(host.Process{Comm: c.comm, PPID: c.ppid}); got != c.want {
			t.Errorf("ServesIO(%q, ppid %d) = %v, want %v", c.comm, c.ppid, got, c.want)
		}
	}
}

// TestBusyThreshold checks that 1 % of one CPU is named and a reversed
// order of snapshots yields nothing negative.
func TestBusyThreshold(t *testing.T) {
	a, b, _ := fakeSample(t)
	a.Time = b.Time.Add(-4 * time.Second) // systemd: 1 tick in 4 s = 0.25 %
	s := Between(a, b)
	for _, p := range s.Busiest {
		if p.Name == "systemd" {
			t.Errorf("systemd at %.2f %% named; want only ≥ %v %%", p.CPUPct, BusyMinPct)
		}
	}
	delete(b.Procs, 200)
	delete(b.Procs, 201)
	delete(b.Procs, 300)
	b.Time = a.Time.Add(time.Second)
	s = Between(a, b)
	if len(s.Busiest) != 1 || s.Busiest[0].Name != "systemd" || s.Busiest[0].CPUPct != 1 {
		t.Errorf("Busiest: got %v, want [systemd 1 %%]", s.Busiest)
	}
	r := Between(b, a) // counters run backwards
	if r.Secs != 0 || r.StealPct != 0 || r.OthersCPUPct != 0 || len(r.Busiest) != 0 {
		t.Errorf("reversed snapshots: got %+v, want zeros", r)
	}
}

func TestTakeMinimal(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stat"), []byte("cpu 1 2 3 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := Take(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(a.PSI.CPU) || !math.IsNaN(a.PSI.IO) || !math.IsNaN(a.PSI.Mem) || !math.IsNaN(a.Load1) {
		t.Errorf("PSI %+v, Load1 %v: want NaN without /proc/pressure and /proc/loadavg", a.PSI, a.Load1)
	}
	if a.CPU.Idle != 4 || a.CPU.Steal != 0 || a.NCPU < 1 || len(a.Procs) != 0 {
		t.Errorf("got %+v", a)
	}
	b := a
	b.Time = a.Time.Add(time.Second)
	s := Between(a, b)
	if !math.IsNaN(s.PSICPU) || !math.IsNaN(s.PSIIO) || !math.IsNaN(s.PSIMem) {
		t.Errorf("Between: PSI %v %v %v, want NaN", s.PSICPU, s.PSIIO, s.PSIMem)
	}
	if !strings.Contains(s.Format(), " psi-cpu=- psi-io=- psi-mem=- load1=-") {
		t.Errorf("Format: %s: want absent figures as -", s.Format())
	}

	for name, content := range map[string]string{"no cpu line": "intr 0\n", "short": "cpu 1 2\n", "bad": "cpu 1 2 x 4\n"} {
		os.WriteFile(filepath.Join(dir, "stat"), []byte(content), 0o644)
		if _, err := Take(dir, 1); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if _, err := Take(filepath.Join(dir, "absent"), 1); err == nil {
		t.Error("missing root: want an error")
	}
}

func TestFormatParse(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		s    Sample
	}{
		{"quiet", Sample{Secs: 0.25, PSICPU: 0, PSIIO: 0.5, PSIMem: 0, Load1: 0.02}},
		{"no psi", Sample{Secs: 2, StealPct: 9.1, OthersCPUPct: 48.9, PSICPU: nan, PSIIO: nan, PSIMem: nan, Load1: nan}},
		{"busy", Sample{Secs: 1.52, OthersCPUPct: 48.9, PSICPU: 0.5, Load1: 1.02,
			Busiest: []Proc{{"stress-ng", 97.8}, {"kworker/0:1", 1.2}, {"a b,c=d\t", 1}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := tc.s.Format()
			got, err := Parse(line)
			if err != nil {
				t.Fatalf("Parse(%q): %v", line, err)
			}
			same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
			if !same(got.Secs, tc.s.Secs) || !same(got.StealPct, tc.s.StealPct) || !same(got.OthersCPUPct, tc.s.OthersCPUPct) ||
				!same(got.PSICPU, tc.s.PSICPU) || !same(got.PSIIO, tc.s.PSIIO) || !same(got.PSIMem, tc.s.PSIMem) || !same(got.Load1, tc.s.Load1) {
				t.Errorf("Parse(%q) = %+v, want %+v", line, got, tc.s)
			}
			if len(got.Busiest) != len(tc.s.Busiest) {
				t.Fatalf("Busiest: got %v, want %v", got.Busiest, tc.s.Busiest)
			}
			for i, p := range tc.s.Busiest {
				if got.Busiest[i].Name != SanitizeName(p.Name) || got.Busiest[i].CPUPct != p.CPUPct {
					t.Errorf("Busiest[%d]: got %v, want %v", i, got.Busiest[i], p)
				}
			}
			if again := got.Format(); again != line {
				t.Errorf("Format(Parse(line)):\ngot  %s\nwant %s", again, line)
			}
		})
	}
	if got := SanitizeName("a b,c=d\t"); got != "a_b_c_d_" {
		t.Errorf("SanitizeName: got %q", got)
	}
}

func TestParse(t *testing.T) {
	s, err := Parse("secs=1 later-key=whatever steal-pct=2.5 busiest=x:y:3.0")
	if err != nil {
		t.Fatal(err)
	}
	if s.Secs != 1 || s.StealPct != 2.5 || !math.IsNaN(s.PSICPU) || !math.IsNaN(s.Load1) ||
		len(s.Busiest) != 1 || s.Busiest[0] != (Proc{"x:y", 3}) {
		t.Errorf("got %+v", s)
	}
	for _, bad := range []string{
		"", "  ", "secs", "=1", "secs=", "secs=abc", "secs=-1", "secs=NaN", "secs=+Inf",
		"steal-pct=1e999", "busiest=", "busiest=x", "busiest=:1", "busiest=x:", "busiest=x:1,", "busiest=x:-2", "busiest=x:-", "steal-pct=-", "secs=-",
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q): want an error", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("secs=1.520 steal-pct=0.3 iowait-pct=0.0 others-cpu-pct=48.9 psi-cpu=0.5 psi-io=0.0 psi-mem=0.0 load1=1.02 busiest=stress-ng:97.8,kworker/0:1:1.2")
	f.Add("secs=0.100 steal-pct=0.0 iowait-pct=0.0 others-cpu-pct=0.0 psi-cpu=- psi-io=- psi-mem=- load1=-")
	f.Add("secs=1 new=1 busiest=a=b:1e3")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		line := s.Format()
		s2, err := Parse(line)
		if err != nil {
			t.Fatalf("Parse(Format(Parse(%q))) = %v; Format gave %q", in, err, line)
		}
		if again := s2.Format(); again != line {
			t.Fatalf("not stable:\n%s\n%s", line, again)
		}
		for _, f := range strings.Fields(line) {
			if strings.Count(f, "=") != 1 {
				t.Fatalf("Format wrote field %q, not one key=value", f)
			}
		}
		if strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Format wrote a line break or tab: %q", line)
		}
		for _, v := range []float64{s.Secs, s.StealPct, s.IowaitPct, s.OthersCPUPct} {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("Parse(%q) gave %v", in, v)
			}
		}
	})
}

// TestTakeHere takes two snapshots of this machine's /proc around a child
// process and checks that the child is ours.
func TestTakeHere(t *testing.T) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	var child *exec.Cmd
	if sleep, err := exec.LookPath("sleep"); err == nil {
		child = exec.Command(sleep, "5")
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { child.Process.Kill(); child.Wait() }()
	}
	a, err := Take("/proc", os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Take("/proc", os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if a.NCPU < 1 || a.CPU.Total() == 0 || len(a.Procs) == 0 {
		t.Errorf("snapshot looks empty: NCPU %d, CPU %+v, %d processes", a.NCPU, a.CPU, len(a.Procs))
	}
	if _, ok := a.Procs[os.Getpid()]; ok {
		t.Error("our own pid counted as another's")
	}
	if child != nil {
		if _, ok := a.Procs[child.Process.Pid]; ok {
			t.Error("our child counted as another's")
		}
	}
	if _, ok := a.Procs[os.Getppid()]; !ok && os.Getppid() > 1 {
		t.Errorf("our parent %d missing from the others", os.Getppid())
	}
	s := Between(a, b)
	if s.Secs <= 0 || s.OthersCPUPct < 0 || s.StealPct < 0 || s.StealPct > 100 {
		t.Errorf("Between: %+v", s)
	}
	if _, err := Parse(s.Format()); err != nil {
		t.Errorf("Parse(%q): %v", s.Format(), err)
	}
}

// BenchmarkTake shows what a snapshot of this machine costs.
func BenchmarkTake(b *testing.B) {
	if _, err := os.Stat("/proc/stat"); err != nil {
		b.Skip("no /proc on this system")
	}
	for b.Loop() {
		if _, err := Take("/proc", os.Getpid()); err != nil {
			b.Fatal(err)
		}
	}
}
