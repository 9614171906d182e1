package main

import (
	"bytes"
	"context"
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
