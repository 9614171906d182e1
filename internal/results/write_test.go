package results

import (
	"bytes"
	"slices"
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
