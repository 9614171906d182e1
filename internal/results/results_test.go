package results

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"
)

func TestRead(t *testing.T) {
	run, err := ReadFile("testdata/small.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := run.Fact("cpu-model"); got != "Test CPU" {
		t.Errorf("cpu-model fact: got %q", got)
	}
	if got := run.Fact("pkg"); got != "" {
		t.Errorf("pkg should not be a machine fact, got %q", got)
	}
	if got := run.Skips[SkipKey("RandomRead4K")]; !strings.Contains(got, "O_DIRECT") {
		t.Errorf("skip reason: got %q", got)
	}
	b := run.Find("CacheRef")
	if b == nil || b.Name != "CacheRef/level=L1" || b.Procs != "2" {
		t.Fatalf("Find(CacheRef) = %+v", b)
	}
	s, ok := b.Summary("ns/load")
	if !ok || s.N != 7 || s.Center != 1.25 || !(s.Lo <= 1.25 && s.Hi >= 1.25) {
		t.Errorf("summary: got %+v, ok=%v", s, ok)
	}
	if d := run.Find("SeqRead/src=dram"); d == nil || d.Values["MB/s"] == nil {
		t.Errorf("MB/s kept under its original unit: got %+v", d)
	}
	if len(run.Warnings) == 0 || !strings.Contains(strings.Join(run.Warnings, "\n"), "small.txt:") {
		t.Errorf("want a warning naming the file and line for the broken result, got %q", run.Warnings)
	}
}

func TestTooFewSamplesHaveNoInterval(t *testing.T) {
	run, err := Read(strings.NewReader("BenchmarkX-2 1 5 ns/op\nBenchmarkX-2 1 6 ns/op\n"), "two.txt")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := run.Find("X").Summary("ns/op")
	if !math.IsNaN(s.Lo) || !math.IsNaN(s.Hi) {
		t.Errorf("2 samples: got interval [%v, %v], want none", s.Lo, s.Hi)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, path, wantErr string
	}{
		{"empty", write("empty.txt", ""), "no benchmark results"},
		{"binary", write("bin.txt", "\x00\x01\x02\xff\xfe\n\x00garbage"), "not a text file"},
		{"long-line", write("long.txt", strings.Repeat("x", 3<<20)+"\n"), "no benchmark results"},
		{"missing", filepath.Join(dir, "nope.txt"), "no such file"},
		{"directory", dir, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadFile(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("got error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestLabel(t *testing.T) {
	run, err := ReadFile("laptop=testdata/small.txt")
	if err != nil {
		t.Fatal(err)
	}
	if run.Label != "laptop" {
		t.Errorf("label: got %q, want laptop", run.Label)
	}
}

// Values no benchmark can produce are dropped with a warning naming the
// file, line, benchmark and unit; plausible ones around them are kept.
func TestImplausibleValuesDropped(t *testing.T) {
	for _, tc := range []struct {
		name, line, unit, warn string
	}{
		{"NaN", "BenchmarkX-2 1 NaN ns/op", "ns/op", "not a finite number"},
		{"infinite", "BenchmarkX-2 1 +Inf ns/op", "ns/op", "not a finite number"},
		{"negative", "BenchmarkX-2 1 -1.24 ns/load", "ns/load", "is negative"},
		{"zero time", "BenchmarkX-2 1 0 p50-ns", "p50-ns", "is zero"},
		{"sub-picosecond", "BenchmarkX-2 1 1e-308 ns/load", "ns/load", "below a picosecond"},
		{"absurd time", "BenchmarkX-2 1 2e15 ns/op", "ns/op", "absurdly large"},
		{"300 digits", "BenchmarkX-2 1 1" + strings.Repeat("0", 299) + " MB/s", "MB/s", "absurdly large"},
		{"negative rate", "BenchmarkX-2 1 -5 MB/s", "MB/s", "is negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := "BenchmarkX-2 1 5 " + tc.unit + "\n" + tc.line + "\nBenchmarkX-2 1 6 " + tc.unit + "\n"
			run, err := Read(strings.NewReader(in), "x.txt")
			if err != nil {
				t.Fatal(err)
			}
			if got := run.Find("X").Values[tc.unit]; len(got) != 2 || got[0] != 5 || got[1] != 6 {
				t.Errorf("%s values: got %v, want [5 6]", tc.unit, got)
			}
			want := "x.txt:2: X: " + tc.unit + " "
			if len(run.Warnings) != 1 || !strings.HasPrefix(run.Warnings[0], want) || !strings.Contains(run.Warnings[0], tc.warn) {
				t.Errorf("warnings: got %q, want one starting %q containing %q", run.Warnings, want, tc.warn)
			}
		})
	}
	// Zero is a valid percentage (cache misses have 0 hit-pct).
	run, err := Read(strings.NewReader("BenchmarkX-2 1 5 ns/op 0 hit-pct 0 faults/page\n"), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := run.Find("X").Values["hit-pct"]; len(got) != 1 || len(run.Warnings) != 0 {
		t.Errorf("0 hit-pct: got %v, warnings %q; want it kept, no warning", got, run.Warnings)
	}
}

// Two results files joined into one are refused, not pooled into one
// median under the first machine's facts.
func TestTwoRunsRefused(t *testing.T) {
	a := "cpu-model: CPU A\ndate: 2026-01-01T00:00:00Z\n\npkg: x\nBenchmarkX-2 1 5 ns/op\npkg: y\nBenchmarkY-2 1 5 ns/op\n"
	b := "cpu-model: CPU B\ndate: 2026-01-02T00:00:00Z\n\npkg: x\nBenchmarkX-2 1 9 ns/op\n"
	sameMachine := strings.Replace(b, "CPU B", "CPU A", 1)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"two machines", a + b, `joined.txt:12: a second run starts before this line (cpu-model changes from "CPU A" to "CPU B")`},
		{"two runs of one machine", a + sameMachine, `(date changes from "2026-01-01T00:00:00Z" to "2026-01-02T00:00:00Z")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := Read(strings.NewReader(tc.in), "joined.txt")
			if err == nil || !strings.Contains(err.Error(), tc.want) || run != nil {
				t.Errorf("got %v, %v; want no run and an error containing %q", run, err, tc.want)
			}
		})
	}
	// One run over several packages: pkg changes, the rest repeats.
	if _, err := Read(strings.NewReader(a+"goos: linux\npkg: z\nBenchmarkZ-2 1 5 ns/op\n"), "one.txt"); err != nil {
		t.Errorf("one run of several packages: %v", err)
	}
}

// A run pasted twice, or a run with another run's lines appended, is
// refused though no fact changes; every real results file is still read,
// and so is plain go test output run twice into one file on purpose.
func TestJoinedRunsRefused(t *testing.T) {
	read := func(path string) string {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	only := func(in string, keep func(line string) bool) string {
		var b strings.Builder
		for line := range strings.Lines(in) {
			if keep(line) {
				b.WriteString(line)
			}
		}
		return b.String()
	}
	results := func(in string) string { // another run's benchmark lines
		return only(in, func(l string) bool { return strings.HasPrefix(l, "Benchmark") })
	}
	body := func(in string) string { // another run without its facts
		return only(in, func(l string) bool {
			return !configKey.MatchString(strings.Split(l, ":")[0]) || strings.HasPrefix(l, "pkg:")
		})
	}
	const dir = "../report/testdata/"
	adaptive, rounds := read(dir+"adaptive.txt"), read(dir+"vm-rounds.txt")
	fixed, quick := read(dir+"vm-default.txt"), read(dir+"vm-quick.txt")
	small := read("testdata/small.txt")
	for _, tc := range []struct {
		name, in, want string
	}{
		{"adaptive run twice", adaptive + adaptive, "joined.txt:273: the run's facts begin again (cpu-model)"},
		{"fixed run twice", fixed + fixed, "joined.txt:423: the run's facts begin again (cpu-model)"},
		{"small run twice", small + small, "the run's facts begin again (cpu-model)"},
		{"adaptive run and another's results", adaptive + results(rounds), "joined.txt:273: a second result of Mutex/contended=no under one sample line"},
		{"adaptive run and its own body", adaptive + body(adaptive), "round 1 of memory.CacheRef/level=L1/size=16KiB is sampled a second time"},
		{"adaptive run and another's body", adaptive + body(rounds), "round 1 follows round 20: the rounds start again"},
		{"fixed run and another's results", fixed + results(quick), "joined.txt:465: results of Compress/codec=snappy/block=1KiB/file=all resume after other benchmarks' results"},
		{"fixed run and its own results", fixed + results(fixed), "results of Compress/codec=snappy/block=1KiB/file=all resume"},
		{"result under another benchmark's sample line", "cpu-model: A\n# sample round=1 bench=cpu.Mutex\nBenchmarkPageFault-2 1 5 ns/op\n",
			"joined.txt:3: result of PageFault under the sample line of Mutex"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := Read(strings.NewReader(tc.in), "joined.txt")
			if err == nil || !strings.Contains(err.Error(), tc.want) || run != nil {
				t.Errorf("got %v, %v; want no run and an error containing %q", run, err, tc.want)
			}
		})
	}
	paths, _ := filepath.Glob(dir + "*.txt")
	paths = append(paths, "testdata/small.txt")
	more, _ := filepath.Glob("../../results/*.txt")
	for _, path := range append(paths, more...) {
		if _, err := ReadFile(path); err != nil && strings.Contains(err.Error(), "two runs") {
			t.Errorf("%s: %v", path, err)
		}
	}
	other := read(dir + "other-project.txt")
	if _, err := Read(strings.NewReader(other+other), "twice.txt"); err != nil {
		t.Errorf("go test output without facts, run twice: %v", err)
	}
}

// endless is an input that never ends: /dev/zero.
type endless struct{}

func (endless) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestEndlessInputBounded(t *testing.T) {
	_, err := Read(endless{}, "zero")
	if err == nil || !strings.Contains(err.Error(), "more than 256 MiB: not a results file") {
		t.Errorf("got %v, want the size limit", err)
	}
}

// A read waiting on a pipe that never writes stops when ctx is done.
// A regular file over MaxFileSize is refused before it is read, whatever
// its first lines hold; a stream is cut off at MaxFileSize, and nothing of
// what was read is returned.
func TestLargeFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "large.txt")
	data, err := os.ReadFile("testdata/small.txt")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, 300<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	run, err := ReadFile(path)
	if want := path + ": 300 MiB, more than 256 MiB: not a results file"; err == nil || !strings.Contains(err.Error(), want) || run != nil {
		t.Errorf("got %v, %v; want no run and an error containing %q", run, err, want)
	}
	run, err = Read(io.MultiReader(strings.NewReader(string(data)), endless{}), "pipe")
	if err == nil || !strings.Contains(err.Error(), "more than 256 MiB") || run != nil {
		t.Errorf("endless stream after a run: got %v, %v; want no run and the size limit", run, err)
	}
}

func TestReadFileContextStops(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	w.Write([]byte("cpu-model: x\n")) // some input, then nothing
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := ReadFileContext(ctx, fmt.Sprintf("/dev/fd/%d", r.Fd()))
		done <- err
	}()
	time.AfterFunc(50*time.Millisecond, cancel) // most likely once the read waits
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ReadFileContext still reading 10 s after its context was cancelled")
	}
}

// The newest run is the newest file with a benchmark result: a run whose
// every benchmark skipped is passed over.
func TestNewest(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	for i, f := range []struct{ name, content string }{
		{"20260101T000000Z-a.txt", "cpu-model: A\nBenchmarkX-2 1 5 ns/op\n"},
		{"20260102T000000Z-b.txt", "cpu-model: B\nBenchmarkX-2 1 6 ns/op\n"},
		{"20260103T000000Z-c.txt", "cpu-model: C\nskip-x: no space\n"},
		{"notes.md", "not a results file"},
	} {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.content), 0o644); err != nil {
			t.Fatal(err)
		}
		mt := now.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Newest(dir)
	if want := filepath.Join(dir, "20260102T000000Z-b.txt"); err != nil || got != want {
		t.Errorf("Newest = %q, %v; want %q", got, err, want)
	}
	two, err := NewestRuns(dir, 2)
	if err != nil || len(two) != 2 || filepath.Base(two[0]) != "20260102T000000Z-b.txt" || filepath.Base(two[1]) != "20260101T000000Z-a.txt" {
		t.Errorf("NewestRuns(2) = %q, %v; want b then a", two, err)
	}
	os.Remove(filepath.Join(dir, "20260101T000000Z-a.txt"))
	os.Remove(filepath.Join(dir, "20260102T000000Z-b.txt"))
	if _, err := Newest(dir); !errors.Is(err, ErrNoResults) || !strings.Contains(err.Error(), "1 file holds no benchmark result") {
		t.Errorf("only a skipped run: got %v, want ErrNoResults saying why", err)
	}
}

func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		name string
		vs   []float64
		p    float64
		want float64
	}{
		{"none", nil, 0.1, math.NaN()},
		{"one sample is its own floor", []float64{7}, 0.1, 7},
		{"two: a tenth of the way up", []float64{2, 1}, 0.1, 1.1},
		{"ten: between the 1st and 2nd", []float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.1, 1.9},
		{"eleven: exactly the 2nd", []float64{11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.1, 2},
		{"unsorted, with ties", []float64{3, 1, 1, 2, 5, 4}, 0.1, 1},
		{"median of four", []float64{4, 1, 3, 2}, 0.5, 2.5},
		{"0 is the minimum", []float64{3, 1, 2}, 0, 1},
		{"1 is the maximum", []float64{3, 1, 2}, 1, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.vs)
			got := Quantile(tc.vs, tc.p)
			if ok := math.Abs(got-tc.want) <= 1e-12 || math.IsNaN(got) && math.IsNaN(tc.want); !ok {
				t.Errorf("Quantile(%v, %g) = %g, want %g", tc.vs, tc.p, got, tc.want)
			}
			if !slices.Equal(in, tc.vs) {
				t.Errorf("Quantile reordered its input: %v, was %v", tc.vs, in)
			}
		})
	}
}

// Summary's Floor is the 10th percentile of the kept samples, and reading
// the summary leaves the samples in file order.
func TestSummaryFloor(t *testing.T) {
	var b strings.Builder
	for _, v := range []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6} {
		fmt.Fprintf(&b, "BenchmarkX-2 1 %g ns/op\n", v)
	}
	run, err := Read(strings.NewReader(b.String()), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	x := run.Find("X")
	s, _ := x.Summary("ns/op")
	if math.Abs(s.Floor-1.9) > 1e-12 || s.Center != 5.5 {
		t.Errorf("floor %g, median %g; want 1.9, 5.5", s.Floor, s.Center)
	}
	if got := x.Values["ns/op"]; !slices.Equal(got, []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}) {
		t.Errorf("values after Summary: %v, want them in file order", got)
	}
}

// An adaptive run's stop- lines go to Stops, not Facts, wherever they are,
// and do not count as a second run's facts; its retaken result lines are
// no samples, but their sample records are kept with their benchmark.
func TestAdaptiveRun(t *testing.T) {
	const in = `cpu-model: Test CPU
sampling: adaptive (test)
budget-seconds: 150
stop-cacheref/level=l1/size=48kib: precise after 3 samples (±1.9 %)
stop-mutex/contended=no: cap after 2 samples (±4 %)

# sample round=1 bench=memory.CacheRef/level=L1/size=48KiB secs=0.5 steal-pct=0.0 others-cpu-pct=0.1 probe-pct=0.4
BenchmarkCacheRef/level=L1/size=48KiB-2  1000  1.25 ns/load
# sample round=2 bench=memory.CacheRef/level=L1/size=48KiB secs=0.5 steal-pct=9.0 others-cpu-pct=0.1 probe-pct=31.5 retaken=1
# retaken: BenchmarkCacheRef/level=L1/size=48KiB-2  1000  1.93 ns/load
# retaken: BenchmarkGhost-2  1000  1.93 ns/op
# sample round=2 bench=memory.CacheRef/level=L1/size=48KiB secs=0.5 steal-pct=0.0 others-cpu-pct=0.1 probe-pct=0.2
BenchmarkCacheRef/level=L1/size=48KiB-2  1000  1.26 ns/load
# sample round=3 bench=cpu.Mutex/contended=no secs=0.5 steal-pct=0.0 others-cpu-pct=0.1
BenchmarkMutex/contended=no-2  1000  6.1 ns/op
stop-mutex/contended=no: budget after 1 sample
# sample round=3 bench=memory.CacheRef/level=L1/size=48KiB secs=0.5 steal-pct=0.0 others-cpu-pct=0.1
BenchmarkCacheRef/level=L1/size=48KiB-2  1000  1.27 ns/load
stop-late/x=y: detail: 2 samples
`
	run, err := Read(strings.NewReader(in), "adaptive.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !run.Adaptive() {
		t.Error("Adaptive() = false, want true")
	}
	for _, f := range run.Facts {
		if strings.HasPrefix(f.Key, StopPrefix) {
			t.Errorf("fact %s: stop lines are no facts", f.Key)
		}
	}
	for _, tc := range []struct {
		name, reason, detail string
	}{
		{"CacheRef/level=L1/size=48KiB", StopPrecise, "after 3 samples (±1.9 %)"},
		{"BenchmarkCacheRef/level=L1/size=48KiB", StopPrecise, "after 3 samples (±1.9 %)"},
		{"Mutex/contended=no", StopBudget, "after 1 sample"}, // the later line wins
		{"Late/x=y", StopDetail, "2 samples"},
		{"Nowhere", "", ""},
	} {
		if r, d := run.StopReason(tc.name); r != tc.reason || d != tc.detail {
			t.Errorf("StopReason(%s) = %q, %q; want %q, %q", tc.name, r, d, tc.reason, tc.detail)
		}
	}
	b := run.Find("CacheRef/level=L1")
	if b == nil {
		t.Fatal("no CacheRef/level=L1/size=48KiB")
	}
	if got := b.Values["ns/load"]; !slices.Equal(got, []float64{1.25, 1.26, 1.27}) {
		t.Errorf("values %v, want the three kept samples and not the retaken one", got)
	}
	if len(b.Samples) != 3 || b.Samples[1].Retaken || b.Samples[1].Round != 2 {
		t.Errorf("samples %+v, want 3, the second from round 2 and not retaken", b.Samples)
	}
	want := Sample{Round: 2, Retaken: true, Noise: "secs=0.5 steal-pct=9.0 others-cpu-pct=0.1 probe-pct=31.5"}
	if len(b.Retaken) != 1 || b.Retaken[0] != want {
		t.Errorf("retaken %+v, want [%+v]", b.Retaken, want)
	}
	if run.Find("Ghost") != nil {
		t.Error("a benchmark seen only in retaken lines is no benchmark of the run")
	}
	if m := run.Find("Mutex/contended=no"); m == nil || len(m.Retaken) != 0 {
		t.Errorf("Mutex: %+v, want one without retaken samples", m)
	}
}

// The retaken lines of an adaptive run are comments to benchfmt, which
// benchstat reads with: it sees exactly the kept result lines.
func TestBenchfmtIgnoresRetaken(t *testing.T) {
	const path = "../report/testdata/adaptive.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	kept, retaken := 0, 0
	for line := range strings.Lines(string(data)) {
		switch {
		case strings.HasPrefix(line, "Benchmark"):
			kept++
		case strings.HasPrefix(line, RetakenTag):
			retaken++
		}
	}
	if retaken == 0 {
		t.Fatalf("%s has no retaken lines to ignore", path)
	}
	r := benchfmt.NewReader(strings.NewReader(string(data)), path)
	n := 0
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			n++
		case *benchfmt.SyntaxError:
			t.Errorf("benchfmt: %v", rec)
		}
	}
	if n != kept {
		t.Errorf("benchfmt read %d results, want the %d kept ones (and none of the %d retaken)", n, kept, retaken)
	}
	run, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ours, theirs := 0, 0
	for _, b := range run.Benches {
		ours += len(b.Samples)
		theirs += len(b.Retaken)
	}
	if ours != kept || theirs != retaken {
		t.Errorf("read %d samples and %d retaken, want %d and %d", ours, theirs, kept, retaken)
	}
}

// Files finds results files in the flat layout and the nested one
// (results/<cpu>/<stamp>-<host>.txt), passing over hidden names and
// galleries' copies.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{
		"20260101T000000Z-a.txt",
		"amd-epyc-9654/20260102T000000Z-b.txt",
		"aws/c7g.large/20260103T000000Z-c.txt",
		"README.md",
		".20260104T000000Z-d.txt.tmp",
		".git/x.txt",
		"gallery/" + GalleryMarker,
		"gallery/run/20260101T000000Z-a.txt",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("cpu-model: A\nBenchmarkX-2 1 5 ns/op\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(dir, p)
		rel = append(rel, filepath.ToSlash(r))
	}
	want := []string{"20260101T000000Z-a.txt", "amd-epyc-9654/20260102T000000Z-b.txt", "aws/c7g.large/20260103T000000Z-c.txt"}
	if !slices.Equal(rel, want) {
		t.Errorf("Files = %q, want %q", rel, want)
	}
	if _, err := Files(filepath.Join(dir, "missing")); err == nil {
		t.Error("Files of a missing directory: no error")
	}
}

// NewestRuns finds the newest run in a subdirectory of the nested layout.
func TestNewestNested(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	for i, name := range []string{"20260101T000000Z-a.txt", "cpu-b/20260102T000000Z-b.txt", "cpu-c/sub/20260103T000000Z-c.txt"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("cpu-model: A\nBenchmarkX-2 1 5 ns/op\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		mt := now.Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	got, err := NewestRuns(dir, 2)
	want := []string{filepath.Join(dir, "cpu-c/sub/20260103T000000Z-c.txt"), filepath.Join(dir, "cpu-b/20260102T000000Z-b.txt")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("NewestRuns(2) = %q, %v; want %q", got, err, want)
	}
}
