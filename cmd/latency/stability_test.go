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

// stability refuses a file with nothing to check, naming it; stability and
// compare refuse one run given twice, by whatever path, label or copy; and
// stability warns of runs from two machines.
func TestSameRunOrNoRunRefused(t *testing.T) {
	a := testdata + "vm-quick.txt"
	data := read(t, a)
	dir := files(t, map[string]string{
		"junk.txt":   "junk\n",
		"empty.txt":  "",
		"copy.txt":   data,
		"edited.txt": strings.Replace(data, "BenchmarkCache/impl=map/op=get/par=1-2         \t     900", "BenchmarkCache/impl=map/op=get/par=1-2         \t     901", 1),
	})
	if err := os.Symlink(filepath.Join(dir, "copy.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"stability junk", []string{"stability", a, in("junk.txt")}, in("junk.txt") + ": no benchmark results"},
		{"stability empty", []string{"stability", in("empty.txt"), a}, in("empty.txt") + ": no benchmark results"},
		{"stability A A", []string{"stability", a, a}, "are the same run (the files are identical)"},
		{"stability A link", []string{"stability", a, in("link.txt")}, "are the same run (the files are identical)"},
		{"compare A ./A", []string{"compare", a, "./" + a}, "are the same run (the files are identical)"},
		{"compare A link", []string{"compare", a, in("link.txt")}, "are the same run (the files are identical)"},
		{"compare a=A b=A", []string{"compare", "a=" + a, "b=" + a}, "are the same run (the files are identical)"},
		{"compare A copy", []string{"compare", a, in("copy.txt")}, "are the same run (the files are identical)"},
		{"compare A edited", []string{"compare", a, in("edited.txt")}, "are the same run (both are the run of Oxide Virtual Turin-like Processor started at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), &stdout, &stderr, tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) || stdout.Len() > 0 {
				t.Errorf("got %v and %d bytes of output; want an error containing %q and no output", err, stdout.Len(), tc.want)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), &stdout, &stderr, []string{"stability", testdata + "adaptive.txt", a}); err != nil {
		t.Fatal(err)
	}
	if want := `come from different machines (cpu-model "AMD EPYC" and "Oxide Virtual Turin-like Processor")`; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q, want a warning containing %q", stderr.String(), want)
	}
}
