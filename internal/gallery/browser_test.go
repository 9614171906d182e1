package gallery

import (
	"flag"
	"image/color"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/headless"
)

var screenshot = flag.String("screenshot", "", "also save the browser test's screenshot of the gallery to this file")

// The browser's window: wide enough for three machines, tall enough for
// every row.
const winW, winH = 1400, 1800

// load runs headless Chromium on url; the page must request nothing from
// the network.
func load(t *testing.T, browser, url string, args ...string) []byte {
	t.Helper()
	out, network := headless.Load(t, browser, url, winW, winH, args...)
	if len(network) > 0 {
		t.Errorf("%s requested %q from the network; the gallery must open offline", url, network)
	}
	return out
}

var (
	trTag  = regexp.MustCompile(`<tr id="row-([^"]+)"[^>]*>`)
	thRun  = regexp.MustCompile(`<th class="run num" id="run-([^"]+)"[^>]*>`)
	dataNS = regexp.MustCompile(`<td class="num[^"]*" data-col="0" data-ns="([^"]*)"`)
)

// TestBrowser renders a gallery of three runs in headless Chromium from
// file://, with no network request: the script sorts and filters as the
// address's fragment asks, a run's report opens, and the screenshot shows
// the table and the warning.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium: runs without -short")
	}
	browser := headless.Browser(t)
	dir, g := writeGallery(t)
	index := "file://" + filepath.Join(dir, "index.html")

	// Rows with "memory", by the first machine's figure, slowest first.
	dom := string(load(t, browser, index+"#q=memory&sort=run-0&dir=desc", "--dump-dom"))
	var shown []string
	var prev = math.Inf(1)
	seenNone := false
	for _, body := range strings.Split(dom, "</tr>") {
		m := trTag.FindStringSubmatch(body)
		if m == nil {
			continue
		}
		hidden := strings.Contains(m[0], ` hidden=""`)
		matches := strings.Contains(strings.ToLower(m[0]), "memory")
		if hidden == matches {
			t.Errorf("row %s: hidden %v, but it matches the filter %v", m[1], hidden, matches)
		}
		if hidden {
			continue
		}
		shown = append(shown, m[1])
		ns := dataNS.FindStringSubmatch(body)
		if ns == nil {
			t.Fatalf("row %s has no cell of the first machine", m[1])
		}
		if ns[1] == "" {
			seenNone = true
			continue
		}
		v, _ := strconv.ParseFloat(ns[1], 64)
		if seenNone || v > prev {
			t.Errorf("row %s (%g ns) after %g ns or a row without a figure: not sorted slowest first", m[1], v, prev)
		}
		prev = v
	}
	want := 0
	for _, r := range g.Rows {
		if strings.Contains(strings.ToLower(r.Operation+" "+r.ID+" "+r.Family), "memory") {
			want++
		}
	}
	if len(shown) != want || want == 0 {
		t.Errorf("shown rows %q, want the %d that mention memory", shown, want)
	}
	if !strings.Contains(dom, `data-key="run-0" data-col="0" data-search="amd epyc`) || !regexp.MustCompile(`<th class="run num" id="run-20261201T091244Z-vm"[^>]*aria-sort="descending"`).MatchString(dom) {
		t.Error("the first machine's heading is not marked as sorted descending")
	}
	if !strings.Contains(dom, `<output id="count">`+strconv.Itoa(want)+` of `+strconv.Itoa(len(g.Rows))+` rows, 3 of 3 machines</output>`) {
		t.Errorf("the count does not say %d of %d rows", want, len(g.Rows))
	}

	// Machines whose heading says "oxide": the AMD column hides.
	dom = string(load(t, browser, index+"#machines=oxide", "--dump-dom"))
	for _, m := range thRun.FindAllStringSubmatch(dom, -1) {
		hidden := strings.Contains(m[0], ` hidden=""`)
		if want := !strings.HasPrefix(m[1], "20261127"); hidden != want {
			t.Errorf("machine %s: hidden %v, want %v", m[1], hidden, want)
		}
	}
	cells := regexp.MustCompile(`<td class="num[^"]*" data-col="0"[^>]*>`).FindAllString(dom, -1)
	hiddenCells := 0
	for _, c := range cells {
		if strings.HasSuffix(c, ` hidden="">`) {
			hiddenCells++
		}
	}
	if len(cells) != len(g.Rows) || hiddenCells != len(cells) {
		t.Errorf("%d cells of the first machine, %d hidden; want %d, all hidden", len(cells), hiddenCells, len(g.Rows))
	}

	// A column's link: the run's own report, which opens offline too.
	report := string(load(t, browser, "file://"+filepath.Join(dir, g.Runs[0].Slug, "index.html"), "--dump-dom"))
	if !strings.Contains(report, `<table id="report">`) || !strings.Contains(report, `<svg class="chart" id="ladder"`) {
		t.Error("the first run's report has no table or ladder")
	}

	img := headless.Screenshot(t, winW, winH, *screenshot, func(arg string) { load(t, browser, index, arg) })
	for name, c := range map[string]color.RGBA{
		"the versions' warning (pale orange)": {0xFF, 0xF4, 0xE5, 0xFF},
		"the table's heading (grey)":          {0xF4, 0xF4, 0xF4, 0xFF},
		"the unstable marks (red)":            {0xBB, 0x00, 0x00, 0xFF},
	} {
		if n := headless.CountNear(img, c); n < 50 {
			t.Errorf("%s: %d pixels of that colour, want it painted", name, n)
		}
	}
}
