// Package workers provides the bench packages' test binaries that the
// runner starts as workers (package benchmain), from one of two sources:
//
//   - Build: built from the module's source with the go command, `go test
//     -c` of every package under bench/. This is `latency run` in a clone
//     with Go: what is measured is the code as it is, edits included.
//   - Archive: extracted from an archive embedded in the latency binary
//     itself (make dist, build tag embedworkers): no Go and no clone are
//     needed, only the one file.
//
// Either way the binaries go into a directory the runner makes and removes;
// the results file records which source it was (KindBuilt or
// KindEmbedded).
package workers

import (
	"context"
	"io"
)

// The kinds of source, recorded as the workers fact of a results file.
const (
	KindBuilt    = "built"
	KindEmbedded = "embedded"
)

// ModulePath is this suite's module: only its bench/ packages are built.
const ModulePath = "github.com/latency-numbers/latency"

// A Package is one bench package's worker, ready to start.
type Package struct {
	Path  string // import path, e.g. github.com/latency-numbers/latency/bench/cpu
	Short string // its last element: cpu
	Dir   string // the working directory to start it in: its testdata/ is there
	Bin   string // the test binary
}

// A Source provides the workers of a run.
type Source interface {
	// Kind is KindBuilt or KindEmbedded.
	Kind() string
	// Prepare puts every bench package's test binary into dir, an empty
	// directory the caller removes afterwards, and returns the packages.
	// It may print progress on log.
	Prepare(ctx context.Context, dir string, log io.Writer) ([]Package, error)
	// Commit is the commit the workers' source was at ("-dirty" appended
	// when it had uncommitted changes), or "" when unknown. Build knows it
	// once Prepare has found the module.
	Commit() string
}

// Default is the source this binary was built for: its embedded archive
// when it has one (make dist), else a build from the module in the current
// directory.
func Default() Source {
	if len(embedded) > 0 {
		return Archive{Data: embedded}
	}
	return &Build{}
}
