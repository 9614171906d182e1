package report

import (
	"bytes"
	"path/filepath"
	"testing"

	goldenfile "github.com/latency-numbers/latency/internal/golden"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/view"
)

// golden compares got with testdata/name.golden, or rewrites that file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, "./internal/report", name, got)
}

func readRun(t *testing.T, arg string) *results.Run {
	t.Helper()
	run, err := results.ReadFile(arg)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestGoldenReport(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		format     view.Format
		human      bool
	}{
		{"report-text", "vm-quick.txt", "text", false},
		{"report-markdown", "vm-quick.txt", "markdown", false},
		{"report-markdown-human", "vm-quick.txt", "markdown", true},
		{"report-csv", "vm-quick.txt", "csv", false},
		{"report-json", "vm-quick.txt", "json", true},
		{"report-few-samples", "few-samples.txt", "text", false},
		{"report-truncated", "truncated.txt", "markdown", false},
		{"adaptive-text", "adaptive.txt", "text", false},
		{"adaptive-json", "adaptive.txt", "json", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Build(readRun(t, filepath.Join("testdata", tc.file)), rows.Table)
			rep.HumanScale = tc.human
			var buf bytes.Buffer
			if err := rep.Write(&buf, tc.format); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

func TestGoldenCompare(t *testing.T) {
	runs := []*results.Run{readRun(t, "quick=testdata/vm-quick.txt"), readRun(t, "default=testdata/vm-default.txt")}
	c, err := Compare(runs, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats {
		t.Run(string(format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			golden(t, "compare-"+string(format), buf.Bytes())
		})
	}
}

// An old run's floors against an adaptive run's: every row judged against
// its precision limit, never by a test.
func TestGoldenCompareFloor(t *testing.T) {
	runs := []*results.Run{readRun(t, "rounds=testdata/vm-rounds.txt"), readRun(t, "adaptive=testdata/adaptive.txt")}
	c, err := CompareStat(Floor, runs, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, "text"); err != nil {
		t.Fatal(err)
	}
	golden(t, "compare-floor-text", buf.Bytes())
	buf.Reset()
	if err := c.WriteNarrow(&buf, Narrow{Width: 100, Notes: true}); err != nil {
		t.Fatal(err)
	}
	golden(t, "compare-floor-narrow-100", buf.Bytes())
}
