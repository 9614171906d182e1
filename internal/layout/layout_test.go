package layout

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/textwidth"
)

// render renders tab within width and returns its lines, checking that
// none is wider.
func render(t *testing.T, tab Table, width int) []string {
	t.Helper()
	tab.Width = width
	var buf bytes.Buffer
	tab.Render(&buf)
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for i, l := range lines {
		if w := textwidth.Width(l); w > width {
			t.Errorf("width %d: line %d is %d columns wide:\n%s", width, i+1, w, buf.String())
		}
	}
	return lines
}

// report is a table shaped like the narrow report's: a wrapping operation,
// figures, a mark and an optional column.
func report() Table {
	t := Table{Cols: []Col{{Name: "Operation", Wrap: true}, {Name: "Guide", Right: true}, {Name: "Measured", Right: true},
		{Name: "", Gap: 1}, {Name: "Kind", Optional: true}}}
	t.Add("L1 cache reference", "0.5 ns", "1.37 ns", "!", "M")
	t.AddHeading("CPU (beyond the guide)")
	t.Add("Read 1 MB sequentially from memory", "250 µs", "30.1 µs", "", "M")
	return t
}

// compare is a table shaped like the narrow comparison's: an optional
// column before the runs.
func compare() Table {
	t := Table{Cols: []Col{{Name: "Operation", Wrap: true}, {Name: "Guide", Right: true, Optional: true}, {Name: "A", Right: true}, {Name: "B", Right: true}}}
	t.Add("Mutex lock/unlock", "25 ns", "13.1 ns", "14.0 ns")
	return t
}

// wide has East Asian wide characters, two columns each, and one-column
// symbols.
func wide() Table {
	t := Table{Cols: []Col{{Name: "操作", Wrap: true}, {Name: "時間", Right: true}}}
	t.Add("主記憶の参照 とても遅い", "100 ns")
	t.Add("µs × ±", "1 µs")
	return t
}

// card is a table shaped like the card's: the operation cut, no rule, a
// mark column without a name.
func card() Table {
	t := Table{NoRule: true, Cols: []Col{{Cut: true}, {Name: "Guide", Right: true, Whole: true}, {Name: "Here", Right: true, Whole: true},
		{Gap: 1, Min: 1, Join: true}}}
	t.Add("Read 1 MB sequentially from memory", "250 µs", "≈ 30 µs", "!")
	t.Add("Disk seek", "10 ms", "–", "")
	return t
}

// figures is a table without a header, shaped like estimate's figures: a
// margin, and prose that wraps but wants 24 columns, else goes under.
func figures() Table {
	t := Table{Cols: []Col{{Gap: 2}, {Right: true}, {Wrap: true, Min: 24, Under: true}}}
	t.Add("ssd_random_read_4kb", "76.8 µs", "Read 4 KB randomly from SSD: measured, unstable in this run (!)")
	t.Add("l1", "1.37 ns", "L1 cache reference: measured")
	return t
}

// steps is a table shaped like estimate's chain: how a count came to be
// goes under its step when it does not fit beside it.
func steps() Table {
	t := Table{Cols: []Col{{Gap: 2}, {Gap: 3}, {Gap: 1}, {Right: true, Gap: 1}, {Under: true}}}
	t.Add("  2 × ssd_random_read_4kb", "2 × 76.8 µs !", "=", "154 µs", "(2 × 4 KiB)")
	t.Add("+ 1 × l1", "1 × 1.37 ns", "=", "1.37 ns", "")
	return t
}

// ruled is a table of two groups of rows with a rule between them, shaped
// like doctor's.
func ruled() Table {
	t := Table{Cols: []Col{{Name: "check", Wrap: true, Whole: true}, {Name: "found", Wrap: true}}}
	t.Add("env-smt", "on")
	t.AddRule()
	t.Add("thp", "madvise")
	return t
}

// stability is a table whose first column's words (row ids) are whole.
func stability() Table {
	t := Table{Cols: []Col{{Name: "Row", Wrap: true, Whole: true}, {Name: "A", Right: true}, {Name: "Why", Wrap: true}}}
	t.Add("memory_bandwidth_all_cores", "1.2 GB/s", "yes: the interval is wide")
	return t
}

func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name  string
		table Table
		width int
		want  string // the lines, after a newline
	}{
		{"fits", report(), 80, `
Operation                            Guide  Measured    Kind
────────────────────────────────────────────────────────────
L1 cache reference                  0.5 ns   1.37 ns !  M
── CPU (beyond the guide) ──────────────────────────────────
Read 1 MB sequentially from memory  250 µs   30.1 µs    M`},
		{"wraps", report(), 46, `
Operation              Guide  Measured    Kind
──────────────────────────────────────────────
L1 cache reference    0.5 ns   1.37 ns !  M
── CPU (beyond the guide) ────────────────────
Read 1 MB             250 µs   30.1 µs    M
  sequentially from
  memory`},
		{"stacked", report(), 30, `
Operation
  Guide Measured   Kind
──────────────────────────────
L1 cache reference
 0.5 ns  1.37 ns ! M
── CPU (beyond the guide) ────
Read 1 MB sequentially from
memory
 250 µs  30.1 µs   M`},
		{"blocks", report(), 16, `
Operation
────────────────
L1 cache
  reference
  Guide: 0.5 ns
  Measured: 1.37
    ns !
  Kind: M
── CPU (beyond ─
Read 1 MB
  sequentially
  from memory
  Guide: 250 µs
  Measured: 30.1
    µs
  Kind: M`},
		{"stacked before optional", compare(), 30, `
Operation
 Guide       A       B
──────────────────────────────
Mutex lock/unlock
 25 ns 13.1 ns 14.0 ns`},
		{"without optional", compare(), 20, `
Operation
       A       B
────────────────────
Mutex lock/unlock
 13.1 ns 14.0 ns`},
		{"wide characters", wide(), 40, `
操作                       時間
───────────────────────────────
主記憶の参照 とても遅い  100 ns
µs × ±                     1 µs`},
		{"wide characters wrap", wide(), 24, `
操作                時間
────────────────────────
主記憶の参照      100 ns
  とても遅い
µs × ±              1 µs`},
		{"wide characters stacked", wide(), 12, `
操作
   時間
────────────
主記憶の参照
とても遅い
 100 ns
µs × ±
   1 µs`},
		{"cut, no rule", card(), 60, `
                                     Guide     Here
Read 1 MB sequentially from memory  250 µs  ≈ 30 µs !
Disk seek                            10 ms        –`},
		{"cut", card(), 40, `
                        Guide     Here
Read 1 MB sequential…  250 µs  ≈ 30 µs !
Disk seek               10 ms        –`},
		{"cut stacked", card(), 20, `
  Guide    Here
Read 1 MB
sequentially from
memory
 250 µs ≈ 30 µs !
Disk seek
  10 ms       –`},
		{"no header", figures(), 100, `
  ssd_random_read_4kb  76.8 µs  Read 4 KB randomly from SSD: measured, unstable in this run (!)
  l1                   1.37 ns  L1 cache reference: measured`},
		{"no header, wraps", figures(), 60, `
  ssd_random_read_4kb  76.8 µs  Read 4 KB randomly from SSD:
                                measured, unstable in this
                                run (!)
  l1                   1.37 ns  L1 cache reference: measured`},
		{"no header, less than Min: under", figures(), 50, `
  ssd_random_read_4kb  76.8 µs
      Read 4 KB randomly from SSD: measured,
      unstable in this run (!)
  l1                   1.37 ns
      L1 cache reference: measured`},
		{"no header, blocks", figures(), 24, `
  ssd_random_read_4kb
    76.8 µs Read 4 KB
      randomly from SSD:
      measured, unstable
      in this run (!)
  l1
    1.37 ns L1 cache
      reference:
      measured`},
		{"under", steps(), 80, `
    2 × ssd_random_read_4kb   2 × 76.8 µs ! =  154 µs  (2 × 4 KiB)
  + 1 × l1                    1 × 1.37 ns   = 1.37 ns`},
		{"under its row", steps(), 60, `
    2 × ssd_random_read_4kb   2 × 76.8 µs ! =  154 µs
      (2 × 4 KiB)
  + 1 × l1                    1 × 1.37 ns   = 1.37 ns`},
		{"under, blocks", steps(), 30, `
  2 × ssd_random_read_4kb
    2 × 76.8 µs ! = 154 µs (2
      × 4 KiB)
  + 1 × l1
    1 × 1.37 ns = 1.37 ns`},
		{"whole figures in blocks", card(), 16, `
Read 1 MB
  sequentially
  from memory
  Guide: 250 µs
  Here:
    ≈ 30 µs !
Disk seek
  Guide: 10 ms
  Here: –`},
		{"rule", ruled(), 30, `
check    found
────────────────
env-smt  on
────────────────
thp      madvise`},
		{"rule, blocks", ruled(), 12, `
check
────────────
env-smt
  found: on
────────────
thp
  found:
    madvise`},
		{"whole", stability(), 80, `
Row                                A  Why
───────────────────────────────────────────────────────────────
memory_bandwidth_all_cores  1.2 GB/s  yes: the interval is wide`},
		{"whole stacked, not cut", stability(), 50, `
Row
        A Why
──────────────────────────────────────────────────
memory_bandwidth_all_cores
 1.2 GB/s yes: the interval is wide`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := "\n" + strings.Join(render(t, tc.table, tc.width), "\n"); got != tc.want {
				t.Errorf("got%s\nwant%s", got, tc.want)
			}
		})
	}
}

// TestRenderFits renders every table at every width from 1 to 100 columns:
// no line wider than the width, from MinShare up, and every cell's first
// word there but an optional column's.
func TestRenderFits(t *testing.T) {
	for name, tab := range map[string]Table{"report": report(), "compare": compare(), "wide": wide(), "card": card(),
		"figures": figures(), "steps": steps(), "stability": stability()} {
		for width := MinShare; width <= 100; width++ {
			out := strings.Join(render(t, tab, width), "\n")
			for _, row := range tab.Rows {
				for i, c := range row.Cells {
					if f := strings.Fields(c); len(f) > 0 && !tab.Cols[i].Optional && !strings.Contains(out, textwidth.Cut(f[0], 4)) {
						t.Errorf("%s, width %d: cell %q is missing:\n%s", name, width, c, out)
					}
				}
			}
		}
	}
}

func TestNotes(t *testing.T) {
	var n Notes
	var buf bytes.Buffer
	n.Write(&buf, 40)
	if buf.Len() != 0 {
		t.Errorf("no notes: got %q, want nothing", buf.String())
	}
	var refs []string
	for i := range 10 {
		note := "short"
		if i == 0 {
			note = "main_memory_reference: unstable, the spread of its samples is wide"
		}
		refs = append(refs, n.Add(note))
	}
	if refs[0] != "[1]" || refs[9] != "[10]" {
		t.Errorf("got references %q, want [1] … [10]", refs)
	}
	n.Write(&buf, 40)
	want := []string{
		"",
		"[1]  main_memory_reference: unstable,",
		"     the spread of its samples is wide",
		"[2]  short",
	}
	if got := strings.Split(buf.String(), "\n")[:4]; !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(buf.String(), "\n[10] short\n") {
		t.Errorf("note 10 not aligned with the others:\n%s", buf.String())
	}
}

// TestShareKeepsMin checks that a sharing column gets at least its Min,
// and that the sharing columns together stay within the room left.
func TestShareKeepsMin(t *testing.T) {
	tab := Table{Cols: []Col{{Wrap: true, Min: 30}, {Wrap: true}}}
	tab.Add(strings.Repeat("a ", 20), strings.Repeat("b ", 24))
	tab.Width = 50
	widths, _, ok := tab.fit()
	if !ok || widths[0] < 30 {
		t.Errorf("widths %v (fits %v); want the first at least its Min, 30", widths, ok)
	}
	narrow := Table{Cols: []Col{{Cut: true, Right: true, Min: 3}, {Whole: true, Min: 9}}}
	narrow.Add("123456", "figure")
	render(t, narrow, 28) // no line wider than 28
}

// TestRenderOddTables checks tables that a caller may build by mistake or
// at the edges: short rows, an empty heading, names wider than their
// columns, no columns at all. None panics or overruns the width.
func TestRenderOddTables(t *testing.T) {
	short := Table{Cols: []Col{{Name: "Operation", Wrap: true}, {Name: "Figure", Right: true}, {Name: "Kind", Optional: true}, {Name: "Note", Under: true}}}
	short.Add("L1 cache reference")
	short.Add()
	short.AddHeading("")
	long := Table{Cols: []Col{{Name: "An operation's name, longer than any column it could get", Wrap: true}, {Name: "A figure's very long name", Right: true}}}
	long.Add("L1", "1 ns")
	for width := MinShare; width <= 60; width++ {
		render(t, short, width)
		render(t, long, width)
	}
	var buf bytes.Buffer
	(&Table{Width: 40}).Render(&buf)
	if buf.Len() != 0 {
		t.Errorf("a table of no columns printed %q", buf.String())
	}
	defer func() {
		if recover() == nil {
			t.Error("Add with more cells than columns did not panic")
		}
	}()
	short.Add("a", "b", "c", "d", "e")
}
