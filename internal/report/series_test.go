package report

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// seriesOf builds the report of a results file given as text and returns
// its series.
func seriesOf(t *testing.T, file string) Series {
	t.Helper()
	run, err := results.Read(strings.NewReader(file), "series.txt")
	if err != nil {
		t.Fatal(err)
	}
	return Build(run, rows.Table).Series
}

// nan is a missing figure: a point of one sample has no interval.
var nan = math.NaN()

func TestSeries(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		want Series
	}{{
		name: "none",
		file: "BenchmarkCacheRef/level=L1-2 1000 1.2 ns/load\n",
		want: Series{Loaders: nan, Knee: nan},
	}, {
		// Chase curves by page size, huge pages first, then random reads
		// less 0.5 ns of loop overhead (their 4 KiB point's excess over the
		// chase's); points in size order; sizes that do not parse left out.
		name: "sweep",
		file: "BenchmarkSweep/pages=huge/size=4KiB-2 1000 1.2 ns/load\n" +
			"BenchmarkSweep/pages=huge/size=8MiB-2 100 70 ns/load\n" +
			"BenchmarkSweep/pages=4KiB/size=4KiB-2 1000 1.3 ns/load\n" +
			"BenchmarkSweep/pages=huge/read=random/size=8MiB-2 100 18.5 ns/load\n" +
			"BenchmarkSweep/pages=huge/read=random/size=4KiB-2 1000 1.7 ns/load\n" +
			"BenchmarkSweep/pages=huge/size=lots-2 1000 3 ns/load\n",
		want: Series{Loaders: nan, Knee: nan, Sweep: []SweepCurve{
			{Pages: "huge", Points: []Point{{"4KiB", 4 << 10, 1.2, nan, nan}, {"8MiB", 8 << 20, 70, nan, nan}}},
			{Pages: "4KiB", Points: []Point{{"4KiB", 4 << 10, 1.3, nan, nan}}},
			{Pages: "huge", Random: true, Overhead: 0.5, Points: []Point{{"4KiB", 4 << 10, 1.2, nan, nan}, {"8MiB", 8 << 20, 18, nan, nan}}},
		}},
	}, {
		// Without the chase at its smallest size, random reads stay as
		// measured; a sweep without pages= is on the default pages.
		name: "random reads alone",
		file: "BenchmarkSweep/size=4KiB-2 1000 1.5 ns/load\n" +
			"BenchmarkSweep/read=random/size=8KiB-2 1000 1.7 ns/load\n",
		want: Series{Loaders: nan, Knee: nan, Sweep: []SweepCurve{
			{Points: []Point{{"4KiB", 4 << 10, 1.5, nan, nan}}},
			{Random: true, Points: []Point{{"8KiB", 8 << 10, 1.7, nan, nan}}},
		}},
	}, {
		// A bounded sample of the pairs of 4 CPUs, in order of the first
		// CPU, then the second; the summaries (pair=min) are not pairs, a
		// pair written the other way round is the same pair (the first in
		// the file counts), and a CPU with itself is none.
		name: "core to core",
		file: "BenchmarkCoreToCore/pair=2-3-4 1000 40 ns/oneway 80 ns/roundtrip\n" +
			"BenchmarkCoreToCore/pair=0-12-4 1000 95 ns/oneway 190 ns/roundtrip\n" +
			"BenchmarkCoreToCore/pair=0-2-4 1000 21 ns/oneway 42 ns/roundtrip\n" +
			"BenchmarkCoreToCore/pair=12-0-4 1000 96 ns/oneway 192 ns/roundtrip\n" +
			"BenchmarkCoreToCore/pair=3-3-4 1000 1 ns/oneway 2 ns/roundtrip\n" +
			"BenchmarkCoreToCore/pair=min-4 1000 21 ns/oneway 42 ns/roundtrip 3 pairs\n",
		want: Series{Loaders: nan, Knee: nan, CoreToCore: []CorePair{{0, 2, 21}, {0, 12, 95}, {2, 3, 40}}},
	}, {
		// Points in order of the readers' bandwidth, each with its load;
		// load=100pct says how many cores read.
		name: "loaded latency",
		file: "BenchmarkLoadedLatency/load=50pct-2 10 20 GB/s 1 loaders 120 ns/load\n" +
			"BenchmarkLoadedLatency/load=0pct-2 10 0 GB/s 1 loaders 100 ns/load\n" +
			"BenchmarkLoadedLatency/load=100pct-2 10 38 GB/s 3 loaders 180 ns/load\n" +
			"BenchmarkLoadedLatency/load=75pct-2 10 30 GB/s 1 loaders\n",
		want: Series{Knee: nan, Loaders: 3, Loaded: []Point{
			{"0pct", 0, 100, nan, nan}, {"50pct", 20, 120, nan, nan}, {"100pct", 38, 180, nan, nan},
		}},
	}, {
		// Points in order of k; k=knee is the knee, not a point.
		name: "parallelism",
		file: "BenchmarkMemoryParallelism/k=4-2 10 50 ns/load\n" +
			"BenchmarkMemoryParallelism/k=1-2 10 170 ns/load\n" +
			"BenchmarkMemoryParallelism/k=16-2 10 20 ns/load\n" +
			"BenchmarkMemoryParallelism/k=knee-2 10 21 ns/load 16 knee-k\n",
		want: Series{Loaders: nan, Knee: 16, Parallelism: []Point{
			{"1", 1, 170, nan, nan}, {"4", 4, 50, nan, nan}, {"16", 16, 20, nan, nan},
		}},
	}, {
		// Ordered pairs in the file's order; a node with itself is not a
		// pair.
		name: "nodes",
		file: "BenchmarkNodeRTT/src=a/dst=b/zone=same 100 500000 ns/op 500000 p50-ns\n" +
			"BenchmarkNodeRTT/src=b/dst=a/zone=same 100 510000 ns/op 510000 p50-ns\n" +
			"BenchmarkNodeRTT/src=a/dst=c/zone=cross 100 900000 ns/op 900000 p50-ns\n" +
			"BenchmarkNodeRTT/src=c/dst=c/zone=same 100 1000 ns/op 1000 p50-ns\n",
		want: Series{Loaders: nan, Knee: nan, Nodes: []NodePair{
			{"a", "b", "same", 500000}, {"b", "a", "same", 510000}, {"a", "c", fleet.CrossZone, 900000},
		}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := seriesOf(t, tc.file)
			if !sameSeries(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// sameSeries is reflect.DeepEqual with NaN equal to NaN and figures equal
// to 1e-9 ns (the overhead taken off random reads is a difference).
func sameSeries(a, b Series) bool {
	near := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) || math.Abs(x-y) < 1e-9 }
	nearPoint := func(p, q Point) bool {
		return p.Param == q.Param && near(p.X, q.X) && near(p.NS, q.NS) && near(p.Lo, q.Lo) && near(p.Hi, q.Hi)
	}
	nearCurve := func(c, d SweepCurve) bool {
		return c.Pages == d.Pages && c.Random == d.Random && near(c.Overhead, d.Overhead) && slices.EqualFunc(c.Points, d.Points, nearPoint)
	}
	return slices.EqualFunc(a.Sweep, b.Sweep, nearCurve) &&
		reflect.DeepEqual(a.CoreToCore, b.CoreToCore) &&
		slices.EqualFunc(a.Loaded, b.Loaded, nearPoint) && near(a.Loaders, b.Loaders) &&
		slices.EqualFunc(a.Parallelism, b.Parallelism, nearPoint) && near(a.Knee, b.Knee) &&
		reflect.DeepEqual(a.Nodes, b.Nodes)
}

// TestSweepOfRun checks the memory curve of a real quick run: both page
// sizes, every size in order, each point with its interval's ends around
// the median where it has one.
func TestSweepOfRun(t *testing.T) {
	sweep := load(t, "testdata/vm-quick.txt").Series.Sweep
	if len(sweep) != 2 || sweep[0].Pages != "huge" || sweep[1].Pages != "4KiB" {
		t.Fatalf("got curves %+v, want huge then 4KiB", sweep)
	}
	for _, c := range sweep {
		if len(c.Points) != 31 { // 18 powers of two 4 KiB .. 512 MiB, and 1.5× each from 16 KiB to 64 MiB
			t.Errorf("%s: got %d points, want 31", c.Pages, len(c.Points))
		}
		if !slices.IsSortedFunc(c.Points, func(a, b Point) int { return int(a.X - b.X) }) {
			t.Errorf("%s: points not in size order", c.Pages)
		}
		if c.Points[0].X != 4<<10 || c.Points[len(c.Points)-1].X != 512<<20 {
			t.Errorf("%s: sizes %v .. %v, want 4 KiB .. 512 MiB", c.Pages, c.Points[0].X, c.Points[len(c.Points)-1].X)
		}
		for _, p := range c.Points {
			if !(p.NS > 0) || !math.IsNaN(p.Lo) && !(p.Lo <= p.NS && p.NS <= p.Hi) {
				t.Errorf("%s: point %+v is not a median within its interval", c.Pages, p)
			}
		}
	}
}

func TestPagesName(t *testing.T) {
	for _, tc := range []struct{ pages, want string }{
		{"", "default pages"},
		{"huge", "huge pages (requested)"},
		{"4KiB", "4 KiB pages"},
		{"2MiB", "2 MiB pages"},
		{"odd", "odd pages"},
	} {
		if got := (SweepCurve{Pages: tc.pages}).PagesName(); got != tc.want {
			t.Errorf("pages=%q: got %q, want %q", tc.pages, got, tc.want)
		}
	}
}

// TestNodeBench holds the node matrix's benchmark to the name package fleet
// writes it under.
func TestNodeBench(t *testing.T) {
	if nodeBench != fleet.Bench {
		t.Errorf("report reads the node matrix from %q, fleet writes it as %q", nodeBench, fleet.Bench)
	}
}
