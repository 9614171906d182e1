// Package headless runs a Chromium-family browser without a window, for the
// tests that check a page in a real browser: the document after its scripts
// ran (--dump-dom), a screenshot, and every request the page made to the
// network.
//
// Every run resolves no host name (--host-resolver-rules maps every name to
// nothing) and records a NetLog; Load returns the URLs the page asked for
// beyond file:// and data:, which a page meant to open offline must not.
package headless

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Browser returns the path of a Chromium-family browser, or skips the test.
func Browser(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium installed (Debian: apt-get install chromium); the page was not checked in a browser")
	return ""
}

// Load runs browser headless on url in a window of w×h pixels, with a
// fresh profile and the extra flags args (--dump-dom, --screenshot=FILE),
// and returns what it printed on stdout and the network requests the page
// made (see PageRequests).
func Load(t testing.TB, browser, url string, w, h int, args ...string) (stdout []byte, network []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	tmp := t.TempDir()
	netlog := filepath.Join(tmp, "netlog.json")
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--log-net-log=" + netlog,
		"--user-data-dir=" + filepath.Join(tmp, "profile"), fmt.Sprintf("--window-size=%d,%d", w, h), "--hide-scrollbars"}, args...)
	cmd := exec.CommandContext(ctx, browser, append(all, url)...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", browser, err, stderr.Bytes())
	}
	data, err := os.ReadFile(netlog)
	if err != nil {
		t.Fatalf("the browser wrote no NetLog: %v", err)
	}
	network, err = PageRequests(data)
	if err != nil {
		t.Fatalf("reading the NetLog: %v", err)
	}
	return out.Bytes(), network
}

// PageRequests returns the URLs of the requests a page made beyond file:,
// data:, blob: and about:, from a Chromium NetLog (--log-net-log), without
// repeats, in order. The browser's own requests (its update and time
// checks, whose initiator is "not an origin") are no page's and are left
// out.
func PageRequests(netlog []byte) ([]string, error) {
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int `json:"type"`
			Params struct {
				URL       string `json:"url"`
				Initiator string `json:"initiator"`
			} `json:"params"`
		} `json:"events"`
	}
	// Note: a browser killed at its timeout leaves the log's closing
	// brackets out; the tests fail earlier on the browser's error.
	if err := json.Unmarshal(netlog, &log); err != nil {
		return nil, err
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		return nil, fmt.Errorf("the NetLog names no URL_REQUEST_START_JOB event")
	}
	var out []string
	for _, e := range log.Events {
		u := e.Params.URL
		if e.Type != start || u == "" || e.Params.Initiator == "not an origin" {
			continue
		}
		scheme, _, _ := strings.Cut(u, ":")
		switch strings.ToLower(scheme) {
		case "file", "data", "blob", "about":
			continue
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}
