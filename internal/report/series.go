package report

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// Series are the measurements of a run that are drawn point by point
// rather than read as one row's figure: the memory curve, the core-to-core
// and node × node matrices, and the loaded-latency and memory-parallelism
// curves. Build takes them from the run once; package chart and the HTML
// page draw them from the report.
type Series struct {
	// Sweep is the memory curve, from BenchmarkSweep: the chase's curves
	// by page size, huge pages first, then the random reads'.
	Sweep []SweepCurve
	// CoreToCore is the core-to-core matrix, from
	// BenchmarkCoreToCore/pair=a-b: each measured pair once, in order of
	// its first CPU, then its second.
	CoreToCore []CorePair
	// Loaded is the loaded-latency curve, from
	// BenchmarkLoadedLatency/load=…: X is the bandwidth the other cores
	// read meanwhile in GB/s, Param the load ("25pct"), in order of X.
	Loaded []Point
	// Loaders is how many cores read at full load (load=100pct's
	// loaders), NaN when the run does not say.
	Loaders float64
	// Parallelism is the memory-parallelism curve, from
	// BenchmarkMemoryParallelism/k=…: X is k, the chases in flight, in
	// order of k.
	Parallelism []Point
	// Knee is the k past which more chases in flight stop helping (k=knee's
	// knee-k), NaN when the run does not say.
	Knee float64
	// Nodes is the node × node matrix, from BenchmarkNodeRTT/src=a/dst=b/
	// zone=…, as `latency pairs` writes it: each measured ordered pair.
	Nodes []NodePair
}

// A Point is one sub-benchmark of a curve: its parameter, its x and the
// median of its time in ns with the 95% confidence interval of the median
// (Lo and Hi NaN with too few samples).
type Point struct {
	Param      string
	X          float64
	NS, Lo, Hi float64
}

// A SweepCurve is one line of the memory curve: one page size, one way of
// reading (the chase, or random reads). Its points' X is the working set in
// bytes, in size order.
type SweepCurve struct {
	Pages  string // the sweep's pages= part: "huge", "4KiB"; "" when it has none
	Random bool   // random reads (read=random), not the chase
	// Overhead is the ns per load taken off a random-read curve (see
	// lessOverhead); 0 for the chase.
	Overhead float64
	Points   []Point
}

// A CorePair is one measured pair of CPUs of the core-to-core matrix, A <
// B, and the median one-way time between them.
type CorePair struct {
	A, B int
	NS   float64
}

// A NodePair is one measured ordered pair of the node × node matrix, the
// zone= part of its name ("same", "cross") and its median round trip.
type NodePair struct {
	Src, Dst, Zone string
	NS             float64
}

// The benchmarks the series come from (bench/memory, bench/cpu, package
// fleet), and the units of their points.
const (
	loadedBench = "LoadedLatency" // LoadedLatency/load=50pct: ns/load at GB/s
	mlpBench    = "MemoryParallelism"
	curveUnit   = "ns/load"
	c2cBench    = "CoreToCore" // CoreToCore/pair=0-1
	c2cUnit     = "ns/oneway"
	// nodeBench is fleet.Bench (a test holds them equal): importing fleet
	// for its name would bring its network code into every report.
	nodeBench = "NodeRTT"
	nodeUnit  = "p50-ns"
)

// series takes the series from run.
func series(run *results.Run) Series {
	s := Series{
		Sweep:       sweepCurves(run),
		CoreToCore:  corePairs(run),
		Loaded:      points(run, loadedBench, "load", "GB/s"),
		Loaders:     math.NaN(),
		Parallelism: points(run, mlpBench, "k", ""),
		Knee:        math.NaN(),
		Nodes:       nodePairs(run),
	}
	if b := run.Find(loadedBench + "/load=100pct"); b != nil {
		if l, ok := b.Summary("loaders"); ok {
			s.Loaders = l.Center
		}
	}
	if b := run.Find(mlpBench + "/k=knee"); b != nil {
		if k, ok := b.Summary("knee-k"); ok {
			s.Knee = k.Center
		}
	}
	return s
}

// sweepCurves returns run's sweep results by page size, huge pages first,
// then its random reads, points in size order. The random reads are taken
// less their loop overhead (lessOverhead).
func sweepCurves(run *results.Run) []SweepCurve {
	type key struct {
		pages  string
		random bool
	}
	byKey := map[key]*SweepCurve{}
	var order []key
	for _, b := range run.Benches {
		if !strings.HasPrefix(b.Name, rows.Sweep.Bench+"/") {
			continue
		}
		var k key
		var size string
		for _, part := range strings.Split(b.Name, "/")[1:] {
			name, v, _ := strings.Cut(part, "=")
			switch name {
			case "pages":
				k.pages = v
			case "size":
				size = v
			case "read":
				k.random = v == "random"
			}
		}
		n, err := units.ParseBytes(size)
		s, ok := b.Summary(rows.Sweep.Unit)
		if err != nil || !ok || s.Center <= 0 {
			continue
		}
		c := byKey[k]
		if c == nil {
			c = &SweepCurve{Pages: k.pages, Random: k.random}
			byKey[k] = c
			order = append(order, k)
		}
		c.Points = append(c.Points, Point{Param: size, X: n, NS: s.Center, Lo: s.Lo, Hi: s.Hi})
	}
	rank := func(k key) int {
		switch {
		case k.random:
			return 2
		case k.pages == "huge":
			return 0
		}
		return 1
	}
	slices.SortStableFunc(order, func(a, b key) int { return cmp.Compare(rank(a), rank(b)) })
	var out []SweepCurve
	for _, k := range order {
		c := byKey[k]
		slices.SortStableFunc(c.Points, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
		out = append(out, *c)
	}
	for i := range out {
		if out[i].Random {
			out[i].lessOverhead(out)
		}
	}
	return out
}

// lessOverhead subtracts from a random-read curve its loop's overhead: its
// smallest point's excess over the same size's chase (of the same pages).
// Without that point in the chase, the curve stays as measured. So the two
// meet where both hit L1, and where they part shows a cache partly
// available (see chart.Memory).
func (c *SweepCurve) lessOverhead(all []SweepCurve) {
	if len(c.Points) == 0 {
		return
	}
	first := c.Points[0]
	for _, o := range all {
		if o.Random || o.Pages != c.Pages {
			continue
		}
		for _, pt := range o.Points {
			if pt.X != first.X || first.NS <= pt.NS {
				continue
			}
			c.Overhead = first.NS - pt.NS
			for i := range c.Points {
				p := &c.Points[i]
				// Never at or below zero, for the log scale.
				d := math.Min(c.Overhead, p.NS/2)
				p.NS, p.Lo, p.Hi = p.NS-d, p.Lo-d, p.Hi-d
			}
			return
		}
	}
}

// PagesName says which pages a curve used: "huge pages (requested)", "4 KiB
// pages".
func (c SweepCurve) PagesName() string {
	switch c.Pages {
	case "":
		return "default pages"
	case "huge":
		return "huge pages (requested)"
	}
	if n, err := units.ParseBytes(c.Pages); err == nil {
		return units.Bytes(n, 3) + " pages"
	}
	return c.Pages + " pages"
}

// points returns the points of run's sub-benchmarks bench/key=value in
// order of x. x is the median of unitX, or the value parsed as a number
// when unitX is "". Values that do not parse (k=knee) are left out.
func points(run *results.Run, bench, key, unitX string) []Point {
	var out []Point
	for _, b := range run.Benches {
		rest, ok := strings.CutPrefix(b.Name, bench+"/"+key+"=")
		if !ok {
			continue
		}
		param := strings.SplitN(rest, "/", 2)[0]
		y, okY := b.Summary(curveUnit)
		if !okY || !(y.Center > 0) {
			continue
		}
		var x float64
		if unitX == "" {
			v, err := strconv.ParseFloat(param, 64)
			if err != nil {
				continue
			}
			x = v
		} else if s, ok := b.Summary(unitX); ok {
			x = s.Center
		} else {
			continue
		}
		out = append(out, Point{Param: param, X: x, NS: y.Center, Lo: y.Lo, Hi: y.Hi})
	}
	slices.SortStableFunc(out, func(a, b Point) int { return cmp.Compare(a.X, b.X) })
	return out
}

// corePairs returns the run's measured pairs of CPUs in order, each once:
// of a pair measured both ways round, the first in the file.
func corePairs(run *results.Run) []CorePair {
	var out []CorePair
	for _, b := range run.Benches {
		rest, ok := strings.CutPrefix(b.Name, c2cBench+"/pair=")
		if !ok {
			continue
		}
		as, bs, ok := strings.Cut(strings.SplitN(rest, "/", 2)[0], "-")
		a, errA := strconv.Atoi(as)
		bb, errB := strconv.Atoi(bs)
		s, okS := b.Summary(c2cUnit)
		if !ok || errA != nil || errB != nil || a < 0 || bb < 0 || a == bb || !okS || !(s.Center > 0) {
			continue // pair=min and the other summaries, or damage
		}
		if a > bb {
			a, bb = bb, a
		}
		out = append(out, CorePair{a, bb, s.Center})
	}
	slices.SortStableFunc(out, func(x, y CorePair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return slices.CompactFunc(out, func(x, y CorePair) bool { return x.A == y.A && x.B == y.B })
}

// nodePairs returns the run's measured ordered pairs of nodes, in the
// file's order.
func nodePairs(run *results.Run) []NodePair {
	var out []NodePair
	for _, b := range run.Benches {
		if !strings.HasPrefix(b.Name, nodeBench+"/") {
			continue
		}
		src, _ := namePart(b.Name, "src")
		dst, _ := namePart(b.Name, "dst")
		zone, _ := namePart(b.Name, "zone")
		s, ok := b.Summary(nodeUnit)
		if src == "" || dst == "" || src == dst || !ok || !(s.Center > 0) {
			continue
		}
		out = append(out, NodePair{src, dst, zone, s.Center})
	}
	return out
}
