package main

import (
	"context"
	"fmt"
	"io"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/version"
	"github.com/latency-numbers/latency/internal/workers"
)

// cmdVersion prints which suite this is, as key: value lines; the keys
// a results file also has (suite-version, suite-commit, workers) are the
// same.
func cmdVersion(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("version", stderr, "")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("version takes no arguments, got %q", fs.Args())
	}
	info := version.Read()
	src := workers.Default()
	if src.Kind() == workers.KindBuilt {
		// run records the commit of the source it builds, not of this
		// binary (go install'ed from another checkout, say).
		if c := src.Commit(); c != "" {
			info.Commit = c
		}
	}
	line := func(key, value string) {
		if value == "" {
			value = "unknown"
		}
		fmt.Fprintf(stdout, "%s: %s\n", key, value)
	}
	line(results.SuiteVersionFact, info.Suite)
	line(results.SuiteCommitFact, info.Commit)
	if info.CommitTime != "" {
		line("commit-time", info.CommitTime)
	}
	mod := info.Module
	if info.ModVersion != "" {
		mod += " " + info.ModVersion
	}
	line("module", mod)
	line("go", info.Go)
	line("platform", info.Platform)
	line(results.WorkersFact, describeWorkers(src))
	return nil
}

// describeWorkers says where `latency run` gets its workers, the source's
// kind first.
func describeWorkers(src workers.Source) string {
	a, ok := src.(workers.Archive)
	if !ok {
		return src.Kind() + " (run builds the bench packages from the module in the current directory with the go command)"
	}
	m, err := a.Manifest()
	if err != nil {
		return fmt.Sprintf("%s (unreadable: %v)", src.Kind(), err)
	}
	return fmt.Sprintf("%s (%d bench packages for %s/%s, built by %s)", src.Kind(), len(m.Packages), m.GOOS, m.GOARCH, m.Go)
}
