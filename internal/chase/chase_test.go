package chase

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/codegen"
	"github.com/latency-numbers/latency/internal/mem"
)

func TestSattoloIsOneCycle(t *testing.T) {
	for _, n := range []int{2, 3, 7, 64, 1000, 4096} {
		p := Sattolo(n, uint64(n))
		seen := make([]bool, n)
		i, steps := uint32(0), 0
		for !seen[i] {
			seen[i] = true
			i = p[i]
			steps++
		}
		if i != 0 || steps != n {
			t.Errorf("n=%d: cycle from 0 has length %d, want %d", n, steps, n)
		}
	}
}

func TestSattoloIsDeterministic(t *testing.T) {
	a, b := Sattolo(100, 7), Sattolo(100, 7)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed gave different permutations at %d", i)
		}
	}
}

func TestRingVisitsEveryLineOnce(t *testing.T) {
	for _, pages := range []mem.Pages{mem.Huge, mem.Small} {
		t.Run(pages.String(), func(t *testing.T) {
			r, err := New(256<<10, pages, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Free()
			offs := r.Nodes()
			if offs == nil {
				t.Fatal("walking Len() nodes did not return to the head")
			}
			if got, want := len(offs), (256<<10)/LineSize; got != want {
				t.Fatalf("got %d nodes, want %d", got, want)
			}
			seen := map[uintptr]bool{}
			samePage := 0
			for i, o := range offs {
				if o%LineSize != 0 {
					t.Fatalf("node %d at offset %d is not line-aligned", i, o)
				}
				if seen[o] {
					t.Fatalf("line at offset %d visited twice", o)
				}
				seen[o] = true
				if i > 0 && o/4096 == offs[i-1]/4096 {
					samePage++
				}
			}
			// With 64 pages, a random next line is on the same page 1/64 of the time.
			if samePage > len(offs)/16 {
				t.Errorf("%d of %d steps stay on the same 4 KiB page: order is not random across pages", samePage, len(offs))
			}
			if c := r.Walk(Cursor{}, r.Len()); c.p != r.head {
				t.Errorf("Walk(Len()) did not return to the head")
			}
		})
	}
}

// TestWalkCodegen checks the compiled chase loop: each load must be a plain
// load through the previous load's result (MOVQ 0(AX), AX on amd64, MOVD
// (R0), R0 on arm64), with no index arithmetic, bounds check or call.
func TestWalkCodegen(t *testing.T) {
	insts, err := codegen.Disassemble(walk)
	if err != nil {
		t.Skip(err) // an architecture without a decoder
	}
	listing := codegen.Listing(insts)
	load := regexp.MustCompile(`^MOV[QD] (?:0)?\((\w+)\), (\w+)$`)
	var loads [][]string
	for _, in := range insts {
		if m := load.FindStringSubmatch(in.Text); m != nil {
			loads = append(loads, m)
		}
		if in.Op == "CALL" {
			t.Errorf("walk calls out (%s): a bounds check or helper crept in:\n%s", in, listing)
		}
	}
	if len(loads) < 17 {
		t.Errorf("found %d register-indirect loads in walk, want 16 unrolled + 1:\n%s", len(loads), listing)
	}
	for i := 1; i < 16 && i < len(loads); i++ {
		if loads[i][1] != loads[i-1][2] {
			t.Errorf("load %d reads through %s, not the previous load's result %s:\n%s", i, loads[i][1], loads[i-1][2], listing)
		}
	}
}

// TestPickSpreads checks that random reads land on every line about equally
// often and that successive lines are not a fixed stride apart (which a
// prefetcher could follow).
func TestPickSpreads(t *testing.T) {
	const lines, draws = 1 << 10, 1 << 18
	shift := uint(64 - 10)
	count := make([]int, lines)
	strides := map[int64]int{}
	var x uint64
	prev := int64(-1)
	for range draws {
		x += 0x9E3779B97F4A7C15
		l := pick(x, shift)
		if l >= lines {
			t.Fatalf("pick gave line %d of %d", l, lines)
		}
		count[l]++
		if prev >= 0 {
			strides[int64(l)-prev]++
		}
		prev = int64(l)
	}
	want := draws / lines
	for l, c := range count {
		if c < want/2 || c > want*3/2 {
			t.Errorf("line %d drawn %d times, want about %d", l, c, want)
		}
	}
	for s, c := range strides {
		if c > draws/100 {
			t.Errorf("stride %d between successive lines %d times of %d", s, c, draws)
		}
	}
}

func TestReader(t *testing.T) {
	r, err := NewReader(1<<20+100, mem.Huge)
	if err != nil {
		t.Skip(err)
	}
	defer r.Free()
	if r.Size() != 1<<20 {
		t.Errorf("Size = %d, want 1 MiB (rounded down to a power of two lines)", r.Size())
	}
	r.Read(1000)
	if r.v != 0 {
		t.Errorf("read a non-zero word %#x: the chain would leave the buffer", r.v)
	}
	if _, err := NewReader(64, mem.Huge); err == nil {
		t.Error("NewReader(64) = nil error, want a refusal (one line)")
	}
}

// TestReadCodegen checks read's loop makes one load per step and calls out
// to nothing.
func TestReadCodegen(t *testing.T) {
	insts, err := codegen.Disassemble(read)
	if err != nil {
		t.Skip(err)
	}
	listing := codegen.Listing(insts)
	loads := 0
	for _, in := range insts {
		if in.Op == "CALL" {
			t.Errorf("read calls out (%s):\n%s", in, listing)
		}
		if strings.HasPrefix(in.Op, "MOV") && in.Memory() {
			loads++
		}
	}
	if loads != 1 {
		t.Errorf("read has %d memory loads, want 1:\n%s", loads, listing)
	}
	t.Logf("\n%s", listing)
}

func TestMove(t *testing.T) {
	r, err := New(1<<20, mem.Huge, 3)
	if err != nil {
		t.Skip(err)
	}
	defer r.Free()
	want := r.Nodes()
	off := r.Offset(r.Walk(Cursor{}, 1000))
	next := r.Offset(r.Walk(r.At(off), 1))
	if err := r.Move(); err != nil {
		t.Fatal(err)
	}
	if got := r.Nodes(); !slices.Equal(got, want) {
		t.Fatalf("after Move the ring is not the same cycle (%d nodes, want %d)", len(got), len(want))
	}
	if got := r.Offset(r.Walk(r.At(off), 1)); got != next {
		t.Errorf("after Move, one step from offset %#x lands at %#x, want %#x", off, got, next)
	}
	if got := r.Offset(Cursor{}); got != 0 {
		t.Errorf("Offset(head) = %#x, want 0", got)
	}
}
