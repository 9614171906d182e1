package gallery

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/semver"
)

// VersionFact is the key of the fact naming the version of the suite that
// made a results file ("suite-version: v0.4.1").
const VersionFact = "suite-version"

// beforeVersions stands for the version of a file written before results
// files carried one.
const beforeVersions = "before versions"

// methods returns the part of a suite version that names its methods: the
// major and minor version ("v0.4" of "v0.4.1" or of a pseudo-version
// "v0.4.2-0.20261205120000-abcdef123456"); a version that is no semantic
// version as written; beforeVersions for none.
//
// Note: as in the Phoronix Test Suite, a change of the major or minor
// version means the methods changed and figures may move for that reason
// alone; a patch release keeps them comparable.
func methods(version string) string {
	switch {
	case version == "":
		return beforeVersions
	case semver.IsValid(version):
		return semver.MajorMinor(version)
	}
	return version
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
