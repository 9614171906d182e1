package chart

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot/vg"

	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/units"
)

// ErrNoNodeMatrix is returned by NodeMatrix when the run has no node pairs.
var ErrNoNodeMatrix = errors.New("no BenchmarkNodeRTT results: the node × node matrix needs them (latency pairs)")

// NodeMatrix draws the node × node round-trip matrix of a run's report
// (Series.Nodes: BenchmarkNodeRTT/src=a/dst=b/zone=…, as `latency pairs`
// writes it) as a heatmap: a row per source node, a column per
// destination, each cell the median round trip of its pair, coloured from
// light (near) to dark (far); the diagonal shaded, pairs not measured
// blank.
func NodeMatrix(rep *report.Report) (*Chart, error) {
	names, h, cross := nodeHeat(rep.Series.Nodes)
	if len(h.cells) == 0 {
		return nil, ErrNoNodeMatrix
	}
	n, lo, hi := h.n, h.lo, h.hi
	side := vg.Length(math.Max(math.Min(70, 560/float64(n)), 360/float64(n)))
	p := newPlot("Node × node round trip in ns, median of each pair\nrows: from (src), columns: to (dst)")
	ch := &Chart{Name: "node-matrix", Plot: p, Width: side*vg.Length(n) + 110, Height: side*vg.Length(n) + 170}
	matrixAxes(p, names)
	p.Add(h)
	ch.addLegend("nearest pair: "+units.Duration(lo), swatch{h.color(lo)})
	ch.addLegend("farthest pair: "+units.Duration(hi), swatch{h.color(hi)})
	if cross > 0 {
		ch.addLegend(fmt.Sprintf("%d of %d pairs cross zones", cross, len(h.cells)), swatch{color.White})
	}
	if total := n * (n - 1); len(h.cells) < total {
		ch.addLegend(fmt.Sprintf("blank: not measured (%d of %d ordered pairs)", len(h.cells), total), swatch{color.White})
	}
	return ch, nil
}

// nodeHeat returns the matrix's node names in order, its cells (a row per
// source, the first on top; a column per destination) and how many of its
// pairs cross zones.
func nodeHeat(pairs []report.NodePair) ([]string, heat, int) {
	var names []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pairs {
		names = append(names, p.Src, p.Dst)
		lo, hi = math.Min(lo, p.NS), math.Max(hi, p.NS)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	index := map[string]int{}
	for i, n := range names {
		index[n] = i
	}
	n := len(names)
	h := heat{lo: lo, hi: hi, n: n, full: true}
	cross := 0
	for _, pr := range pairs {
		h.cells = append(h.cells, heatCell{x: float64(index[pr.Dst]), y: float64(n - 1 - index[pr.Src]), v: pr.NS})
		if pr.Zone == fleet.CrossZone {
			cross++
		}
	}
	return names, h, cross
}
