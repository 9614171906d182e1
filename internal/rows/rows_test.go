package rows

import (
	"cmp"
	"os/exec"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
)

// The guide's table, Dean & Norvig's list: ids, order and figures are a
// contract with users' saved reports.
var guide = []struct {
	id string
	ns float64
}{
	{"l1_cache_reference", 0.5}, {"branch_mispredict", 5}, {"l2_cache_reference", 7},
	{"mutex_lock_unlock", 25}, {"main_memory_reference", 100}, {"compress_1kb_snappy", 10_000},
	{"send_1kb_1gbps", 10_000}, {"ssd_random_read_4kb", 150_000}, {"memory_sequential_read_1mb", 250_000},
	{"datacenter_round_trip", 500_000}, {"ssd_sequential_read_1mb", 1_000_000}, {"disk_seek", 10_000_000},
	{"disk_sequential_read_1mb", 30_000_000}, {"wan_round_trip_ca_nl", 150_000_000},
}

func TestGuideRows(t *testing.T) {
	g := Guide()
	if len(g) != len(guide) {
		t.Fatalf("got %d guide rows, want %d", len(g), len(guide))
	}
	for i, want := range guide {
		if g[i].ID != want.id || g[i].GuideNS != want.ns {
			t.Errorf("guide row %d: got %s %v, want %s %v", i, g[i].ID, g[i].GuideNS, want.id, want.ns)
		}
	}
}

func TestTableIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Table {
		if seen[r.ID] {
			t.Errorf("duplicate row id %s", r.ID)
		}
		seen[r.ID] = true
		if r.Operation == "" || r.Family == "" {
			t.Errorf("%s: operation and family are required", r.ID)
		}
		if len(r.Sources) == 0 && r.Compute == nil && r.Missing == "" {
			t.Errorf("%s: no source, no computation and no reason", r.ID)
		}
		for _, s := range r.Sources {
			if s.Bench == "" || s.Unit == "" || s.Note == "" {
				t.Errorf("%s: source %+v lacks bench, unit or note", r.ID, s)
			}
		}
	}
}

type fakeContext struct {
	facts  map[string]string
	values map[string]float64
}

func (c fakeContext) Fact(k string) string { return c.facts[k] }
func (c fakeContext) Value(bench, unit string) (float64, bool) {
	v, ok := c.values[bench+" "+unit]
	return v, ok
}

func TestStorageKind(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rotational string
		p50        float64 // 0: not measured
		want       string
	}{
		{"ssd", "0", 80_000, flashDevice},
		{"vm disk claiming to rotate", "1", 64_000, virtualDisk},
		{"real platter", "1", 8_000_000, rotatingDisk},
		{"rotating flag but nothing measured", "1", 0, unknownDevice},
		{"no block device", "", 50_000, unknownDevice},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := fakeContext{facts: map[string]string{"scratch-rotational": tc.rotational}, values: map[string]float64{}}
			if tc.p50 > 0 {
				c.values["RandomRead4K p50-ns"] = tc.p50
			}
			if got := storageKind(c); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestComputedNetworkRows(t *testing.T) {
	for _, id := range []string{"send_1kb_1gbps", "wan_round_trip_ca_nl"} {
		r, ok := Lookup(id)
		if !ok || r.Compute == nil {
			t.Fatalf("%s: want a computed figure", id)
		}
		ns, note, ok := r.Compute(fakeContext{})
		if !ok || ns <= 0 || note == "" {
			t.Errorf("%s: got %v %q %v", id, ns, note, ok)
		}
	}
}

// TestSourcesInARealRun checks every source of the table, and the
// benchmarks read outside it, against a real quick run: each names a
// benchmark and unit the run produced, but for peer mode, which that run
// did not use.
func TestSourcesInARealRun(t *testing.T) {
	run, err := results.ReadFile("testdata/quick-run.txt")
	if err != nil {
		t.Fatal(err)
	}
	notRun := map[string]string{
		"PeerRTT/proto=tcp/size=64B": "no peer", "PeerRTT/proto=udp/size=64B": "no peer",
		"NodeRTT": "latency pairs writes the node × node matrix, not latency run",
	}
	srcs := []Source{Clock, Sweep}
	for _, r := range Table {
		srcs = append(srcs, r.Sources...)
	}
	for _, s := range srcs {
		if _, ok := notRun[s.Bench]; ok || s.OS != "" {
			continue // peer mode was not used; another OS's sources are not in a Linux run
		}
		b := run.Find(s.Bench)
		if b == nil {
			t.Errorf("no benchmark %s in a real run", s.Bench)
			continue
		}
		if len(b.Values[s.Unit]) == 0 {
			t.Errorf("benchmark %s reports no %s (has %v)", b.Name, s.Unit, b.Units)
		}
	}
}

// TestSourcesAreBenchmarks checks every source of the table against the
// benchmarks the bench packages really have (go test -list), so renaming
// or removing a benchmark fails here rather than leaving a row that reads
// "not in this results file". Sub-benchmark names only show in a run:
// TestSourcesInARealRun checks those, against a recorded quick run.
func TestSourcesAreBenchmarks(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the bench packages' benchmarks")
	}
	out, err := exec.Command(gocmd, "test", "-list", "^Benchmark", "github.com/latency-numbers/latency/bench/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go test -list: %v\n%s", err, out)
	}
	have := map[string]bool{}
	for _, line := range strings.Fields(string(out)) {
		if name, ok := strings.CutPrefix(line, "Benchmark"); ok {
			have[name] = true
		}
	}
	srcs := []Source{Clock, Sweep}
	for _, r := range Table {
		srcs = append(srcs, r.Sources...)
	}
	for _, s := range srcs {
		top, _, _ := strings.Cut(s.Bench, "/")
		if top == "NodeRTT" {
			continue // latency pairs measures it, not a bench package
		}
		if !have[top] {
			t.Errorf("source %s: no Benchmark%s in bench/... (go test -list)", s.Bench, top)
		}
	}
}

// TestMacSources checks that a run on macOS gets the notes that say how
// macOS measured a row, and a run on Linux never does.
func TestMacSources(t *testing.T) {
	mac := fakeContext{facts: map[string]string{"kernel": "Darwin 23.4.0"}}
	linux := fakeContext{facts: map[string]string{"kernel": "Linux 6.1.0"}}
	first := func(r Row, c Context, bench string) string {
		for _, s := range r.Sources {
			if s.Bench == bench && s.Applies(c) {
				return s.Note
			}
		}
		return ""
	}
	for _, tc := range []struct{ id, bench, mac, linux string }{
		{"l1_cache_reference", "CacheRef/level=L1", "{page-size} pages, not pinned", "huge pages"},
		{"main_memory_reference", "MainMemory/pages=16KiB", "no transparent huge pages", ""},
		{"ssd_random_read_4kb", "RandomRead4K", "F_NOCACHE", "O_DIRECT"},
		{"write_4kb_fsync", "WriteSync/sync=fsync", "volatile write cache", "data and inode"},
		{"write_4kb_fullfsync", "WriteSync/sync=fullfsync", "F_FULLFSYNC", ""},
		{"syscall", "Syscall/call=getppid", "libc getppid", "raw getppid"},
		{"cache_line_ping_pong", "CacheLinePingPong", "Not pinned", "pinned to two CPUs"},
		{"loopback_rtt_udp", "LoopbackRTT/path=syscall/proto=udp/size=64B/cpus=any", "not pinned", ""},
	} {
		r, ok := Lookup(tc.id)
		if !ok {
			t.Fatalf("no row %s", tc.id)
		}
		for _, side := range []struct {
			name string
			c    Context
			want string
		}{{"macOS", mac, tc.mac}, {"Linux", linux, tc.linux}} {
			got := first(r, side.c, tc.bench)
			if side.want == "" && got != "" || !strings.Contains(got, side.want) {
				t.Errorf("%s on %s from %s: note %q, want one with %q", tc.id, side.name, tc.bench, got, side.want)
			}
		}
	}
}

func TestRunOS(t *testing.T) {
	for kernel, want := range map[string]string{
		"Darwin 23.4.0 (macOS 14.4)": "darwin", "Linux 6.1.0-18-arm64": "linux", "": "",
	} {
		if got := runOS(fakeContext{facts: map[string]string{"kernel": kernel}}); got != want {
			t.Errorf("runOS(kernel %q) = %q, want %q", kernel, got, want)
		}
	}
}

// pairsCtx is a Context whose core-to-core benchmark measured n pairs.
type pairsCtx float64

func (pairsCtx) Fact(string) string { return "" }
func (n pairsCtx) Value(bench, unit string) (float64, bool) {
	return float64(n), bench == "CoreToCore/pair=min" && unit == "pairs"
}

// TestCoreToCoreOnePair checks that a run that measured one pair of CPUs
// gives one core-to-core row, not three of the same pair.
func TestCoreToCoreOnePair(t *testing.T) {
	kind := func(id string, c Context) Kind {
		for _, r := range Table {
			if r.ID != id {
				continue
			}
			for _, s := range r.Sources {
				if s.When == nil || s.When(c) {
					return cmp.Or(s.Kind, Measured)
				}
			}
		}
		return ""
	}
	for _, tc := range []struct {
		pairs float64
		want  Kind
	}{{1, NotMeasured}, {6, Measured}} {
		for _, id := range []string{"core_to_core_median", "core_to_core_max"} {
			if got := kind(id, pairsCtx(tc.pairs)); got != tc.want {
				t.Errorf("%s with %v pairs: %s, want %s", id, tc.pairs, got, tc.want)
			}
		}
		if got := kind("core_to_core_min", pairsCtx(tc.pairs)); got != Measured {
			t.Errorf("core_to_core_min with %v pairs: %s", tc.pairs, got)
		}
	}
}
