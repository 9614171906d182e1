package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMakeOutputIsTheCommands checks that `make report FORMAT=json > r.json`
// gives JSON: make must not echo the recipe line into stdout. GO is
// replaced by a script that prints a JSON object, so nothing is built.
func TestMakeOutputIsTheCommands(t *testing.T) {
	mk, err := exec.LookPath("make")
	if err != nil {
		t.Skip("no make")
	}
	fake := filepath.Join(t.TempDir(), "go")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho '{\"args\": \"'\"$*\"'\"}'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"report", "FORMAT=json"},
		{"compare", "FORMAT=json", "A=a.txt", "B=b.txt"},
	} {
		t.Run(args[0], func(t *testing.T) {
			cmd := exec.Command(mk, append([]string{"--no-print-directory", "-C", "../..", "GO=" + fake}, args...)...)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("make %v: %v", args, err)
			}
			if !json.Valid(out) {
				t.Errorf("make %v printed more than the command's JSON:\n%s", args, out)
			}
		})
	}
}
