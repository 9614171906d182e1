package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// cmdStability checks two runs of one machine against each other: how many
// rows' intervals hold the other run's median, how many rows moved by more
// than 10 %, and whether each of those was flagged unstable.
func cmdStability(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("stability", stderr, "[-width N] [A B]   (two runs of one machine; default: the two newest in -dir)")
	dir := fs.String("dir", "results", "directory searched for the two newest results files when none is given")
	var layout textLayout
	fs.IntVar(&layout.width, "width", 0, "lay the output out within this many `columns` (default: the terminal's; 100 when not a terminal)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := layout.check(); err != nil {
		return err
	}
	files := fs.Args()
	if err := flagsFirst(files); err != nil {
		return err
	}
	switch len(files) {
	case 0:
		var err error
		if files, err = results.NewestRuns(*dir, 2); err != nil {
			return err
		}
		if len(files) < 2 {
			return fmt.Errorf("%s holds one run; stability needs two (make stability runs them)", *dir)
		}
		slices.Reverse(files) // older first
	case 2:
	default:
		fs.Usage()
		return fmt.Errorf("stability takes two results files (or none), got %d", len(files))
	}
	var runs []*results.Run
	for _, f := range files {
		run, _, err := load(ctx, f)
		if err != nil { // its error names the file
			return err
		}
		runs = append(runs, run)
	}
	if err := distinctRuns(runs); err != nil {
		return err
	}
	if a, b := runs[0].Fact(fact.CPUModel), runs[1].Fact(fact.CPUModel); a != b {
		fmt.Fprintf(stderr, "warning: %s and %s come from different machines (cpu-model %q and %q); stability checks two runs of one machine\n",
			runs[0].File, runs[1].File, a, b)
	}
	report.CheckStability(runs[0], runs[1], rows.Table).Write(stdout, textWidth(stdout, layout.width))
	return nil
}
