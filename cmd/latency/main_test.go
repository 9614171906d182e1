package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpAndUsageErrors runs the command line as main does: help asked
// for exits 0 and shows the command's flags; a bad flag's error is printed
// once, with the usage, and exits 1.
func TestHelpAndUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr []string // in stderr, each exactly once
		not    []string // not in stderr
	}{
		{"-h", []string{"-h"}, 0, []string{"usage: latency <command>"}, nil},
		{"--help", []string{"--help"}, 0, []string{"usage: latency <command>"}, nil},
		{"help", []string{"help"}, 0, []string{"usage: latency <command>"}, nil},
		{"help run", []string{"help", "run"}, 0, []string{"usage: latency run", "-peer host:port", "-o directory"}, []string{"latency echo\n", "-peer string"}},
		{"run -h", []string{"run", "-h"}, 0, []string{"usage: latency run", "-peer host:port"}, nil},
		{"report -h", []string{"report", "-h"}, 0, []string{"usage: latency report", "-format format"}, nil},
		{"echo -h", []string{"echo", "-h"}, 0, []string{"-max-conns"}, nil},
		{"help echo", []string{"help", "echo"}, 0, []string{"-max-conns"}, nil},
		{"no command", nil, 1, []string{"usage: latency <command>", "latency: no command given"}, nil},
		{"unknown command", []string{"frobnicate"}, 1, []string{`latency: unknown command "frobnicate"`}, nil},
		{"help unknown", []string{"help", "frobnicate"}, 1, []string{`latency: unknown command "frobnicate"`}, nil},
		{"unknown flag", []string{"run", "-nope"}, 1, []string{"flag provided but not defined: -nope", "usage: latency run"}, nil},
		{"report unknown flag", []string{"report", "-nope"}, 1, []string{"flag provided but not defined: -nope"}, nil},
		{"echo unknown flag", []string{"echo", "-nope"}, 1, []string{"flag provided but not defined: -nope"}, nil},
		{"bad value", []string{"report", "-human=maybe"}, 1, []string{`invalid boolean value "maybe" for -human`}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx := context.Background()
			code := exitCode(ctx, run(ctx, &stdout, &stderr, tc.args), &stderr)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			for _, w := range tc.stderr {
				if n := strings.Count(stderr.String(), w); n != 1 {
					t.Errorf("stderr has %q %d times, want once:\n%s", w, n, stderr.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(stderr.String(), w) {
					t.Errorf("stderr has %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

func TestInterruptedExitCode(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := exitCode(ctx, run(ctx, &stdout, &stderr, []string{"report", "/dev/zero"}), &stderr)
	if code != 130 || stderr.String() != "latency: interrupted\n" {
		t.Errorf("got exit status %d and %q, want 130 and an interruption", code, stderr.String())
	}
}
