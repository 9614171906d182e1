// Package benchmain is the TestMain of every bench/<family> package: run
// normally, it runs the tests and benchmarks once, as `go test` expects;
// started by the runner as a worker, it stays alive and runs benchmarks on
// command, so the suite can take its samples in rounds without paying a
// package's setup (a 1 GiB scratch file, a 256 MiB pointer-chase ring, echo
// servers) once per round.
//
// The protocol, a line each way per command and event:
//
//	runner → worker (stdin):  run COUNT BENCHTIME REGEXP
//	worker → runner (stdout): latency-event {"action":"result","text":"BenchmarkX-2 100 1.5 ns/op"}
//	                          latency-event {"action":"skip","bench":"BenchmarkY","text":"no peer"}
//	                          ...
//	                          latency-event {"action":"done","code":0}
//
// Each event is an Event as JSON after EventPrefix. The worker exits when
// its standard input closes. A benchmark says why it skips with Skipf (or
// Skip), which hands the reason to the worker as it is, for its skip event.
package benchmain

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// EnvWorker, set to any value, makes Run serve commands from stdin.
const EnvWorker = "LATENCY_WORKER"

// EventPrefix starts every line of a worker's output that is an Event;
// the runner passes over other lines.
const EventPrefix = "latency-event "

// The actions of an Event.
const (
	ActionConfig = "config" // Text is a configuration line go test printed: "goos: linux"
	ActionResult = "result" // Text is a benchmark's result line, as go test printed it
	ActionSkip   = "skip"   // Bench skipped; Text is its reason, "" when it gave none
	ActionFail   = "fail"   // Bench failed; Text is its message, "" when it gave none
	ActionDone   = "done"   // the command is done; Code is its exit code
)

// An Event is one record a worker sends the runner.
type Event struct {
	Action string `json:"action"`
	Bench  string `json:"bench,omitempty"` // skip, fail: the benchmark as go test names it, "BenchmarkX/a=1"
	Text   string `json:"text,omitempty"`
	Code   int    `json:"code,omitempty"` // done: 0, or 1 if a benchmark failed
}

// String is the event's line in the protocol, without the newline.
func (e Event) String() string {
	b, _ := json.Marshal(e) // no value of an Event fails to marshal
	return EventPrefix + string(b)
}

// ParseEvent parses a line of a worker's output; ok is false for a line
// that is no event.
func ParseEvent(line string) (e Event, ok bool, err error) {
	rest, ok := strings.CutPrefix(line, EventPrefix)
	if !ok {
		return Event{}, false, nil
	}
	if err := json.Unmarshal([]byte(rest), &e); err != nil {
		return Event{}, true, fmt.Errorf("bad event %q: %w", line, err)
	}
	return e, true, nil
}

// A Command asks a worker to run the benchmarks matching Bench.
type Command struct {
	Count     int    // -test.count
	Benchtime string // -test.benchtime
	Bench     string // -test.bench, a regexp
}

// String is the command's line in the protocol, without the newline.
func (c Command) String() string {
	return fmt.Sprintf("run %d %s %s", c.Count, c.Benchtime, c.Bench)
}

// ParseCommand parses a command line of the protocol.
func ParseCommand(line string) (Command, error) {
	f := strings.SplitN(strings.TrimSpace(line), " ", 4)
	if len(f) != 4 || f[0] != "run" {
		return Command{}, fmt.Errorf("bad command %q: want \"run COUNT BENCHTIME REGEXP\"", line)
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 1 {
		return Command{}, fmt.Errorf("bad count in %q", line)
	}
	if _, err := time.ParseDuration(f[2]); err != nil && !strings.HasSuffix(f[2], "x") {
		return Command{}, fmt.Errorf("bad benchtime in %q", line)
	}
	return Command{Count: n, Benchtime: f[2], Bench: f[3]}, nil
}

// Run runs m: once, or, in a worker, once per command read from stdin. It
// returns the exit code for os.Exit: the first non-zero code of any run.
func Run(m *testing.M) int {
	if os.Getenv(EnvWorker) == "" {
		return m.Run()
	}
	skips.on.Store(true)
	return serve(framed(m.Run), os.Stdin, os.Stdout, os.Stderr)
}

// Skipf skips b, as b.Skipf does, and in a worker keeps the reason, which
// the worker sends, as it is, in b's skip event. A benchmark of the suite
// that cannot measure on this machine calls it, or Skip, to say why.
//
// Note: the reason of b.Skipf reaches the worker only as log lines in the
// test binary's output, indented and cut into lines, which relay has to
// take back apart from the lines around them; a reason with a newline or
// a line of the testing package's own in it does not survive that. The
// worker runs the benchmark in its own process, so the reason is handed
// over in memory instead, by b's name, which the testing package's
// "--- SKIP:" line gives. (testing.B.Attr would put it in the output
// framed, but an attribute holds no newline.)
func Skipf(b testing.TB, format string, args ...any) {
	b.Helper()
	reason := fmt.Sprintf(format, args...)
	skips.keep(b.Name(), reason)
	b.Skip(reason)
}

// Skip is Skipf with the reason formatted as fmt.Sprint formats args.
func Skip(b testing.TB, args ...any) {
	b.Helper()
	Skipf(b, "%s", fmt.Sprint(args...))
}

// skips holds the reasons Skip and Skipf were given in a worker, by
// benchmark name, until relay sends them.
var skips reasons

// reasons are skip reasons by benchmark name ("BenchmarkSub/a=2"): kept
// by the benchmark's goroutine, taken by relay's.
type reasons struct {
	on atomic.Bool // a worker: keep reasons (a plain go test run sends none)
	mu sync.Mutex
	m  map[string]string
}

// keep keeps the reason the benchmark name skipped with.
func (r *reasons) keep(name, reason string) {
	if !r.on.Load() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]string{}
	}
	r.m[name] = reason
}

// take returns and forgets the reason the benchmark name skipped with.
//
// Note: Skipf keeps a reason before the benchmark ends, and the testing
// package prints "--- SKIP:" once it has ended, so relay reading that line
// finds the reason kept.
func (r *reasons) take(name string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	reason, ok := r.m[name]
	delete(r.m, name)
	return reason, ok
}

// serve reads commands from in and answers each on out.
//
// Note: testing.M.Run may be called more than once (go.dev/issue/23129);
// each call reads the -test.* flags afresh, so setting them between calls
// runs a different selection, and package-level state (caches, open files,
// child processes) survives from one call to the next.
func serve(run func(events io.Writer) int, in io.Reader, out, errw io.Writer) int {
	if !flag.Parsed() {
		flag.Parse()
	}
	if err := flag.Set("test.v", "test2json"); err != nil {
		fmt.Fprintf(errw, "benchmain: %v\n", err)
	}
	code := 0
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c, err := ParseCommand(sc.Text())
		if err == nil {
			err = errors.Join(flag.Set("test.count", strconv.Itoa(c.Count)),
				flag.Set("test.benchtime", c.Benchtime), flag.Set("test.bench", c.Bench))
		}
		rc := 2
		if err != nil {
			fmt.Fprintf(errw, "benchmain: %v\n", err)
		} else {
			rc = run(out)
		}
		if rc != 0 && code == 0 {
			code = rc
		}
		fmt.Fprintln(out, Event{Action: ActionDone, Code: rc})
	}
	return code
}

// framed returns a run that runs mrun with the testing package's output
// (-test.v=test2json, which serve sets) going through a pipe to relay,
// which sends it on to events as Events.
//
// Note: the testing package writes to os.Stdout as each run starts, and in
// test2json mode it also points os.Stderr at it, so both are swapped for
// the pipe while mrun runs and put back after. A child process a benchmark
// starts while they are swapped (bench/network's servers, which live for
// the whole run) inherits the pipe as its stderr and keeps it open, so a
// run cannot end at the pipe's end of file: the pipe lives as long as the
// worker, and each run ends with an end marker written after mrun returns,
// which relay acknowledges once everything before it has been relayed.
func framed(mrun func() int) func(events io.Writer) int {
	var pw *os.File
	var ended chan struct{}
	return func(events io.Writer) int {
		if pw == nil {
			pr, w, err := os.Pipe()
			if err != nil {
				fmt.Fprintf(os.Stderr, "benchmain: %v\n", err)
				return 2
			}
			pw, ended = w, make(chan struct{})
			go func() {
				relay(pr, events, ended)
				pr.Close()
			}()
		}
		stdout, stderr := os.Stdout, os.Stderr
		os.Stdout = pw
		code := mrun()
		os.Stdout, os.Stderr = stdout, stderr
		fmt.Fprintln(pw, frame+endMarker)
		<-ended
		return code
	}
}

// frame starts the testing package's own lines in test2json framing;
// endMarker, after it, is framed's line that ends a run.
const (
	frame     = "\x16"
	endMarker = "latency-end-of-run"
)

// relay reads a test binary's -test.v=test2json output and writes its
// configuration lines, results, skips and failures to w as Events. A skip's
// reason is the one Skipf kept, as it was given.
//
// Note: in test2json framing the testing package starts its own lines
// ("=== RUN", "--- SKIP:", "PASS") with a ^V byte, which no output of a
// benchmark can: a benchmark's log lines ("    file.go:29: msg") are the
// unframed lines between its "=== RUN" and its "--- SKIP:" or "--- FAIL:"
// (cmd/test2json reads them so). The reason of a failure (b.Fatal) or of a
// skip without Skipf (b.Skip) is those lines, joined by "; ".
//
// ended, if not nil, gets a value at each end marker (see framed).
func relay(r io.Reader, w io.Writer, ended chan<- struct{}) {
	var logs []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if marker, ok := strings.CutPrefix(line, frame); ok {
			if marker == endMarker && ended != nil {
				logs = nil
				ended <- struct{}{}
				continue
			}
			for _, a := range []string{ActionSkip, ActionFail} {
				if name, ok := strings.CutPrefix(marker, "--- "+strings.ToUpper(a)+": "); ok {
					name, _, _ = strings.Cut(name, " ") // "(0.00s)" follows a test's name
					text, kept := skips.take(name)
					if a != ActionSkip || !kept {
						text = strings.Join(logs, "; ")
					}
					fmt.Fprintln(w, Event{Action: a, Bench: name, Text: text})
				}
			}
			if strings.HasPrefix(marker, "=== RUN ") || strings.HasPrefix(marker, "--- ") {
				logs = nil
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t"):
			if msg := logMessage(line); msg != "" && len(logs) < 5 {
				logs = append(logs, msg)
			}
		case isResult(line):
			fmt.Fprintln(w, Event{Action: ActionResult, Text: line})
		case isConfig(line):
			fmt.Fprintln(w, Event{Action: ActionConfig, Text: line})
		}
	}
}

// logMessage is a log line without its indent and "file.go:29: " prefix.
func logMessage(line string) string {
	line = strings.TrimSpace(line)
	if pos, msg, ok := strings.Cut(line, ": "); ok && !strings.ContainsAny(pos, " \t") {
		if file, n, ok := strings.Cut(pos, ".go:"); ok && file != "" && isDigits(n) {
			return msg
		}
	}
	return line
}

// isResult reports whether line is a benchmark's result line: its name,
// its iterations, then values and units.
//
// Note: this only tells result lines from the test binary's other output;
// the runner parses each one (results.ParseResult) and passes over junk.
// Parsing here would pull x/perf, through package results, into every
// bench binary.
func isResult(line string) bool {
	f := strings.Fields(line)
	if len(f) < 4 || len(f)%2 != 0 || !strings.HasPrefix(f[0], "Benchmark") || !isDigits(f[1]) {
		return false
	}
	for i := 2; i < len(f); i += 2 {
		if _, err := strconv.ParseFloat(f[i], 64); err != nil {
			return false
		}
	}
	return true
}

// isConfig reports whether line is a configuration line, "key: value",
// the key lower case without spaces.
func isConfig(line string) bool {
	k, _, ok := strings.Cut(line, ": ")
	return ok && k != "" && k == strings.ToLower(k) && !strings.ContainsAny(k, " \t") && k[0] >= 'a' && k[0] <= 'z'
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
