package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/version"
	"github.com/latency-numbers/latency/internal/workers"
)

// TestVersion checks the lines of latency version: a test binary is no
// dist build, so its workers are built and its commit unknown.
func TestVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr, []string{"version"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"suite-version: " + version.Suite + "\n",
		"suite-commit: ",
		"module: ",
		"go: " + runtime.Version() + "\n",
		"platform: " + runtime.GOOS + "/" + runtime.GOARCH + "\n",
		"workers: built (",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("latency version lacks %q:\n%s", want, stdout.String())
		}
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
	if err := run(context.Background(), &stdout, &stderr, []string{"version", "extra"}); err == nil {
		t.Error("version took an argument")
	}
}

func TestDescribeWorkers(t *testing.T) {
	if got := describeWorkers(workers.Archive{Data: []byte("junk")}); !strings.HasPrefix(got, "embedded (unreadable: ") {
		t.Errorf("a broken archive: %q", got)
	}
}

// compare warns on stderr, as well as under its table, when two runs were
// measured by suites whose major or minor versions differ.
func TestCompareWarnsOfMethods(t *testing.T) {
	b, err := os.ReadFile(testdata + "vm-quick.txt")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string // label=path
	for i, v := range []string{"v0.4.0", "v0.5.1"} {
		data := strings.Replace(string(b), "date: 2026-11-27T12:25:47Z", fmt.Sprintf("date: 2026-11-2%dT12:25:47Z", i), 1)
		f := filepath.Join(dir, fmt.Sprintf("%d.txt", i))
		if err := os.WriteFile(f, []byte("suite-version: "+v+"\n"+data), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, []string{"old=", "new="}[i]+f)
	}
	want := "old was measured by suite v0.4.0, new by suite v0.5.1: the methods changed"
	for _, format := range []string{"text", "json"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), &stdout, &stderr, append([]string{"compare", "-format", format}, files...)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stderr.String(), "warning: "+want) {
			t.Errorf("-format %s: stderr lacks the warning:\n%s", format, stderr.String())
		}
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("-format %s: the comparison lacks the warning", format)
		}
	}
}
