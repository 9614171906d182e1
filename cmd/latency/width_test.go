package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jedib0t/go-pretty/v6/text"
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
				widest = max(widest, text.StringWidth(line))
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

// TestEveryTextFits runs each command whose text follows the width, on
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
					if w := text.StringWidth(line); w > width {
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
