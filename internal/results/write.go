package results

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/perf/benchfmt"

	"github.com/latency-numbers/latency/internal/fact"
)

// A Writer writes a results file, the format Read reads: configuration
// lines (the run's facts, skip and failure reasons), benchfmt Unit lines,
// then each sample's line and its results. The first error is kept and
// returned by Err; later writes do nothing.
//
// Note: benchfmt.Writer writes configuration lines only in front of a
// result, and a Unit line per metadata key; a results file states its
// facts and reasons even when every benchmark skipped, and states each
// unit's metadata on one line ("Unit ns/op better=lower assume=nothing",
// which benchstat reads the same). So configuration and Unit lines are
// written here, and benchfmt.Writer writes the results a Writer is given
// as records (Result); the lines a benchmark printed are kept as they
// were (Line), alignment and all.
type Writer struct {
	w   io.Writer
	bw  *benchfmt.Writer
	err error
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w, bw: benchfmt.NewWriter(w)} }

// Err returns the first error of a write.
func (w *Writer) Err() error { return w.err }

func (w *Writer) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format, args...)
	}
}

// Config writes one configuration line, "key: value", the value on one
// line (runs of white space become one space) and "unknown" when empty.
func (w *Writer) Config(key, value string) {
	value = strings.Join(strings.Fields(value), " ")
	if value == "" {
		value = "unknown"
	}
	w.printf("%s: %s\n", key, value)
}

// Facts writes a configuration line for each fact, in order.
func (w *Writer) Facts(facts []fact.Fact) {
	for _, f := range facts {
		w.Config(f.Key, f.Value)
	}
}

// Skip records why the benchmark name ("PeerRTT", "Benchmark" prefix
// optional) skipped: "skip-peerrtt: no peer".
func (w *Writer) Skip(name, reason string) { w.Config(SkipPrefix+SkipKey(name), reason) }

// Fail records the failure message of the benchmark name.
func (w *Writer) Fail(name, msg string) { w.Config(FailPrefix+SkipKey(name), msg) }

// Unit writes the benchfmt metadata line of unit: which way is better,
// and that benchstat is to assume nothing about its distribution.
func (w *Writer) Unit(unit string, higherBetter bool) {
	better := "lower"
	if higherBetter {
		better = "higher"
	}
	w.printf("Unit %s better=%s assume=nothing\n", unit, better)
}

// Blank writes an empty line, which ends a block of configuration lines.
func (w *Writer) Blank() { w.printf("\n") }

// Sample writes the line that precedes a sample's results: its round,
// the benchmark run (package and name, "memory.CacheRef/level=L1"), the
// noise fields and, for a sample taken again, "retaken=1" (its results
// are then written with Retaken).
func (w *Writer) Sample(bench string, s Sample) {
	fields := s.Noise
	if s.Retaken {
		fields += " retaken=1"
	}
	w.printf("%sround=%d bench=%s %s\n", SampleTag, s.Round, bench, strings.TrimSpace(fields))
}

// Line writes a line as a benchmark printed it (a result or go test's
// configuration line); a newline is added if it has none.
func (w *Writer) Line(line string) {
	if !strings.HasSuffix(line, "\n") {
		line += "\n"
	}
	w.printf("%s", line)
}

// Retaken writes the result line of a disturbed sample that was taken
// again, behind RetakenTag.
func (w *Writer) Retaken(line string) { w.Line(RetakenTag + line) }

// Result writes a result. Its configuration is not written (benchfmt.Writer
// would write it again in front of every change): write facts with Config.
func (w *Writer) Result(r *benchfmt.Result) {
	if w.err == nil {
		r2 := *r
		r2.Config = nil
		w.err = w.bw.Write(&r2)
	}
}
