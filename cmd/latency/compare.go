package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/view"
)

// cmdCompare sets results files side by side: the guide, then one column per
// file, then the second file against the first with benchstat's test, or,
// with -stat floor, their floors against the rows' precision limits; with
// -stat cycles, the medians in CPU cycles.
func cmdCompare(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("compare", stderr, "[-format f] [-stat median|floor|cycles] [-wide | -width N] [-notes=false] [A B [C...]]   (each a results file or label=file; B is tested against A; default: the two newest files in results/)")
	formatName := fs.String("format", "text", "output `format`: "+report.Formats.String())
	statName := fs.String("stat", string(report.Median), "the `statistic` compared: median (benchstat's test of the medians), floor (the 10th percentiles, a difference beyond the row's precision limit) or cycles (the medians in CPU cycles, each run's over its own clock: what is left once the clock is taken out)")
	dir := fs.String("dir", "results", "`directory` searched for the two newest results files when no FILE is given")
	var layout textLayout
	fs.BoolVar(&layout.wide, "wide", false, "text: the wide table, the runs' labels and the whole verdict in it, whatever the width")
	fs.IntVar(&layout.width, "width", 0, "text: lay the table out within this many `columns` (default: the terminal's; 100 when not a terminal)")
	fs.BoolVar(&layout.notes, "notes", true, "text: number the verdicts of unstable rows and of rows that measured different things, and print them under the table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := layout.check(); err != nil {
		return err
	}
	format := view.Format(*formatName)
	if err := report.Formats.Check(format); err != nil {
		return fmt.Errorf("bad -format: %w", err)
	}
	stat, err := report.CheckStat(*statName)
	if err != nil {
		return fmt.Errorf("bad -stat: %w", err)
	}
	if err := flagsFirst(fs.Args()); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		newest, err := results.NewestRuns(*dir, 2)
		if err != nil {
			return err
		}
		slices.Reverse(newest) // the newer run is tested against the older
		files = newest
	}
	if len(files) < 2 {
		fs.Usage()
		return fmt.Errorf("compare needs at least two results files, got %d", len(files))
	}
	var runs []*results.Run
	var errs []error
	for _, arg := range files {
		run, _, err := load(ctx, arg)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		runs = append(runs, run)
	}
	if len(runs) < 2 {
		return errors.Join(append(errs, fmt.Errorf("nothing to compare: %d of %d results files usable", len(runs), len(files)))...)
	}
	if err := distinctRuns(runs); err != nil {
		return err
	}
	c, err := report.CompareStat(stat, runs, rows.Table)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	if format != view.CSV { // csv's warnings all go to stderr below
		// The comparison lists them under its table; stderr says so even
		// when the table goes to a file.
		for _, w := range report.Methods(c.Runs) {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	if format == view.Text && !layout.wide {
		err = c.WriteNarrow(stdout, layout.narrow(stdout))
	} else {
		err = c.Write(stdout, format)
	}
	if err != nil {
		return err
	}
	if format == view.CSV {
		for _, w := range c.Warnings {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	return errors.Join(errs...)
}

// distinctRuns returns an error when two of runs are one run given twice,
// by whatever paths or labels (see results.SameRun).
func distinctRuns(runs []*results.Run) error {
	for i, a := range runs {
		for _, b := range runs[i+1:] {
			if why := results.SameRun(a, b); why != "" {
				return fmt.Errorf("%s and %s are the same run (%s); give two different runs", a.File, b.File, why)
			}
		}
	}
	return nil
}
