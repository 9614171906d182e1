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
	"github.com/latency-numbers/latency/internal/results"
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
	paths, err := chart.WriteAll(outDir, chartBase(runs), runs, chart.Options{GuideOnly: *guideOnly})
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
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
