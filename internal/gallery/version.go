package gallery

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/latency-numbers/latency/internal/version"
)

// beforeVersions stands for the version of a file written before results
// files carried one.
const beforeVersions = "before versions"

// methods names the methods of a suite version (version.Methods), or
// beforeVersions for a file without one.
func methods(v string) string {
	if m := version.Methods(v); m != "" {
		return m
	}
	return beforeVersions
}

// methodsDiffer warns, naming which run has which, when runs were measured
// by versions of the suite whose methods differ; "" when they agree.
func methodsDiffer(runs []*Run) string {
	var keys []string
	by := map[string][]string{}
	for _, r := range runs {
		m := methods(r.Version)
		if _, ok := by[m]; !ok {
			keys = append(keys, m)
		}
		by[m] = append(by[m], r.Label)
	}
	if len(keys) < 2 {
		return ""
	}
	// Oldest methods first; files before versions before any version.
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case a == beforeVersions:
			return -1
		case b == beforeVersions:
			return 1
		}
		return semver.Compare(a, b)
	})
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s (%s)", k, strings.Join(by[k], ", ")))
	}
	return "these runs were measured by versions of the suite whose methods differ (a major or minor version apart): " +
		strings.Join(parts, "; ") + "; a difference between such columns may be the methods' rather than the machines'"
}
