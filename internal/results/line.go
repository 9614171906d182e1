package results

import (
	"fmt"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// A Result is one result line of `go test -bench` output, parsed:
// "BenchmarkCacheRef/level=L1-2  1000  1.23 ns/load  0 B/op".
type Result struct {
	Full   string  // the name as written: "BenchmarkCacheRef/level=L1-2"
	Name   string  // as a Bench names it, without "Benchmark" and -procs: "CacheRef/level=L1"
	Procs  string  // the GOMAXPROCS suffix, "2"; "" when none
	Iters  int     // iterations
	Values []Value // in line order
}

// A Value is a figure of a result line and its unit, as written ("ns/load",
// "MB/s"), not as benchfmt tidies it ("sec/load", "B/s").
type Value struct {
	Value float64
	Unit  string
}

// Value returns the result's figure in unit; false when it has none.
func (r Result) Value(unit string) (float64, bool) {
	for _, v := range r.Values {
		if v.Unit == unit {
			return v.Value, true
		}
	}
	return 0, false
}

// ParseResult parses one result line, as go test prints it or a results
// file holds it: the name, the iterations, then value and unit pairs. A
// line that is none (a configuration line, a benchmark's name alone, a
// value without its unit) is an error that quotes the line.
//
// Note: the line is parsed by benchfmt.Reader, the parser that reads
// results files (Read) and benchstat's input, so the runner, its workers
// and the report agree on what a result line is.
func ParseResult(line string) (Result, error) {
	if strings.ContainsAny(line, "\n\r") {
		return Result{}, fmt.Errorf("bad result line %q: more than one line", line)
	}
	br := benchfmt.NewReader(strings.NewReader(line), "")
	if !br.Scan() {
		return Result{}, fmt.Errorf("bad result line %q: want \"BenchmarkName N value unit ...\"", line)
	}
	switch rec := br.Result().(type) {
	case *benchfmt.SyntaxError:
		return Result{}, fmt.Errorf("bad result line %q: %s", line, rec.Msg)
	case *benchfmt.Result:
		name, procs := benchName(rec.Name)
		return Result{Full: "Benchmark" + string(rec.Name), Name: name, Procs: procs, Iters: rec.Iters, Values: valuesOf(rec)}, nil
	}
	return Result{}, fmt.Errorf("bad result line %q: want \"BenchmarkName N value unit ...\"", line) // a Unit line
}

// valuesOf returns rec's values with their units as the benchmark wrote
// them: the row table names them so (ns/load, MB/s), and benchfmt's tidied
// forms (sec/load, B/s) would lose that.
func valuesOf(rec *benchfmt.Result) []Value {
	out := make([]Value, 0, len(rec.Values))
	for _, v := range rec.Values {
		if v.OrigUnit != "" {
			v.Value, v.Unit = v.OrigValue, v.OrigUnit
		}
		out = append(out, Value{v.Value, v.Unit})
	}
	return out
}
