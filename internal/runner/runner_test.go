package runner

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/textwidth"
)

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	stamp := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	first, err := save(dir, []byte("first\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	second, err := save(dir, []byte("second\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both saves wrote %s", first)
	}
	if !strings.HasPrefix(filepath.Base(first), "20261127T120000Z-") {
		t.Errorf("name %s does not start with the UTC stamp", first)
	}
	if b, _ := os.ReadFile(first); string(b) != "first\n" {
		t.Errorf("first file now holds %q", b)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if len(ents) != 2 {
		t.Errorf("got %d files, want 2", len(ents))
	}
}

func TestStripProcs(t *testing.T) {
	for in, want := range map[string]string{
		"CacheRef/level=L1-2": "CacheRef/level=L1", "Clock-16": "Clock", "Clock": "Clock", "X/a=b-c": "X/a=b-c",
	} {
		if got := stripProcs(in); got != want {
			t.Errorf("stripProcs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupProfile(t *testing.T) {
	for _, p := range Profiles {
		if p.MinRounds < 6 || p.Cap < p.MinRounds || p.Budget <= 0 {
			t.Errorf("%s: %+v (benchstat needs >= 6 samples for an interval)", p.Name, p)
		}
	}
	if p, err := LookupProfile("quick"); err != nil || p.Name != "quick" {
		t.Errorf("quick: %+v, %v", p, err)
	}
	if _, err := LookupProfile("slow"); err == nil || !strings.Contains(err.Error(), "default") {
		t.Errorf("unknown profile: got %v", err)
	}
}

// TestRecord checks that a skip or failure keeps the first message given,
// by the benchmark's name without -procs.
func TestRecord(t *testing.T) {
	m := map[string]string{}
	for _, e := range []benchmain.Event{
		{Action: benchmain.ActionSkip, Bench: "BenchmarkX/a=2"},
		{Action: benchmain.ActionSkip, Bench: "BenchmarkX/a=2", Text: "no peer: set LATENCY_PEER"},
		{Action: benchmain.ActionSkip, Bench: "BenchmarkX/a=2", Text: "later"},
		{Action: benchmain.ActionSkip, Bench: "BenchmarkY-2", Text: "no second CPU"},
		{Action: benchmain.ActionSkip, Bench: "BenchmarkZ"},
	} {
		record(m, e)
	}
	want := map[string]string{"X/a=2": "no peer: set LATENCY_PEER", "Y": "no second CPU", "Z": noReason}
	if !maps.Equal(m, want) {
		t.Errorf("got %q, want %q", m, want)
	}
}

func TestShorter(t *testing.T) {
	if !shorter("20ms", "100ms") || shorter("50ms", "20ms") || shorter("bad", "1s") {
		t.Error("shorter compares benchtimes as durations")
	}
}

func TestSaveIsReadable(t *testing.T) {
	path, err := save(t.TempDir(), []byte("x\n"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("results file mode %v, want 0644 like the charts", st.Mode().Perm())
	}
}

func TestCleanStaleBins(t *testing.T) {
	tmp := t.TempDir()
	mk := func(name, pid string) string {
		dir := filepath.Join(tmp, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if pid != "" {
			os.WriteFile(filepath.Join(dir, binDirPID), []byte(pid), 0o644)
		}
		return dir
	}
	dead := mk("latency-bin-dead", "2147483646") // above any pid_max
	live := mk("latency-bin-live", strconv.Itoa(os.Getpid()))
	nopid := mk("latency-bin-nopid", "")
	other := mk("other-dead", "2147483646")
	cleanStaleBins(tmp)
	for dir, want := range map[string]bool{dead: false, live: true, nopid: true, other: true} {
		if _, err := os.Stat(dir); (err == nil) != want {
			t.Errorf("%s: exists=%v, want %v", filepath.Base(dir), err == nil, want)
		}
	}
}

// TestProgressFits draws the bar line at several terminal widths, for
// long step names with multi-byte runes: no line the bar draws may be
// wider than the terminal, and the step's name shows when there is room.
func TestProgressFits(t *testing.T) {
	for _, width := range []int{40, 60, 80} {
		for _, budget := range []time.Duration{10 * time.Minute, 3 * time.Hour} {
			t.Run(fmt.Sprintf("width=%d/budget=%v", width, budget), func(t *testing.T) {
				var buf bytes.Buffer
				// An elapsed time near a change in its length: 9m59s.
				p := newBar(&buf, time.Now().Add(-599*time.Second), budget, func() int { return width })
				p.start("round 3: memory.CacheRef (µ × ± – 生命) and a name far too long to fit any terminal line")
				p.result("CacheRef/level=L1")
				p.start("round 4: cpu.Mutex")
				p.finish()
				for _, line := range strings.FieldsFunc(buf.String(), func(r rune) bool { return r == '\r' || r == '\n' }) {
					if w := textwidth.Width(line); w > width {
						t.Errorf("line is %d columns wide, want at most %d:\n%q", w, width, line)
					}
				}
				if !strings.Contains(buf.String(), "round") {
					t.Errorf("the step's name is not shown:\n%q", buf.String())
				}
			})
		}
	}
}

// TestEveryBenchPackageServesRounds checks that each bench package's
// TestMain goes through benchmain.Run: a package that called m.Run itself
// would run one round and exit, and the runner would see it die.
func TestEveryBenchPackageServesRounds(t *testing.T) {
	dirs, err := filepath.Glob("../../bench/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no bench packages: %v", err)
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
		found := false
		for _, f := range files {
			b, _ := os.ReadFile(f)
			found = found || bytes.Contains(b, []byte("benchmain.Run(m)"))
		}
		if !found {
			t.Errorf("%s: no TestMain calling benchmain.Run(m)", dir)
		}
	}
}

func TestSubRegexp(t *testing.T) {
	for _, tc := range []struct{ job, name, want string }{
		{"BenchmarkCacheRef", "CacheRef/level=L1/size=48KiB", `^BenchmarkCacheRef$/^level=L1$/^size=48KiB$`},
		{"BenchmarkCompress", "Compress/codec=s2-better/block=1KiB/file=all", `^BenchmarkCompress$/^codec=s2-better$/^block=1KiB$/^file=all$`},
		{"BenchmarkClock", "Clock", `^BenchmarkClock$`},
		{"BenchmarkX", "X/a=b.c+d", `^BenchmarkX$/^a=b\.c\+d$`},
	} {
		if got := subRegexp(tc.job, tc.name); got != tc.want {
			t.Errorf("subRegexp(%q, %q) = %q, want %q", tc.job, tc.name, got, tc.want)
		}
	}
}

func TestBusy(t *testing.T) {
	s := &suite{}
	for i := range busyWindow {
		if s.busy() {
			t.Fatalf("busy after %d quiet samples", i)
		}
		s.recent = append(s.recent, false)
	}
	s.recent = append(s.recent[busyWindow/2:], make([]bool, 0)...)
	for range busyWindow / 2 {
		s.recent = append(s.recent, true)
	}
	if !s.busy() {
		t.Errorf("not busy with half of the latest %d samples disturbed", len(s.recent))
	}
}

// TestSplit checks that a benchmark's sub-benchmarks become units of
// their own after the first round, except where they summarise each other.
func TestSplit(t *testing.T) {
	units := []*unit{
		{job: job{name: "BenchmarkCacheRef"}, whole: true, n: 1, steps: 1, secs: 0.3, names: []string{"CacheRef/level=L1/size=48KiB", "CacheRef/level=L2/size=1MiB", "CacheRef/level=L3/size=4MiB"}},
		{job: job{name: "BenchmarkCoreToCore"}, whole: true, n: 1, names: []string{"CoreToCore/pair=0-1", "CoreToCore/pair=min"}},
		{job: job{name: "BenchmarkLoopbackRTT"}, whole: true, n: 1, names: []string{"LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=1", "LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=7"}},
		{job: job{name: "BenchmarkPeerRTT"}, whole: true}, // skipped: no results
		{job: job{name: "BenchmarkSweep"}, whole: true, detail: true, want: 1},
	}
	got := map[string]*unit{}
	for _, u := range split(units, 6) {
		got[u.name+u.job.name] = u
	}
	if len(got) != 7 {
		t.Errorf("%d units, want 7", len(got))
	}
	if u := got["CacheRef/level=L2/size=1MiB"+"BenchmarkCacheRef"]; u == nil || u.n != 1 || u.bench != `^BenchmarkCacheRef$/^level=L2$/^size=1MiB$` || u.detail || u.est().Round(time.Millisecond) != 100*time.Millisecond {
		t.Errorf("CacheRef L2: %+v", u)
	}
	if u := got["LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=7BenchmarkLoopbackRTT"]; u == nil || !u.detail || u.want != 6 {
		t.Errorf("a sub-benchmark that answers no row: %+v, want a detail unit", u)
	}
	for _, u := range got {
		if u.job.name == "BenchmarkCoreToCore" && !u.whole {
			t.Errorf("CoreToCore split: %+v", u)
		}
		if u.job.name == "BenchmarkPeerRTT" {
			t.Error("a benchmark that produced nothing is run again")
		}
	}
}

// TestNextRoundReach checks that the adaptive rounds give the rows within
// reach of their limit twice the samples of the others.
func TestNextRoundReach(t *testing.T) {
	near := &unit{name: "Clock", names: []string{"Clock"}, n: 6}
	far := &unit{name: "AtomicAdd", names: []string{"AtomicAdd"}, n: 6}
	tl := tally{vals: map[string][]float64{
		"Clock":     {1.00, 1.02, 0.98, 1.04, 0.97, 1.01},
		"AtomicAdd": {1, 2, 0.5, 1.5, 3, 0.7},
	}}
	rng := rand.New(rand.NewPCG(1, 2))
	names := func(us []*unit) (out []string) {
		for _, u := range us {
			out = append(out, u.name)
		}
		slices.Sort(out)
		return out
	}
	if got := names(tl.nextRound(7, []*unit{near, far}, 60, 0, rng)); !slices.Equal(got, []string{"Clock"}) {
		t.Errorf("odd round %v, want only the row within reach", got)
	}
	if got := names(tl.nextRound(8, []*unit{near, far}, 60, 0, rng)); !slices.Equal(got, []string{"AtomicAdd", "Clock"}) {
		t.Errorf("even round %v, want every open row", got)
	}
	tl.vals["Clock"] = []float64{1, 1, 1, 1, 1, 1}
	if got := names(tl.nextRound(7, []*unit{near, far}, 60, 0, rng)); !slices.Equal(got, []string{"AtomicAdd"}) {
		t.Errorf("round %v, want the far row once the near one is precise", got)
	}
}
