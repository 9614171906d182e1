// Latency measures the "latency numbers every engineer should know" on this
// machine and sets each beside the classic table (Dean & Norvig).
//
// Usage:
//
//	latency run [-profile default|quick] [-budget d] [-bench regexp] [-o dir] [-scratch dir] [-peer host:port [-peer-where place]]
//	latency report [-format text|markdown|csv|json|html] [-human] [-wide | -width N] [-notes=false] [FILE...]
//	latency card [-format text|markdown|svg|png] [-o FILE] [-human] [-width N] [FILE]
//	latency estimate [-from FILE] [-width N] QUESTION
//	latency compare [-format f] [-stat median|floor] [-wide | -width N] [A B [C...]]   (label=path; B is tested against A; default: the two newest)
//	latency chart [-o dir] [-guide-only] [FILE...]
//	latency gallery -o DIR [-force] FILE_OR_DIR...
//	latency stability [-width N] [A B]
//	latency echo [-addr 127.0.0.1:7777] [-hold 0]
//	latency pairs -node NAME -nodes name=host:port[@zone],... [-start TIME] [-where datacenter] [-o FILE]
//	latency gather -o DIR [LOG|FILE|DIR|-]...
//	latency doctor [-width N]
//	latency version
//
// # Run
//
// run builds and runs every benchmark under bench/ (a binary from make dist
// carries them, built for its platform, and needs neither Go nor a clone:
// the results file says "workers: embedded" or "workers: built"), shows
// progress on stderr, saves plain `go test -bench` output with the machine's facts as a
// new file results/<UTC stamp>-<host>.txt (never overwriting one), and prints
// the report. benchstat reads the file unchanged.
//
// It samples adaptively in shuffled rounds: every benchmark in the first 6,
// then only the rows whose 95% interval is wider than their target (±3%
// for CPU, memory, codec and cache rows, ±8% for storage and network), until
// each is precise, reaches its cap of samples or the budget ends. The budget
// counts from the command's start, build included: 2m40s by default, 45s for
// -profile quick; -budget sets another.
//
//	$ latency run
//	$ latency run -profile quick
//	$ latency run -budget 10m
//	$ go tool benchstat results/A.txt results/B.txt
//
// The storage rows use a scratch file under -scratch (default: the current
// directory; or $LATENCY_SCRATCH). The network rows measure loopback unless
// -peer (or $LATENCY_PEER) names a `latency echo` server on another machine;
// its round trips get their own rows, and answer the guide's WAN or
// datacenter row only when -peer-where says the peer is there.
//
// # Report
//
// report prints the table for a results file (default: the newest file in
// results/): guide figure, measured median with its 95% interval, cycles,
// ratio, kind (measured, computed, not measured) and what was measured.
//
// The text report fits the terminal (100 columns when the output is not a
// terminal, or -width N): the guide's and the measured figure, ± the
// half-width of its 95% interval, the ratio and the kind, with the notes
// numbered under the table (-notes=false leaves them out). -wide prints
// the wide table, every column and the notes in it.
//
//	$ latency report
//	$ latency report -wide
//	$ latency report -format markdown results/20261127T120000Z-host.txt
//	$ latency report -format html > report.html
//
// # Card
//
// card prints the classic list to quote: the guide's 14 rows, the guide's
// figure beside this machine's rounded to what a person remembers
// ("≈ 60 µs"), under a line naming the CPU, the kind of machine and the
// date, in at most 72 columns (fewer on a narrower terminal, or with
// -width N). Marks: c computed, – not measured, ! unstable. -format markdown pastes into a README; svg and png draw it as
// a picture (with -o, the format follows the file's extension); -human
// adds the column in which an L1 reference takes one second.
//
//	$ latency card
//	$ latency card -o card.png
//
// # Estimate
//
// estimate does napkin math with the figures of the newest run (or -from
// FILE) and shows its working: how long a sum of operations takes, how
// many requests per second a core and the machine can serve (qps), or how
// many operations fit in a time budget (budget). It names every figure it
// used; a row this run has no figure for takes the guide's, marked
// (guide). The grammar is package estimate's; an unknown row id is refused
// with the list of ids and the nearest ones. The answer fits the terminal,
// 100 columns when it is not one, or -width N, as report's table does.
//
//	$ latency estimate 'read 10 GiB sequentially from ssd'
//	$ latency estimate '3 * main_memory_reference + 1 * datacenter_round_trip'
//	$ latency estimate qps 'per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy'
//	$ latency estimate budget 200ms datacenter_round_trip
//
// # Compare
//
// compare sets runs side by side: the guide first, one column per machine,
// and the ratio of the second to the first with benchstat's significance
// test ("~" when the difference is not significant). Without files it sets
// the newest run in results/ against the one before.
//
//	$ latency compare laptop=results/A.txt server=results/B.txt
//
// # Chart
//
// chart draws the ladder (every row on a log-scale time axis beside the
// guide and Scott's model) and the memory curve (time per load over
// working-set size, cache sizes marked) as SVG and PNG beside the results
// file; a second FILE adds a second machine. run draws them too.
//
// # Gallery
//
// gallery writes a static site from many results files into -o DIR: an
// index with one row per row of the table and one column per machine (the
// median ± its 95% interval, ! when unstable, beside the guide's figure
// and Scott's model), named from its facts (CPU, CPUs, VM, bare metal or
// laptop, date), sortable and filterable in the page, each column linked
// to its run's own HTML report, charts and results file under
// DIR/<run>/. It opens from file:// and requests nothing from the
// network. A directory argument stands for every results file under it,
// at any depth (results/<cpu or instance type>/<stamp>-<host>.txt; see
// results/README.md). It refuses a file that is no results file and one
// run given twice; it replaces DIR only when it is empty or an earlier
// gallery (or with -force), and never leaves it half written. When runs
// were measured by versions of the suite a major or minor version apart
// (their suite-version facts), the page and stderr say so.
//
//	$ latency gallery -o gallery results
//	$ latency gallery -o /tmp/g laptop=results/A.txt server=results/B.txt results/aws-c7g.large
//
// # Stability
//
// stability checks two runs of one machine, back to back, against each
// other: for how many rows each run's 95% interval holds the other's
// median, which rows moved by more than 10 %, and whether the report
// flagged each of those as unstable. `make stability` runs the suite twice
// and then this.
//
//	$ latency stability results/A.txt results/B.txt
//
// # Doctor
//
// doctor checks whether the machine is fit to measure on, as `pyperf system
// show` does: CPU frequency governor, turbo, SMT siblings, the mitigations
// that change syscall cost, power source, load, and (over 0.3 s) CPU steal
// and the CPU other processes take, with the busiest of them. It prints
// each finding, and for each warning what to do; it exits 0 with warnings.
// run makes the same check before measuring, prints the warnings on stderr
// and records the findings as env-* facts of the results file.
//
//	$ latency doctor
//
// # Version
//
// version prints the suite's method version (suite-version: runs whose
// major or minor versions differ were measured differently, and compare
// warns), the commit, the module, the Go version and platform, and
// whether the bench workers are embedded in this binary (make dist) or
// built from the module at run time, as key: value lines.
//
//	$ latency version
//
// # Echo
//
// echo serves TCP and UDP echo for peer mode, on 127.0.0.1 unless -addr
// names another address. Run it on a second machine, then
// `latency run -peer thathost:7777` measures real round trips to it.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// started is when the command started: a run's budget counts from it.
// It is the process's start, or, when the environment says so, the start
// of the `go run` that built it (see startedAt).
var started = startedAt(time.Now(), os.Getenv(envStarted))

// envStarted names the environment variable with the Unix time, in
// seconds, at which whatever started this process began: make bench sets
// it before `go run`, so that a run's budget also covers compiling the
// command itself, which on a cold build cache takes about a minute.
const envStarted = "LATENCY_STARTED"

// startedAt returns when the command started: now, or the Unix time in
// env when that is a little earlier (up to 10 minutes: an older or a
// future value is left out, as one inherited by mistake).
func startedAt(now time.Time, env string) time.Time {
	secs, err := strconv.ParseFloat(strings.TrimSpace(env), 64)
	if err != nil || math.IsNaN(secs) {
		return now
	}
	t := time.Unix(0, int64(secs*1e9))
	if t.After(now) || now.Sub(t) > 10*time.Minute {
		return now
	}
	return t
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout, os.Stderr, os.Args[1:])
	code := exitCode(ctx, err, os.Stderr)
	stop()
	os.Exit(code)
}

// exitCode prints err unless it was already shown and returns the exit
// status: 0 for success and for help asked for (-h, printed on stdout), 130
// after an interrupt, 1 otherwise.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	switch {
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "latency: interrupted")
	case !shown(err):
		fmt.Fprintf(stderr, "latency: %v\n", err)
	}
	if ctx.Err() != nil {
		return 130
	}
	return 1
}

// shown reports whether err has already been printed: the flag package
// prints a bad flag's error with the usage before returning it.
func shown(err error) bool {
	var s interface{ Shown() bool }
	return errors.As(err, &s) && s.Shown()
}

// A usageError is a command-line error the flag package has printed.
type usageError struct{ error }

func (usageError) Shown() bool     { return true }
func (e usageError) Unwrap() error { return e.error }

// parse parses a command's flags; a bad flag's error is marked as shown.
func parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		return usageError{err}
	}
	return err
}

type command struct {
	name, summary string
	run           func(ctx context.Context, stdout, stderr io.Writer, args []string) error
}

func commands() []command {
	return []command{
		{"run", "run the suite, save a results file, print the report", cmdRun},
		{"report", "print the table for a results file", cmdReport},
		{"card", "print the guide's rows beside this machine's, rounded, in 72 columns (or a picture)", cmdCard},
		{"estimate", "napkin math with this machine's figures: how long, how many per second, how many fit", cmdEstimate},
		{"compare", "set results files side by side, with benchstat's test", cmdCompare},
		{"chart", "draw the ladder and memory-curve charts (SVG, PNG)", cmdChart},
		{"gallery", "a static site of many runs: one column per machine, each linked to its report", cmdGallery},
		{"stability", "check two runs of one machine against each other", cmdStability},
		{"gather", "turn a fleet's logs or fetched files into one results file per node and the matrix", cmdGather},
		{"pairs", "time round trips between the nodes of a fleet, pair by pair in rounds (the node × node matrix)", cmdPairs},
		{"echo", "serve TCP/UDP echo for peer mode (loopback unless -addr says otherwise)", cmdEcho},
		{"doctor", "check whether this machine is quiet and steady enough to measure on", cmdDoctor},
		{"version", "print the suite's version, commit, Go version and whether the workers are embedded", cmdVersion},
	}
}

func run(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "-h"} // latency help run: run's own help
	}
	if len(args) == 0 {
		usage(stderr)
		return errors.New("no command given")
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return flag.ErrHelp
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		if !helpAsked(args[1:]) {
			return c.run(ctx, stdout, stderr, args[1:])
		}
		// Note: a command's flag set prints its help and its usage errors
		// alike to the command's stderr. Help asked for is the output the
		// user wants (latency report -h | less), so it goes to stdout; what
		// the command printed goes to stderr unless it was that help.
		var buf bytes.Buffer
		err := c.run(ctx, stdout, &buf, args[1:])
		out := stderr
		if errors.Is(err, flag.ErrHelp) || (err == nil && bytes.HasPrefix(buf.Bytes(), []byte("usage: latency "))) {
			out = stdout
		}
		buf.WriteTo(out)
		return err
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

// helpAsked reports whether a command's arguments ask for its help: -h or
// -help, with one dash or two, before the first argument that is no flag.
func helpAsked(args []string) bool {
	for _, a := range args {
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			return false
		}
		if h := strings.TrimLeft(a, "-"); h == "h" || h == "help" {
			return true
		}
	}
	return false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: latency <command> [flags] [args]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'latency help <command>' (or 'latency <command> -h') for a command's flags.")
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: latency %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}
