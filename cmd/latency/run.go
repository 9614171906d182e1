package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/latency-numbers/latency/internal/runner"
)

func cmdRun(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("run", stderr, "[flags]")
	profile := fs.String("profile", envOr("LATENCY_PROFILE", "default"), "run profile: default (10 samples, ~3 min) or quick (6 samples, < 1 min)")
	bench := fs.String("bench", "", "run only top-level benchmarks matching this regexp (e.g. 'CacheRef|MainMemory')")
	out := fs.String("o", "results", "directory for the results file")
	scratch := fs.String("scratch", envOr("LATENCY_SCRATCH", "."), "directory for the storage rows' scratch file (env LATENCY_SCRATCH)")
	peer := fs.String("peer", os.Getenv("LATENCY_PEER"), "host:port of a `latency echo` server for real network round trips (env LATENCY_PEER)")
	format := fs.String("format", "text", "report format printed after the run: text, markdown, csv, json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments, got %q", fs.Args())
	}
	p, err := runner.LookupProfile(*profile)
	if err != nil {
		return err
	}
	opts := runner.Options{Profile: p, OutDir: *out, Peer: *peer, Stderr: stderr}
	if *bench != "" {
		if opts.Bench, err = regexp.Compile(*bench); err != nil {
			return fmt.Errorf("bad -bench: %w", err)
		}
	}
	if opts.Scratch, err = filepath.Abs(*scratch); err != nil {
		return err
	}
	if st, err := os.Stat(opts.Scratch); err != nil || !st.IsDir() {
		return fmt.Errorf("scratch directory %s does not exist or is not a directory", opts.Scratch)
	}
	path, err := runner.Run(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "saved %s\n\n", path)
	return printReport(stdout, *format, []string{path})
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
