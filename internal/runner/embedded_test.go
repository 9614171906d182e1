package runner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/version"
	"github.com/latency-numbers/latency/internal/workers"
)

// recorder is a workers.Source that remembers the directories it was
// given, and can fail or be interrupted once its workers are in place.
type recorder struct {
	workers.Source
	dirs   []string
	fail   error
	cancel context.CancelFunc
}

func (r *recorder) Prepare(ctx context.Context, dir string, log io.Writer) ([]workers.Package, error) {
	r.dirs = append(r.dirs, dir)
	pkgs, err := r.Source.Prepare(ctx, dir, log)
	if r.cancel != nil {
		r.cancel() // Ctrl-C while the workers start
	}
	if err == nil {
		err = r.fail
	}
	return pkgs, err
}

// fakeArchive packs this test binary as the one worker of a package
// "fake" (the fake worker, see TestMain).
func fakeArchive(t *testing.T) workers.Archive {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	m := workers.Manifest{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}
	if err := workers.Pack(&buf, m, []workers.Package{{Path: "example.com/fake", Short: "fake", Dir: t.TempDir(), Bin: self}}); err != nil {
		t.Fatal(err)
	}
	return workers.Archive{Data: buf.Bytes()}
}

// TestRunEmbeddedWorkers runs the suite from an embedded archive: each
// run unpacks it into its own new directory under TMPDIR, records which
// suite measured it, and removes the directory whether the run succeeds,
// fails or is interrupted.
func TestRunEmbeddedWorkers(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv(fakeWorkerEnv, "1") // the workers Run starts inherit it
	archive := fakeArchive(t)
	out := t.TempDir()
	opts := func(src workers.Source) Options {
		return Options{Profile: Profile{Name: "quick", MinRounds: 1, Cap: 1, Benchtime: "1x", Budget: time.Minute},
			Bench: regexp.MustCompile(`^BenchmarkOK$`), OutDir: out, Scratch: out, Stderr: io.Discard, Workers: src}
	}
	gone := func(rec *recorder) {
		t.Helper()
		for _, d := range rec.dirs {
			if filepath.Dir(d) != tmp || !strings.HasPrefix(filepath.Base(d), "latency-bin-") {
				t.Errorf("workers unpacked into %s, want a latency-bin-* directory of TMPDIR %s", d, tmp)
			}
			if _, err := os.Stat(d); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s is still there after the run: %v", d, err)
			}
		}
	}

	t.Run("success", func(t *testing.T) {
		rec := &recorder{Source: archive}
		var paths []string
		for range 2 {
			path, err := Run(context.Background(), opts(rec))
			if err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
		if len(rec.dirs) != 2 || rec.dirs[0] == rec.dirs[1] {
			t.Errorf("directories %q: want a new one for each run", rec.dirs)
		}
		gone(rec)
		run, err := results.ReadFile(paths[0])
		if err != nil {
			t.Fatal(err)
		}
		for key, want := range map[string]string{
			results.SuiteVersionFact: version.Suite,
			results.SuiteCommitFact:  "unknown", // a test binary: no -X, no build info
			results.WorkersFact:      workers.KindEmbedded,
		} {
			if got := run.Fact(key); got != want {
				t.Errorf("fact %s: %q, want %q", key, got, want)
			}
		}
		if b := run.Find("OK"); b == nil {
			t.Error("no result of BenchmarkOK")
		}
	})

	t.Run("failure", func(t *testing.T) {
		rec := &recorder{Source: archive, fail: errors.New("no luck")}
		if _, err := Run(context.Background(), opts(rec)); err == nil || err.Error() != "no luck" {
			t.Errorf("got %v, want the source's error", err)
		}
		gone(rec)
	})

	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rec := &recorder{Source: archive, cancel: cancel}
		if _, err := Run(ctx, opts(rec)); err == nil || !strings.Contains(err.Error(), "nothing saved") {
			t.Errorf("got %v, want an interruption that saves nothing", err)
		}
		gone(rec)
	})

	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("TMPDIR holds %d entries after the runs, want none", len(ents))
	}
}
