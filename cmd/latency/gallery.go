package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/latency-numbers/latency/internal/gallery"
	"github.com/latency-numbers/latency/internal/results"
)

// cmdGallery writes a static site of many runs: one column per machine, one
// row per row of the table, each column linked to its run's report.
func cmdGallery(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("gallery", stderr, "-o DIR [-force] FILE_OR_DIR...   (results files, label=file, or directories searched at any depth for *.txt)")
	out := fs.String("o", "", "`directory` to write the site into; an empty one or an earlier gallery is replaced (required)")
	force := fs.Bool("force", false, "replace -o's directory even when it holds something other than an earlier gallery")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := flagsFirst(fs.Args()); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return errors.New("-o DIR is required: the directory to write the gallery into (for instance: latency gallery -o gallery results)")
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no results files or directories given (for instance: latency gallery -o gallery results)")
	}
	if err := gallery.CheckDir(*out, gallery.Options{Force: *force}); err != nil {
		return err
	}
	files, err := galleryFiles(fs.Args())
	if err != nil {
		return err
	}
	if err := outsideOut(*out, files); err != nil {
		return err
	}
	var runs []*results.Run
	var errs []error
	for _, f := range files {
		run, _, err := load(ctx, f)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil { // its error names the file
			errs = append(errs, err)
			continue
		}
		runs = append(runs, run)
	}
	// Note: a gallery of the files that could be read would pass for one
	// of every file given; the reader fixes or leaves out the others.
	if len(errs) > 0 {
		return errors.Join(append(errs, fmt.Errorf("no gallery written: %d of %d results files unusable", len(errs), len(files)))...)
	}
	if err := distinctRuns(runs); err != nil {
		return err
	}
	g, err := gallery.New(runs)
	if err != nil {
		return err
	}
	for _, w := range g.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	if err := gallery.Write(*out, g, gallery.Options{Force: *force}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d machines\n", filepath.Join(*out, "index.html"), len(runs))
	return nil
}

// galleryFiles expands the arguments into results files: a file (or
// label=file) stands for itself, a directory for every results file under
// it (results.Files: the flat and the nested layout).
func galleryFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil || !st.IsDir() {
			files = append(files, a) // reading it says what is wrong
			continue
		}
		found, err := results.Files(a)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s holds no results files (*.txt, at any depth)", a)
		}
		files = append(files, found...)
	}
	return files, nil
}

// outsideOut refuses an output directory that holds one of the results
// files: replacing the directory would delete it.
func outsideOut(out string, files []string) error {
	dir, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	for _, f := range files {
		_, path := results.SplitArg(f)
		abs, err := filepath.Abs(path)
		if err != nil {
			continue
		}
		if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
			return fmt.Errorf("the output directory %s holds the results file %s, which replacing it would delete: write the gallery elsewhere", out, f)
		}
	}
	return nil
}
