package chart

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
)

func TestNodeMatrix(t *testing.T) {
	var in strings.Builder
	in.WriteString("peer-where: datacenter\n")
	nodes := []string{"a", "b", "c"}
	for i, src := range nodes {
		for j, dst := range nodes {
			if i != j {
				fmt.Fprintf(&in, "BenchmarkNodeRTT/src=%s/dst=%s/zone=same 100 %d ns/op %d p50-ns\n", src, dst, 500000+1000*i+j, 500000+1000*i+j)
			}
		}
	}
	run, err := results.Read(strings.NewReader(in.String()), "m.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := reports(run)[0]
	ch, err := NodeMatrix(rep)
	if err != nil {
		t.Fatal(err)
	}
	_, h, _ := nodeHeat(rep.Series.Nodes)
	if !h.full || h.n != 3 {
		t.Errorf("heat: full %v n %d, want a full 3 × 3 square", h.full, h.n)
	}
	cells := h.cells
	if len(cells) != 6 {
		t.Fatalf("got %d cells, want 6 (3 × 3 less the diagonal)", len(cells))
	}
	for _, c := range cells {
		src, dst := int(2-c.y), int(c.x) // rows from, columns to; a on top
		if want := float64(500000 + 1000*src + dst); c.v != want {
			t.Errorf("cell (%s → %s): got %v, want %v", nodes[src], nodes[dst], c.v, want)
		}
	}
	var buf bytes.Buffer
	if err := ch.Write(&buf, "svg"); err != nil || buf.Len() == 0 {
		t.Errorf("svg: %v, %d bytes", err, buf.Len())
	}

	empty, _ := results.Read(strings.NewReader("BenchmarkClock-2 1 0.3 ns/cycle\n"), "e.txt")
	if _, err := NodeMatrix(reports(empty)[0]); !errors.Is(err, ErrNoNodeMatrix) {
		t.Errorf("a run without pairs: got %v, want ErrNoNodeMatrix", err)
	}
}
