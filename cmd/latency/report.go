package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/latency-numbers/latency/internal/htmlreport"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/view"
)

func cmdReport(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("report", stderr, "[-format f] [-human] [-wide | -width N] [-notes=false] [FILE...]   (default: newest file in results/)")
	formatName := fs.String("format", "text", "output `format`: "+report.Formats.String()+", html (one self-contained page with the charts)")
	human := fs.Bool("human", false, "add a human-scale column: every figure as if an L1 cache reference took one second")
	dir := fs.String("dir", "results", "`directory` searched for the newest results file when no FILE is given")
	var layout textLayout
	fs.BoolVar(&layout.wide, "wide", false, "text: the wide table, every column and the notes in it, whatever the width")
	fs.IntVar(&layout.width, "width", 0, "text: lay the table out within this many `columns` (default: the terminal's; 100 when not a terminal)")
	fs.BoolVar(&layout.notes, "notes", true, "text: number the notes (what was measured, why a row is unstable) and print them under the table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := layout.check(); err != nil {
		return err
	}
	format := view.Format(*formatName)
	if format != view.HTML {
		if err := report.Formats.Check(format); err != nil {
			return fmt.Errorf("bad -format: %w (or html)", err)
		}
	}
	files := fs.Args()
	if err := flagsFirst(files); err != nil {
		return err
	}
	if len(files) == 0 {
		newest, err := results.Newest(*dir)
		if err != nil {
			return err
		}
		files = []string{newest}
	}
	if format == view.HTML {
		return writeHTML(ctx, stdout, files)
	}
	return writeReports(ctx, stdout, stderr, format, *human, layout, files)
}

// writeHTML writes the self-contained page (table, facts, both charts) for
// one results file.
func writeHTML(ctx context.Context, w io.Writer, files []string) error {
	if len(files) != 1 {
		return fmt.Errorf("-format html writes one page for one file, got %d; use `latency chart A B` for two machines", len(files))
	}
	_, rep, err := load(ctx, files[0])
	if rep == nil {
		return err
	}
	if werr := htmlreport.Write(w, rep); werr != nil {
		return werr
	}
	return err // the page shows the reasons, but nothing was measured
}

// printReport prints one report per file (the run command's report); its
// warnings go to stderr.
func printReport(w, stderr io.Writer, format view.Format, files []string) error {
	if format == view.HTML {
		return writeHTML(context.Background(), w, files)
	}
	return writeReports(context.Background(), w, stderr, format, false, textLayout{notes: true}, files)
}

// writeReports prints one report per file. Problems that leave something
// usable are warnings in the report; a file with nothing usable is an error,
// and the others are still printed. JSON prints one object for one file,
// one array of them for several.
func writeReports(ctx context.Context, stdout, stderr io.Writer, format view.Format, human bool, layout textLayout, files []string) error {
	if format == view.CSV && len(files) > 1 {
		return fmt.Errorf("-format csv prints one file, got %d; use `latency compare` to set runs side by side", len(files))
	}
	var errs []error
	var many []*report.Report // -format json of several files: printed as one array
	printed := 0
	for _, f := range files {
		run, rep, err := load(ctx, f)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			if rep == nil || len(run.Skips)+len(run.Fails) == 0 {
				continue
			}
			// Nothing measured, but the skip reasons say why: show them.
		}
		rep.HumanScale = human
		if len(files) > 1 {
			switch format {
			case view.Text:
				if printed > 0 {
					fmt.Fprintln(stdout)
				}
				head := fmt.Sprintf("== %s ==", rep.Label)
				if !layout.wide {
					head = strings.Join(textwidth.WrapHang(head, layout.narrow(stdout).Width, "", "   "), "\n")
				}
				fmt.Fprintf(stdout, "%s\n\n", head)
			case view.Markdown:
				fmt.Fprintf(stdout, "## %s\n\n", rep.Label)
			}
		}
		if format == view.JSON && len(files) > 1 {
			many = append(many, rep)
			continue
		}
		if format == view.Text && !layout.wide {
			err = rep.WriteNarrow(stdout, layout.narrow(stdout))
		} else {
			err = rep.Write(stdout, format)
		}
		if err != nil {
			return err
		}
		if format == view.CSV {
			for _, w := range rep.Warnings {
				fmt.Fprintf(stderr, "warning: %s\n", w)
			}
		}
		printed++
	}
	if len(many) > 0 {
		if err := report.WriteJSON(stdout, many); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}

// load reads a results file (path or label=path) and builds its report. It
// returns an error when the file has nothing usable: it cannot be read, or
// no row of the table has a figure (a file of another project's
// benchmarks, or a run whose every benchmark was skipped).
func load(ctx context.Context, arg string) (*results.Run, *report.Report, error) {
	run, err := results.ReadFileContext(ctx, arg)
	if err != nil {
		if run != nil && len(run.Skips)+len(run.Fails) > 0 {
			// Nothing measured, but the reasons are worth showing.
			return run, report.Build(run, rows.Table), err
		}
		return run, nil, err
	}
	rep := report.Build(run, rows.Table)
	if rep.FromFile() > 0 {
		return run, rep, nil
	}
	if len(run.Skips)+len(run.Fails) > 0 {
		return run, rep, fmt.Errorf("%s: no row has a figure: every benchmark of the table was skipped or failed", run.File)
	}
	var names []string
	for i, b := range run.Benches {
		if i == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, "Benchmark"+b.Name)
	}
	return run, rep, fmt.Errorf("%s: none of its %d benchmarks (%s) answers a row of the latency table; is it a results file of `latency run`?",
		run.File, len(run.Benches), strings.Join(names, ", "))
}

// check refuses a layout asked for that cannot be had: -wide with -width
// (the wide table takes the width it needs), a negative width, or one
// narrower than report.MinWidth.
func (l textLayout) check() error {
	if err := checkWidth(l.width); err != nil {
		return err
	}
	if l.wide && l.width != 0 {
		return fmt.Errorf("-wide and -width %d exclude each other: -wide prints the wide table at whatever width it takes", l.width)
	}
	return nil
}

// flagsFirst reports a flag given after the files, which the flag package
// would take for a file name.
func flagsFirst(args []string) error {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			if _, err := os.Stat(a); err != nil {
				return fmt.Errorf("flag %s after the files: give flags first", a)
			}
		}
	}
	return nil
}
