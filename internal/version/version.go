// Package version says which suite measured a run: the version of its
// methods, the commit it was built from and the Go toolchain.
package version

import (
	"runtime"
	"runtime/debug"

	"golang.org/x/mod/semver"
)

// Suite is the version of the suite's methods, recorded in every results
// file as suite-version.
//
// Note: bump the minor version (the major one after v1) when a change
// alters what a row measures or how: a workload, a buffer or file size, the
// sample length, the statistic a row shows, a benchmark's loop. Runs of
// different major or minor versions measured different things, and compare
// says so (SameMethod; the rule Phoronix Test Suite uses to keep results
// comparable). Bump the patch version for changes that leave every
// figure's method alone: the report's layout, documentation, new commands.
const Suite = "v0.4.0"

// commit is set by the linker for release builds (make dist):
//
//	-ldflags "-X github.com/latency-numbers/latency/internal/version.commit=<sha>"
var commit string

// SameMethod reports whether two suite versions measured by the same
// methods: the same major and minor version. A missing or invalid version
// matches only another missing or invalid one (runs that predate
// versioning).
func SameMethod(a, b string) bool {
	return Methods(a) == Methods(b)
}

// Methods is the part of a suite version that names its methods, its major
// and minor version ("v0.4" of "v0.4.1" or of a pseudo-version); "" for a
// missing or invalid version.
func Methods(v string) string { return semver.MajorMinor(v) }

// Info describes this binary.
type Info struct {
	Suite      string // Suite
	Module     string // the main module's path
	ModVersion string // its version from the build info: "(devel)" for a build from a clone
	Commit     string // the commit it was built from, "-dirty" appended for uncommitted changes; "" when unknown
	CommitTime string // the commit's time (RFC 3339) when the build info has it
	Go         string // the toolchain that built it
	Platform   string // GOOS/GOARCH
}

// Read describes the running binary, from runtime/debug's build info and
// what the linker was told.
func Read() Info {
	info := Info{Suite: Suite, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH, Commit: commit}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.Module, info.ModVersion = bi.Main.Path, bi.Main.Version
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		case "vcs.time":
			info.CommitTime = s.Value
		}
	}
	if info.Commit == "" && rev != "" {
		info.Commit = rev
		if modified == "true" {
			info.Commit += "-dirty"
		}
	}
	return info
}

// Commit is the commit this binary was built from, or "" when unknown.
func Commit() string { return Read().Commit }
