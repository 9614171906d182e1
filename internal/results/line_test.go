package results

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseResult(t *testing.T) {
	for _, tc := range []struct {
		name string
		line string
		want Result
		err  string // in the error; "" for a result
	}{
		{name: "go test", line: "BenchmarkCacheRef/level=L1-2  \t  1000\t  1.23 ns/load\t  0 B/op",
			want: Result{Full: "BenchmarkCacheRef/level=L1-2", Name: "CacheRef/level=L1", Procs: "2", Iters: 1000,
				Values: []Value{{1.23, "ns/load"}, {0, "B/op"}}}},
		{name: "units as written", line: "BenchmarkSeqRead-16 10 1536 MB/s 2.5e+06 ns/op",
			want: Result{Full: "BenchmarkSeqRead-16", Name: "SeqRead", Procs: "16", Iters: 10,
				Values: []Value{{1536, "MB/s"}, {2.5e6, "ns/op"}}}},
		{name: "no procs", line: "BenchmarkX/mode=read-only 1 7 ns/op",
			want: Result{Full: "BenchmarkX/mode=read-only", Name: "X/mode=read-only", Iters: 1, Values: []Value{{7, "ns/op"}}}},
		{name: "empty", line: "", err: "want"},
		{name: "blank", line: "   \t", err: "want"},
		{name: "name alone", line: "BenchmarkOK", err: "want"},
		{name: "no iterations", line: "BenchmarkOK ", err: "iteration"},
		{name: "iterations not a number", line: "Benchmarking is fun 3 ns/op", err: "iteration count"},
		{name: "no values", line: "BenchmarkOK-2 100", err: "missing measurements"},
		{name: "value without unit", line: "BenchmarkOK-2 100 1.5", err: "missing units"},
		{name: "value not a number", line: "BenchmarkOK-2 100 fast ns/op", err: "parsing measurement"},
		{name: "configuration line", line: "goos: linux", err: "want"},
		{name: "unit line", line: "Unit ns/op better=lower", err: "want"},
		{name: "log line", line: "    x_test.go:4: no peer", err: "want"},
		{name: "two lines", line: "BenchmarkA 1 1 ns/op\nBenchmarkB 1 1 ns/op", err: "more than one line"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseResult(tc.line)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "bad result line") {
					t.Errorf("ParseResult(%q) = %+v, %v; want an error with %q", tc.line, got, err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseResult(%q) = %+v, %v; want %+v", tc.line, got, err, tc.want)
			}
		})
	}
}

func TestResultValue(t *testing.T) {
	r, err := ParseResult("BenchmarkClock-2 100 1.0 ns/op 0.3 ns/cycle")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := r.Value("ns/cycle"); !ok || v != 0.3 {
		t.Errorf("Value(ns/cycle) = %v, %v; want 0.3", v, ok)
	}
	if v, ok := r.Value("MB/s"); ok {
		t.Errorf("Value(MB/s) = %v, want none", v)
	}
}
