package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeCard runs the commands the README's generated card block
// shows (scripts/readme-report.sh writes it) and checks their output is
// still what the README says, as x/perf's doc tests do: after a change to
// the card or the estimates on purpose, run `make readme`.
func TestReadmeCard(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)<!-- card:begin.*?<!-- card:end -->`).Find(readme)
	if block == nil {
		t.Fatal("README.md has no card block")
	}
	// Each command is a line `go run ./cmd/latency ARGS`:, then its output
	// in a ```text block.
	cmds := regexp.MustCompile("(?s)`go run ./cmd/latency ([^`]*)`:\n\n```text\n(.*?)```\n").FindAllSubmatch(block, -1)
	if len(cmds) < 2 {
		t.Fatalf("found %d commands in the card block, want the card and an estimate", len(cmds))
	}
	// The commands run where the README's do, at the top of the tree: the
	// file's path is in their output, and its length in how lines wrap.
	t.Chdir("../..")
	for _, c := range cmds {
		args := shellWords(string(c[1]))
		if _, err := os.Stat(args[len(args)-1]); err != nil && args[0] == "card" {
			t.Skipf("the README's run is not here: %v", err)
		}
		t.Run(strings.Join(args[:1], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(context.Background(), &stdout, &stderr, args); err != nil {
				t.Fatal(err)
			}
			if got := stdout.String(); got != string(c[2]) {
				t.Errorf("latency %s prints, unlike the README (run make readme after a change on purpose):\n%s\nREADME:\n%s", c[1], got, c[2])
			}
		})
	}
}

// shellWords splits a command line at spaces outside single quotes.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	quoted, in := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// TestReadmeMacUntested keeps the README's Platforms section honest (issue
// 20, item 19): until a results file in results/ comes from macOS, it says
// the suite has never run on a Mac and asks for one.
func TestReadmeMacUntested(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../results/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\ngoos: darwin\n")) {
			t.Skipf("%s comes from a Mac: say what it measured in the Platforms table instead", f)
		}
	}
	section := string(regexp.MustCompile(`(?s)## Platforms\n.*?\n## `).Find(readme))
	for _, want := range []string{
		"| macOS, Apple Silicon and Intel (**never run on a Mac yet**: built, vetted and unit-tested on recorded `sysctl` output only) |",
		"**The suite has never run on a Mac.**",
		"please run `make bench` and\ncontribute the results file",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("README's Platforms section lacks %q", want)
		}
	}
}
