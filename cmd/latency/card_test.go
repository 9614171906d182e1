package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/card"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// TestCardAgreesWithReport checks the card as the issue does: every guide
// row within 72 columns, each figure the JSON report's, rounded.
func TestCardAgreesWithReport(t *testing.T) {
	file := testdata + "vm-rounds.txt"
	var out, js, stderr bytes.Buffer
	if err := run(context.Background(), &out, &stderr, []string{"card", file}); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), &js, &stderr, []string{"report", "-format", "json", file}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Rows []struct {
			Operation  string   `json:"operation"`
			MeasuredNS *float64 `json:"measured_ns"`
			Kind       string   `json:"kind"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 14 {
		t.Fatalf("report has %d guide rows, want 14", len(rep.Rows))
	}
	lines := strings.Split(out.String(), "\n")
	for _, line := range lines {
		if w := textwidth.Width(line); w > card.Width {
			t.Errorf("%d columns, want at most %d: %s", w, card.Width, line)
		}
	}
	for _, r := range rep.Rows {
		var line string
		for _, l := range lines {
			if strings.HasPrefix(l, r.Operation+" ") {
				line = l
			}
		}
		if line == "" {
			t.Errorf("no line for %q", r.Operation)
			continue
		}
		want := "–"
		if r.MeasuredNS != nil && r.Kind != "not_measured" {
			want = "≈ " + card.Round(*r.MeasuredNS)
		}
		if !strings.Contains(line, want) {
			t.Errorf("%q: want %q", line, want)
		}
	}
}

func TestCardFiles(t *testing.T) {
	dir := t.TempDir()
	file := testdata + "vm-quick.txt"
	for _, tc := range []struct {
		name    string
		args    []string
		out     string // file written, "" for stdout
		magic   string // its start
		wantErr string
	}{
		{"png by extension", []string{"-o", "card.png"}, "card.png", "\x89PNG", ""},
		{"svg by extension", []string{"-o", "card.svg"}, "card.svg", "<?xml", ""},
		{"markdown by extension", []string{"-o", "card.md"}, "card.md", "**Latency numbers", ""},
		{"format and extension agree", []string{"-format", "markdown", "-o", "card.markdown"}, "card.markdown", "**Latency numbers", ""},
		{"text by extension", []string{"-o", "card.TXT"}, "card.TXT", "Latency numbers", ""},
		{"format against extension", []string{"-format", "text", "-o", "card-refused.md"}, "", "", "-format text does not match -o"},
		{"svg into png", []string{"-format", "svg", "-o", "card-refused.png"}, "", "", "give the file a .svg name"},
		{"unknown extension", []string{"-o", "card.jpg"}, "", "", "unknown extension .jpg"},
		{"no extension", []string{"-o", "card."}, "", "", "unknown extension ."},
		{"no extension at all", []string{"-o", "cardx"}, "", "", "has no extension"},
		{"markdown to stdout", []string{"-format", "markdown"}, "", "**Latency numbers", ""},
		{"human", []string{"-human"}, "", "Latency numbers", ""},
		{"bad format", []string{"-format", "gif"}, "", "", `unknown format "gif"`},
		{"two files", []string{file}, "", "", "card takes one results file, got 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"card"}
			out := ""
			for _, a := range tc.args {
				if strings.HasPrefix(a, "card") {
					a = filepath.Join(dir, a)
					out = a
				}
				args = append(args, a)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), &stdout, &stderr, append(args, file))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
				}
				if _, err := os.Stat(out); out != "" && err == nil {
					t.Errorf("%s written, want no file", out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := stdout.Bytes()
			if tc.out != "" {
				if got, err = os.ReadFile(filepath.Join(dir, tc.out)); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.HasPrefix(got, []byte(tc.magic)) {
				t.Errorf("output starts %.20q, want %q", got, tc.magic)
			}
		})
	}
}
