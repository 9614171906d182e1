// Package results reads and writes saved runs (Read, Writer): plain
// `go test -bench` output preceded by machine facts as configuration lines,
// the format benchstat reads.
package results

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"github.com/latency-numbers/latency/internal/fact"
)

// SkipPrefix starts the configuration key under which the runner records
// why a benchmark skipped: "skip-randomread4k: O_DIRECT unsupported ...".
// Configuration keys must be lower case, so Skips and Fails are keyed by
// the lower-cased benchmark name (see SkipKey).
const SkipPrefix = "skip-"

// FailPrefix starts the key recording a benchmark that failed.
const FailPrefix = "fail-"

// StopPrefix starts the key under which an adaptive run records why it
// stopped sampling a benchmark result, one per result name:
// "stop-cacheref/level=l1/size=48kib: precise after 8 samples (±1.9 %)".
// The value's first word is the reason (StopPrecise, StopCap, StopBudget,
// StopDetail); the rest is free text.
const StopPrefix = "stop-"

// The reasons an adaptive run stops sampling a benchmark result: the first
// word of a Run.Stops value.
const (
	StopPrecise = "precise" // its 95 % interval met its row's target
	StopCap     = "cap"     // it reached the per-row sample cap
	StopBudget  = "budget"  // the run's time budget ended first
	StopDetail  = "detail"  // it answers no row: a fixed small count
)

// SamplingFact is the key of the fact an adaptive run writes
// ("sampling: adaptive (...)"); files without it took a fixed number of
// samples of every benchmark.
const SamplingFact = "sampling"

// The facts that say which suite measured a run: the version of its
// methods (package version; runs whose major or minor versions differ were
// measured differently, see version.SameMethod), the commit its workers
// were built from ("-dirty" for uncommitted changes), and whether the
// workers were built from source at run time or embedded in the binary
// (make dist): "workers: built" or "workers: embedded".
const (
	SuiteVersionFact = "suite-version"
	SuiteCommitFact  = "suite-commit"
	WorkersFact      = "workers"
)

// RetakenTag starts the result line of a disturbed sample that the runner
// took again: "# retaken: BenchmarkCacheRef/level=L1-2  1000  1.23 ns/load".
// Being a comment to benchfmt and benchstat, it is no sample of the row;
// its sample line carries "retaken=1".
const RetakenTag = "# retaken: "

// A Run is one results file.
type Run struct {
	File  string
	Label string // from label=path, else the file name without extension

	Facts []fact.Fact       // file configuration, in file order
	facts map[string]string // the same, by key

	Benches []*Bench // in file order
	byName  map[string]*Bench

	Skips map[string]string // SkipKey(benchmark name) → reason the benchmark gave
	Fails map[string]string // SkipKey(benchmark name) → failure message
	// Stops says, in an adaptive run, why sampling stopped for each
	// benchmark result: SkipKey(benchmark name) → "precise after 8 samples
	// (±1.9 %)" (see StopPrefix; StopReason reads it). Empty for other runs.
	Stops    map[string]string
	Warnings []string // problems that did not stop the read, "file:line: msg"

	// Digest is the SHA-256 of the file's bytes: two paths to one file, or
	// a copy of it, have the same Digest (see SameRun).
	Digest [sha256.Size]byte

	notes *notes // while reading: the sample lines seen so far
}

// A Bench is every sample of one benchmark, by unit.
type Bench struct {
	Name   string // without "Benchmark" and the -GOMAXPROCS suffix: "CacheRef/level=L1"
	Procs  string // GOMAXPROCS suffix, "2"
	Units  []string
	Values map[string][]float64 // by unit, in file order
	// Samples has one entry per result line, in file order: the runner's
	// record of the round it came from and what else the machine did
	// meanwhile. Zero-valued for files written before rounds.
	Samples []Sample
	// Retaken has one entry per "# retaken: " result line of this
	// benchmark (see RetakenTag): the sample record of a disturbed sample
	// the runner took again. They are no samples of the row (Values holds
	// none of their figures), but part of what the noise monitor saw.
	Retaken []Sample
}

// A Sample is what the runner recorded before a sample's result lines: the
// round and the noise monitor's fields (package noise), e.g.
// "# sample round=3 bench=memory.CacheRef secs=1.5 steal-pct=0.2 ...".
type Sample struct {
	Round   int    // 1-based; 0 when unknown
	Retaken bool   // "retaken=1": disturbed, taken again; its results are RetakenTag lines
	Noise   string // space-separated key=value fields, "" when none
}

// SampleTag starts a sample line (written by package runner).
const SampleTag = "# sample "

// parseSample reads a sample line's round and keeps the noise fields.
func parseSample(line string) Sample {
	var s Sample
	var noise []string
	for _, f := range strings.Fields(strings.TrimPrefix(line, SampleTag)) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "round":
			fmt.Sscan(v, &s.Round)
		case "bench":
		case "retaken":
			s.Retaken = v == "1"
		default:
			noise = append(noise, f)
		}
	}
	s.Noise = strings.Join(noise, " ")
	return s
}

// Fact returns the value of a configuration key, or "".
func (r *Run) Fact(key string) string { return r.facts[key] }

// Adaptive reports whether the run sampled adaptively: whether it has the
// "sampling: adaptive ..." fact.
func (r *Run) Adaptive() bool { return strings.HasPrefix(r.Fact(SamplingFact), "adaptive") }

// StopReason returns why an adaptive run stopped sampling the benchmark
// result name (a Bench's Name): the reason word (StopPrecise, ...), without
// punctuation after it ("detail: 3 samples"), and the free text after it;
// "" when the file does not say.
func (r *Run) StopReason(name string) (reason, detail string) {
	v, ok := r.Stops[SkipKey(name)]
	if !ok {
		return "", ""
	}
	reason, detail, _ = strings.Cut(strings.TrimSpace(v), " ")
	return strings.TrimRight(reason, ":;,."), strings.TrimSpace(detail)
}

// Find returns the first benchmark named name or name/<more parts>.
func (r *Run) Find(name string) *Bench {
	if b := r.byName[name]; b != nil {
		return b
	}
	for _, b := range r.Benches {
		if strings.HasPrefix(b.Name, name+"/") {
			return b
		}
	}
	return nil
}

// Summary is the median of a unit's samples and its 95% confidence
// interval (benchmath, assuming nothing about the distribution), and their
// floor. Lo and Hi are NaN when there are too few samples for an interval.
type Summary struct {
	Center, Lo, Hi float64
	// Floor is the FloorQuantile of the samples (see Quantile): what the
	// hardware does while its neighbours are quiet. With one sample, that
	// sample.
	Floor    float64
	N        int
	Warnings []string
}

// FloorQuantile is the quantile of a unit's samples that Summary.Floor is.
//
// Note: a median moves with the host (a neighbour's burst, a busier hour
// on a shared VM); the low end of the samples is the hardware with the
// neighbours quiet, and it reproduces from run to run. The minimum would
// be the extreme of that, but one lucky sample makes it; the 10th
// percentile needs a tenth of them to agree.
const FloorQuantile = 0.10

// Quantile returns the p-quantile (0 ≤ p ≤ 1) of vs by linear interpolation
// between order statistics: with the n values sorted, the value at
// position p×(n−1), counting from 0, interpolated between its neighbours
// (Hyndman and Fan's definition 7, the default of R and NumPy). NaN for
// no values.
func Quantile(vs []float64, p float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	h := p * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	if i < 0 {
		return s[0]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

// Summary summarises the samples of one unit.
func (b *Bench) Summary(unit string) (Summary, bool) {
	vs := b.Values[unit]
	if len(vs) == 0 {
		return Summary{}, false
	}
	return SummaryOf(vs), true
}

// SummaryOf summarises samples (at least one); vs keeps its order.
func SummaryOf(vs []float64) Summary {
	// benchmath.NewSample sorts its values in place; Values stay in file
	// order (the report compares the halves of a run).
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(vs), &benchmath.DefaultThresholds), 0.95)
	out := Summary{Center: s.Center, Lo: s.Lo, Hi: s.Hi, Floor: Quantile(vs, FloorQuantile), N: len(vs)}
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		out.Lo, out.Hi = math.NaN(), math.NaN()
	}
	for _, w := range s.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	return out
}

// maxLine bounds one line of a results file; longer lines are reported and
// skipped rather than read into memory whole.
const maxLine = 1 << 20

// MaxFileSize bounds what is read of one results file. A run's file is a
// few hundred KiB; /dev/zero or an endless pipe is not a results file.
const MaxFileSize = 256 << 20

// ReadFile reads a results file. arg is a path or label=path.
func ReadFile(arg string) (*Run, error) { return ReadFileContext(context.Background(), arg) }

// SplitArg splits a command's argument label=path into its label and path;
// label is "" when arg is a plain path (a file really named a=b is one).
func SplitArg(arg string) (label, path string) {
	if l, p, ok := strings.Cut(arg, "="); ok && l != "" && !strings.ContainsRune(l, os.PathSeparator) {
		if _, err := os.Stat(arg); err != nil {
			return l, p
		}
	}
	return "", arg
}

// ReadFileContext is ReadFile that stops, with ctx's error, once ctx is
// done, even while waiting for input from a pipe or terminal.
func ReadFileContext(ctx context.Context, arg string) (*Run, error) {
	label, path := SplitArg(arg)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory, want a results file", path)
	} else if err == nil && st.Mode().IsRegular() && st.Size() > MaxFileSize {
		// Refused before reading: a file this size takes seconds to parse.
		return nil, fmt.Errorf("%s: %d MiB, more than %d MiB: not a results file (a run's file is well under 1 MiB)",
			path, st.Size()>>20, MaxFileSize>>20)
	}
	if label == "" {
		label = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	// Closing the file ends a read that waits on a pipe or a terminal.
	stop := context.AfterFunc(ctx, func() { f.Close() })
	defer stop()
	run, err := read(ctx, f, path)
	if run != nil {
		run.Label = label
	}
	return run, err
}

// Read parses results from r; fileName is used in messages. It returns a
// Run with whatever was usable and an error only when nothing was: the
// problems it stepped over are in Run.Warnings. When r cannot be read to
// its end (an error, the MaxFileSize limit, ctx done), it returns no Run.
func Read(r io.Reader, fileName string) (*Run, error) { return read(context.Background(), r, fileName) }

func read(ctx context.Context, r io.Reader, fileName string) (*Run, error) {
	run := &Run{File: fileName, Label: fileName, facts: map[string]string{}, byName: map[string]*Bench{},
		Skips: map[string]string{}, Fails: map[string]string{}, Stops: map[string]string{}}
	h := sha256.New()
	lr := &notes{file: fileName}
	run.notes = lr
	br := benchfmt.NewReader(newCleanLines(&boundedReader{r: r, ctx: ctx, left: MaxFileSize, hash: h}, maxLine, lr), fileName)
	seenFacts := false
	facts := map[string]string{} // file configuration as of the last result
	for br.Scan() {
		switch rec := br.Result().(type) {
		case *benchfmt.SyntaxError:
			run.Warnings = append(run.Warnings, rec.Error())
		case *benchfmt.Result:
			if err := secondRun(facts, rec); err != nil {
				return nil, err
			}
			if !seenFacts {
				seenFacts = true
				var fs []fact.Fact
				for _, c := range rec.Config {
					if c.File {
						fs = append(fs, fact.Fact{Key: c.Key, Value: string(c.Value)})
					}
				}
				run.addConfig(fs)
			}
			run.add(rec)
		}
	}
	if lr.joined != "" && br.Err() == nil {
		return nil, fmt.Errorf("%s: the file holds two runs, perhaps one results file pasted twice or "+
			"another run's lines appended: keep one run per file, and set runs side by side with `latency compare`", lr.joined)
	}
	h.Sum(run.Digest[:0])
	run.addRetaken()
	run.addConfig(lr.stops) // wherever they were: benchfmt gives a result only the lines above it
	run.notes = nil
	if err := br.Err(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err() // not the closed file's error
		}
		// Nothing of a file not read to its end is shown: a report of its
		// first part would pass for the run's.
		return nil, fmt.Errorf("reading %s: %w", fileName, err)
	}
	run.Warnings = append(run.Warnings, lr.warnings...)
	if len(run.Benches) == 0 {
		// benchfmt gives configuration only with a result; a run whose every
		// benchmark skipped still has its facts and reasons in the header.
		run.addConfig(lr.header)
		why := "no benchmark results"
		if lr.binary {
			why = "not a text file"
		} else if len(lr.warnings) > 0 {
			why += " (" + lr.warnings[0] + ")"
		}
		return run, fmt.Errorf("%s: %s", fileName, why)
	}
	return run, nil
}

// SameRun says why a and b are one run given twice, or returns "": their
// files hold the same bytes, or they have the same date and CPU model.
//
// Note: a run's date fact is when it started, to the second; another run
// of that machine starts later, and a run elsewhere that started in the
// same second has another CPU model or is not worth telling apart. A copy
// of a run (its samples edited, its lines trimmed) keeps its facts and is
// still that run.
func SameRun(a, b *Run) string {
	switch {
	case a.Digest == b.Digest:
		return "the files are identical"
	case a.Fact(fact.Date) != "" && a.Fact(fact.Date) == b.Fact(fact.Date) && a.Fact(fact.CPUModel) == b.Fact(fact.CPUModel):
		return fmt.Sprintf("both are the run of %s started at %s", a.Fact(fact.CPUModel), a.Fact(fact.Date))
	}
	return ""
}

// secondRun returns an error if rec's file configuration changes a fact
// that an earlier result had, and records rec's facts in facts.
//
// Note: a results file is one run on one machine: its facts are written
// once, before the results. A fact that changes half-way (cpu-model, date)
// means two files were concatenated; pooling their samples would give a
// median of two machines under the first one's facts. go test's own
// per-package lines (goos, goarch, cpu) repeat with the same values; pkg
// changes with every package and is no fact, and stop- lines are the
// runner's record of each result, not facts of the machine.
func secondRun(facts map[string]string, rec *benchfmt.Result) error {
	for _, c := range rec.Config {
		if !c.File || c.Key == "pkg" || strings.HasPrefix(c.Key, StopPrefix) {
			continue
		}
		v := string(c.Value)
		if old, ok := facts[c.Key]; ok && old != v {
			file, line := rec.Pos()
			return fmt.Errorf("%s:%d: a second run starts before this line (%s changes from %q to %q): "+
				"the file holds two runs, perhaps two results files joined; split it where the second run's facts begin "+
				"and set the runs side by side with `latency compare`", file, line, c.Key, old, v)
		}
		facts[c.Key] = v
	}
	return nil
}

// addConfig sorts file configuration into facts, skip reasons, failures
// and stop reasons.
func (run *Run) addConfig(fs []fact.Fact) {
	for _, f := range fs {
		switch k, v := f.Key, f.Value; {
		case strings.HasPrefix(k, SkipPrefix):
			run.Skips[strings.TrimPrefix(k, SkipPrefix)] = v
		case strings.HasPrefix(k, FailPrefix):
			run.Fails[strings.TrimPrefix(k, FailPrefix)] = v
		case strings.HasPrefix(k, StopPrefix):
			run.Stops[strings.TrimPrefix(k, StopPrefix)] = v
		case k == "pkg":
			// varies by package; not a machine fact
		default:
			run.Facts = append(run.Facts, fact.Fact{Key: k, Value: v})
			run.facts[k] = v
		}
	}
}

// sampleAt returns the sample record in force at a result line: the last
// sample line before it.
func (run *Run) sampleAt(line int) Sample {
	ss := run.notes.samples
	i, _ := slices.BinarySearchFunc(ss, line, func(s sampleLine, l int) int { return s.line - l })
	if i == 0 {
		return Sample{}
	}
	return ss[i-1].s
}

// benchName splits a result's full name into the name a Bench has
// ("CacheRef/level=L1") and its GOMAXPROCS suffix ("2").
func benchName(full benchfmt.Name) (name, procs string) {
	base, parts := full.Parts()
	name = strings.TrimPrefix(string(base), "Benchmark")
	for _, p := range parts {
		if len(p) > 0 && p[0] == '-' {
			procs = string(p[1:])
			continue
		}
		name += string(p)
	}
	return name, procs
}

// addRetaken gives each benchmark the sample records of its retaken result
// lines. A name with no kept result is no row's sample and is passed over.
func (run *Run) addRetaken() {
	for _, r := range run.notes.retaken {
		if b := run.byName[r.name]; b != nil {
			b.Retaken = append(b.Retaken, run.sampleAt(r.line))
		}
	}
}

func (run *Run) add(rec *benchfmt.Result) {
	name, procs := benchName(rec.Name)
	b := run.byName[name]
	if b == nil {
		b = &Bench{Name: name, Procs: procs, Values: map[string][]float64{}}
		run.byName[name] = b
		run.Benches = append(run.Benches, b)
	}
	_, line := rec.Pos()
	b.Samples = append(b.Samples, run.sampleAt(line))
	for _, v := range valuesOf(rec) {
		if why := implausible(v.Unit, v.Value); why != "" {
			file, line := rec.Pos()
			run.Warnings = append(run.Warnings, fmt.Sprintf("%s:%d: %s: %s %s, dropped", file, line, name, v.Unit, why))
			continue
		}
		if _, ok := b.Values[v.Unit]; !ok {
			b.Units = append(b.Units, v.Unit)
		}
		b.Values[v.Unit] = append(b.Values[v.Unit], v.Value)
	}
}

// Bounds of a plausible value: no benchmark of this suite measures a time
// below a picosecond or above 11 days, and no metric (MB/s, pct, ratio)
// reaches 1e15.
const (
	maxValue  = 1e15
	minTimeNS = 1e-3
)

// implausible says why a value can be no measurement of its unit ("is not a
// finite number", "is negative", ...), or returns "".
//
// Note: a results file may be edited, fuzzed or damaged; a value no
// benchmark can produce would otherwise show as "Measured −1.24 ns" or give
// "+Inf× faster". Zero is a valid count or percentage (0 hit-pct for cache
// misses, 0 huge-pct with 4 KiB pages), but never a time.
func implausible(unit string, v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "is not a finite number"
	case v < 0:
		return fmt.Sprintf("%g is negative", v)
	case v > maxValue:
		return fmt.Sprintf("%.3g is absurdly large", v)
	case isTime(unit) && v == 0:
		return "is zero"
	case isTime(unit) && v < minTimeNS:
		return fmt.Sprintf("%g is below a picosecond", v)
	}
	return ""
}

// isTime reports whether unit is a time in nanoseconds: "ns/op",
// "ns/load", "p50-ns", "mean-ns/load".
func isTime(unit string) bool {
	head, _, _ := strings.Cut(unit, "/")
	return head == "ns" || strings.HasSuffix(head, "-ns")
}

// boundedReader reads r until ctx is done or more than left bytes would
// be read, hashing every byte it passes on.
type boundedReader struct {
	r    io.Reader
	ctx  context.Context
	left int64
	hash hash.Hash
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if b.left <= 0 {
		return 0, fmt.Errorf("more than %d MiB: not a results file (a run's file is well under 1 MiB)", MaxFileSize>>20)
	}
	n, err := b.r.Read(p[:min(int64(len(p)), b.left)])
	b.left -= int64(n)
	b.hash.Write(p[:n])
	return n, err
}

// cleanLines passes text through a line at a time, replacing a line
// longer than max or not UTF-8 text with an empty line (so line numbers
// stay right) and noting a warning for it; it shows every line to the
// notes. No line is held in memory beyond max bytes.
type cleanLines struct {
	br       *bufio.Reader // of max+1 bytes: a line and its newline
	max      int
	out      []byte // pending output
	skipping bool   // inside an over-long line
	notes    *notes
}

func newCleanLines(r io.Reader, max int, n *notes) *cleanLines {
	return &cleanLines{br: bufio.NewReaderSize(r, max+1), max: max, notes: n}
}

func (c *cleanLines) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		line, err := c.next()
		if err != nil {
			return 0, err
		}
		c.out = append(append(c.out[:0], line...), '\n')
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// next returns the next line, cleaned, without its newline.
//
// Note: an over-long line gives its empty line as soon as it is known to
// be too long, and its rest is skipped on the next call: input without a
// newline (/dev/zero) then reaches benchfmt as lines until the size limit
// stops it.
func (c *cleanLines) next() ([]byte, error) {
	if c.skipping {
		_, err := c.br.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			_, err = c.br.ReadSlice('\n')
		}
		if err != nil {
			return nil, err
		}
		c.skipping = false
	}
	line, err := c.br.ReadSlice('\n')
	switch {
	case err == io.EOF && len(line) == 0:
		return nil, io.EOF
	case err != nil && err != io.EOF && err != bufio.ErrBufferFull:
		return nil, err
	}
	n := c.notes
	n.line++
	line = bytes.TrimSuffix(line, []byte("\n"))
	switch {
	case err == bufio.ErrBufferFull:
		n.warn("line longer than %d bytes skipped", c.max)
		c.skipping = true
		line = nil
	case err == io.EOF:
		n.warn("last line has no newline: the run may have been cut short")
	}
	if !utf8.Valid(line) || bytes.IndexByte(line, 0) >= 0 {
		n.warn("line is not UTF-8 text, skipped")
		n.binary = n.binary || n.line <= 2
		line = nil
	}
	n.see(string(line))
	return line, nil
}

// notes are what read notes of a file's lines beside benchfmt: what
// benchfmt passes over (sample, retaken and stop lines; configuration
// without a result after it), the problems of lines, and the signs of
// two runs in one file.
type notes struct {
	file     string
	line     int // the line being read, from 1
	warnings []string
	binary   bool        // one of the first two lines is not text
	header   []fact.Fact // "key: value" lines before the first result line
	results  bool        // a result line has been seen
	samples  []sampleLine
	retaken  []retakenLine
	stops    []fact.Fact // StopPrefix lines, wherever they are

	// What tells one run from two pasted together (see joinedAt).
	joined     string          // "file:line: why", the first sign of a second run; "" when none
	rounds     map[string]bool // "round bench" of every kept sample line
	round      int             // the round of the last kept sample line
	block      *sampleBlock    // the sample line in force and its results; nil before the first
	ran        map[string]bool // unsampled files: benchmark names whose results have ended
	lastResult string          // unsampled files: the name of the previous result line
	headerKeys map[string]bool // the keys of header, once results begin
}

// A sampleBlock is a kept sample line's benchmark and the names of the
// result lines under it.
type sampleBlock struct {
	bench string // "CacheRef/level=L1/size=16KiB": the sample line's bench without its package
	names map[string]bool
}

// A retakenLine is the benchmark name of a RetakenTag line and its line
// number.
type retakenLine struct {
	line int
	name string // as a Bench names it: "CacheRef/level=L1"
}

// A sampleLine is a sample line and its line number.
type sampleLine struct {
	line int
	s    Sample
}

// see notes line n.line, once cleaned.
func (n *notes) see(line string) {
	if strings.HasPrefix(line, SampleTag) {
		n.samples = append(n.samples, sampleLine{n.line, parseSample(line)})
	}
	if rest, ok := strings.CutPrefix(line, RetakenTag); ok {
		if r, err := ParseResult(rest); err != nil {
			n.warn("retaken sample: %v", err)
		} else {
			n.retaken = append(n.retaken, retakenLine{n.line, r.Name})
		}
	}
	if strings.HasPrefix(line, StopPrefix) {
		if k, v, ok := strings.Cut(line, ": "); ok && configKey.MatchString(k) && len(n.stops) < 10000 {
			n.stops = append(n.stops, fact.Fact{Key: k, Value: strings.TrimSpace(v)})
		}
	}
	n.joinedAt(line)
	if !n.results {
		if strings.HasPrefix(line, "Benchmark") {
			n.results = true
		} else if k, v, ok := strings.Cut(line, ": "); ok && configKey.MatchString(k) && len(n.header) < 1000 {
			n.header = append(n.header, fact.Fact{Key: k, Value: strings.TrimSpace(v)})
		}
	}
}

// goTestKeys are the configuration keys go test prints before each
// package's results.
var goTestKeys = map[string]bool{"goos": true, "goarch": true, "pkg": true, "cpu": true}

// joinedAt records, in l.joined, the first sign that line starts or
// continues a second run: the file's facts stated again after its
// results began; a sample line (round and benchmark) seen before; a result
// line under a sample line of another benchmark, or a second one of the
// same name under one sample line; or, in a file of facts without sample
// lines, a benchmark's results resuming after other benchmarks' results;
// a round number lower than the one before it.
// It is called for every line before l.results and l.header take it in.
//
// Note: the runner writes its facts once, above the results (go test's own
// goos, goarch, pkg and cpu repeat per package, and stop- lines may be
// anywhere); it writes a sample line before every sample, once per round
// and benchmark (a disturbed sample's line, retaken=1, is followed by the
// line of the sample taken again), round after round; and go test -count prints a benchmark's
// results one after another. A file without facts is plain go test output,
// which may well be several runs appended on purpose: only a results file
// of `latency run` is held to these rules. A joined file whose facts
// differ is secondRun's to report, with the fact that changed.
func (l *notes) joinedAt(line string) {
	if l.joined != "" {
		return
	}
	if l.results && l.headerKeys == nil {
		l.headerKeys = map[string]bool{}
		for _, f := range l.header {
			if !goTestKeys[f.Key] && !strings.HasPrefix(f.Key, StopPrefix) {
				l.headerKeys[f.Key] = true
			}
		}
	}
	at := func(format string, args ...any) {
		l.joined = fmt.Sprintf("%s:%d: %s", l.file, l.line, fmt.Sprintf(format, args...))
	}
	switch {
	case strings.HasPrefix(line, SampleTag):
		s := parseSample(line)
		if s.Retaken {
			l.block = nil // its results are RetakenTag lines
			return
		}
		var bench string
		for _, f := range strings.Fields(strings.TrimPrefix(line, SampleTag)) {
			if v, ok := strings.CutPrefix(f, "bench="); ok {
				bench = v
			}
		}
		key := fmt.Sprint(s.Round, " ", bench)
		if l.rounds == nil {
			l.rounds = map[string]bool{}
		}
		if l.rounds[key] {
			at("round %d of %s is sampled a second time", s.Round, bench)
			return
		}
		if s.Round < l.round {
			at("round %d follows round %d: the rounds start again", s.Round, l.round)
			return
		}
		l.rounds[key], l.round = true, s.Round
		_, name, _ := strings.Cut(bench, ".") // "memory.CacheRef/level=L1"
		l.block = &sampleBlock{bench: name, names: map[string]bool{}}
	case strings.HasPrefix(line, "Benchmark"):
		r, err := ParseResult(line)
		if err != nil { // benchfmt warns of it, or it is a name alone (go test -v)
			return
		}
		name := r.Name
		if l.rounds != nil { // a file with sample lines
			switch b := l.block; {
			case b == nil:
				at("result of %s without its sample line", name)
			case name != b.bench && !strings.HasPrefix(name, b.bench+"/"):
				at("result of %s under the sample line of %s", name, b.bench)
			case b.names[name]:
				at("a second result of %s under one sample line", name)
			default:
				b.names[name] = true
			}
			return
		}
		if len(l.headerKeys) == 0 { // no facts: plain go test output
			return
		}
		if name != l.lastResult {
			if l.ran[name] {
				at("results of %s resume after other benchmarks' results", name)
				return
			}
			if l.ran == nil {
				l.ran = map[string]bool{}
			}
			if l.lastResult != "" {
				l.ran[l.lastResult] = true
			}
			l.lastResult = name
		}
	case l.results:
		if k, _, ok := strings.Cut(line, ": "); ok && l.headerKeys[k] {
			at("the run's facts begin again (%s)", k)
		}
	}
}

// configKey is the benchmark format's configuration key: it starts with a
// lower-case letter and has no space or upper-case letter.
var configKey = regexp.MustCompile(`^\p{Ll}[^\s\p{Lu}]*$`)

func (l *notes) warn(format string, args ...any) {
	if len(l.warnings) < 20 {
		l.warnings = append(l.warnings, fmt.Sprintf("%s:%d: %s", l.file, l.line, fmt.Sprintf(format, args...)))
	} else if len(l.warnings) == 20 {
		l.warnings = append(l.warnings, fmt.Sprintf("%s: more problems not shown", l.file))
	}
}

// SkipKey is the key of a benchmark name in Run.Skips and Run.Fails and,
// after SkipPrefix or FailPrefix, in a results file: "CacheRef/level=L1"
// becomes "cacheref/level=l1".
func SkipKey(name string) string { return strings.ToLower(strings.TrimPrefix(name, "Benchmark")) }

// ErrNoResults is returned by Newest when the directory holds no results.
var ErrNoResults = errors.New("no results files")

// Newest returns the most recently modified results file (*.txt) in dir
// that holds benchmark results.
func Newest(dir string) (string, error) {
	paths, err := NewestRuns(dir, 1)
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// NewestRuns returns the n most recently modified results files (*.txt) in
// dir or its subdirectories (see Files), newest first, or fewer if dir has
// fewer. It is an error if it has none.
//
// Note: a run whose every benchmark skipped (no scratch space, no peer)
// still leaves a file with the reasons; it is not the run anyone means by
// "the newest", so files without a benchmark result are passed over.
// Files broken in other ways are not: reading them says what is wrong.
func NewestRuns(dir string, n int) ([]string, error) {
	paths, err := Files(dir)
	if err != nil {
		return nil, err
	}
	type cand struct {
		path string
		t    int64
	}
	var cands []cand
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			continue
		}
		cands = append(cands, cand{p, info.ModTime().UnixNano()})
	}
	// Newest first; names start with a UTC stamp, so the name breaks ties.
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.t, a.t); c != 0 {
			return c
		}
		return strings.Compare(b.path, a.path)
	})
	var out []string
	empty := 0
	for _, c := range cands {
		if len(out) == n {
			break
		}
		if run, _ := ReadFile(c.path); run != nil && len(run.Benches) == 0 {
			empty++
			continue
		}
		out = append(out, c.path)
	}
	if len(out) == 0 {
		why := "run `make bench` first"
		if empty > 0 {
			files := "1 file holds"
			if empty > 1 {
				files = fmt.Sprintf("%d files hold", empty)
			}
			why = fmt.Sprintf("%s no benchmark result (every benchmark skipped); %s", files, why)
		}
		return nil, fmt.Errorf("%w in %s: %s", ErrNoResults, dir, why)
	}
	return out, nil
}

// GalleryMarker is the name of the file that marks a directory written by
// `latency gallery`: its copies of results files are no runs of their own,
// so Files passes over a directory that holds one.
const GalleryMarker = ".latency-gallery"

// Files returns the results files (*.txt) under dir, in dir itself and in
// its subdirectories at any depth, sorted by path: both the flat layout
// (results/<stamp>-<host>.txt) and the nested one
// (results/<cpu or instance type>/<stamp>-<host>.txt) of results/README.md.
// Names starting with "." (a file being written, .git) and galleries (see
// GalleryMarker) are passed over; symbolic links to directories are not
// followed.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if _, err := os.Lstat(filepath.Join(path, GalleryMarker)); err == nil && path != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(d.Name(), ".txt") {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 { // a link to a results file counts, one to a directory does not
			if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
				return nil
			}
		}
		out = append(out, path)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}
