package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chartRun is a real quick run with the sweep (see internal/chart/testdata).
const chartRun = "../../internal/chart/testdata/quick.txt"

const noSweep = "cpu-model: Test CPU\n\nBenchmarkCacheRef/level=L1-2 1000 1.2 ns/load\n"

func TestChartCommand(t *testing.T) {
	quick, err := os.ReadFile(chartRun)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{"a.txt": string(quick), "b.txt": string(quick), "nosweep.txt": noSweep, "empty.txt": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	empty := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name    string
		args    []string
		want    []string // files written, in order
		wantErr string   // in the error
		stderr  string   // in stderr
	}{
		{name: "one file", args: []string{"-o", out, p("a.txt")},
			want: []string{out + "/a-ladder.svg", out + "/a-ladder.png", out + "/a-memory.svg", out + "/a-memory.png"}},
		{name: "beside the newest file", args: []string{"-dir", dir},
			want: []string{dir + "/b-ladder.svg", dir + "/b-ladder.png", dir + "/b-memory.svg", dir + "/b-memory.png"}},
		// Issue 20, item 13: the guide's ladder goes beside the whole one.
		{name: "guide only", args: []string{"-o", out, "-guide-only", p("a.txt")},
			want: []string{out + "/a-ladder-guide.svg", out + "/a-ladder-guide.png", out + "/a-memory.svg", out + "/a-memory.png"}},
		{name: "two machines", args: []string{"-o", out, p("a.txt"), "second=" + p("b.txt")},
			want: []string{out + "/a-vs-second-ladder.svg", out + "/a-vs-second-ladder.png", out + "/a-vs-second-memory.svg", out + "/a-vs-second-memory.png"}},
		{name: "no sweep", args: []string{"-o", out, p("nosweep.txt")},
			want: []string{out + "/nosweep-ladder.svg", out + "/nosweep-ladder.png"}, stderr: "only the ladder was drawn"},
		{name: "missing file", args: []string{p("nothere.txt")}, wantErr: "nothere.txt"},
		{name: "empty file", args: []string{p("empty.txt")}, wantErr: "empty.txt: no benchmark results"},
		{name: "no results", args: []string{"-dir", empty}, wantErr: "no results files in " + empty},
		{name: "bad output dir", args: []string{"-o", p("a.txt"), p("a.txt")}, wantErr: "is not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// b.txt is the newest file.
			if err := os.Chtimes(p("b.txt"), time.Now().Add(time.Hour), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), &stdout, &stderr, append([]string{"chart"}, tc.args...))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Fields(stdout.String())
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got files %q, want %q", got, tc.want)
			}
			for _, f := range got {
				if st, err := os.Stat(f); err != nil || st.Size() == 0 {
					t.Errorf("%s: not written (%v)", f, err)
				}
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q does not say %q", stderr.String(), tc.stderr)
			}
		})
	}
}
