package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/chart"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// cmdChart writes the ladder and the memory curve of one or more results
// files as SVG and PNG.
func cmdChart(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("chart", stderr, "[-o dir] [FILE...]   (default: newest file in results/; a second FILE adds a second machine)")
	out := fs.String("o", "", "`directory` for the charts (default: beside the first results file)")
	dir := fs.String("dir", "results", "`directory` searched for the newest results file when no FILE is given")
	guideOnly := fs.Bool("guide-only", false, "draw only the guide's rows in the ladder, as <name>-ladder-guide.svg and .png beside the whole ladder")
	if err := parse(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		newest, err := results.Newest(*dir)
		if err != nil {
			return err
		}
		files = []string{newest}
	}
	var runs []*results.Run
	var errs []error
	for _, f := range files {
		run, err := results.ReadFileContext(ctx, f)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, w := range run.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
		runs = append(runs, run)
	}
	if len(runs) == 0 {
		return errors.Join(errs...)
	}
	outDir := *out
	if outDir == "" {
		outDir = filepath.Dir(runs[0].File)
	}
	if st, err := os.Stat(outDir); err != nil || !st.IsDir() {
		return fmt.Errorf("output directory %s does not exist or is not a directory", outDir)
	}
	reps := make([]*report.Report, len(runs))
	for i, run := range runs {
		reps[i] = report.Build(run, rows.Table)
	}
	paths, err := chart.WriteAll(outDir, chartBase(runs), reps, chart.Options{GuideOnly: *guideOnly})
	cols, _ := textwidth.Terminal(stdout)
	writePaths(stdout, cols, paths)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(paths, func(p string) bool { return strings.HasSuffix(p, "-memory.svg") }) {
		what := "only the ladder was drawn"
		if len(paths) > 2 {
			what = "no memory curve was drawn"
		}
		fmt.Fprintf(stderr, "note: %v; %s\n", chart.ErrNoSweep, what)
	}
	return errors.Join(errs...)
}

// chartBase names the charts after the files they draw: "A" for one file,
// "A-vs-B" for two.
func chartBase(runs []*results.Run) string {
	var labels []string
	for _, r := range runs {
		labels = append(labels, strings.ReplaceAll(r.Label, string(os.PathSeparator), "_"))
	}
	return strings.Join(labels, "-vs-")
}

// writePaths prints the paths of the charts written, one a line. On a
// terminal (width > 0) too narrow for them, the directory comes first and
// each file's name under it, indented; a path wider than the width is
// broken across lines, never cut. Output that is not a terminal (width 0)
// gets whole paths, for scripts.
func writePaths(w io.Writer, width int, paths []string) {
	fits := width == 0
	if !fits {
		fits = !slices.ContainsFunc(paths, func(p string) bool { return textwidth.Width(p) > width })
	}
	if fits {
		for _, p := range paths {
			fmt.Fprintln(w, p)
		}
		return
	}
	dir := ""
	for _, p := range paths {
		if d := filepath.Dir(p) + string(os.PathSeparator); d != dir {
			dir = d
			textwidth.Fprint(w, dir, width, "", "")
		}
		textwidth.Fprint(w, filepath.Base(p), width, "  ", "  ")
	}
}
