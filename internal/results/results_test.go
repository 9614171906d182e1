package results

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
