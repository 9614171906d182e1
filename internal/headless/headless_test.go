package headless

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A page that loads an image and fetches a URL is caught in the act; the
// browser's own requests are not the page's.
func TestLoadSeesPageRequests(t *testing.T) {
	browser := Browser(t)
	page := filepath.Join(t.TempDir(), "p.html")
	html := `<!DOCTYPE html><img src="https://example.com/x.png"><script>fetch("http://example.org/y").catch(()=>{})</script><p>hi</p>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	_, network := Load(t, browser, "file://"+page, 400, 300, "--dump-dom")
	want := []string{"https://example.com/x.png", "http://example.org/y"}
	for _, u := range want {
		if !slices.Contains(network, u) {
			t.Errorf("requests %q, want %s among them", network, u)
		}
	}
	if len(network) != len(want) {
		t.Errorf("requests %q, want only %q", network, want)
	}
}
