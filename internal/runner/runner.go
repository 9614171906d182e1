package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/noise"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/version"
	"github.com/latency-numbers/latency/internal/workers"
)

// A Profile sets how a run samples: every benchmark in the first MinRounds
// rounds, then, adaptively, the rows still short of their precision target,
// up to Cap samples each, within Budget.
type Profile struct {
	Name      string
	MinRounds int           // rounds in which every benchmark runs once (benchstat needs 6 for an interval)
	Cap       int           // most samples of one row
	Benchtime string        // -test.benchtime of one sample
	Budget    time.Duration // the whole run's time from the command's start: build, setup and samples
}

// Profiles are the named profiles, "default" first.
//
// Note: a sample is short (20 ms) and a row takes many of them, spread over
// the run, because the spread of a row on a shared machine comes mostly
// from the host changing over seconds to minutes, not from bursts within a
// sample (e.g. on 2-vCPU guests back-to-back 50 ms samples of the Snappy
// row varied by 10-20 %, as much as samples minutes apart), so 40 samples
// of 20 ms pin a median down better than 20 of 50 ms.
// The budget counts from the command's start, the build included, so that
// `make bench` ends within three minutes however long the build takes; a
// slow (first) build leaves fewer samples (only the first rounds, which
// every run completes, can take it past the budget).
var Profiles = []Profile{
	{Name: "default", MinRounds: 6, Cap: 60, Benchtime: "20ms", Budget: 160 * time.Second},
	{Name: "quick", MinRounds: 6, Cap: 10, Benchtime: "10ms", Budget: 45 * time.Second},
}

// overrides shortens benchmarks that feed charts, not rows: they run whole,
// Count times in all, spread over the first rounds, never adaptively.
//
// Note: the memory sweep has 70 sub-benchmarks, each building its own ring
// (most of its time: e.g. about 10 s for one pass on a 2-vCPU guest); its
// points are read off a curve, so one short sample each is enough.
// The per-file compression figures are detail beside the Snappy row.
var overrides = map[string]Profile{
	"BenchmarkSweep":        {MinRounds: 1, Benchtime: "20ms"},
	"BenchmarkCompressFile": {MinRounds: 3, Benchtime: "20ms"}, // per-file detail of the Snappy row
}

// Sampling limits.
const (
	// sentinels is how many already-precise units each adaptive round keeps
	// in, so that precise rows also see the machine's later conditions.
	sentinels = 2
	// maxRetakes is how often one unit's disturbed sample is taken again;
	// past it a disturbed sample is kept, and the report counts it.
	maxRetakes = 2
	// busyWindow is how many of the latest samples decide whether the
	// machine is busy all the time: when at least half of them were
	// disturbed, taking one again would only find the same, so disturbed
	// samples are kept (and the report flags their rows) rather than
	// spending the budget three times over.
	busyWindow = 20
	// clockEvery is the least time between two estimates of the core
	// clock (25 ms each): adaptive rounds may be a handful of samples.
	clockEvery = 2 * time.Second
)

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
	Facts   []fact.Fact    // extra facts to record (e.g. storage facts)

	// Noise, if set, is called before the first sample and after every
	// sample; it returns what else the machine did since its last call, as
	// space-separated key=value fields (package noise), recorded with the
	// sample.
	Noise func() string
	// Clock, if set, estimates the core clock in GHz at the start of every
	// round, to show a clock that changed during the run.
	Clock func() (float64, error)
	// Probe, if set, times a short fixed piece of work (ns) after every
	// sample; its slowdown over the run's fastest probe is recorded with
	// the sample (probe-pct), a sign of a busy host that steal may not show.
	Probe func() float64
	// Budget is the time for the whole run, from Start, the build
	// included; 0 means the profile's.
	Budget time.Duration
	// Start is when the run began (the command's start); zero means when
	// Run is called.
	Start time.Time
	// Seed fixes the order of the rounds; 0 draws one (recorded either way).
	Seed uint64
	// Workers is where the bench packages' test binaries come from; nil
	// means workers.Default(): embedded in this binary (make dist), else
	// built from the module's source.
	Workers workers.Source
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

// Run prepares the suite's workers (builds or unpacks them into a new
// temporary directory, removed however Run ends), runs them in rounds and
// writes a new results file; it returns the file's path. On cancellation
// (Ctrl-C) it stops the running benchmarks and writes nothing.
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
	if opts.Start.IsZero() {
		opts.Start = time.Now()
	}
	src := opts.Workers
	if src == nil {
		src = workers.Default()
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
	wps, err := src.Prepare(ctx, tmp, opts.Stderr)
	if err != nil {
		if ctx.Err() != nil {
			return "", errors.New("interrupted while preparing the benchmarks: nothing saved")
		}
		return "", err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("creating results directory: %w", err)
	}
	pkgs := make([]pkg, len(wps))
	for i, w := range wps {
		pkgs[i] = pkg{path: w.Path, dir: w.Dir, short: w.Short, bin: w.Bin}
	}
	var jobs []job
	for i := range pkgs {
		p := &pkgs[i]
		names, err := listBenchmarks(ctx, *p)
		if err != nil {
			if ctx.Err() != nil {
				return "", errors.New("interrupted: nothing saved")
			}
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
	budget := opts.Budget
	if budget <= 0 {
		budget = opts.Profile.Budget
	}
	deadline := opts.Start.Add(budget)
	s := &suite{opts: opts, workers: map[string]*worker{}, skips: map[string]string{}, fails: map[string]string{},
		tally: tally{vals: map[string][]float64{}}}
	defer s.stopWorkers()
	s.env = append(os.Environ(), env.ProfileVar+"="+opts.Profile.Name, env.ScratchVar+"="+opts.Scratch)
	if opts.Peer != "" {
		s.env = append(s.env, env.PeerVar+"="+opts.Peer)
	}
	s.prog = newProgress(opts.Stderr, opts.Start, budget)
	start := time.Now()
	if opts.Noise != nil {
		opts.Noise() // the baseline of the first sample
	}
	units, rounds, err := s.sample(ctx, initialUnits(jobs, opts.Profile), deadline, seed)
	s.prog.finish()
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("interrupted: nothing saved")
		}
		return "", err
	}
	if err := s.stopWorkers(); err != nil && ctx.Err() != nil {
		return "", errors.New("interrupted: nothing saved")
	}
	elapsed := time.Since(start)
	fmt.Fprintf(opts.Stderr, "ran %d benchmarks in %d rounds in %s (%s since the start, budget %s)\n", len(jobs), rounds,
		elapsed.Round(time.Second), time.Since(opts.Start).Round(time.Second), budget)
	p := opts.Profile
	facts := []fact.Fact{
		{Key: results.SuiteVersionFact, Value: version.Suite},
		{Key: results.SuiteCommitFact, Value: src.Commit()},
		{Key: results.WorkersFact, Value: src.Kind()},
		{Key: fact.Profile, Value: fmt.Sprintf("%s (min-rounds=%d, cap=%d, benchtime=%s, budget=%s)", p.Name, p.MinRounds, p.Cap, p.Benchtime, budget)},
		{Key: results.SamplingFact, Value: fmt.Sprintf("adaptive: every benchmark once in each of %d shuffled rounds, then the rows whose 95 %% interval is wider than their target "+
			"(±%g %% cpu, memory, compress, cache; ±%g %% storage, network) in further shuffled rounds, with %d precise rows as sentinels, "+
			"until precise, %d samples or the budget; a disturbed sample is taken again (at most %d times a row)",
			p.MinRounds, rows.PrecisionOf("cpu").Target, rows.PrecisionOf("storage").Target, sentinels, p.Cap, maxRetakes)},
		{Key: "budget-seconds", Value: fmt.Sprintf("%.0f", budget.Seconds())},
		{Key: "rounds", Value: fmt.Sprintf("%d, each in a shuffled order (seed %d)", rounds, seed)},
		{Key: fact.Date, Value: start.UTC().Format(time.RFC3339)},
		{Key: "suite-seconds", Value: fmt.Sprintf("%.0f", elapsed.Seconds())},
	}
	for _, u := range units {
		for _, name := range u.names {
			facts = append(facts, fact.Fact{Key: results.StopPrefix + results.SkipKey(name), Value: s.tally.stopReason(u, name, p.Cap)})
		}
	}
	clocks := s.clocks
	if len(clocks) > 0 {
		facts = append(facts, fact.Fact{Key: fact.CPUClockGHzByRound, Value: strings.Join(clocks, " ")})
	}
	if opts.Peer != "" {
		facts = append(facts, fact.Fact{Key: fact.Peer, Value: opts.Peer})
	}
	return s.save(append(append(machine.Facts("/sys"), opts.Facts...), facts...), start)
}

// save writes the results file: facts, skip and failure reasons, unit
// metadata, then the samples. A run with no result at all is not saved:
// it would only hide the last real run from `report` and `compare`.
func (s *suite) save(facts []fact.Fact, start time.Time) (string, error) {
	if s.results == 0 {
		return "", fmt.Errorf("no benchmark produced a result, nothing saved:%s", reasons(s.skips, s.fails))
	}
	var out bytes.Buffer
	w := results.NewWriter(&out)
	w.Facts(facts)
	for _, name := range slices.Sorted(maps.Keys(s.skips)) {
		w.Skip(name, s.skips[name])
	}
	for _, name := range slices.Sorted(maps.Keys(s.fails)) {
		w.Fail(name, s.fails[name])
	}
	for _, u := range s.units {
		w.Unit(u, higherBetter[u])
	}
	w.Blank()
	out.Write(s.body.Bytes())
	if len(s.fails) > 0 {
		fmt.Fprintf(s.opts.Stderr, "warning: %d benchmarks failed; see the report\n", len(s.fails))
	}
	return save(s.opts.OutDir, out.Bytes(), start)
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
	tally        tally
	clocks       []string // the core clock at the start of every round
	bestProbe    float64
	retakes      int
	recent       []bool // disturbed or not, the latest busyWindow samples
	lastClock    time.Time
}

// busy reports whether at least half of the latest busyWindow samples were
// disturbed.
func (s *suite) busy() bool {
	n := 0
	for _, d := range s.recent {
		if d {
			n++
		}
	}
	return len(s.recent) >= busyWindow/2 && 2*n >= len(s.recent)
}

// sample runs the suite's rounds: the first MinRounds with every unit (the
// first with whole benchmarks, to learn their sub-benchmarks), then
// adaptive rounds of the units still short of their target, until none is
// or the budget ends. It returns the final units and the number of rounds.
func (s *suite) sample(ctx context.Context, units []*unit, deadline time.Time, seed uint64) ([]*unit, int, error) {
	p := s.opts.Profile
	rng := rand.New(rand.NewPCG(seed, 0x1a7e9c))
	r := 0
	for r < p.MinRounds {
		r++
		if r == 2 {
			units = split(units, p.MinRounds)
		}
		var round []*unit
		for _, u := range units {
			if u.detail {
				u.count = r*u.want/p.MinRounds - (r-1)*u.want/p.MinRounds
				if u.count == 0 {
					continue
				}
			}
			round = append(round, u)
		}
		rng.Shuffle(len(round), func(a, b int) { round[a], round[b] = round[b], round[a] })
		if err := s.round(ctx, r, round, true, func(*unit) bool { return true }); err != nil {
			return nil, r, err
		}
	}
	if over := time.Since(deadline); over > 0 {
		fmt.Fprintf(s.opts.Stderr, "warning: the first %d rounds ended %s after the budget\n", p.MinRounds, over.Round(time.Second))
	}
	for {
		round := s.tally.nextRound(r+1, units, p.Cap, sentinels, rng)
		if len(round) == 0 {
			break
		}
		fits := func(u *unit) bool { return time.Now().Add(u.est()).Before(deadline) }
		if !slices.ContainsFunc(round, fits) {
			break
		}
		r++
		if err := s.round(ctx, r, round, false, fits); err != nil {
			return nil, r, err
		}
	}
	return units, r, nil
}

// round runs the units of round r that fit (in order), taking a disturbed
// sample again at the end of the round when the unit has retakes left. In
// the first rounds (all) a retake is owed; in adaptive ones the unit's next
// round takes it.
func (s *suite) round(ctx context.Context, r int, round []*unit, all bool, fits func(*unit) bool) error {
	if s.opts.Clock != nil && time.Since(s.lastClock) >= clockEvery {
		s.lastClock = time.Now()
		if ghz, err := s.opts.Clock(); err != nil {
			s.clocks = append(s.clocks, "?")
		} else {
			s.clocks = append(s.clocks, fmt.Sprintf("%.2f", ghz))
		}
	}
	for i := 0; i < len(round); i++ {
		u := round[i]
		if !fits(u) {
			continue
		}
		disturbed, err := s.step(ctx, r, u)
		if err != nil {
			return err
		}
		if disturbed && all {
			round = append(round, u)
		}
	}
	return nil
}

// step runs one sample of a unit in round r and appends its results,
// preceded by the sample line, to the body. A sample the noise monitor saw
// disturbed, of a unit with retakes left, is written as "# retaken:" lines
// (benchstat ignores them; the report counts them) and reported as
// disturbed, to be taken again.
func (s *suite) step(ctx context.Context, r int, u *unit) (disturbed bool, err error) {
	j := u.job
	label := j.pkg.short + "." + u.name
	s.prog.start(fmt.Sprintf("round %d: %s", r, label))
	w := s.workers[j.pkg.path]
	if w == nil {
		if w, err = startWorker(ctx, j.pkg, s.env); err != nil {
			return false, err
		}
		s.workers[j.pkg.path] = w
	}
	t0 := time.Now()
	var res []result
	var configs []string
	failed := false
	code, err := w.do(benchmain.Command{Count: u.count, Benchtime: u.benchtime, Bench: u.bench}, func(e benchmain.Event) {
		switch e.Action {
		case benchmain.ActionResult:
			rl, err := results.ParseResult(e.Text)
			if err != nil { // a worker sends only lines that parse: a broken worker
				fmt.Fprintf(s.opts.Stderr, "\nwarning: %s in round %d: %v\n", label, r, err)
				return
			}
			res = append(res, result{e.Text, rl})
			s.prog.result(rl.Name)
		case benchmain.ActionConfig:
			configs = append(configs, e.Text)
		case benchmain.ActionSkip:
			record(s.skips, e)
		case benchmain.ActionFail:
			record(s.fails, e)
			failed = true
		}
	})
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	name := strings.TrimPrefix(j.name, "Benchmark")
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
		if _, ok := s.fails[name]; !ok && !failed {
			if msg == "" {
				msg = fmt.Sprintf("exit code %d", code)
			}
			s.fails[name] = msg
		}
		fmt.Fprintf(s.opts.Stderr, "\nwarning: %s failed in round %d: %s\n", label, r, firstLine(s.fails[name]))
	}
	u.steps++
	u.secs += time.Since(t0).Seconds()
	fields := ""
	if s.opts.Noise != nil {
		fields = s.opts.Noise()
		smp, err := noise.Parse(fields)
		seen := err == nil && len(smp.Interference()) > 0
		disturbed = seen && u.retakes < maxRetakes && !s.busy()
		s.recent = append(s.recent, seen)
		if len(s.recent) > busyWindow {
			s.recent = s.recent[1:]
		}
	}
	if s.opts.Probe != nil {
		fields += " " + s.probe()
	}
	if !disturbed && u.count == 1 {
		u.pin(res)
	}
	if disturbed {
		u.retakes++
		s.retakes++
	} else {
		u.n++
	}
	bw := results.NewWriter(&s.body)
	bw.Sample(label, results.Sample{Round: r, Retaken: disturbed, Noise: strings.TrimSpace(fields)})
	bw.Config("pkg", j.pkg.path) // a worker prints its header once, not per round
	for _, l := range configs {
		if !strings.HasPrefix(l, "pkg:") {
			bw.Line(l)
		}
	}
	for _, l := range res {
		if !slices.Contains(u.names, l.Name) {
			u.names = append(u.names, l.Name)
		}
		if disturbed {
			bw.Retaken(l.line)
			continue
		}
		bw.Line(l.line)
		s.tally.add(l.Result)
		s.results++
		for _, v := range l.Values {
			if !slices.Contains(s.units, v.Unit) {
				s.units = append(s.units, v.Unit)
			}
		}
	}
	return disturbed, nil
}

// A result is a result line as a worker sent it, written to the results
// file as it is, and what it says.
type result struct {
	line string
	results.Result
}

// probe runs the fixed-work probe and formats its slowdown over the
// fastest probe of the run so far.
func (s *suite) probe() string {
	ns := s.opts.Probe()
	if ns <= 0 {
		return ""
	}
	if s.bestProbe == 0 || ns < s.bestProbe {
		s.bestProbe = ns
	}
	return fmt.Sprintf("probe-pct=%.1f", (ns/s.bestProbe-1)*100)
}

// initialUnits makes one whole unit of every job; a job with an override
// is a detail unit, sampled its override's count of times.
func initialUnits(jobs []job, p Profile) []*unit {
	var units []*unit
	for _, j := range jobs {
		u := &unit{job: j, name: strings.TrimPrefix(j.name, "Benchmark"), bench: "^" + regexp.QuoteMeta(j.name) + "$",
			count: 1, benchtime: p.Benchtime, whole: true}
		if o, ok := overrides[j.name]; ok {
			u.detail, u.want = true, min(o.MinRounds, p.MinRounds)
			if shorter(o.Benchtime, u.benchtime) {
				u.benchtime = o.Benchtime
			}
		}
		units = append(units, u)
	}
	return units
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

// noReason is the reason of a skip or failure that gave no message.
const noReason = "no reason given"

// record keeps the first message a benchmark gave for a skip or failure in
// m, by its name without "Benchmark" and -procs.
func record(m map[string]string, e benchmain.Event) {
	name := stripProcs(strings.TrimPrefix(e.Bench, "Benchmark"))
	msg := e.Text
	if msg == "" {
		msg = noReason
	}
	if old, ok := m[name]; !ok || old == noReason {
		m[name] = msg
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

func listBenchmarks(ctx context.Context, p pkg) ([]string, error) {
	cmd := exec.CommandContext(ctx, p.bin, "-test.list", "^Benchmark")
	cmd.Dir = p.dir
	out, err := cmd.Output()
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("listing benchmarks of %s: %w (is %s on a noexec mount? set TMPDIR to a directory where programs may run)", p.path, err, filepath.Dir(p.bin))
	}
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
