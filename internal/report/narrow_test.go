package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// TestNarrowFits renders every results file in testdata at several widths
// and checks that no line is wider than asked, and that every row and its
// stability mark are still there.
func TestNarrowFits(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) < 3 {
		t.Fatalf("found %d results files in testdata", len(files))
	}
	for _, f := range files {
		run, err := readRunErr(f)
		if run == nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		rep := Build(run, rows.Table)
		for _, width := range []int{MinWidth, 40, 60, 80, 100, 120} {
			for _, notes := range []bool{true, false} {
				for _, human := range []bool{false, true} {
					name := fmt.Sprintf("%s/width=%d/notes=%v/human=%v", filepath.Base(f), width, notes, human)
					t.Run(name, func(t *testing.T) {
						rep.HumanScale = human
						var buf bytes.Buffer
						if err := rep.WriteNarrow(&buf, Narrow{Width: width, Notes: notes}); err != nil {
							t.Fatal(err)
						}
						out := buf.String()
						for i, line := range strings.Split(out, "\n") {
							if w := textwidth.Width(line); w > width {
								t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
							}
						}
						for _, l := range append(rep.Rows, rep.Extra...) {
							first := textwidth.Cut(strings.Fields(l.Operation)[0], 8)
							if !strings.Contains(out, first) {
								t.Errorf("row %s (%q) is missing", l.ID, first)
							}
						}
						unstable := 0
						for _, l := range append(rep.Rows, rep.Extra...) {
							if l.Unstable {
								unstable++
							}
						}
						// A mark may end a line when the row is a block.
						if got := len(bangMark.FindAllString(out, -1)); got < unstable {
							t.Errorf("%d rows marked ! in the table, want %d", got, unstable)
						}
						if notes && unstable > 0 && !strings.Contains(out, "[! unstable:") {
							t.Errorf("no note gives an unstable row's verdict")
						}
					})
				}
			}
		}
	}
}

func TestGoldenNarrow(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		width      int
		notes      bool
		human      bool
	}{
		{"narrow-80", "vm-rounds.txt", 80, true, false},
		{"narrow-120-human", "vm-quick.txt", 120, true, true},
		{"narrow-100-no-notes", "vm-quick.txt", 100, false, false},
		{"narrow-few-samples", "few-samples.txt", 80, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := Build(readRun(t, filepath.Join("testdata", tc.file)), rows.Table)
			rep.HumanScale = tc.human
			var buf bytes.Buffer
			if err := rep.WriteNarrow(&buf, Narrow{Width: tc.width, Notes: tc.notes}); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())
		})
	}
}

// readRunErr reads a results file that may be broken: the run is nil when
// nothing could be read.
func readRunErr(path string) (*results.Run, error) { return results.ReadFile(path) }

// TestCompareNarrow renders comparisons at several widths: no line wider
// than asked, and every untrusted row and every row whose runs measured
// different things marked, with its whole verdict in a note.
// bangMark is the narrow layout's "!" after an unstable figure.
var bangMark = regexp.MustCompile(`(?m) !( |$)`)

func TestCompareNarrow(t *testing.T) {
	pairs := [][2]string{
		{"quick=testdata/vm-quick.txt", "default=testdata/vm-default.txt"},
		{"default=testdata/vm-default.txt", "rounds=testdata/vm-rounds.txt"},
		{"few=testdata/few-samples.txt", "quick=testdata/vm-quick.txt"},
		{"rounds=testdata/vm-rounds.txt", "adaptive=testdata/adaptive.txt"},
	}
	for _, p := range pairs {
		for _, stat := range Stats {
			c, err := CompareStat(stat, []*results.Run{readRun(t, p[0]), readRun(t, p[1])}, rows.Table)
			if err != nil {
				t.Fatal(err)
			}
			for _, width := range []int{MinWidth, 40, 60, 80, 100, 120} {
				t.Run(fmt.Sprintf("%s-%s/%s/%d", c.Runs[0].Label, c.Runs[1].Label, stat, width), func(t *testing.T) {
					var buf bytes.Buffer
					if err := c.WriteNarrow(&buf, Narrow{Width: width, Notes: true}); err != nil {
						t.Fatal(err)
					}
					out := buf.String()
					for i, line := range strings.Split(out, "\n") {
						if w := textwidth.Width(line); w > width {
							t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
						}
					}
					// The notes unwrapped, spaces left out: at 20 columns
					// a long id is cut across lines.
					flat := strings.Join(strings.Fields(out), "")
					has := func(s string) bool { return strings.Contains(flat, strings.Join(strings.Fields(s), "")) }
					for _, row := range c.Rows {
						switch {
						case row.Untrusted && !has(row.ID+": "+row.Delta()):
							t.Errorf("%s is untrusted, but no note says %q", row.ID, row.Delta())
						case row.Differs != "" && !has("measured different things: "+row.Differs):
							t.Errorf("%s measured different things (%s), but no note says so", row.ID, row.Differs)
						}
					}
				})
			}
		}
	}
}

func TestGoldenCompareNarrow(t *testing.T) {
	c, err := Compare([]*results.Run{readRun(t, "quick=testdata/vm-quick.txt"), readRun(t, "default=testdata/vm-default.txt")}, rows.Table)
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int{80, 120} {
		var buf bytes.Buffer
		if err := c.WriteNarrow(&buf, Narrow{Width: width, Notes: true}); err != nil {
			t.Fatal(err)
		}
		golden(t, fmt.Sprintf("compare-narrow-%d", width), buf.Bytes())
	}
}
