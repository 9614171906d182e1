package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// cmdStability checks two runs of one machine against each other: how many
// rows' intervals hold the other run's median, how many rows moved by more
// than 10 %, and whether each of those was flagged unstable.
func cmdStability(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("stability", stderr, "[A B]   (two runs of one machine; default: the two newest in -dir)")
	dir := fs.String("dir", "results", "directory searched for the two newest results files when none is given")
	if err := fs.Parse(args); err != nil {
		return err
	}
	files := fs.Args()
	if err := flagsFirst(files); err != nil {
		return err
	}
	switch len(files) {
	case 0:
		var err error
		if files, err = newestTwo(*dir); err != nil {
			return err
		}
	case 2:
	default:
		fs.Usage()
		return fmt.Errorf("stability takes two results files (or none), got %d", len(files))
	}
	var runs []*results.Run
	for _, f := range files {
		run, _, err := load(ctx, f)
		if run == nil {
			return err
		}
		runs = append(runs, run)
	}
	report.CheckStability(runs[0], runs[1], rows.Table).Write(stdout)
	return nil
}

// newestTwo returns the two newest results files in dir, older first.
func newestTwo(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type file struct {
		path string
		mod  int64
	}
	var fs []file
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if info, err := e.Info(); err == nil {
			fs = append(fs, file{filepath.Join(dir, e.Name()), info.ModTime().UnixNano()})
		}
	}
	if len(fs) < 2 {
		return nil, fmt.Errorf("%s holds %d results files; stability needs two runs (make stability runs them)", dir, len(fs))
	}
	slices.SortFunc(fs, func(a, b file) int {
		if a.mod != b.mod {
			return int(min(max(a.mod-b.mod, -1), 1))
		}
		return strings.Compare(a.path, b.path)
	})
	return []string{fs[len(fs)-2].path, fs[len(fs)-1].path}, nil
}
