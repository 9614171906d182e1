package gallery

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/rows"
)

// writeGallery writes the gallery of the test runs into a new directory
// and returns it.
func writeGallery(t *testing.T) (string, *Gallery) {
	t.Helper()
	g, err := New(testRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "gallery")
	if err := Write(dir, g, Options{}); err != nil {
		t.Fatal(err)
	}
	return dir, g
}

// The index carries what the page sorts and filters by: every row with
// its order, family and search text, every figure's value in ns, a sort
// button for every column, the filter controls and the script.
func TestIndexData(t *testing.T) {
	g, err := New(testRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := g.WriteIndex(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for i, r := range g.Rows {
		guide := "0"
		if r.Guide {
			guide = "1"
		}
		tr := regexp.MustCompile(`<tr id="row-` + regexp.QuoteMeta(r.ID) + `" class="[a-z]+" data-order="` + strconv.Itoa(i) +
			`" data-family="` + regexp.QuoteMeta(r.Family) + `" data-guide="` + guide + `" data-search="[^"]*` + regexp.QuoteMeta(r.ID) + `[^"]*">`)
		if !tr.MatchString(page) {
			t.Errorf("row %s: no <tr> with its order %d, family, guide flag and search text", r.ID, i)
		}
		for j, l := range r.Lines {
			if l.Kind == rows.NotMeasured {
				continue
			}
			want := `data-col="` + strconv.Itoa(j) + `" data-ns="` + strconv.FormatFloat(l.Measured, 'f', -1, 64) + `"`
			if !strings.Contains(page, want) {
				t.Errorf("row %s, run %d: no cell with %s", r.ID, j, want)
			}
		}
	}
	keys := []string{"op", "guide", "scott-2026", "run-0", "run-1", "run-2"}
	for _, k := range keys {
		if !strings.Contains(page, `<button type="button" class="sort" data-key="`+k+`"`) {
			t.Errorf("no sort button for column %s", k)
		}
	}
	for _, id := range []string{`id="q"`, `id="family"`, `id="guide-only"`, `id="machines"`, `id="count"`, "<script>", `<option value="memory">`} {
		if !strings.Contains(page, id) {
			t.Errorf("the page has no %s", id)
		}
	}
	// The machine filter matches a run by its name, kind, date, version.
	for _, s := range []string{`data-search="amd epyc · 2 cpus · vm (kvm) · 2026-12-01 vm (kvm) 2026-12-01 20261201t091244z-vm default v0.5.0`,
		`data-search="oxide virtual turin-like processor`} {
		if !strings.Contains(page, s) {
			t.Errorf("no machine heading with %s", s)
		}
	}
	// Unstable figures carry the flag; the interval is in the title.
	if !strings.Contains(page, `<span class="flag">!</span>`) || !strings.Contains(page, "95% interval") {
		t.Error("no unstable flag or interval in the page")
	}
	if !strings.Contains(page, "v0.5 (20261201T091244Z-vm)") {
		t.Error("the page does not warn that the runs' versions differ")
	}
}

// resourceRef matches what makes a browser fetch: src, srcset, href of a
// link element, CSS url() and @import, form actions, script requests.
var resourceRef = regexp.MustCompile(`(?i)\s(?:src|srcset|action|data|poster)\s*=\s*["']?\s*(?:https?:)?//|<link[^>]*href\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import|\bfetch\(|XMLHttpRequest|new\s+WebSocket|EventSource|navigator\.sendBeacon`)

// anyLink matches an address on another host anywhere in an attribute.
var anyLink = regexp.MustCompile(`(?i)(?:href|src)\s*=\s*["']?\s*(?:https?:)?//`)

// The site is complete: the index, the marker, and for each run its
// report, results file and charts; every link of the index resolves to a
// file of the site, and no page refers to another host.
func TestWrite(t *testing.T) {
	dir, g := writeGallery(t)
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		t.Errorf("no marker: %v", err)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range g.Runs {
		for _, name := range []string{"index.html", r.Slug + ".txt", r.Slug + "-ladder.svg", r.Slug + "-ladder.png", r.Slug + "-memory.svg"} {
			if _, err := os.Stat(filepath.Join(dir, r.Slug, name)); err != nil {
				t.Errorf("run %s: %v", r.Slug, err)
			}
		}
		want := `<a href="` + r.Slug + `/index.html">` + strings.ReplaceAll(r.Name, "&", "&amp;") + `</a>`
		if !bytes.Contains(index, []byte(want)) {
			t.Errorf("the index does not link %s to its report (want %s)", r.Slug, want)
		}
	}
	hrefs := regexp.MustCompile(`href="([^"]*)"`).FindAllSubmatch(index, -1)
	if len(hrefs) < 3*5 {
		t.Errorf("the index has %d links, want at least five per run", len(hrefs))
	}
	for _, h := range hrefs {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(string(h[1])))); err != nil {
			t.Errorf("the index links %s, which is not in the site: %v", h[1], err)
		}
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") && !strings.HasSuffix(path, ".svg") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if m := resourceRef.Find(data); m != nil {
			t.Errorf("%s asks the browser for %q", path, m)
		}
		if m := anyLink.Find(data); m != nil {
			t.Errorf("%s refers to another host: %q", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is left beside it.
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 1 {
		t.Errorf("beside the gallery: %d entries, want only the gallery", len(ents))
	}
}

// The output directory: a new or empty one is used, an earlier gallery
// replaced, anything else refused unless forced; a failed write leaves it
// as it was and nothing beside it.
func TestWriteOutputDir(t *testing.T) {
	g, err := New(testRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	write := func(t *testing.T, dir string, o Options) error {
		t.Helper()
		err := Write(dir, g, o)
		if err == nil {
			if _, serr := os.Stat(filepath.Join(dir, "index.html")); serr != nil {
				t.Errorf("written, but %v", serr)
			}
		}
		return err
	}
	t.Run("empty directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := write(t, dir, Options{}); err != nil {
			t.Error(err)
		}
	})
	t.Run("earlier gallery replaced", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "g")
		if err := write(t, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		stale := filepath.Join(dir, "stale-run")
		if err := os.Mkdir(stale, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := write(t, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(stale); err == nil {
			t.Error("the earlier gallery's files survived its replacement")
		}
		if ents, _ := os.ReadDir(filepath.Dir(dir)); len(ents) != 1 {
			t.Errorf("beside the gallery: %d entries, want only the gallery", len(ents))
		}
	})
	t.Run("other directory refused", func(t *testing.T) {
		dir := t.TempDir()
		keep := filepath.Join(dir, "notes.md")
		if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := write(t, dir, Options{}); !errors.Is(err, ErrNotGallery) || !strings.Contains(err.Error(), "-force") {
			t.Errorf("got %v, want ErrNotGallery naming -force", err)
		}
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("the refused directory lost its file: %v", err)
		}
		if err := CheckDir(dir, Options{}); !errors.Is(err, ErrNotGallery) {
			t.Errorf("CheckDir: got %v, want ErrNotGallery", err)
		}
		if err := write(t, dir, Options{Force: true}); err != nil {
			t.Errorf("with Force: %v", err)
		}
	})
	t.Run("file refused", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "index.html")
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := write(t, f, Options{Force: true}); err == nil || !strings.Contains(err.Error(), "is a file") {
			t.Errorf("got %v, want a file refused", err)
		}
	})
	t.Run("current directory refused", func(t *testing.T) {
		for _, dir := range []string{".", "..", "/"} {
			if err := write(t, dir, Options{Force: true}); err == nil || !strings.Contains(err.Error(), "current directory") {
				t.Errorf("%s: got %v, want the current directory refused", dir, err)
			}
		}
	})
	t.Run("failure leaves the earlier gallery", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "g")
		if err := write(t, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(filepath.Join(dir, "index.html"))
		broken, err := New(testRuns(t))
		if err != nil {
			t.Fatal(err)
		}
		broken.Runs[2].run.File = filepath.Join(t.TempDir(), "gone.txt") // its copy fails half-way
		if err := Write(dir, broken, Options{}); err == nil {
			t.Fatal("a write that could not copy a results file succeeded")
		}
		after, _ := os.ReadFile(filepath.Join(dir, "index.html"))
		if !bytes.Equal(before, after) {
			t.Error("a failed write changed the earlier gallery")
		}
		if ents, _ := os.ReadDir(filepath.Dir(dir)); len(ents) != 1 {
			t.Errorf("beside the gallery after a failure: %d entries, want only the gallery", len(ents))
		}
	})
}
