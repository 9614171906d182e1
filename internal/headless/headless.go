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
	"image"
	"image/color"
	"image/png"
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

// Screenshot has load take a screenshot (load is called with
// "--screenshot=FILE", and is the test's own Load, which checks the
// page's requests) and returns it decoded, failing the test unless it is
// w×h pixels. It also saves a copy to save unless save is "" (a test's
// -screenshot flag).
func Screenshot(t testing.TB, w, h int, save string, load func(arg string)) image.Image {
	t.Helper()
	shot := filepath.Join(t.TempDir(), "screenshot.png")
	load("--screenshot=" + shot)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
	if save != "" {
		if err := os.WriteFile(save, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	return img
}

// CountNear counts the pixels of img within 12 of c in each of red, green
// and blue: how much of a screenshot a colour paints.
func CountNear(img image.Image, c color.RGBA) int {
	near := func(a uint32, b uint8) bool { return int(a>>8)-int(b) <= 12 && int(b)-int(a>>8) <= 12 }
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				n++
			}
		}
	}
	return n
}
