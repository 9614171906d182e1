package runner

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/fact"
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
	if slices.Contains(os.Args, "-test.list") {
		fmt.Println("BenchmarkOK\nBenchmarkFail")
		return
	}
	sc := bufio.NewScanner(os.Stdin)
	n := 0
	for sc.Scan() {
		c, err := benchmain.ParseCommand(sc.Text())
		if err != nil {
			os.Exit(2)
		}
		code := 0
		result := func(format string, args ...any) {
			for l := range strings.Lines(fmt.Sprintf(format, args...)) {
				fmt.Println(benchmain.Event{Action: benchmain.ActionResult, Text: strings.TrimSuffix(l, "\n")})
			}
		}
		switch c.Bench {
		case "^BenchmarkOK$":
			n++
			fmt.Println("BenchmarkOK") // no event: passed over
			fmt.Println(benchmain.Event{Action: benchmain.ActionConfig, Text: "goos: linux"})
			result("BenchmarkOK-2   \t  100\t  %d.0 ns/op\t  7.0 MB/s\n", 10+n)
		case "^BenchmarkFail$":
			fmt.Println(benchmain.Event{Action: benchmain.ActionFail, Bench: "BenchmarkFail", Text: "the disk is read-only"})
			code = 1
		case "^BenchmarkClock$": // a row whose samples scatter: sampled to the cap
			n++
			result("BenchmarkClock-2   \t  100\t  %d.0 ns/op\t  0.%d ns/cycle\n", 1, 3+n%2)
		case "^BenchmarkAtomicAdd$": // a steady row: precise after the first rounds
			result("BenchmarkAtomicAdd-2   \t  100\t  5.0 ns/op\n")
		case "^BenchmarkMutex$": // sub-benchmarks, one of them steady, the other not
			n++
			result("BenchmarkMutex/contended=no-2  100  %d.0 ns/op\nBenchmarkMutex/contended=yes-2  100  50.0 ns/op\n", 10+10*(n%2))
		case "^BenchmarkMutex$/^contended=no$":
			n++
			result("BenchmarkMutex/contended=no-2  100  %d.0 ns/op\n", 10+10*(n%2))
		case "^BenchmarkMutex$/^contended=yes$":
			result("BenchmarkMutex/contended=yes-2  100  50.0 ns/op\n")
		case "^BenchmarkJunk$": // result events no result line is: passed over with a warning
			result("\nBenchmarkJunk\nBenchmarkJunk-2 100\nBenchmarkJunk-2 100 1.5\nBenchmarkJunk-2 many 1.5 ns/op\ngoos: linux\n")
			result("BenchmarkJunk-2  100  2.5 ns/op\n")
		case "^BenchmarkDie$":
			fmt.Fprintln(os.Stderr, "panic: out of luck")
			os.Exit(2)
		}
		fmt.Println(benchmain.Event{Action: benchmain.ActionDone, Code: code})
	}
}

func newFakeSuite(t *testing.T, noise func() string) (*suite, pkg, *bytes.Buffer) {
	t.Helper()
	p := pkg{path: "example.com/fake", dir: t.TempDir(), short: "fake", bin: os.Args[0]}
	var stderr bytes.Buffer
	s := &suite{opts: Options{Stderr: &stderr, Noise: noise, Profile: Profiles[0]},
		workers: map[string]*worker{}, skips: map[string]string{}, fails: map[string]string{},
		env: append(os.Environ(), fakeWorkerEnv+"=1"), tally: tally{vals: map[string][]float64{}}}
	s.prog = newProgress(&stderr, time.Now(), time.Minute)
	t.Cleanup(func() { s.stopWorkers() })
	return s, p, &stderr
}

func TestWorkerSteps(t *testing.T) {
	calls := 0
	s, p, _ := newFakeSuite(t, func() string { calls++; return fmt.Sprintf("load1=%d", calls) })
	ctx := context.Background()
	for r, name := range []string{"BenchmarkOK", "BenchmarkFail", "BenchmarkOK", "BenchmarkDie", "BenchmarkOK"} {
		u := initialUnits([]job{{p, name}}, Profile{Benchtime: "1x"})[0]
		if _, err := s.step(ctx, r+1, u); err != nil {
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
	for i, want := range []results.Sample{{Round: 1, Noise: "load1=1"}, {Round: 3, Noise: "load1=3"}, {Round: 5, Noise: "load1=5"}} {
		if b.Samples[i] != want {
			t.Errorf("sample %d: %+v, want %+v", i, b.Samples[i], want)
		}
	}
	if got := strings.Count(s.body.String(), "pkg: example.com/fake"); got != 5 {
		t.Errorf("%d pkg lines, want one per step (5)", got)
	}
}

// TestJunkResults checks that result events whose text is no result line
// are warned of and passed over, and the good one among them is kept.
func TestJunkResults(t *testing.T) {
	s, p, stderr := newFakeSuite(t, nil)
	u := initialUnits([]job{{p, "BenchmarkJunk"}}, Profile{Benchtime: "1x"})[0]
	if _, err := s.step(context.Background(), 1, u); err != nil {
		t.Fatal(err)
	}
	if s.results != 1 || !slices.Equal(u.names, []string{"Junk"}) {
		t.Errorf("%d results of %q, want the one good line", s.results, u.names)
	}
	if got := strings.Count(stderr.String(), "bad result line"); got != 6 {
		t.Errorf("%d warnings, want one per junk line (6):\n%s", got, stderr.String())
	}
	if strings.Contains(s.body.String(), "many") || !strings.Contains(s.body.String(), "BenchmarkJunk-2  100  2.5 ns/op\n") {
		t.Errorf("body:\n%s\nwant the good line alone", s.body.String())
	}
}

// TestSampleAdaptive runs the sampler against the fake worker: a steady
// row stops after the first rounds, a scattered one is sampled to the cap,
// a benchmark's sub-benchmarks are sampled one by one after the first
// round, and every result gets a stop reason.
func TestSampleAdaptive(t *testing.T) {
	s, p, _ := newFakeSuite(t, nil)
	s.opts.Profile = Profile{Name: "t", MinRounds: 6, Cap: 12, Benchtime: "1x", Budget: time.Minute}
	jobs := []job{{p, "BenchmarkClock"}, {p, "BenchmarkAtomicAdd"}, {p, "BenchmarkMutex"}}
	units, rounds, err := s.sample(context.Background(), initialUnits(jobs, s.opts.Profile), time.Now().Add(time.Minute), 7)
	if err != nil {
		t.Fatal(err)
	}
	run, err := results.Read(strings.NewReader("goos: linux\n"+s.body.String()), "body")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"Clock": 12, "AtomicAdd": 6, "Mutex/contended=no": 12, "Mutex/contended=yes": 6} {
		b := run.Find(name)
		if b == nil {
			t.Fatalf("%s: no results", name)
		}
		// A steady row may be kept in as a sentinel now and then.
		if got := len(b.Samples); got < want || want == 6 && got > want+rounds-6 || want == 12 && got != 12 {
			t.Errorf("%s: %d samples, want %d", name, got, want)
		}
	}
	if rounds < 12 {
		t.Errorf("%d rounds, want at least 12 (the cap of the scattered rows)", rounds)
	}
	if !strings.Contains(s.body.String(), "bench=fake.Mutex/contended=no ") {
		t.Error("Mutex's sub-benchmarks were not sampled one by one")
	}
	reasons := map[string]string{}
	for _, u := range units {
		for _, name := range u.names {
			reasons[name], _, _ = strings.Cut(s.tally.stopReason(u, name, 12), " ")
		}
	}
	for name, want := range map[string]string{"Clock": results.StopCap, "AtomicAdd": results.StopPrecise, "Mutex/contended=no": results.StopCap, "Mutex/contended=yes": results.StopPrecise} {
		if reasons[name] != want {
			t.Errorf("%s stopped: %q, want %q", name, reasons[name], want)
		}
	}
}

// TestSampleBudget checks that the adaptive rounds end with the budget and
// say so.
func TestSampleBudget(t *testing.T) {
	s, p, _ := newFakeSuite(t, nil)
	s.opts.Profile = Profile{Name: "t", MinRounds: 6, Cap: 1 << 30, Benchtime: "1x", Budget: time.Millisecond}
	units, _, err := s.sample(context.Background(), initialUnits([]job{{p, "BenchmarkClock"}}, s.opts.Profile), time.Now().Add(50*time.Millisecond), 7)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.tally.stopReason(units[0], "Clock", 1<<30); !strings.HasPrefix(got, results.StopBudget) {
		t.Errorf("stop reason %q, want the budget", got)
	}
}

// TestRetake checks that a disturbed sample is written as retaken lines,
// which benchfmt ignores, and taken again.
func TestRetake(t *testing.T) {
	calls := 0
	s, p, _ := newFakeSuite(t, func() string {
		calls++
		if calls == 2 { // the first sample's record
			return "steal-pct=0.0 others-cpu-pct=60.0"
		}
		return "steal-pct=0.0 others-cpu-pct=0.0"
	})
	s.opts.Profile = Profile{Name: "t", MinRounds: 6, Cap: 6, Benchtime: "1x", Budget: time.Minute}
	s.opts.Noise() // the baseline
	if _, _, err := s.sample(context.Background(), initialUnits([]job{{p, "BenchmarkAtomicAdd"}}, s.opts.Profile), time.Now().Add(time.Minute), 7); err != nil {
		t.Fatal(err)
	}
	body := s.body.String()
	if got := strings.Count(body, results.RetakenTag+"BenchmarkAtomicAdd"); got != 1 {
		t.Errorf("%d retaken lines, want 1:\n%s", got, body)
	}
	if !strings.Contains(body, "retaken=1") {
		t.Error("the retaken sample's line does not say so")
	}
	run, err := results.Read(strings.NewReader("goos: linux\n"+body), "body")
	if err != nil {
		t.Fatal(err)
	}
	if b := run.Find("AtomicAdd"); b == nil || len(b.Values["ns/op"]) != 6 {
		t.Errorf("AtomicAdd: %+v, want 6 kept samples (the disturbed one taken again)", b)
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
	path, err := s.save([]fact.Fact{{Key: "cpu-model", Value: "test"}}, time.Now())
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
