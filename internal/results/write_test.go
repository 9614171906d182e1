package results

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"slices"
	"strings"
	"testing"

	"golang.org/x/perf/benchfmt"

	"github.com/latency-numbers/latency/internal/fact"
)

// TestWriteRoundTrip writes a results file with Writer and reads it back:
// the same facts, reasons, units and samples.
func TestWriteRoundTrip(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	facts := []fact.Fact{{Key: "cpu-model", Value: "Test CPU"}, {Key: "l3-cache", Value: ""}, {Key: "profile", Value: "quick  (two\nlines)"}}
	w.Facts(facts)
	w.Skip("BenchmarkPeerRTT", "no peer:\tset LATENCY_PEER")
	w.Fail("Branch", "random and sorted cost the same")
	w.Unit("ns/load", false)
	w.Unit("GHz", true)
	w.Blank()
	samples := []Sample{{Round: 1, Noise: "load1=0.5 probe-pct=0.0"}, {Round: 2, Retaken: true, Noise: "others-cpu-pct=60.0"}, {Round: 2}}
	w.Sample("memory.CacheRef", samples[0])
	w.Config("pkg", "example.com/bench/memory")
	w.Line("BenchmarkCacheRef/level=L1-2   \t  100\t  1.25 ns/load")
	w.Sample("memory.CacheRef", samples[1])
	w.Retaken("BenchmarkCacheRef/level=L1-2   \t  100\t  9.00 ns/load\n")
	w.Sample("memory.CacheRef", samples[2])
	w.Result(&benchfmt.Result{Name: benchfmt.Name("CacheRef/level=L1-2"), Iters: 100, Values: []benchfmt.Value{{Value: 1.5, Unit: "ns/load"}, {Value: 3.5, Unit: "GHz"}},
		Config: []benchfmt.Config{{Key: "ignored", Value: []byte("x"), File: true}}})
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}

	run, err := Read(bytes.NewReader(b.Bytes()), "rt")
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(run.Warnings) > 0 {
		t.Errorf("warnings %q\n%s", run.Warnings, b.String())
	}
	for _, want := range []fact.Fact{{Key: "cpu-model", Value: "Test CPU"}, {Key: "l3-cache", Value: "unknown"}, {Key: "profile", Value: "quick (two lines)"}} {
		if got := run.Fact(want.Key); got != want.Value {
			t.Errorf("fact %s: got %q, want %q", want.Key, got, want.Value)
		}
	}
	if run.Fact("ignored") != "" {
		t.Error("a Result's configuration was written")
	}
	if got := run.Skips["peerrtt"]; got != "no peer: set LATENCY_PEER" {
		t.Errorf("skip reason: got %q", got)
	}
	if got := run.Fails["branch"]; got != "random and sorted cost the same" {
		t.Errorf("failure: got %q", got)
	}
	bench := run.Find("CacheRef/level=L1")
	if bench == nil {
		t.Fatalf("no CacheRef result:\n%s", b.String())
	}
	if !slices.Equal(bench.Values["ns/load"], []float64{1.25, 1.5}) || !slices.Equal(bench.Values["GHz"], []float64{3.5}) {
		t.Errorf("values: got %v", bench.Values)
	}
	if !slices.Equal(bench.Samples, []Sample{samples[0], samples[2]}) || !slices.Equal(bench.Retaken, samples[1:2]) {
		t.Errorf("samples: got %+v, retaken %+v, want %+v", bench.Samples, bench.Retaken, samples)
	}
	units := map[string]string{}
	br := benchfmt.NewReader(bytes.NewReader(b.Bytes()), "rt")
	for br.Scan() {
		if u, ok := br.Result().(*benchfmt.UnitMetadata); ok {
			units[u.OrigUnit+" "+u.Key] = u.Value
		}
	}
	for k, want := range map[string]string{"ns/load better": "lower", "ns/load assume": "nothing", "GHz better": "higher", "GHz assume": "nothing"} {
		if units[k] != want {
			t.Errorf("Unit %s: got %q, want %q", k, units[k], want)
		}
	}
}

// TestCleanLines checks the clean-up of lines before benchfmt reads them:
// an over-long line or one that is not text becomes an empty line, with a
// warning naming its line, and the line numbers after it stay right.
func TestCleanLines(t *testing.T) {
	const max = 24
	for _, tc := range []struct {
		name, in, want string
		warnings       []string
	}{
		{"plain", "a: b\nBenchmarkX 1 2 ns/op\n", "a: b\nBenchmarkX 1 2 ns/op\n", nil},
		{"long line", "a: b\n" + strings.Repeat("x", max+1) + "\nc: d\n", "a: b\n\nc: d\n", []string{"f:2: line longer than 24 bytes skipped"}},
		{"longest kept", strings.Repeat("y", max) + "\n", strings.Repeat("y", max) + "\n", nil},
		{"long last line", "a: b\n" + strings.Repeat("x", 3*max), "a: b\n\n", []string{"f:2: line longer than 24 bytes skipped"}},
		{"no newline", "a: b", "a: b\n", []string{"f:1: last line has no newline: the run may have been cut short"}},
		{"not UTF-8", "a: b\nc: \xff\n", "a: b\n\n", []string{"f:2: line is not UTF-8 text, skipped"}},
		{"NUL", "a\x00b\nc: d\n", "\nc: d\n", []string{"f:1: line is not UTF-8 text, skipped"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := &notes{file: "f"}
			got, err := io.ReadAll(newCleanLines(strings.NewReader(tc.in), max, n))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if !slices.Equal(n.warnings, tc.warnings) {
				t.Errorf("warnings %q, want %q", n.warnings, tc.warnings)
			}
		})
	}
}

// TestBoundedReader checks that a read stops at the size limit with an
// error rather than an end of file.
func TestBoundedReader(t *testing.T) {
	h := sha256.New()
	b := &boundedReader{r: strings.NewReader(strings.Repeat("z", 100)), ctx: context.Background(), left: 10, hash: h}
	got, err := io.ReadAll(b)
	if err == nil || len(got) != 10 {
		t.Errorf("read %d bytes, error %v; want 10 and an error", len(got), err)
	}
	if want := sha256.Sum256(got); !bytes.Equal(h.Sum(nil), want[:]) {
		t.Error("the hash is not of the bytes read")
	}
}
