package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name.golden, or rewrites that file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with go test -update)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s differs at line %d (after changing rows or the format on purpose, refresh it with go test ./internal/report -update):\ngot:  %s\nwant: %s", path, i+1, gl, wl)
			return
		}
	}
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
		name, file, format string
		human              bool
	}{
		{"report-text", "vm-quick.txt", "text", false},
		{"report-markdown", "vm-quick.txt", "markdown", false},
		{"report-markdown-human", "vm-quick.txt", "markdown", true},
		{"report-csv", "vm-quick.txt", "csv", false},
		{"report-json", "vm-quick.txt", "json", true},
		{"report-few-samples", "few-samples.txt", "text", false},
		{"report-truncated", "truncated.txt", "markdown", false},
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
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := c.Write(&buf, format); err != nil {
				t.Fatal(err)
			}
			golden(t, "compare-"+format, buf.Bytes())
		})
	}
}
