package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/view"
)

// TestRunChecksFlagsFirst checks that run refuses bad flags before it
// measures anything. The context is cancelled, so a run that got past the
// checks would stop at once with another error.
func TestRunChecksFlagsFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly := filepath.Join(dir, "ro")
	if err := os.Mkdir(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"xml", []string{"-format", "xml"}, `bad -format: unknown format "xml"`},
		{"not a peer", []string{"-peer", "not a peer"}, `bad -peer (or LATENCY_PEER): "not a peer": want host:port`},
		{"peer without host", []string{"-peer", ":7777"}, "with a host name or address"},
		{"peer bad port", []string{"-peer", "host:http2x"}, `port "http2x" is not a port number`},
		{"peer not resolving", []string{"-peer", "nosuch.invalid:7777"}, `"nosuch.invalid:7777": resolving nosuch.invalid`},
		{"peer-where unknown", []string{"-peer", "192.0.2.1:7777", "-peer-where", "mars"}, `bad -peer-where: "mars" (want wan, datacenter, lan)`},
		{"peer-where without peer", []string{"-peer", "", "-peer-where", "wan"}, "no -peer (or LATENCY_PEER) is given"},
		{"output is a file", []string{"-o", file}, "bad -o: " + file + " is not a directory"},
		{"output under a file", []string{"-o", filepath.Join(file, "sub")}, "bad -o: " + file + " is not a directory"},
		{"output read-only", []string{"-o", readOnly}, "bad -o: cannot write in " + readOnly},
		{"output in /proc", []string{"-o", "/proc"}, "bad -o: cannot write in /proc"},
		{"output under read-only", []string{"-o", filepath.Join(readOnly, "new")}, "bad -o: cannot create " + filepath.Join(readOnly, "new")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "read-only") && os.Geteuid() == 0 {
				t.Skip("root writes in read-only directories")
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			args := append([]string{"run", "-scratch", dir, "-o", filepath.Join(dir, "results")}, tc.args...)
			var stdout, stderr bytes.Buffer
			err := run(ctx, &stdout, &stderr, args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if stderr.Len() > 0 {
				t.Errorf("run started before refusing:\n%s", stderr.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("the checks created the results directory")
	}
}

// run -format html is the report command's page.
func TestRunFormatsAccepted(t *testing.T) {
	for _, f := range []view.Format{"text", "markdown", "csv", "json", "html"} {
		if _, err := checkRunFlags(context.Background(), f, "192.0.2.1:7777", "", t.TempDir()); err != nil {
			t.Errorf("-format %s: %v", f, err)
		}
	}
	var out, errb bytes.Buffer
	if err := printReport(&out, &errb, "html", []string{testdata + "vm-quick.txt"}); err != nil || !bytes.HasPrefix(bytes.TrimSpace(out.Bytes()), []byte("<!DOCTYPE html>")) {
		t.Errorf("printReport html: %v, %.60q", err, out.String())
	}
}

// printReport's warnings go to the writer it is given, not os.Stderr
// (issue 20, item 13).
func TestPrintReportStderr(t *testing.T) {
	var out, errb bytes.Buffer
	if err := printReport(&out, &errb, "csv", []string{testdata + "small.txt"}); err != nil {
		t.Fatal(err)
	}
	if want := "warning: " + testdata + "small.txt:16: "; !strings.HasPrefix(errb.String(), want) {
		t.Errorf("stderr: got %q, want it to start with %q", errb.String(), want)
	}
}

// The peer flags become facts: where the user says the peer is, and the
// address its name resolves to.
func TestRunPeerFacts(t *testing.T) {
	for _, tc := range []struct {
		peer, where string
		want        []fact.Fact
	}{
		{"192.0.2.1:7777", "", []fact.Fact{{Key: "peer-addr", Value: "192.0.2.1"}}},
		{"localhost:7777", "datacenter", []fact.Fact{{Key: "peer-where", Value: "datacenter"}, {Key: "peer-addr", Value: "127.0.0.1"}}},
		{"[fe80::1%lo]:7777", "wan", []fact.Fact{{Key: "peer-where", Value: "wan"}, {Key: "peer-addr", Value: "fe80::1%lo"}}},
		{"", "", nil},
	} {
		got, err := checkRunFlags(context.Background(), "text", tc.peer, tc.where, t.TempDir())
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("-peer %q -peer-where %q: got %v, %v; want %v", tc.peer, tc.where, got, err, tc.want)
		}
	}
}
