package benchmain

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Command
		bad  bool
	}{
		{line: "run 1 100ms ^BenchmarkCacheRef$", want: Command{1, "100ms", "^BenchmarkCacheRef$"}},
		{line: "run 2 1x ^BenchmarkA$|^BenchmarkB c$", want: Command{2, "1x", "^BenchmarkA$|^BenchmarkB c$"}},
		{line: "run 0 100ms x", bad: true},
		{line: "run 1 soon x", bad: true},
		{line: "walk 1 1s x", bad: true},
		{line: "run 1 1s", bad: true},
	} {
		got, err := ParseCommand(tc.line)
		if tc.bad {
			if err == nil {
				t.Errorf("ParseCommand(%q) = %+v, want an error", tc.line, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseCommand(%q) = %+v, %v; want %+v", tc.line, got, err, tc.want)
		}
		if again, _ := ParseCommand(got.String()); again != got {
			t.Errorf("round trip of %q gave %+v", got.String(), again)
		}
	}
}

func TestServe(t *testing.T) {
	var seen []string
	run := func(io.Writer) int {
		seen = append(seen, flag.Lookup("test.bench").Value.String()+" "+flag.Lookup("test.count").Value.String())
		if len(seen) == 2 {
			return 1 // a failed benchmark: the worker goes on
		}
		return 0
	}
	in := strings.NewReader("run 1 100ms ^BenchmarkA$\n\nrun 3 20ms ^BenchmarkB$\nnonsense\nrun 1 1x ^BenchmarkC$\n")
	var out, errw bytes.Buffer
	code := serve(run, in, &out, &errw)
	if code != 1 {
		t.Errorf("exit code %d, want 1 (the first failure)", code)
	}
	want := []string{"^BenchmarkA$ 1", "^BenchmarkB$ 3", "^BenchmarkC$ 1"}
	if strings.Join(seen, ";") != strings.Join(want, ";") {
		t.Errorf("ran %q, want %q", seen, want)
	}
	if got := strings.Count(out.String(), `"action":"done"`); got != 4 {
		t.Errorf("%d done lines, want one per command (4):\n%s", got, out.String())
	}
	for _, w := range []string{`{"action":"done"}`, `{"action":"done","code":1}`, `{"action":"done","code":2}`} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	if !strings.Contains(errw.String(), "bad command") {
		t.Errorf("stderr lacks the bad command: %q", errw.String())
	}
}

// TestRelay feeds relay the -test.v=test2json output of a test binary (go
// 1.26) and checks the events: configuration and result lines as printed,
// skips and failures with the messages logged before them.
func TestRelay(t *testing.T) {
	const out = "goos: linux\ncpu: Some CPU             \n" +
		"\x16=== RUN   BenchmarkOK\nBenchmarkOK\nBenchmarkOK-2     \t       1\t      1664 ns/op\t         3.000 x/op\n\x16=== NAME  \n" +
		"\x16=== RUN   BenchmarkSkip\nBenchmarkSkip\n    x_test.go:4: first\n    x_test.go:4: no peer: set X\n\x16--- SKIP: BenchmarkSkip\n" +
		"\x16=== RUN   BenchmarkSub\nBenchmarkSub\n\x16=== RUN   BenchmarkSub/a=1\nBenchmarkSub/a=1\nBenchmarkSub/a=1-2  \t  1\t  702.0 ns/op\n\x16=== NAME  \n" +
		"\x16=== RUN   BenchmarkSub/a=2\nBenchmarkSub/a=2\n    x_test.go:5: sub skip\n        second line\n\x16--- SKIP: BenchmarkSub/a=2\n" +
		"\x16=== RUN   BenchmarkQuiet\nBenchmarkQuiet\n\x16--- SKIP: BenchmarkQuiet\n" +
		"\x16=== RUN   BenchmarkFail\nBenchmarkFail\n    x_test.go:6: the disk is read-only\n\x16--- FAIL: BenchmarkFail\n\x16FAIL\n"
	var b bytes.Buffer
	relay(strings.NewReader(out), &b, nil)
	var got []Event
	for l := range strings.Lines(b.String()) {
		e, ok, err := ParseEvent(strings.TrimSuffix(l, "\n"))
		if !ok || err != nil {
			t.Fatalf("line %q: ok=%v, %v", l, ok, err)
		}
		got = append(got, e)
	}
	want := []Event{
		{Action: ActionConfig, Text: "goos: linux"},
		{Action: ActionConfig, Text: "cpu: Some CPU             "},
		{Action: ActionResult, Text: "BenchmarkOK-2     \t       1\t      1664 ns/op\t         3.000 x/op"},
		{Action: ActionSkip, Bench: "BenchmarkSkip", Text: "first; no peer: set X"},
		{Action: ActionResult, Text: "BenchmarkSub/a=1-2  \t  1\t  702.0 ns/op"},
		{Action: ActionSkip, Bench: "BenchmarkSub/a=2", Text: "sub skip; second line"},
		{Action: ActionSkip, Bench: "BenchmarkQuiet"},
		{Action: ActionFail, Bench: "BenchmarkFail", Text: "the disk is read-only"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestRelayJunk checks that a benchmark's own output that looks like a
// result line but is none is sent as no result.
func TestRelayJunk(t *testing.T) {
	const out = "\x16=== RUN   BenchmarkJunk\nBenchmarkJunk\nBenchmarkJunk-2 100\nBenchmarkJunk-2 100 fast ns/op\n" +
		"BenchmarkJunk-2 100 1.5\nBenchmarking  is  fun ns/op\nBenchmarkJunk-2  100  1.5 ns/op\n\x16=== NAME  \n"
	var b bytes.Buffer
	relay(strings.NewReader(out), &b, nil)
	want := Event{Action: ActionResult, Text: "BenchmarkJunk-2  100  1.5 ns/op"}.String() + "\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestParseEvent(t *testing.T) {
	if _, ok, err := ParseEvent("BenchmarkX"); ok || err != nil {
		t.Errorf("a plain line: ok=%v, %v; want no event", ok, err)
	}
	if _, ok, err := ParseEvent(EventPrefix + "{"); !ok || err == nil {
		t.Errorf("a broken event: ok=%v, %v; want an error", ok, err)
	}
	e := Event{Action: ActionSkip, Bench: "BenchmarkX", Text: "why \"quoted\"\tand tabbed"}
	if got, ok, err := ParseEvent(e.String()); !ok || err != nil || got != e {
		t.Errorf("round trip of %q: %+v, %v, %v", e.String(), got, ok, err)
	}
}

// TestFramedOutlivesChild runs framed twice with a run that starts a child
// process whose stderr is os.Stderr, as bench/network's servers do: in
// test2json mode that is the framing pipe, which the child keeps open, and
// a run must still end.
func TestFramedOutlivesChild(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip(err)
	}
	var children []*exec.Cmd
	defer func() {
		for _, c := range children {
			c.Process.Kill()
			c.Wait()
		}
	}()
	var events bytes.Buffer
	run := framed(func() int {
		os.Stderr = os.Stdout // as the testing package does in test2json mode
		fmt.Println("goos: linux")
		c := exec.Command(sleep, "60")
		c.Stderr = os.Stderr
		if err := c.Start(); err != nil {
			t.Error(err)
			return 1
		}
		children = append(children, c)
		return 0
	})
	stderr := os.Stderr
	for i := range 2 {
		done := make(chan int)
		go func() { done <- run(&events) }()
		select {
		case code := <-done:
			if code != 0 {
				t.Fatalf("run %d: code %d", i, code)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("run %d did not end while a child held the framing pipe", i)
		}
		if os.Stderr != stderr {
			t.Fatalf("run %d left os.Stderr swapped", i)
		}
	}
	if got := strings.Count(events.String(), `"text":"goos: linux"`); got != 2 {
		t.Errorf("%d configuration events, want 2:\n%s", got, events.String())
	}
}

func TestMain(m *testing.M) { os.Exit(Run(m)) }

// trickyReason is a skip reason that log lines would not carry whole: it
// has newlines, tabs, quotes, and lines of the testing package's own.
const trickyReason = "first line\n--- SKIP: BenchmarkOther (0.00s)\n\x16--- FAIL: BenchmarkTrickySkip\n" +
	"    x_test.go:1: no log line; \"quoted\"\tand tabbed\n"

// BenchmarkTrickySkip is run by TestSkipReasonArrivesWhole in a worker.
func BenchmarkTrickySkip(b *testing.B) {
	Skipf(b, "%s", trickyReason)
}

// TestSkipReasonArrivesWhole starts this test binary as a worker, as the
// runner does, runs BenchmarkTrickySkip and checks that its skip event
// carries the reason given to Skipf byte for byte.
func TestSkipReasonArrivesWhole(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run", "^$", "-test.timeout", "1m")
	cmd.Env = append(os.Environ(), EnvWorker+"=1")
	cmd.Stdin = strings.NewReader(Command{Count: 1, Benchtime: "1x", Bench: "^BenchmarkTrickySkip$"}.String() + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("worker: %v\n%s", err, stderr.String())
	}
	var got []Event
	for l := range strings.Lines(string(out)) {
		e, ok, err := ParseEvent(strings.TrimSuffix(l, "\n"))
		if err != nil {
			t.Fatal(err)
		}
		if ok && e.Action != ActionConfig {
			got = append(got, e)
		}
	}
	want := []Event{{Action: ActionSkip, Bench: "BenchmarkTrickySkip", Text: trickyReason}, {Action: ActionDone}}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestBenchesSkipWithReasons checks that the bench packages skip with
// Skipf or Skip, whose reasons arrive whole, not b.Skipf's log lines.
func TestBenchesSkipWithReasons(t *testing.T) {
	files, err := filepath.Glob("../../bench/*/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bench sources: %v", err)
	}
	direct := regexp.MustCompile(`\bb\.Skip(f|Now)?\(`)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if direct.MatchString(line) {
				t.Errorf("%s:%d: %s: use benchmain.Skipf or benchmain.Skip", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}
