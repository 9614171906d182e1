package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/view"
)

// FuzzReport feeds arbitrary bytes through the reader, the report and the
// comparison, in every format: nothing may panic, and every output must be
// well formed (valid JSON and CSV, Markdown rows with the header's number
// of cells, UTF-8 text). `go test` runs the seeds; `make fuzz` searches.
func FuzzReport(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.txt")
	seeds = append(seeds, "testdata/binary.bin")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		// Note: big seeds make every execution slow and minimization
		// crawl; the head of a run has every kind of line.
		f.Add(data[:min(len(data), 8<<10)])
	}
	for _, s := range []string{
		"",
		"\n\n\n",
		"date: 99999-01-01T00:00:00Z\nBenchmarkCacheRef/level=L1-2 1 1 ns/load\n",
		"date: yesterday\ncpu-clock-ghz: -1\nBenchmarkClock-2 1 0 ns/cycle\nBenchmarkCacheRef/level=L1-2 1 -5 ns/load\n",
		"skip-randomread4k: a | pipe \\| and <b>html</b> \x1b[31mred\n" +
			"BenchmarkCacheRef/level=L1-2 1 1e308 ns/load\nBenchmarkCacheRef/level=L1-2 1 1e-308 ns/load\n",
		"BenchmarkMainMemory/pages=huge-2 1 NaN ns/load\nBenchmarkMainMemory/pages=huge-2 1 +Inf ns/load\n",
		"fail-mutex: boom\nBenchmarkMutex/contended=no 1 3 ns/op\n",
		"sampling: adaptive\nstop-cacheref/level=l1: cap\nstop-cacheref/level=l1/x=y: \n" +
			"# sample round=1 bench=m.CacheRef retaken=1 steal-pct=50\n# retaken: BenchmarkCacheRef/level=L1-2 1 9 ns/load\n# retaken: \n# retaken: Benchmark\n" +
			"# sample round=1 bench=m.CacheRef probe-pct=x retaken=yes\nBenchmarkCacheRef/level=L1-2 1 1 ns/load\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := results.Read(bytes.NewReader(data), "a.txt")
		if run == nil {
			if err == nil {
				t.Fatal("Read returned neither a run nor an error")
			}
			return
		}
		rep := Build(run, rows.Table)
		rep.HumanScale = len(data)%2 == 0
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := rep.Write(&buf, format); err != nil {
				t.Fatalf("report, %s: %v", format, err)
			}
			checkOutput(t, format, buf.Bytes())
		}
		width := []int{MinWidth, 40, 60, 80, 100}[len(data)%5]
		var narrow bytes.Buffer
		if err := rep.WriteNarrow(&narrow, Narrow{Width: width, Notes: true}); err != nil {
			t.Fatalf("report, narrow: %v", err)
		}
		checkWidth(t, narrow.Bytes(), width)

		// Compare the run with its second half (or itself under another name).
		other, _ := results.Read(bytes.NewReader(data[len(data)/2:]), "b.txt")
		if other == nil || len(other.Benches) == 0 {
			other, _ = results.Read(bytes.NewReader(data), "b.txt")
		}
		c, err := CompareStat(Stats[len(data)%len(Stats)], []*results.Run{run, other}, rows.Table)
		if err != nil {
			t.Fatalf("compare: %v", err)
		}
		for _, format := range Formats {
			var buf bytes.Buffer
			if err := c.Write(&buf, format); err != nil {
				t.Fatalf("compare, %s: %v", format, err)
			}
			checkOutput(t, format, buf.Bytes())
		}
		narrow.Reset()
		if err := c.WriteNarrow(&narrow, Narrow{Width: width, Notes: true}); err != nil {
			t.Fatalf("compare, narrow: %v", err)
		}
		checkWidth(t, narrow.Bytes(), width)
	})
}

// checkWidth fails if out is not UTF-8 or has a line wider than width.
func checkWidth(t *testing.T, out []byte, width int) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatal("narrow output is not UTF-8")
	}
	for i, line := range strings.Split(string(out), "\n") {
		if w := textwidth.Width(line); w > width {
			t.Fatalf("narrow line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
		}
	}
}

// checkOutput fails if out is not well formed for its format.
func checkOutput(t *testing.T, format view.Format, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("%s output is not UTF-8", format)
	}
	switch format {
	case "json":
		if !json.Valid(out) {
			t.Fatalf("invalid JSON:\n%s", out)
		}
	case "csv":
		if _, err := csv.NewReader(bytes.NewReader(out)).ReadAll(); err != nil {
			t.Fatalf("invalid CSV: %v\n%s", err, out)
		}
	case "markdown":
		want := -1
		for i, line := range strings.Split(string(out), "\n") {
			if !strings.HasPrefix(line, "|") {
				want = -1 // a new table may follow
				continue
			}
			n := markdownCells(line)
			if want < 0 {
				want = n
			} else if n != want {
				t.Fatalf("markdown line %d has %d cells, its table %d:\n%s", i+1, n, want, line)
			}
		}
	}
}

// markdownCells counts the cells of a Markdown table row as GitHub does:
// a pipe preceded by a backslash is text, and "\\" is an escaped backslash.
func markdownCells(line string) int {
	n := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // skip the escaped character
		case '|':
			n++
		}
	}
	return n - 1
}
