package runner

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/results"
)

// fakeWorkerEnv makes this test binary act as a bench package's worker.
const fakeWorkerEnv = "LATENCY_RUNNER_FAKE_WORKER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeWorkerEnv) != "" {
		fakeWorker()
		return
	}
	os.Exit(m.Run())
}

// fakeWorker answers commands as benchmain does: BenchmarkOK gives a
// result, BenchmarkFail fails with a message, BenchmarkDie kills the
// process with a message on stderr.
func fakeWorker() {
	sc := bufio.NewScanner(os.Stdin)
	n := 0
	for sc.Scan() {
		c, err := benchmain.ParseCommand(sc.Text())
		if err != nil {
			os.Exit(2)
		}
		code := 0
		switch c.Bench {
		case "^BenchmarkOK$":
			n++
			fmt.Printf("BenchmarkOK\nBenchmarkOK-2   \t  100\t  %d.0 ns/op\t  7.0 MB/s\n", 10+n)
		case "^BenchmarkFail$":
			fmt.Print("BenchmarkFail\n    x_test.go:9: the disk is read-only\n--- FAIL: BenchmarkFail\nFAIL\n")
			code = 1
		case "^BenchmarkDie$":
			fmt.Fprintln(os.Stderr, "panic: out of luck")
			os.Exit(2)
		}
		fmt.Printf("%s %d\n", benchmain.Done, code)
	}
}

func TestWorkerSteps(t *testing.T) {
	p := pkg{path: "example.com/fake", dir: t.TempDir(), short: "fake", bin: os.Args[0]}
	var stderr bytes.Buffer
	calls := 0
	s := &suite{opts: Options{Stderr: &stderr, Noise: func() string { calls++; return fmt.Sprintf("steal-pct=%d", calls) }},
		workers: map[string]*worker{}, skips: map[string]string{}, fails: map[string]string{},
		env: append(os.Environ(), fakeWorkerEnv+"=1")}
	s.prog = newProgress(&stderr, 5)
	defer s.stopWorkers()
	ctx := context.Background()
	for r, name := range []string{"BenchmarkOK", "BenchmarkFail", "BenchmarkOK", "BenchmarkDie", "BenchmarkOK"} {
		if err := s.step(ctx, r+1, step{job: job{p, name}, count: 1, bench: "1x"}); err != nil {
			t.Fatalf("round %d, %s: %v", r+1, name, err)
		}
	}
	if s.results != 3 {
		t.Errorf("%d results, want 3: the worker that died is restarted", s.results)
	}
	if got := s.fails["Fail"]; got != "the disk is read-only" {
		t.Errorf("failure reason %q, want the benchmark's message", got)
	}
	if got := s.fails["Die"]; got != "panic: out of luck" {
		t.Errorf("death reason %q, want the last line of stderr", got)
	}
	if !slicesEqual(s.units, []string{"ns/op", "MB/s"}) {
		t.Errorf("units %q", s.units)
	}
	run, err := results.Read(strings.NewReader("goos: linux\n"+s.body.String()), "body")
	if err != nil {
		t.Fatal(err)
	}
	b := run.Find("OK")
	if b == nil || len(b.Samples) != 3 {
		t.Fatalf("OK: %+v", b)
	}
	for i, want := range []results.Sample{{Round: 1, Noise: "steal-pct=1"}, {Round: 3, Noise: "steal-pct=3"}, {Round: 5, Noise: "steal-pct=5"}} {
		if b.Samples[i] != want {
			t.Errorf("sample %d: %+v, want %+v", i, b.Samples[i], want)
		}
	}
	if got := strings.Count(s.body.String(), "pkg: example.com/fake"); got != 5 {
		t.Errorf("%d pkg lines, want one per step (5)", got)
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func TestSaveNothingWhenAllSkipped(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	s := &suite{opts: Options{OutDir: dir, Stderr: &stderr}, skips: map[string]string{"RandomRead4K": "tmpfs is memory, not a disk"}, fails: map[string]string{}}
	_, err := s.save(nil, time.Now())
	if err == nil || !strings.Contains(err.Error(), "nothing saved") || !strings.Contains(err.Error(), "tmpfs is memory") {
		t.Errorf("got %v, want an error that says nothing was saved and why", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%d files written", len(ents))
	}
}

func TestSavedFileHeader(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	s := &suite{opts: Options{OutDir: dir, Stderr: &stderr}, skips: map[string]string{"PeerRTT": "no peer"}, fails: map[string]string{},
		units: []string{"ns/load", "GHz", "MB/s"}, results: 1}
	s.body.WriteString("# sample round=1 bench=memory.CacheRef secs=0.1\npkg: x\nBenchmarkCacheRef/level=L1-2   100   1.0 ns/load\n")
	path, err := s.save([]machine.Fact{{Key: "cpu-model", Value: "test"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, want := range []string{"cpu-model: test\n", "skip-peerrtt: no peer\n", "Unit ns/load better=lower assume=nothing\n",
		"Unit GHz better=higher assume=nothing\n", "Unit MB/s better=higher assume=nothing\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("results file lacks %q:\n%s", want, b)
		}
	}
	run, err := results.ReadFile(path)
	if err != nil || run.Find("CacheRef/level=L1") == nil || len(run.Warnings) > 0 {
		t.Errorf("the file does not read back: %v %v", err, run.Warnings)
	}
}
