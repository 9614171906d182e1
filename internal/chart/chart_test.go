package chart

import (
	"bytes"
	"errors"
	"html"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
	"github.com/latency-numbers/latency/internal/view"
)

// testdata/quick.txt is a real run: `latency run -profile quick -bench
// 'CacheRef|SeqRead|Sweep|MainMemory'` on the development VM (no L3 size
// reported). testdata/second.txt is another run, to chart two machines.

func readRun(t *testing.T, path string) *results.Run {
	t.Helper()
	run, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// reports builds the reports of runs, as Ladder takes them.
func reports(runs ...*results.Run) []*report.Report {
	var reps []*report.Report
	for _, run := range runs {
		reps = append(reps, report.Build(run, rows.Table))
	}
	return reps
}

func render(t *testing.T, c *Chart, format view.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Write(&buf, format); err != nil {
		t.Fatalf("writing %s %s: %v", c.Name, format, err)
	}
	return buf.Bytes()
}

// wantText fails for each string the SVG does not show as text.
func wantText(t *testing.T, svg []byte, want ...string) {
	t.Helper()
	for _, w := range want {
		if !bytes.Contains(svg, []byte(">"+html.EscapeString(w)+"<")) {
			t.Errorf("SVG has no text %q", w)
		}
	}
}

func TestLadderSVG(t *testing.T) {
	run := readRun(t, "testdata/quick.txt")
	c, err := Ladder(reports(run), Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, c, "svg")

	// The title names the machine and the date; the axis has unit ticks.
	wantText(t, svg, "Latency numbers on a log scale", "Oxide Virtual Turin-like Processor · 2026-11-27",
		"time per operation (log scale)", "0.1 ns", "1 ns", "1 µs", "1 ms", "1 s")
	// The legend: guide, model for the run's year, this machine.
	wantText(t, svg, "guide's figure (2012)", "Scott's model for 2026", "this machine: measured median, 95% interval")

	rep := report.Build(run, rows.Table)
	for _, l := range rep.Rows { // every guide row, with its figure or the reason it has none
		wantText(t, svg, l.Operation)
		switch l.Kind {
		case rows.Measured:
			wantText(t, svg, units.Duration(l.Measured))
		case rows.NotMeasured:
			why := []rune("not measured: " + l.Note) // maybe shortened to fit: check the start
			if !bytes.Contains(svg, []byte(">"+html.EscapeString(string(why[:min(len(why), 30)])))) {
				t.Errorf("SVG does not say why %q has no figure", l.Operation)
			}
		}
	}
	for _, l := range rep.Extra { // extra rows only when they have a figure
		has := bytes.Contains(svg, []byte(">"+html.EscapeString(l.Operation)+"<"))
		if has != (l.Kind != rows.NotMeasured) {
			t.Errorf("extra row %q (%s): drawn = %v", l.Operation, l.Kind, has)
		}
	}
	wantText(t, svg, "below: rows beyond the guide")
	if !bytes.Contains(svg, []byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;")) {
		t.Error("SVG fonts have no fallback")
	}
}

func TestLadderGuideOnlyNoModel(t *testing.T) {
	run := readRun(t, "testdata/quick.txt")
	c, err := Ladder(reports(run), Options{GuideOnly: true, NoModel: true})
	if err != nil {
		t.Fatal(err)
	}
	svg := string(render(t, c, "svg"))
	for _, s := range []string{"L3 cache reference", "rows beyond the guide", "Scott"} {
		if strings.Contains(svg, s) {
			t.Errorf("SVG shows %q", s)
		}
	}
}

func TestLadderTwoMachines(t *testing.T) {
	a, b := readRun(t, "testdata/quick.txt"), readRun(t, "testdata/second.txt")
	a.Label, b.Label = "vm-a", "vm-b"
	c, err := Ladder(reports(a, b), Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, c, "svg")
	wantText(t, svg, "vm-a: measured median, 95% interval", "vm-b: measured median, 95% interval")
	// b has no 1 MiB reads: said for b alone, in b's words; a and b both
	// lack a branch mispredict: said once.
	for s, want := range map[string]int{">vm-b: not measured: BenchmarkSeqRead": 3, // dram, cache, SSD
		">not measured: BenchmarkBranchMispredict is not in this results file<": 1,
		">vm-a: not measured: BenchmarkBranchMispredict":                        0} {
		if got := bytes.Count(svg, []byte(s)); got != want {
			t.Errorf("SVG has %q %d times, want %d", s, got, want)
		}
	}
}

// A figure that cannot sit on a log axis is said in words, not drawn at
// zero (which would also break the axis). The reader drops a zero time, so
// the row says why it has no figure.
func TestLadderZeroFigure(t *testing.T) {
	const file = "cpu-model: Test CPU\n\nBenchmarkCacheRef/level=L1-2 1000 0 ns/load\nBenchmarkCacheRef/level=L2-2 1000 4.5 ns/load\n"
	run, err := results.Read(strings.NewReader(file), "zero.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Ladder(reports(run), Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, c, "svg")
	wantText(t, svg, "4.50 ns")
	if !bytes.Contains(svg, []byte(">not measured: BenchmarkCacheRef/level=L1 has no usable")) {
		t.Errorf("SVG does not say why the L1 row has no figure:\n%s", svg)
	}
}

func TestMemorySVG(t *testing.T) {
	run := readRun(t, "testdata/quick.txt")
	c, err := Memory(reports(run))
	if err != nil {
		t.Fatal(err)
	}
	svg := render(t, c, "svg")
	wantText(t, svg, "Memory latency by working-set size", "Oxide Virtual Turin-like Processor · 2026-11-27",
		// Reported sizes marked; the one the machine does not report is said.
		"L1 48 KiB (reported)", "L2 1 MiB (reported)", "L3 size not reported by this machine",
		// Both page sizes; a quick run has too few samples for intervals.
		"huge pages (requested): median (too few samples for an interval)",
		"4 KiB pages: median (too few samples for an interval)",
		"4 KiB", "1 MiB", "256 MiB", "1 ns", "100 ns",
		"working set: bytes in a random cycle of dependent loads, or drawn from by random reads (log scale)", "time per load (log scale)")
}

// TestMemoryRandomReads checks the random-read line: after the chase
// curves, less its overhead at the smallest size, and explained.
func TestMemoryRandomReads(t *testing.T) {
	const file = "cpu-model: Test CPU\n\n" +
		"BenchmarkSweep/pages=huge/size=4KiB-2 1000 1.2 ns/load\n" +
		"BenchmarkSweep/pages=huge/size=8MiB-2 100 70 ns/load\n" +
		"BenchmarkSweep/pages=4KiB/size=4KiB-2 1000 1.3 ns/load\n" +
		"BenchmarkSweep/pages=huge/read=random/size=8MiB-2 100 18.5 ns/load\n" +
		"BenchmarkSweep/pages=huge/read=random/size=4KiB-2 1000 1.7 ns/load\n"
	run, err := results.Read(strings.NewReader(file), "random.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Memory(reports(run))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, render(t, c, "svg"), "random reads, huge pages (requested), less 0.5 ns of loop overhead: median (too few samples for an interval)",
		"Dotted: random reads, drawn with replacement. A random cycle misses a cache a little smaller than itself on nearly every load;")
}

func TestNoSweep(t *testing.T) {
	const file = "cpu-model: Test CPU\n\nBenchmarkCacheRef/level=L1-2 1000 1.2 ns/load\n"
	run, err := results.Read(strings.NewReader(file), "small.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Memory(reports(run)); !errors.Is(err, ErrNoSweep) {
		t.Errorf("Memory: got %v, want ErrNoSweep", err)
	}
	dir := t.TempDir()
	paths, err := WriteAll(dir, "small", reports(run), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "small-ladder.svg"), filepath.Join(dir, "small-ladder.png")}
	if !slices.Equal(paths, want) {
		t.Errorf("got %v, want %v", paths, want)
	}
}

func TestWriteAllPNG(t *testing.T) {
	run := readRun(t, "testdata/quick.txt")
	dir := t.TempDir()
	paths, err := WriteAll(dir, "quick", reports(run), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 4 {
		t.Fatalf("got %v, want ladder and memory, svg and png", paths)
	}
	charts, err := All(reports(run), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		f, err := os.Open(filepath.Join(dir, "quick-"+c.Name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		wantW := int(math.Round(c.Width.Points() * pngDPI / 72))
		wantH := int(math.Round(c.Height.Points() * pngDPI / 72))
		if cfg.Width != wantW || cfg.Height != wantH {
			t.Errorf("%s.png: got %dx%d, want %dx%d", c.Name, cfg.Width, cfg.Height, wantW, wantH)
		}
		svg, err := os.ReadFile(filepath.Join(dir, "quick-"+c.Name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("</svg>")) {
			t.Errorf("%s.svg is not a whole SVG document", c.Name)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	c, err := Ladder(reports(readRun(t, "testdata/quick.txt")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Write(&bytes.Buffer{}, "gif"); err == nil {
		t.Error("no error for format gif")
	}
}
