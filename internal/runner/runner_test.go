package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	stamp := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	first, err := save(dir, []byte("first\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	second, err := save(dir, []byte("second\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both saves wrote %s", first)
	}
	if !strings.HasPrefix(filepath.Base(first), "20261127T120000Z-") {
		t.Errorf("name %s does not start with the UTC stamp", first)
	}
	if b, _ := os.ReadFile(first); string(b) != "first\n" {
		t.Errorf("first file now holds %q", b)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if len(ents) != 2 {
		t.Errorf("got %d files, want 2", len(ents))
	}
}

func TestStripProcs(t *testing.T) {
	for in, want := range map[string]string{
		"CacheRef/level=L1-2": "CacheRef/level=L1", "Clock-16": "Clock", "Clock": "Clock", "X/a=b-c": "X/a=b-c",
	} {
		if got := stripProcs(in); got != want {
			t.Errorf("stripProcs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupProfile(t *testing.T) {
	if p, err := LookupProfile("quick"); err != nil || p.Count < 6 {
		t.Errorf("quick: %+v, %v (benchstat needs >= 6 samples)", p, err)
	}
	if p, _ := LookupProfile("default"); p.Count < 10 {
		t.Errorf("default profile has %d samples, want >= 10", p.Count)
	}
	if _, err := LookupProfile("slow"); err == nil || !strings.Contains(err.Error(), "default") {
		t.Errorf("unknown profile: got %v", err)
	}
}

func TestOutputParser(t *testing.T) {
	for _, tc := range []struct {
		name      string
		out       string
		wantSkips map[string]string
		wantFails map[string]string
		wantBody  string
	}{
		{
			name: "verbose skip",
			out: "goos: linux\nBenchmarkRandomRead4K\n    storage_test.go:29: O_DIRECT unsupported on tmpfs at /dev/shm/lt\n" +
				"--- SKIP: BenchmarkRandomRead4K\nPASS\n",
			wantSkips: map[string]string{"RandomRead4K": "O_DIRECT unsupported on tmpfs at /dev/shm/lt"},
			wantBody:  "goos: linux\n",
		},
		{
			name: "sub-benchmark skip among results",
			out: "BenchmarkX\nBenchmarkX/a=1\nBenchmarkX/a=1-2         \t     100\t        12.0 ns/op\n" +
				"BenchmarkX/a=2\n    x_test.go:3: no peer: set LATENCY_PEER\n    --- SKIP: BenchmarkX/a=2\n",
			wantSkips: map[string]string{"X/a=2": "no peer: set LATENCY_PEER"},
			wantBody:  "BenchmarkX/a=1-2         \t     100\t        12.0 ns/op\n",
		},
		{
			name:      "non-verbose order",
			out:       "--- SKIP: BenchmarkY-2\n    y_test.go:9: no second CPU\n",
			wantSkips: map[string]string{"Y": "no second CPU"},
		},
		{
			name:      "failure",
			out:       "BenchmarkBranchMispredict\n    branch_test.go:80: random and sorted cost the same: CMOV?\n--- FAIL: BenchmarkBranchMispredict\nFAIL\n",
			wantFails: map[string]string{"BranchMispredict": "random and sorted cost the same: CMOV?"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body bytes.Buffer
			op := outputParser{body: &body, skips: map[string]string{}, fails: map[string]string{}}
			for _, l := range strings.Split(tc.out, "\n") {
				op.line(l)
			}
			if body.String() != tc.wantBody {
				t.Errorf("body: got %q, want %q", body.String(), tc.wantBody)
			}
			for name, m := range map[string][2]map[string]string{"skips": {op.skips, tc.wantSkips}, "fails": {op.fails, tc.wantFails}} {
				got, want := m[0], m[1]
				if len(got) != len(want) {
					t.Errorf("%s: got %q, want %q", name, got, want)
				}
				for k, v := range want {
					if got[k] != v {
						t.Errorf("%s[%s]: got %q, want %q", name, k, got[k], v)
					}
				}
			}
		})
	}
}

func TestShorter(t *testing.T) {
	if !shorter("20ms", "100ms") || shorter("50ms", "20ms") || shorter("bad", "1s") {
		t.Error("shorter compares benchtimes as durations")
	}
}
