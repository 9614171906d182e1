package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

func cmdReport(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("report", stderr, "[-format f] [FILE...]   (default: newest file in results/)")
	format := fs.String("format", "text", "output format: "+strings.Join(report.Formats, ", "))
	dir := fs.String("dir", "results", "directory searched for the newest results file when no FILE is given")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !slices.Contains(report.Formats, *format) {
		return fmt.Errorf("unknown -format %q (want %s)", *format, strings.Join(report.Formats, ", "))
	}
	files := fs.Args()
	if len(files) == 0 {
		newest, err := results.Newest(*dir)
		if err != nil {
			return err
		}
		files = []string{newest}
	}
	return printReport(stdout, *format, files)
}

// printReport prints one report per file. Problems that leave something
// usable are warnings in the report; a file with nothing usable is an error.
func printReport(w io.Writer, format string, files []string) error {
	var errs []error
	for i, f := range files {
		run, err := results.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(files) > 1 && format == "text" {
			if i > 0 {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "== %s ==\n", run.Label)
		}
		if err := report.Build(run, rows.Table).Write(w, format); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}
