package runner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/results"
)

// A Profile sets how long and how often each benchmark runs.
type Profile struct {
	Name      string
	Count     int    // samples per benchmark (-test.count)
	Benchtime string // -test.benchtime
}

// Profiles are the named profiles, "default" first.
var Profiles = []Profile{
	{Name: "default", Count: 10, Benchtime: "100ms"},
	{Name: "quick", Count: 6, Benchtime: "20ms"},
}

// overrides shortens benchmarks that feed charts, not rows.
//
// Note: the memory sweep has 70 sub-benchmarks; at the default profile it
// alone would take over a minute. Its points are read off a curve, so three
// short samples each are enough. The per-file compression figures are detail
// beside the Snappy row; six samples still give benchstat an interval. Every
// row of the table gets the profile's full count.
var overrides = map[string]Profile{
	"BenchmarkSweep":        {Count: 3, Benchtime: "20ms"},
	"BenchmarkCompressFile": {Count: 6, Benchtime: "50ms"}, // per-file detail of the Snappy row
}

// LookupProfile returns the named profile.
func LookupProfile(name string) (Profile, error) {
	var names []string
	for _, p := range Profiles {
		if p.Name == name {
			return p, nil
		}
		names = append(names, p.Name)
	}
	return Profile{}, fmt.Errorf("unknown profile %q (want %s)", name, strings.Join(names, " or "))
}

// Options configure a run.
type Options struct {
	Profile Profile
	Bench   *regexp.Regexp // selects top-level benchmarks by name; nil means all
	OutDir  string         // where the results file goes
	Scratch string         // directory for storage scratch files
	Peer    string         // host:port of a `latency echo` server, or ""
	Stderr  io.Writer      // progress and warnings
	Facts   []machine.Fact // extra facts to record (e.g. storage facts)
}

// A job is one top-level benchmark of one package.
type job struct {
	pkg  pkg
	name string
}

type pkg struct {
	path, dir, short string
	bin              string
}

// Run builds and runs the suite and writes a new results file; it returns
// the file's path. On cancellation (Ctrl-C) it stops the running benchmark
// and writes nothing.
func Run(ctx context.Context, opts Options) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("creating results directory: %w", err)
	}
	tmp, err := os.MkdirTemp("", "latency-bin-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)

	pkgs, err := listPackages(ctx, root)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(opts.Stderr, "building %d benchmark packages...\n", len(pkgs))
	var jobs []job
	for i := range pkgs {
		p := &pkgs[i]
		p.bin = filepath.Join(tmp, p.short+".test")
		if out, err := goCmd(ctx, root, "test", "-c", "-o", p.bin, p.path).CombinedOutput(); err != nil {
			if ctx.Err() != nil {
				return "", errors.New("interrupted while building: nothing saved")
			}
			return "", fmt.Errorf("building %s: %w\n%s", p.path, err, out)
		}
		names, err := listBenchmarks(ctx, *p)
		if err != nil {
			return "", err
		}
		for _, n := range names {
			if opts.Bench == nil || opts.Bench.MatchString(n) {
				jobs = append(jobs, job{*p, n})
			}
		}
	}
	if len(jobs) == 0 {
		return "", errors.New("no benchmarks selected")
	}

	var body bytes.Buffer
	skips := map[string]string{}
	fails := map[string]string{}
	prog := newProgress(opts.Stderr, len(jobs))
	start := time.Now()
	for i, j := range jobs {
		prog.start(i, j.pkg.short+"."+j.name)
		if err := runJob(ctx, j, opts, &body, skips, fails, prog); err != nil {
			prog.finish()
			if ctx.Err() != nil {
				return "", fmt.Errorf("interrupted during %s: nothing saved", j.name)
			}
			return "", err
		}
	}
	prog.finish()
	fmt.Fprintf(opts.Stderr, "ran %d benchmarks in %s\n", len(jobs), time.Since(start).Round(time.Second))

	var out bytes.Buffer
	facts := append(machine.Facts("/sys"), opts.Facts...)
	facts = append(facts,
		machine.Fact{Key: "profile", Value: fmt.Sprintf("%s (count=%d, benchtime=%s)", opts.Profile.Name, opts.Profile.Count, opts.Profile.Benchtime)},
		machine.Fact{Key: "date", Value: start.UTC().Format(time.RFC3339)},
		machine.Fact{Key: "suite-seconds", Value: fmt.Sprintf("%.0f", time.Since(start).Seconds())},
	)
	if opts.Peer != "" {
		facts = append(facts, machine.Fact{Key: "peer", Value: opts.Peer})
	}
	for _, f := range facts {
		writeConfig(&out, f.Key, f.Value)
	}
	for _, m := range []struct {
		prefix string
		m      map[string]string
	}{{results.SkipPrefix, skips}, {results.FailPrefix, fails}} {
		for name, why := range m.m {
			writeConfig(&out, m.prefix+results.SkipKey(name), why)
		}
	}
	out.WriteString("\n")
	out.Write(body.Bytes())
	if len(fails) > 0 {
		fmt.Fprintf(opts.Stderr, "warning: %d benchmarks failed; see the report\n", len(fails))
	}
	return save(opts.OutDir, out.Bytes(), start)
}

// writeConfig writes one configuration line, keeping values to one line.
func writeConfig(w io.Writer, key, value string) {
	value = strings.Join(strings.Fields(value), " ")
	if value == "" {
		value = "unknown"
	}
	fmt.Fprintf(w, "%s: %s\n", key, value)
}

var (
	resultLine = regexp.MustCompile(`^Benchmark\S+\s+\d+\s`)
	configLine = regexp.MustCompile(`^[a-z][^\s:]*:\s`)
	skipLine   = regexp.MustCompile(`^\s*--- (SKIP|FAIL): Benchmark(\S+)`)
	logLine    = regexp.MustCompile(`^\s+(?:\S+\.go:\d+: )?(.*)$`)
)

// outputParser sorts the lines of `pkg.test -test.v -test.bench` output:
// results and configuration lines go to body, and the message a benchmark
// logs before (verbose) or after its "--- SKIP:" / "--- FAIL:" line becomes
// its skip reason or failure message.
type outputParser struct {
	body         *bytes.Buffer
	skips, fails map[string]string
	prog         *progress

	logs    []string // log lines since the last benchmark or result line
	pending string   // a SKIP/FAIL just seen whose message may follow
	kind    string
}

func (op *outputParser) line(line string) {
	switch {
	case resultLine.MatchString(line):
		op.body.WriteString(line + "\n")
		if op.prog != nil {
			op.prog.result(strings.Fields(line)[0])
		}
		op.logs, op.pending = nil, ""
	case skipLine.MatchString(line):
		m := skipLine.FindStringSubmatch(line)
		op.kind, op.pending = m[1], stripProcs(m[2])
		msg := noReason
		if len(op.logs) > 0 {
			msg = strings.Join(op.logs, "; ")
		}
		op.record(msg, true)
		op.logs = nil
	case strings.HasPrefix(strings.TrimSpace(line), "Benchmark") && !strings.ContainsAny(strings.TrimSpace(line), " \t"):
		op.logs, op.pending = nil, "" // verbose mode names each benchmark as it starts
	case strings.HasPrefix(line, " ") && logLine.MatchString(line):
		msg := logLine.FindStringSubmatch(line)[1]
		if op.pending != "" {
			op.record(msg, false) // non-verbose order: the message follows
		} else if len(op.logs) < 5 {
			op.logs = append(op.logs, msg)
		}
	case configLine.MatchString(line):
		op.body.WriteString(line + "\n")
		op.logs, op.pending = nil, ""
	default:
		op.logs, op.pending = nil, ""
	}
}

// noReason marks a skip or failure whose message has not been seen yet.
const noReason = "no reason given"

// record keeps the first real message for the pending benchmark: at the
// SKIP/FAIL line (atLine) it is set unless already known; a message that
// follows the line only replaces the placeholder.
func (op *outputParser) record(msg string, atLine bool) {
	m := op.skips
	if op.kind == "FAIL" {
		m = op.fails
	}
	old, ok := m[op.pending]
	if !ok || old == noReason && (msg != noReason || !atLine) {
		m[op.pending] = msg
	}
}

// runJob runs one top-level benchmark and appends its results to body.
func runJob(ctx context.Context, j job, opts Options, body *bytes.Buffer, skips, fails map[string]string, prog *progress) error {
	p := opts.Profile
	if o, ok := overrides[j.name]; ok {
		p.Count = min(p.Count, o.Count)
		if shorter(o.Benchtime, p.Benchtime) {
			p.Benchtime = o.Benchtime
		}
	}
	cmd := exec.CommandContext(ctx, j.pkg.bin, "-test.run", "^$", "-test.bench", "^"+j.name+"$",
		"-test.count", fmt.Sprint(p.Count), "-test.benchtime", p.Benchtime, "-test.timeout", "10m",
		"-test.v") // without -v, go test drops the reason a benchmark gives when it skips
	cmd.Dir = j.pkg.dir
	cmd.Env = append(os.Environ(), "LATENCY_PROFILE="+opts.Profile.Name, "LATENCY_SCRATCH="+opts.Scratch)
	if opts.Peer != "" {
		cmd.Env = append(cmd.Env, "LATENCY_PEER="+opts.Peer)
	}
	// Interrupt rather than kill, so benchmarks remove their scratch files.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 15 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("running %s: %w", j.name, err)
	}
	op := outputParser{body: body, skips: skips, fails: fails, prog: prog}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		op.line(sc.Text())
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		if _, ok := fails[j.name]; !ok {
			msg := strings.TrimSpace(stderr.String())
			if msg == "" {
				msg = err.Error()
			}
			fails[strings.TrimPrefix(j.name, "Benchmark")] = firstLine(msg)
		}
		fmt.Fprintf(opts.Stderr, "\nwarning: %s.%s failed: %v\n%s", j.pkg.short, j.name, err, stderr.String())
	}
	return nil
}

// shorter reports whether benchtime a is shorter than b; an override
// never makes the quick profile slower.
func shorter(a, b string) bool {
	da, errA := time.ParseDuration(a)
	db, errB := time.ParseDuration(b)
	return errA == nil && errB == nil && da < db
}

func stripProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// save writes data to a new file in dir, never replacing an existing one:
// it writes a hidden temporary file, syncs it, then links it to its final
// name (link fails rather than overwrite) and removes the temporary name.
func save(dir string, data []byte, stamp time.Time) (string, error) {
	host, _ := os.Hostname()
	host = regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(host, "_")
	if host == "" {
		host = "unknown"
	}
	base := stamp.UTC().Format("20060102T150405Z") + "-" + host
	f, err := os.CreateTemp(dir, ".tmp-"+base+"-*")
	if err != nil {
		return "", fmt.Errorf("creating results file: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return "", fmt.Errorf("writing %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", fmt.Errorf("syncing %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	for i := 1; i < 100; i++ {
		name := filepath.Join(dir, base+".txt")
		if i > 1 {
			name = filepath.Join(dir, fmt.Sprintf("%s-%d.txt", base, i))
		}
		err := os.Link(tmp, name)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("saving results: %w", err)
		}
	}
	return "", fmt.Errorf("saving results: too many files named %s-*.txt", base)
}

func goCmd(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	return cmd
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module (is Go installed?): %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the latency module: run from the repository (make bench)")
	}
	return filepath.Dir(gomod), nil
}

func listPackages(ctx context.Context, root string) ([]pkg, error) {
	out, err := goCmd(ctx, root, "list", "-f", "{{.ImportPath}}\t{{.Dir}}", "./bench/...").Output()
	if err != nil {
		return nil, fmt.Errorf("listing benchmark packages: %w", err)
	}
	var ps []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		ps = append(ps, pkg{path: path, dir: dir, short: filepath.Base(dir)})
	}
	return ps, nil
}

func listBenchmarks(ctx context.Context, p pkg) ([]string, error) {
	cmd := exec.CommandContext(ctx, p.bin, "-test.list", "^Benchmark")
	cmd.Dir = p.dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing benchmarks of %s: %w", p.path, err)
	}
	var names []string
	for _, n := range strings.Fields(string(out)) {
		if strings.HasPrefix(n, "Benchmark") {
			names = append(names, n)
		}
	}
	return names, nil
}
