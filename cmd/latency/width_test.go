package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/echo"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// TestReportWidth runs report as a user would: output that is not a
// terminal fits 100 columns, -width sets the width, -wide prints the wide
// table unchanged.
func TestReportWidth(t *testing.T) {
	wide, err := os.ReadFile(testdata + "report-text.golden")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		args  []string
		width int // 0: the wide table
	}{
		{"piped", nil, 100},
		{"80", []string{"-width", "80"}, 80},
		{"120", []string{"-width", "120"}, 120},
		{"no notes", []string{"-width", "80", "-notes=false"}, 80},
		{"human", []string{"-width", "80", "-human"}, 80},
		{"wide", []string{"-wide"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"report"}, tc.args...), testdata+"vm-quick.txt")
			if err := run(context.Background(), &stdout, &stderr, args); err != nil {
				t.Fatal(err)
			}
			if tc.width == 0 {
				if !bytes.Equal(stdout.Bytes(), wide) {
					t.Errorf("-wide differs from the wide table (testdata/report-text.golden)")
				}
				return
			}
			widest := 0
			for _, line := range strings.Split(stdout.String(), "\n") {
				widest = max(widest, textwidth.Width(line))
			}
			if widest > tc.width {
				t.Errorf("widest line: %d columns, want at most %d", widest, tc.width)
			}
			if widest < tc.width-10 {
				t.Errorf("widest line: %d columns: the notes should fill about %d", widest, tc.width)
			}
			hasNotes := strings.Contains(stdout.String(), "\n[1] ")
			if want := !strings.Contains(strings.Join(tc.args, " "), "-notes=false"); hasNotes != want {
				t.Errorf("numbered notes: %v, want %v", hasNotes, want)
			}
		})
	}
}

// TestEveryTextFits runs each command whose text follows the width (all
// that take -width), on
// real results files and machine trees, at 20, 40, 60 and 80 columns: no
// line may be wider (in display columns) than asked, and a width below
// report.MinWidth is refused with a clear error (issue 20, item 7).
func TestEveryTextFits(t *testing.T) {
	quick, rounds, def := testdata+"vm-quick.txt", testdata+"vm-rounds.txt", testdata+"vm-default.txt"
	machine := []string{"-sys", doctorData + "sys-laptop", "-proc", doctorData + "proc-pvm", "-dev", doctorData + "dev-pvm"}
	for _, tc := range []struct {
		name string
		args []string // -width N goes after the command's name
	}{
		{"report", []string{"report", quick}},
		{"report human", []string{"report", "-human", rounds}},
		{"report no notes", []string{"report", "-notes=false", def}},
		{"report two files", []string{"report", "a-label-longer-than-twenty-columns=" + quick, rounds}},
		{"compare", []string{"compare", quick, rounds}},
		{"compare floors of three", []string{"compare", "-stat", "floor", quick, rounds, def}},
		{"stability", []string{"stability", def, quick}},
		{"doctor", append([]string{"doctor"}, machine...)},
		{"card", []string{"card", quick}},
		{"card human", []string{"card", "-human", rounds}},
		{"estimate", []string{"estimate", "-from", rounds, "2 * (disk_seek + 10 GiB of ssd_sequential_read_1mb)"}},
		{"estimate qps", []string{"estimate", "-from", quick, "qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy"}},
		{"estimate budget", []string{"estimate", "-from", def, "budget 200ms datacenter_round_trip"}},
	} {
		for _, width := range []int{20, 40, 60, 80} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, width), func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				args := append([]string{tc.args[0], "-width", fmt.Sprint(width)}, tc.args[1:]...)
				if err := run(context.Background(), &stdout, &stderr, args); err != nil {
					t.Fatalf("latency %s: %v", strings.Join(args, " "), err)
				}
				if stdout.Len() == 0 {
					t.Fatal("no output")
				}
				for i, line := range strings.Split(stdout.String(), "\n") {
					if w := textwidth.Width(line); w > width {
						t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
					}
				}
			})
		}
		t.Run(tc.name+"/too narrow", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{tc.args[0], "-width", "19"}, tc.args[1:]...)
			err := run(context.Background(), &stdout, &stderr, args)
			if want := "bad -width 19: the text layout needs at least 20 columns"; err == nil || err.Error() != want {
				t.Errorf("got %v, want %q", err, want)
			}
			if stdout.Len() > 0 {
				t.Errorf("printed %d bytes before the error", stdout.Len())
			}
		})
	}
}

// TestStatusLinesFit prints the lines of the commands that follow the
// terminal without a -width (echo's status lines, chart's and run's paths
// of the charts written) at 40 and 60 columns: no line wider; and as they
// were, one a line, when the output is not a terminal (width 0).
func TestStatusLinesFit(t *testing.T) {
	cfg := echo.DefaultConfig
	cfg.Hold = 1500 * time.Microsecond
	st := echo.Stats{Conns: 12, Evicted: 1, TimedOut: 2, TCPBytes: 123456, Datagrams: 7890, UDPBytes: 987654, UDPDropped: 3}
	dir := "/home/someone/src/latency/results/a-directory-name-longer-than-the-terminal-is-wide/"
	paths := []string{dir + "20261205T130211Z-vm-vs-20261206T010101Z-laptop-ladder.svg", dir + "20261205T130211Z-vm-ladder.png", "results/b-memory.svg"}
	for _, tc := range []struct {
		name  string
		print func(w io.Writer, width int)
		whole []string // the lines printed when width is 0
	}{
		{"echo serving", func(w io.Writer, width int) { printWithin(w, width, echoServing("[2001:db8::1]:7777", cfg)) }, []string{echoServing("[2001:db8::1]:7777", cfg)}},
		{"echo stopped", func(w io.Writer, width int) { printWithin(w, width, echoStopped(90*time.Minute, st)) }, []string{echoStopped(90*time.Minute, st)}},
		{"chart paths", func(w io.Writer, width int) { writePaths(w, width, paths) }, paths},
	} {
		for _, width := range []int{0, 40, 60} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, width), func(t *testing.T) {
				var buf bytes.Buffer
				tc.print(&buf, width)
				lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
				if width == 0 {
					if strings.Join(lines, "\n") != strings.Join(tc.whole, "\n") {
						t.Errorf("got %q, want %q", lines, tc.whole)
					}
					return
				}
				for i, line := range lines {
					if w := textwidth.Width(line); w > width {
						t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
					}
				}
				// Nothing is lost: the words (a path's pieces) are all there.
				joined := strings.Join(strings.Fields(buf.String()), "")
				for _, want := range tc.whole {
					for _, piece := range strings.Split(filepath.Clean(want), "/") {
						if !strings.Contains(joined, strings.Join(strings.Fields(piece), "")) {
							t.Errorf("%q is missing from:\n%s", piece, buf.String())
						}
					}
				}
			})
		}
	}
}
