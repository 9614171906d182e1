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

func TestStabilityCommand(t *testing.T) {
	a, b := "../../internal/report/testdata/vm-default.txt", "../../internal/report/testdata/vm-quick.txt"
	var out, errw bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, &out, &errw, []string{"stability", a, b}); err != nil {
		t.Fatalf("stability %s %s: %v\n%s", a, b, err, errw.String())
	}
	for _, want := range []string{"rows measured in both runs", "A's 95% interval holds B's median:", "moved more than 10 %:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Without files: the two newest runs of -dir, older as A.
	dir := t.TempDir()
	for i, src := range []string{a, b} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, []string{"old.txt", "new.txt"}[i])
		os.WriteFile(dst, data, 0o644)
		os.Chtimes(dst, time.Now(), time.Now().Add(time.Duration(i)*time.Minute))
	}
	out.Reset()
	if err := run(ctx, &out, &errw, []string{"stability", "-dir", dir}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "A = old, B = new") && !strings.Contains(out.String(), "rows measured in both runs") {
		t.Errorf("output:\n%s", out.String())
	}

	if err := run(ctx, &out, &errw, []string{"stability", a}); err == nil || !strings.Contains(err.Error(), "two results files") {
		t.Errorf("one file: got %v", err)
	}
}
