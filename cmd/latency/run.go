package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/latency-numbers/latency/internal/chart"
	"github.com/latency-numbers/latency/internal/clock"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/noise"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/runner"
	"github.com/latency-numbers/latency/internal/scratch"
	"github.com/latency-numbers/latency/internal/view"
)

func cmdRun(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("run", stderr, "[flags]")
	// Note: the flag package shows a back-quoted word of the usage as the
	// flag's argument (-peer host:port); other words stay unquoted.
	profile := fs.String("profile", env.Profile(), "run `profile`: default (~3 min) or quick (< 1 min) (env "+env.ProfileVar+")")
	budget := fs.Duration("budget", 0, "`time` for the whole run from its start, build included (e.g. 5m); 0: the profile's (default 2m40s, quick 45s). Rows short of their precision target are sampled until it ends")
	bench := fs.String("bench", "", "run only top-level benchmarks matching this `regexp` (e.g. 'CacheRef|MainMemory')")
	out := fs.String("o", "results", "`directory` for the results file")
	scratch := fs.String("scratch", env.Scratch(), "`directory` for the storage rows' scratch file (env "+env.ScratchVar+")")
	peer := fs.String("peer", env.Peer(), "`host:port` of a 'latency echo' server on another machine, for real network round trips (env "+env.PeerVar+")")
	peerWhere := fs.String("peer-where", "", "`place` of the -peer machine: wan, datacenter or lan; the guide's WAN and datacenter rows use the peer only when told it is there")
	charts := fs.Bool("charts", true, "draw the ladder and memory-curve charts beside the results file")
	format := fs.String("format", "text", "report `format` printed after the run: "+runFormats.String())
	logRes := fs.Bool("log-results", false, "after the report, print the results file to stdout between marker lines for `latency gather` (a Kubernetes Job's log)")
	var extra factFlags
	fs.Var(&extra, "fact", "extra `key=value` fact for the results file (repeatable): what the machine cannot tell, e.g. node-name=, instance-type=, zone= from a Kubernetes node, so that `benchstat -col instance-type` groups by it")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("run takes no arguments, got %q", fs.Args())
	}
	peerFacts, err := checkRunFlags(ctx, view.Format(*format), *peer, *peerWhere, *out)
	if err != nil {
		return err
	}
	p, err := runner.LookupProfile(*profile)
	if err != nil {
		return err
	}
	if *budget < 0 {
		return fmt.Errorf("bad -budget %s: want a positive duration such as 5m", *budget)
	}
	opts := runner.Options{Profile: p, OutDir: *out, Peer: *peer, Stderr: stderr, Budget: *budget, Start: started}
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
	opts.Facts = append(append(envCheck(stderr), facts(opts.Scratch, stderr)...), peerFacts...)
	for _, f := range extra {
		opts.Facts = append(opts.Facts, fact.Fact{Key: f.Key, Value: f.Value})
	}
	opts.Clock = clock.Estimate
	if clock.Available() == nil {
		opts.Probe = clock.Probe
	}
	opts.Noise = monitor(stderr)
	path, err := runner.Run(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "saved %s\n", path)
	if *charts {
		writeCharts(path, stderr)
	}
	fmt.Fprintln(stderr)
	if err := printReport(stdout, stderr, view.Format(*format), []string{path}); err != nil {
		return err
	}
	if *logRes {
		return logResults(stdout, path, fleet.KindSuite, extra)
	}
	return nil
}

// monitor returns the runner's noise monitor: each call says what else the
// machine did since the last (package noise), excluding this process and
// its children (the benchmarks). Where /proc cannot be read it warns once
// and records nothing.
func monitor(stderr io.Writer) func() string {
	self := os.Getpid()
	last, err := noise.Take("/proc", self)
	if err != nil {
		fmt.Fprintf(stderr, "warning: no noise monitor: %v\n", err)
		return nil
	}
	return func() string {
		now, err := noise.Take("/proc", self)
		if err != nil {
			return ""
		}
		s := noise.Between(last, now)
		last = now
		return s.Format()
	}
}

// facts gathers the facts that need more than reading files: the real CPU
// clock, whether huge pages are granted, and the scratch directory's device.
func facts(scratchDir string, stderr io.Writer) []fact.Fact {
	fs := []fact.Fact{machine.HugePageProbe()}
	if ghz, err := clock.Estimate(); err == nil {
		fs = append(fs, fact.Fact{Key: fact.CPUClockGHz, Value: fmt.Sprintf("%.2f (dependent-add chain)", ghz)})
	} else {
		fmt.Fprintf(stderr, "warning: estimating the CPU clock: %v\n", err)
	}
	for _, kv := range scratch.Facts(scratchDir) {
		fs = append(fs, fact.Fact{Key: kv[0], Value: kv[1]})
	}
	return fs
}

// writeCharts draws the charts beside the results file. A chart that cannot
// be drawn is a warning: the results are already safe.
func writeCharts(path string, stderr io.Writer) {
	run, err := results.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "warning: charts: %v\n", err)
		return
	}
	paths, err := chart.WriteAll(filepath.Dir(path), strings.TrimSuffix(filepath.Base(path), ".txt"), []*report.Report{report.Build(run, rows.Table)}, chart.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "warning: charts: %v\n", err)
	}
	for _, p := range paths {
		printLine(stderr, "wrote "+p)
	}
}
