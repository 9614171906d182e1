package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGatherCommand(t *testing.T) {
	dir := t.TempDir()
	// An Ansible fetch: one directory per host.
	for host, body := range map[string]string{
		"host-a": "zone: z1\n\nBenchmarkClock-2 1 0.25 ns/cycle\n",
		"host-b": "node-name: host-b\nzone: z1\n\nBenchmarkClock-2 1 0.3 ns/cycle\n",
	} {
		os.MkdirAll(filepath.Join(dir, "fetched", host), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "fetched", host, "20261201T000000Z-x.txt"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "fleet")
	var stdout, stderr strings.Builder
	if err := run(context.Background(), &stdout, &stderr, []string{"gather", "-o", out, filepath.Join(dir, "fetched")}); err != nil {
		t.Fatalf("gather: %v\n%s", err, stderr.String())
	}
	for _, f := range []string{"host-a.txt", "host-b.txt"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("no %s: %v", f, err)
		}
	}
	// The files read in compare.
	stdout.Reset()
	if err := run(context.Background(), &stdout, &stderr, []string{"compare", filepath.Join(out, "host-a.txt"), filepath.Join(out, "host-b.txt")}); err != nil {
		t.Errorf("compare of gathered files: %v\n%s", err, stderr.String())
	}

	bad := []struct {
		name string
		args []string
		want string
	}{
		{"again into the same directory", []string{"-o", out, filepath.Join(dir, "fetched")}, "already exists"},
		{"no -o", []string{filepath.Join(dir, "fetched")}, "-o is required"},
		{"nothing to gather", []string{"-o", filepath.Join(dir, "x")}, "give the logs"},
		{"a log with no markers", []string{"-o", filepath.Join(dir, "y"), writeFile(t, dir, "plain.log", "hello\n")}, "no benchmark results"},
		{"two runs of one node", []string{"-o", filepath.Join(dir, "z"), writeFile(t, dir, "two.log",
			"=== latency-results node=a kind=suite begin ===\nBenchmarkClock-2 1 0.25 ns/cycle\n=== latency-results node=a kind=suite end ===\n"+
				"=== latency-results node=a kind=suite begin ===\nBenchmarkClock-2 1 0.25 ns/cycle\n=== latency-results node=a kind=suite end ===\n")}, "two runs of node a"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			err := run(context.Background(), &stdout, &stderr, append([]string{"gather"}, tc.args...))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
