package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testdata = "../../internal/report/testdata/"

// files writes the named contents into a temporary directory and returns
// the directory.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, c := range contents {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBadInput runs report and compare over broken files: each must end in
// a message naming the file (non-zero exit) when nothing is usable, or in a
// report with a warning naming the file and line when something is.
func TestBadInput(t *testing.T) {
	good := read(t, testdata+"vm-quick.txt")
	dir := files(t, map[string]string{
		"empty.txt":     "",
		"binary.txt":    read(t, testdata+"binary.bin"),
		"other.txt":     read(t, testdata+"other-project.txt"),
		"truncated.txt": read(t, testdata+"truncated.txt"),
		"long.txt":      strings.Repeat("x", 3<<20) + "\n" + good,
		"latin1.txt":    "cpu-model: caf\xe9\n" + good,
		"skipped.txt":   "skip-randomread4k: O_DIRECT unsupported on tmpfs\nBenchmarkRandomRead4K-2 1 0 ns/op\n",
		"good.txt":      good,
		"joined.txt":    good + read(t, testdata+"vm-default.txt"),
		"a/run.txt":     good,
		"b/run.txt":     read(t, testdata+"vm-default.txt"),
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string // "" means success
		wantOut string // in stdout
	}{
		{"empty", []string{"report", p("empty.txt")}, "empty.txt: no benchmark results", ""},
		{"binary", []string{"report", p("binary.txt")}, "binary.txt: not a text file", ""},
		{"other project", []string{"report", p("other.txt")}, "other.txt: none of its 4 benchmarks (BenchmarkIndexByte/10, BenchmarkIndexByte/32, BenchmarkIndexBytePortable/10, …) answers a row", ""},
		{"missing", []string{"report", p("nope.txt")}, "nope.txt: no such file", ""},
		{"directory", []string{"report", dir}, "is a directory", ""},
		{"truncated", []string{"report", p("truncated.txt")}, "", "truncated.txt:459: missing units"},
		{"enormous line", []string{"report", p("long.txt")}, "", "long.txt:1: line longer than"},
		{"not UTF-8", []string{"report", p("latin1.txt")}, "", "latin1.txt:1: line is not UTF-8"},
		{"every row skipped", []string{"report", p("skipped.txt")}, "skipped.txt: no row has a figure", "O_DIRECT unsupported on tmpfs"},
		{"two runs joined", []string{"report", p("joined.txt")}, "joined.txt:", ""},
		{"compare two runs joined", []string{"compare", p("good.txt"), p("joined.txt")}, "the file holds two runs", ""},
		{"one of two missing", []string{"report", p("good.txt"), p("nope.txt")}, "nope.txt", "L1 cache reference"},
		{"bad format", []string{"report", "-format", "yaml", p("good.txt")}, `unknown format "yaml"`, ""},
		{"flag after file", []string{"report", p("good.txt"), "-human"}, "flag -human after the files", ""},
		{"csv of two files", []string{"report", "-format", "csv", p("good.txt"), p("a/run.txt")}, "-format csv prints one file", ""},

		{"wide and width", []string{"report", "-wide", "-width", "50", p("good.txt")}, "-wide and -width 50 exclude each other", ""},
		{"negative width", []string{"report", "-width", "-5", p("good.txt")}, "bad -width -5", ""},
		{"compare wide and width", []string{"compare", "-wide", "-width", "50", p("good.txt"), p("b/run.txt")}, "-wide and -width 50 exclude each other", ""},
		{"compare negative width", []string{"compare", "-width", "-5", p("good.txt"), p("b/run.txt")}, "bad -width -5", ""},

		{"compare one file", []string{"compare", p("good.txt")}, "compare needs at least two results files, got 1", ""},
		{"compare", []string{"compare", "-format", "markdown", "A=" + p("good.txt"), "B=" + p("b/run.txt")}, "", "| B vs A, medians |"},
		{"compare floors", []string{"compare", "-stat", "floor", "-format", "markdown", "A=" + p("good.txt"), "B=" + p("b/run.txt")}, "", "| B vs A, floors |"},
		{"compare floors narrow", []string{"compare", "-stat", "floor", "-width", "80", "A=" + p("good.txt"), "B=" + p("b/run.txt")}, "", "B vs A, floors"},
		{"compare bad statistic", []string{"compare", "-stat", "mean", p("good.txt"), p("b/run.txt")}, `bad -stat: unknown statistic "mean"`, ""},
		{"compare same labels", []string{"compare", p("a/run.txt"), p("b/run.txt")}, "", `label "run" is used by both`},
		{"compare same file", []string{"compare", p("good.txt"), p("good.txt")}, "good.txt are the same run (the files are identical)", ""},
		{"compare one missing", []string{"compare", p("good.txt"), p("nope.txt"), p("b/run.txt")}, "nope.txt: no such file", "L1 cache reference"},
		{"compare nothing usable", []string{"compare", p("other.txt"), p("empty.txt")}, "nothing to compare: 0 of 2", ""},
		{"compare with another project", []string{"compare", p("good.txt"), p("other.txt")}, "other.txt: none of its 4 benchmarks", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), &stdout, &stderr, tc.args)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
			}
			if !strings.Contains(stdout.String(), tc.wantOut) {
				t.Errorf("output lacks %q:\n%s", tc.wantOut, stdout.String())
			}
		})
	}
}

func TestReportHuman(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr, []string{"report", "-human", "-format", "markdown", testdata + "vm-quick.txt"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "| Human scale |") || !strings.Contains(stdout.String(), "| 1 s |") {
		t.Errorf("want a human-scale column with the L1 row at 1 s:\n%s", stdout.String())
	}
}

// Endless input is refused after MaxFileSize, and an interrupt stops
// report, compare and chart while they read.
func TestEndlessInput(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), &stdout, &stderr, []string{"report", "/dev/zero"})
	if err == nil || !strings.Contains(err.Error(), "/dev/zero:1: more than 256 MiB: not a results file") {
		t.Errorf("report /dev/zero: got %v, want the size limit", err)
	}
	for _, args := range [][]string{
		{"report", "/dev/zero"},
		{"compare", "/dev/zero", "/dev/zero"},
		{"chart", "/dev/zero"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := run(ctx, &stdout, &stderr, args)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v interrupted: got %v, want context.Canceled", args, err)
		}
	}
}

// Without files, report and compare take the newest runs in -dir, passing
// over a run whose every benchmark skipped.
func TestNewestRuns(t *testing.T) {
	dir := files(t, map[string]string{
		"20261127T000000Z-a.txt": read(t, testdata+"vm-quick.txt"),
		"20261128T000000Z-b.txt": read(t, testdata+"vm-default.txt"),
		"20261129T000000Z-c.txt": "cpu-model: x\nskip-randomread4k: not enough free space\n",
	})
	for i, name := range []string{"20261127T000000Z-a.txt", "20261128T000000Z-b.txt", "20261129T000000Z-c.txt"} {
		mt := time.Now().Add(time.Duration(i) * time.Minute)
		if err := os.Chtimes(filepath.Join(dir, name), mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr, []string{"compare", "-format", "markdown", "-dir", dir}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "| 20261128T000000Z-b vs 20261127T000000Z-a, medians |") {
		t.Errorf("compare: want b tested against a:\n%s", stdout.String())
	}
	stdout.Reset()
	if err := run(context.Background(), &stdout, &stderr, []string{"report", "-format", "markdown", "-dir", dir}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Machine (20261128T000000Z-b)") {
		t.Errorf("report: want b, the newest run with results:\n%.300s", stdout.String())
	}
}

// A file over the size limit is refused before it is read, and nothing of
// it is printed.
func TestReportLargeFile(t *testing.T) {
	path := filepath.Join(files(t, map[string]string{"large.txt": read(t, testdata+"small.txt")}), "large.txt")
	if err := os.Truncate(path, 300<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "html"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), &stdout, &stderr, []string{"report", "-format", format, path})
		if err == nil || !strings.Contains(err.Error(), "300 MiB, more than 256 MiB") || stdout.Len() > 0 {
			t.Errorf("-format %s: got %v and %d bytes of output; want the size limit and no output", format, err, stdout.Len())
		}
	}
}

// -format json of several files is one JSON document: an array of the
// reports, in the order of the files; of one file, the report alone.
func TestReportJSONOfSeveralFiles(t *testing.T) {
	var stdout, stderr bytes.Buffer
	args := []string{"report", "-format", "json", testdata + "vm-quick.txt", testdata + "vm-default.txt"}
	if err := run(context.Background(), &stdout, &stderr, args); err != nil {
		t.Fatal(err)
	}
	var reps []struct {
		Label string `json:"label"`
		Rows  []any  `json:"rows"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &reps); err != nil {
		t.Fatalf("want one JSON array: %v\n%.300s", err, stdout.String())
	}
	if len(reps) != 2 || reps[0].Label != "vm-quick" || reps[1].Label != "vm-default" || len(reps[0].Rows) == 0 {
		t.Errorf("got %d reports (%+.80v), want vm-quick's and vm-default's", len(reps), reps)
	}
}
