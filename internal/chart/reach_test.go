package chart

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/units"
)

// testdata/reach.txt is a real run of the benchmarks beyond idle latency
// (CoreToCore, Bandwidth, LoadedLatency, MemoryParallelism,
// RandomRead4KQD), six samples of 20 ms each, LATENCY_PROFILE=quick, on the
// development VM, with that machine's facts as the runner writes them.

// sixCPUs is a made-up matrix: a bounded sample of 7 of the 10 pairs of 5
// CPUs, with the summaries that must not become cells.
const sixCPUs = `cpu-model: Test CPU
date: 2026-11-28T09:10:00Z

BenchmarkCoreToCore/pair=0-1-6 1000 18.5 ns/oneway 37 ns/roundtrip
BenchmarkCoreToCore/pair=0-2-6 1000 21 ns/oneway 42 ns/roundtrip
BenchmarkCoreToCore/pair=0-6-6 1000 7.4 ns/oneway 14.8 ns/roundtrip
BenchmarkCoreToCore/pair=0-12-6 1000 95 ns/oneway 190 ns/roundtrip
BenchmarkCoreToCore/pair=2-12-6 1000 102 ns/oneway 204 ns/roundtrip
BenchmarkCoreToCore/pair=1-2-6 1000 19 ns/oneway 38 ns/roundtrip
BenchmarkCoreToCore/pair=6-12-6 1000 1234 ns/oneway 2468 ns/roundtrip
BenchmarkCoreToCore/pair=min-6 1000 7.4 ns/oneway 14.8 ns/roundtrip 7 pairs
BenchmarkCoreToCore/pair=max-6 1000 1234 ns/oneway 2468 ns/roundtrip 7 pairs
`

func readString(t *testing.T, s string) *results.Run {
	t.Helper()
	run, err := results.Read(strings.NewReader(s), "six.txt")
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestCoreToCoreCells(t *testing.T) {
	cells := reports(readString(t, sixCPUs))[0].Series.CoreToCore
	var got []string
	for _, c := range cells {
		got = append(got, nsCell(c.NS))
	}
	// In order of the first CPU, then the second; summaries left out.
	want := []string{"18.5", "21", "7.4", "95", "19", "102", "1.23k"}
	if !slices.Equal(got, want) {
		t.Errorf("cells %v, want %v", got, want)
	}
	if cells[3].A != 0 || cells[3].B != 12 {
		t.Errorf("fourth cell is %d-%d, want 0-12", cells[3].A, cells[3].B)
	}
}

func TestCoreToCoreSVG(t *testing.T) {
	c, err := CoreToCore(reports(readString(t, sixCPUs))[0])
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, c, "svg")
	wantText(t, svg, "Core-to-core latency: one way in ns, median", "Test CPU · 2026-11-28",
		"0", "1", "2", "6", "12", "CPU", "18.5", "7.4", "1.23k",
		"fastest pair: 7.40 ns", "slowest pair: 1.23 µs", "blank: not measured (7 of 10 pairs)")

	h := heat{lo: 7.4, hi: 1234}
	if luminance(h.color(7.4)) < 0.8 || luminance(h.color(1234)) > 0.2 {
		t.Errorf("fastest cell not light or slowest not dark: %v %v", h.color(7.4), h.color(1234))
	}
	if a, b := luminance(h.color(20)), luminance(h.color(200)); !(a > b) {
		t.Errorf("a slower cell is not darker: luminance %.2f at 20 ns, %.2f at 200 ns", a, b)
	}

	run := readRun(t, "testdata/reach.txt")
	one, err := CoreToCore(reports(run)[0])
	if err != nil {
		t.Fatal(err)
	}
	s, _ := run.Find("CoreToCore/pair=0-1").Summary("ns/oneway")
	wantText(t, render(t, one, "svg"), "CPUs 0 and 1: "+units.Duration(s.Center)+" one way", nsCell(s.Center))
}

func TestLoadedLatencySVG(t *testing.T) {
	run := readRun(t, "testdata/reach.txt")
	pts := reports(run)[0].Series.Loaded
	var params []string
	for i, p := range pts {
		params = append(params, p.Param)
		if i > 0 && p.X < pts[i-1].X {
			t.Errorf("points not in order of bandwidth: %v", pts)
		}
	}
	slices.Sort(params)
	if want := []string{"0pct", "100pct", "25pct", "50pct", "75pct"}; !slices.Equal(params, want) {
		t.Errorf("points %v, want %v", params, want)
	}
	c, err := LoadedLatency(reports(run))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, render(t, c, "svg"), "Loaded latency: a main memory reference while other cores read memory",
		"1 core(s) reading, one chasing; labels: share of the readers' peak",
		"idle", "25 %", "50 %", "75 %", "100 %", "this machine: median, 95% interval",
		"read bandwidth of the other cores meanwhile (GB/s)", "time per dependent load (ns)", "0", "100", "200")
}

func TestParallelismSVG(t *testing.T) {
	run := readRun(t, "testdata/reach.txt")
	pts := reports(run)[0].Series.Parallelism
	var ks []float64
	for _, p := range pts {
		ks = append(ks, p.X)
	}
	if want := []float64{1, 2, 4, 8, 16, 32, 64}; !slices.Equal(ks, want) {
		t.Errorf("points k=%v, want %v (k=knee is not a point)", ks, want)
	}
	a, b := readRun(t, "testdata/reach.txt"), readRun(t, "testdata/reach.txt")
	a.Label, b.Label = "vm-a", "vm-b"
	c, err := Parallelism(reports(a, b))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, render(t, c, "svg"), "Memory-level parallelism: time per load with k misses in flight",
		"vm-a: AMD EPYC · 2026-11-28", "vm-b: median, 95% interval",
		"if every miss overlapped: k=1's time ÷ k", "knee: k=32", "1", "64", "10 ns", "100 ns")
}

func TestNoReachCharts(t *testing.T) {
	run := readRun(t, "testdata/quick.txt")
	if _, err := CoreToCore(reports(run)[0]); !errors.Is(err, ErrNoMatrix) {
		t.Errorf("CoreToCore: got %v, want ErrNoMatrix", err)
	}
	if _, err := LoadedLatency(reports(run)); !errors.Is(err, ErrNoLoaded) {
		t.Errorf("LoadedLatency: got %v, want ErrNoLoaded", err)
	}
	if _, err := Parallelism(reports(run)); !errors.Is(err, ErrNoMLP) {
		t.Errorf("Parallelism: got %v, want ErrNoMLP", err)
	}
	charts, err := All(reports(readRun(t, "testdata/reach.txt")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	if want := []string{"ladder", "core-to-core", "loaded-latency", "memory-parallelism"}; !slices.Equal(names, want) {
		t.Errorf("All drew %v, want %v", names, want)
	}
}

func TestPlainTicks(t *testing.T) {
	for _, tc := range []struct {
		min, max float64
		want     []string
	}{
		{0, 287, []string{"0", "50", "100", "150", "200", "250"}},
		{0, 33, []string{"0", "5", "10", "15", "20", "25", "30"}},
		{0, 1.1, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
	} {
		var got []string
		for _, tk := range (plainTicks{}).Ticks(tc.min, tc.max) {
			got = append(got, tk.Label)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("ticks %g..%g: got %v, want %v", tc.min, tc.max, got, tc.want)
		}
	}
}
