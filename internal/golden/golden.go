// Package golden compares rendered output with golden files in a test's
// testdata/ directory, and rewrites them when the test runs with -update
// (as pprof's tests do).
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Update reports whether the test runs with -update: a test that checks
// generated text kept elsewhere (a table in a doc comment) rewrites it then.
func Update() bool { return *update }

// Check compares got with testdata/name.golden, or rewrites that file with
// -update. A difference is reported at its first line, with the package to
// refresh after a change made on purpose.
func Check(t testing.TB, pkg, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (create it with go test -update)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("%s differs at line %d (after a change on purpose, refresh it with go test %s -update):\ngot:  %s\nwant: %s", path, i+1, pkg, gl, wl)
			return
		}
	}
}
