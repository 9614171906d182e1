package version

import (
	"runtime"
	"testing"

	"golang.org/x/mod/semver"
)

func TestSuiteIsSemver(t *testing.T) {
	if !semver.IsValid(Suite) || semver.Prerelease(Suite) != "" || semver.Build(Suite) != "" {
		t.Errorf("Suite = %q, want a plain vMAJOR.MINOR.PATCH", Suite)
	}
}

func TestSameMethod(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"equal", "v0.4.0", "v0.4.0", true},
		{"patch differs", "v0.4.0", "v0.4.3", true},
		{"minor differs", "v0.4.0", "v0.5.0", false},
		{"major differs", "v1.4.0", "v2.4.0", false},
		{"one missing", "", "v0.4.0", false},
		{"both missing", "", "", true},
		{"invalid", "0.4.0", "v0.4.0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SameMethod(tc.a, tc.b); got != tc.want {
				t.Errorf("SameMethod(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// The linker's commit (make dist) wins over the build info's.
func TestReadLinkerCommit(t *testing.T) {
	old := commit
	t.Cleanup(func() { commit = old })
	commit = "0123456789abcdef"
	got := Read()
	if got.Commit != commit || Commit() != commit {
		t.Errorf("Commit = %q, want the linker's %q", got.Commit, commit)
	}
	if got.Suite != Suite || got.Go != runtime.Version() || got.Platform != runtime.GOOS+"/"+runtime.GOARCH {
		t.Errorf("Read() = %+v", got)
	}
}
