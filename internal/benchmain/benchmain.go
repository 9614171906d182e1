// Package benchmain is the TestMain of every bench/<family> package: run
// normally, it runs the tests and benchmarks once, as `go test` expects;
// started by the runner as a worker, it stays alive and runs benchmarks on
// command, so the suite can take its samples in rounds without paying a
// package's setup (a 1 GiB scratch file, a 256 MiB pointer-chase ring, echo
// servers) once per round.
//
// The protocol, one line each way per command:
//
//	runner → worker (stdin):  run COUNT BENCHTIME REGEXP
//	worker → runner (stdout): the usual `-test.v -test.bench` output, then
//	                          latency-worker-done CODE
//
// The worker exits when its standard input closes.
package benchmain

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// EnvWorker, set to any value, makes Run serve commands from stdin.
const EnvWorker = "LATENCY_WORKER"

// Done starts the line that ends a command's output; the exit code of that
// command (0, or 1 if a benchmark failed) follows it.
const Done = "latency-worker-done"

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
	return serve(m.Run, os.Stdin, os.Stdout, os.Stderr)
}

// serve reads commands from in and answers each on out.
//
// Note: testing.M.Run may be called more than once (go.dev/issue/23129);
// each call reads the -test.* flags afresh, so setting them between calls
// runs a different selection, and package-level state (caches, open files,
// child processes) survives from one call to the next.
func serve(run func() int, in io.Reader, out, errw io.Writer) int {
	if !flag.Parsed() {
		flag.Parse()
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
			rc = run()
		}
		if rc != 0 && code == 0 {
			code = rc
		}
		fmt.Fprintf(out, "\n%s %d\n", Done, rc)
	}
	return code
}
