package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/results"
)

// A Profile sets how many samples each benchmark gets and how long each is.
type Profile struct {
	Name      string
	Count     int    // samples per benchmark: one per round
	Benchtime string // -test.benchtime of one sample
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

	// Noise, if set, is called before the first sample and after every
	// sample; it returns what else the machine did since its last call, as
	// space-separated key=value fields (package noise), recorded with the
	// sample.
	Noise func() string
	// Clock, if set, estimates the core clock in GHz at the start of every
	// round, to show a clock that changed during the run.
	Clock func() (float64, error)
	// Seed fixes the order of the rounds; 0 draws one (recorded either way).
	Seed uint64
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

// Run builds the suite, runs it in rounds and writes a new results file; it
// returns the file's path. On cancellation (Ctrl-C) it stops the running
// benchmarks and writes nothing.
//
// Note: each round runs every benchmark once, in a new random order, so the
// samples of a row are spread over the whole run rather than taken in one
// burst: a passing disturbance of the host (a neighbour, a clock change)
// costs one sample of many rows instead of every sample of one row, and a
// row's interval reflects the run's conditions (google/benchmark's random
// interleaving, pyperf's many worker processes). Each package's test binary
// stays running between rounds (package benchmain), so its setup is paid
// once.
func Run(ctx context.Context, opts Options) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("creating results directory: %w", err)
	}
	cleanStaleBins(os.TempDir())
	tmp, err := os.MkdirTemp("", "latency-bin-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, binDirPID), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return "", err
	}

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

	seed := opts.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rounds := schedule(jobs, opts.Profile, seed)
	s := &suite{opts: opts, workers: map[string]*worker{}, skips: map[string]string{}, fails: map[string]string{}}
	defer s.stopWorkers()
	s.env = append(os.Environ(), env.ProfileVar+"="+opts.Profile.Name, env.ScratchVar+"="+opts.Scratch)
	if opts.Peer != "" {
		s.env = append(s.env, env.PeerVar+"="+opts.Peer)
	}
	steps := 0
	for _, r := range rounds {
		steps += len(r)
	}
	s.prog = newProgress(opts.Stderr, steps)
	start := time.Now()
	if opts.Noise != nil {
		opts.Noise() // the baseline of the first sample
	}
	var clocks []string
	for i, round := range rounds {
		if opts.Clock != nil {
			ghz, err := opts.Clock()
			if err != nil {
				clocks = append(clocks, "?")
			} else {
				clocks = append(clocks, fmt.Sprintf("%.2f", ghz))
			}
		}
		for _, st := range round {
			if err := s.step(ctx, i+1, st); err != nil {
				s.prog.finish()
				if ctx.Err() != nil {
					return "", fmt.Errorf("interrupted during %s: nothing saved", st.job.name)
				}
				return "", err
			}
		}
	}
	s.prog.finish()
	if err := s.stopWorkers(); err != nil && ctx.Err() != nil {
		return "", errors.New("interrupted: nothing saved")
	}
	fmt.Fprintf(opts.Stderr, "ran %d benchmarks in %d rounds in %s\n", len(jobs), len(rounds), time.Since(start).Round(time.Second))
	facts := []machine.Fact{
		{Key: "profile", Value: fmt.Sprintf("%s (count=%d, benchtime=%s)", opts.Profile.Name, opts.Profile.Count, opts.Profile.Benchtime)},
		{Key: "rounds", Value: fmt.Sprintf("%d, each benchmark once per round in a shuffled order (seed %d)", len(rounds), seed)},
		{Key: "date", Value: start.UTC().Format(time.RFC3339)},
		{Key: "suite-seconds", Value: fmt.Sprintf("%.0f", time.Since(start).Seconds())},
	}
	if len(clocks) > 0 {
		facts = append(facts, machine.Fact{Key: "cpu-clock-ghz-by-round", Value: strings.Join(clocks, " ")})
	}
	if opts.Peer != "" {
		facts = append(facts, machine.Fact{Key: "peer", Value: opts.Peer})
	}
	return s.save(append(append(machine.Facts("/sys"), opts.Facts...), facts...), start)
}

// save writes the results file: facts, skip and failure reasons, unit
// metadata, then the samples. A run with no result at all is not saved:
// it would only hide the last real run from `report` and `compare`.
func (s *suite) save(facts []machine.Fact, start time.Time) (string, error) {
	if s.results == 0 {
		return "", fmt.Errorf("no benchmark produced a result, nothing saved:%s", reasons(s.skips, s.fails))
	}
	var out bytes.Buffer
	for _, f := range facts {
		writeConfig(&out, f.Key, f.Value)
	}
	for _, m := range []struct {
		prefix string
		m      map[string]string
	}{{results.SkipPrefix, s.skips}, {results.FailPrefix, s.fails}} {
		for _, name := range slices.Sorted(maps.Keys(m.m)) {
			writeConfig(&out, m.prefix+results.SkipKey(name), m.m[name])
		}
	}
	writeUnits(&out, s.units)
	out.WriteString("\n")
	out.Write(s.body.Bytes())
	if len(s.fails) > 0 {
		fmt.Fprintf(s.opts.Stderr, "warning: %d benchmarks failed; see the report\n", len(s.fails))
	}
	return save(s.opts.OutDir, out.Bytes(), start)
}

// A step runs one benchmark for some samples in one round.
type step struct {
	job   job
	count int
	bench string // benchtime
}

// schedule spreads each benchmark's samples over p.Count rounds, one per
// round, and shuffles each round's order. A benchmark with fewer samples
// (overrides) takes part in rounds spread evenly over the run.
func schedule(jobs []job, p Profile, seed uint64) [][]step {
	rng := rand.New(rand.NewPCG(seed, 0x1a7e9c))
	rounds := make([][]step, p.Count)
	for _, j := range jobs {
		n, bt := p.Count, p.Benchtime
		if o, ok := overrides[j.name]; ok {
			n = min(n, o.Count)
			if shorter(o.Benchtime, bt) {
				bt = o.Benchtime
			}
		}
		for r := range rounds {
			if c := (r+1)*n/p.Count - r*n/p.Count; c > 0 {
				rounds[r] = append(rounds[r], step{job: j, count: c, bench: bt})
			}
		}
	}
	for _, r := range rounds {
		rng.Shuffle(len(r), func(a, b int) { r[a], r[b] = r[b], r[a] })
	}
	return rounds
}

// A suite is the state of one run: its workers and what they produced.
type suite struct {
	opts         Options
	env          []string
	workers      map[string]*worker // by package path
	prog         *progress
	body         bytes.Buffer
	skips, fails map[string]string
	units        []string // every unit of a result, in order of appearance
	results      int
}

// step runs one step in round r and appends its results, preceded by the
// sample line, to the body.
func (s *suite) step(ctx context.Context, r int, st step) error {
	j := st.job
	name := strings.TrimPrefix(j.name, "Benchmark")
	s.prog.start(fmt.Sprintf("round %d: %s.%s", r, j.pkg.short, name))
	w := s.workers[j.pkg.path]
	if w == nil {
		var err error
		if w, err = startWorker(ctx, j.pkg, s.env); err != nil {
			return err
		}
		s.workers[j.pkg.path] = w
	}
	var out bytes.Buffer
	op := outputParser{body: &out, skips: s.skips, fails: s.fails, prog: s.prog}
	code, err := w.do(benchmain.Command{Count: st.count, Benchtime: st.bench, Bench: "^" + j.name + "$"}, op.line)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil || code != 0 {
		if err != nil {
			// The process died: its next command starts a new one. Waiting
			// for it first collects the whole of its stderr.
			w.stop()
			delete(s.workers, j.pkg.path)
		}
		msg := lastLine(w.stderr.String())
		if err != nil && msg == "" {
			msg = err.Error()
		}
		if _, ok := s.fails[name]; !ok && !op.failed {
			if msg == "" {
				msg = fmt.Sprintf("exit code %d", code)
			}
			s.fails[name] = msg
		}
		fmt.Fprintf(s.opts.Stderr, "\nwarning: %s.%s failed in round %d: %s\n", j.pkg.short, j.name, r, firstLine(s.fails[name]))
	}
	noise := ""
	if s.opts.Noise != nil {
		noise = " " + s.opts.Noise()
	}
	fmt.Fprintf(&s.body, "%sround=%d bench=%s.%s%s\n", results.SampleTag, r, j.pkg.short, name, noise)
	writeConfig(&s.body, "pkg", j.pkg.path) // a worker prints its header once, not per round
	for _, l := range strings.SplitAfter(out.String(), "\n") {
		if !resultLine.MatchString(l) {
			if configLine.MatchString(l) && !strings.HasPrefix(l, "pkg:") {
				s.body.WriteString(l)
			}
			continue
		}
		s.body.WriteString(l)
		s.results++
		f := strings.Fields(l)
		for i := 3; i < len(f); i += 2 {
			if !slices.Contains(s.units, f[i]) {
				s.units = append(s.units, f[i])
			}
		}
	}
	return nil
}

// stopWorkers ends every worker; the first error is returned.
func (s *suite) stopWorkers() error {
	var first error
	for k, w := range s.workers {
		if err := w.stop(); err != nil && first == nil {
			first = err
		}
		delete(s.workers, k)
	}
	return first
}

// reasons lists skip and failure reasons for an error message.
func reasons(skips, fails map[string]string) string {
	var b strings.Builder
	for _, m := range []map[string]string{fails, skips} {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(&b, "\n  %s: %s", k, m[k])
		}
	}
	return b.String()
}

// higherBetter lists the units whose larger values are better; every other
// unit is a time or a cost.
var higherBetter = map[string]bool{"GHz": true, "MB/s": true, "GB/s": true, "hit-pct": true, "kept-pct": true, "huge-pct": true, "IOPS": true, "speedup": true}

// writeUnits writes benchfmt unit metadata lines, so benchstat knows which
// way is better for every unit and makes no assumption about distributions.
func writeUnits(w io.Writer, units []string) {
	for _, u := range units {
		better := "lower"
		if higherBetter[u] {
			better = "higher"
		}
		fmt.Fprintf(w, "Unit %s better=%s assume=nothing\n", u, better)
	}
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
	failed  bool // a FAIL line was seen
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
		op.failed = op.failed || op.kind == "FAIL"
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
	if err := f.Chmod(0o644); err != nil { // readable like the charts beside it
		f.Close()
		return "", fmt.Errorf("creating results file: %w", err)
	}
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

// ModulePath is this suite's module: the runner builds the bench/ packages
// of this module and of no other.
const ModulePath = "github.com/latency-numbers/latency"

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module (is Go installed?): %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the latency module: run from the repository (make bench)")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if mod := modulePath(data); mod != ModulePath {
		return "", fmt.Errorf("%s is module %q, not %s: run latency from the latency repository (make bench)", gomod, mod, ModulePath)
	}
	return filepath.Dir(gomod), nil
}

// modulePath returns the module path a go.mod file declares.
func modulePath(gomod []byte) string {
	for _, l := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
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
