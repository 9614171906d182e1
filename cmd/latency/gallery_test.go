package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
)

const galleryData = "../../internal/gallery/testdata/results/"

// runGallery runs `latency gallery args...`.
func runGallery(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), &o, &e, append([]string{"gallery"}, args...))
	return o.String(), e.String(), err
}

// A directory stands for every results file under it, at any depth: the
// gallery of testdata's nested layout has its three runs, and says the
// runs' versions differ.
func TestGalleryCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	stdout, stderr, err := runGallery(t, "-o", out, galleryData)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(out, "index.html") + ": 3 machines\n"; stdout != want {
		t.Errorf("stdout %q, want %q", stdout, want)
	}
	if !strings.Contains(stderr, "warning: these runs were measured by versions of the suite whose methods differ") {
		t.Errorf("stderr %q, want the versions' warning", stderr)
	}
	for _, slug := range []string{"20261201T091244Z-vm", "20261127T122426Z-vm", "20261127T123152Z-vm"} {
		if _, err := os.Stat(filepath.Join(out, slug, "index.html")); err != nil {
			t.Errorf("run %s: %v", slug, err)
		}
	}
	// Files, label=file and directories mix; run again, the gallery is replaced.
	if _, _, err := runGallery(t, "-o", out, "amd="+galleryData+"amd-epyc/20261201T091244Z-vm.txt", galleryData+"oxide-virtual-turin"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "amd", "index.html")); err != nil {
		t.Errorf("the labelled run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "20261201T091244Z-vm")); err == nil {
		t.Error("the earlier gallery's run is still there")
	}
	// A gallery inside results/ is no run of its own.
	if got, err := results.Files(filepath.Dir(out)); err != nil || len(got) != 0 {
		t.Errorf("results.Files beside the gallery = %q, %v; want none", got, err)
	}
}

// Bad input is refused with a message that names it, and no gallery is
// written.
func TestGalleryRefuses(t *testing.T) {
	one := galleryData + "amd-epyc/20261201T091244Z-vm.txt"
	notes := files(t, map[string]string{"notes.txt": "just notes\n", "other.txt": read(t, testdata+"other-project.txt")})
	empty := t.TempDir()
	occupied := files(t, map[string]string{"mine.md": "keep me"})
	holding := files(t, map[string]string{"cpu/20261201T091244Z-vm.txt": read(t, one)})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no -o", []string{galleryData}, "-o DIR is required"},
		{"no files", []string{"-o", "OUT"}, "no results files or directories given"},
		{"empty directory", []string{"-o", "OUT", empty}, "holds no results files"},
		{"missing file", []string{"-o", "OUT", filepath.Join(empty, "nope.txt")}, "no such file"},
		{"not a results file", []string{"-o", "OUT", one, filepath.Join(notes, "notes.txt")}, "notes.txt: no benchmark results"},
		{"another project's results", []string{"-o", "OUT", filepath.Join(notes, "other.txt")}, "is it a results file of `latency run`?"},
		{"a directory with a non-results file", []string{"-o", "OUT", notes}, "no gallery written: 2 of 2 results files unusable"},
		{"the same file twice", []string{"-o", "OUT", galleryData, one}, "are the same run (the files are identical)"},
		{"a copy of a run", []string{"-o", "OUT", one, holding}, "are the same run (the files are identical)"},
		{"a directory that is not a gallery", []string{"-o", occupied, one}, "holds no earlier gallery"},
		{"flag after the files", []string{"-o", "OUT", one, "-force"}, "flag -force after the files"},
		{"output holds an input", []string{"-force", "-o", holding, holding}, "which replacing it would delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			for i, a := range tc.args {
				if a == "OUT" {
					tc.args[i] = out
				}
			}
			_, _, err := runGallery(t, tc.args...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a gallery was written")
			}
		})
	}
	if _, err := os.Stat(filepath.Join(occupied, "mine.md")); err != nil {
		t.Errorf("the refused directory lost its file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(holding, "cpu/20261201T091244Z-vm.txt")); err != nil {
		t.Errorf("the results file in the refused directory: %v", err)
	}
	// -force replaces a directory that is not a gallery.
	if _, _, err := runGallery(t, "-force", "-o", occupied, one); err != nil {
		t.Fatalf("-force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(occupied, "mine.md")); err == nil {
		t.Error("-force kept the directory's other files")
	}
}
