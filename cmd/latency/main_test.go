package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestHelpAndUsageErrors runs the command line as main does: help asked
// for is printed on stdout, nothing on stderr, and exits 0 (latency report
// -h | less); a bad flag's error is printed once, with the usage, on
// stderr, and exits 1.
func TestHelpAndUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string // in stdout, each exactly once
		stderr []string // in stderr, each exactly once
		not    []string // in neither stdout nor stderr
	}{
		{"-h", []string{"-h"}, 0, []string{"usage: latency <command>"}, nil, nil},
		{"--help", []string{"--help"}, 0, []string{"usage: latency <command>"}, nil, nil},
		{"help", []string{"help"}, 0, []string{"usage: latency <command>"}, nil, nil},
		{"help run", []string{"help", "run"}, 0, []string{"usage: latency run", "-peer host:port", "-o directory"}, nil, []string{"latency echo\n", "-peer string"}},
		{"run -h", []string{"run", "-h"}, 0, []string{"usage: latency run", "-peer host:port"}, nil, nil},
		{"report -h", []string{"report", "-h"}, 0, []string{"usage: latency report", "-format format"}, nil, nil},
		{"report -human -help", []string{"report", "-human", "-help"}, 0, []string{"usage: latency report"}, nil, nil},
		{"card -h", []string{"card", "-h"}, 0, []string{"usage: latency card"}, nil, nil},
		{"compare --h", []string{"compare", "--h"}, 0, []string{"usage: latency compare"}, nil, nil},
		{"stability -h", []string{"stability", "-h"}, 0, []string{"usage: latency stability"}, nil, nil},
		{"chart -h", []string{"chart", "-h"}, 0, []string{"usage: latency chart"}, nil, nil},
		{"gallery -h", []string{"gallery", "-h"}, 0, []string{"usage: latency gallery", "-o directory"}, nil, nil},
		{"estimate -h", []string{"estimate", "-h"}, 0, []string{"usage: latency estimate"}, nil, nil},
		{"doctor -h", []string{"doctor", "-h"}, 0, []string{"usage: latency doctor"}, nil, nil},
		{"version -h", []string{"version", "-h"}, 0, []string{"usage: latency version"}, nil, nil},
		{"echo -h", []string{"echo", "-h"}, 0, []string{"-max-conns"}, nil, nil},
		{"help echo", []string{"help", "echo"}, 0, []string{"-max-conns"}, nil, nil},
		{"no command", nil, 1, nil, []string{"usage: latency <command>", "latency: no command given"}, nil},
		{"unknown command", []string{"frobnicate"}, 1, nil, []string{`latency: unknown command "frobnicate"`}, nil},
		{"help unknown", []string{"help", "frobnicate"}, 1, nil, []string{`latency: unknown command "frobnicate"`}, nil},
		{"unknown flag", []string{"run", "-nope"}, 1, nil, []string{"flag provided but not defined: -nope", "usage: latency run"}, nil},
		{"report unknown flag", []string{"report", "-nope"}, 1, nil, []string{"flag provided but not defined: -nope"}, nil},
		{"stability unknown flag", []string{"stability", "-nope"}, 1, nil, []string{"flag provided but not defined: -nope"}, nil},
		{"doctor unknown flag", []string{"doctor", "-nope"}, 1, nil, []string{"flag provided but not defined: -nope", "usage: latency doctor"}, nil},
		{"doctor bad value", []string{"doctor", "-width", "x"}, 1, nil, []string{`invalid value "x" for flag -width`}, nil},
		{"echo bad value", []string{"echo", "-udp=maybe"}, 1, nil, []string{`invalid boolean value "maybe" for -udp`, "usage: latency echo"}, nil},
		{"echo unknown flag", []string{"echo", "-nope"}, 1, nil, []string{"flag provided but not defined: -nope"}, nil},
		{"bad value", []string{"report", "-human=maybe"}, 1, nil, []string{`invalid boolean value "maybe" for -human`}, nil},
		{"bad value before -h", []string{"report", "-human=maybe", "-h"}, 1, nil, []string{`invalid boolean value "maybe" for -human`, "usage: latency report"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx := context.Background()
			code := exitCode(ctx, run(ctx, &stdout, &stderr, tc.args), &stderr)
			if code != tc.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			for _, w := range tc.stdout {
				if n := strings.Count(stdout.String(), w); n != 1 {
					t.Errorf("stdout has %q %d times, want once:\n%s", w, n, stdout.String())
				}
			}
			if tc.stdout != nil && stderr.Len() > 0 {
				t.Errorf("help printed on stderr too:\n%s", stderr.String())
			}
			if tc.stdout == nil && stdout.Len() > 0 {
				t.Errorf("usage error printed on stdout:\n%s", stdout.String())
			}
			for _, w := range tc.stderr {
				if n := strings.Count(stderr.String(), w); n != 1 {
					t.Errorf("stderr has %q %d times, want once:\n%s", w, n, stderr.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(stdout.String()+stderr.String(), w) {
					t.Errorf("output has %q:\n%s%s", w, stdout.String(), stderr.String())
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

func TestStartedAt(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for env, want := range map[string]time.Time{
		"":             now,
		"junk":         now,
		"NaN":          now,
		"1799999950":   time.Unix(1_799_999_950, 0),
		"1799999950.5": time.Unix(1_799_999_950, 5e8),
		"1800000100":   now, // in the future
		"1700000000":   now, // long ago: inherited by mistake
		"-1e300":       now,
	} {
		if got := startedAt(now, env); !got.Equal(want) {
			t.Errorf("startedAt(%q) = %v, want %v", env, got, want)
		}
	}
}
