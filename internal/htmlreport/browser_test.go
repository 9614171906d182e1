package htmlreport

import (
	"flag"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/headless"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/scott"
	"github.com/latency-numbers/latency/internal/units"
)

var screenshot = flag.String("screenshot", "", "also save the browser test's screenshot to this file")

// The browser's window: wide enough for the table, tall enough to hold the
// whole page, both charts included.
const winW, winH = 1400, 4200

// chromium returns the path of a Chromium-family browser, or skips.
func chromium(t *testing.T) string { return headless.Browser(t) }

// load runs the browser on url (package headless) with extra flags,
// returning what it printed on stdout; the page must request nothing from
// the network.
func load(t *testing.T, browser, url string, args ...string) []byte {
	t.Helper()
	out, network := headless.Load(t, browser, url, winW, winH, args...)
	if len(network) > 0 {
		t.Errorf("the page requested %q from the network; it must open offline", network)
	}
	return out
}

// TestBrowser loads the page in headless Chromium: the table and both
// charts must be in the rendered document, the year slider's script must
// have run, and the screenshot must show the charts' colours.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium: runs without -short")
	}
	browser := chromium(t)
	page, rep := render(t, "testdata/quick.txt")
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// The fragment moves the slider, so the DOM shows whether the script ran.
	url := "file://" + path + "#year=2000"

	dom := string(load(t, browser, url, "--dump-dom"))
	for _, l := range append(append([]report.Line{}, rep.Rows...), rep.Extra...) {
		if !strings.Contains(dom, `<tr id="row-`+l.ID+`"`) {
			t.Errorf("rendered table has no row %s", l.ID)
		}
	}
	for _, id := range []string{"ladder", "memory"} {
		re := regexp.MustCompile(`(?s)<svg class="chart" id="` + id + `".*?</svg>`)
		svg := re.FindString(dom)
		if n := strings.Count(svg, "<text"); n < 20 {
			t.Errorf("rendered %s chart has %d text elements, want its labels", id, n)
		}
	}
	ns, _ := scott.NS("L1 cache reference", 2000)
	want := `data-id="l1_cache_reference">` + units.Duration(ns) + "<"
	if !strings.Contains(dom, want) || !strings.Contains(dom, `<output id="year-out" for="year">2000</output>`) {
		t.Errorf("the year slider's script did not show Scott's model for 2000 (want %s)", want)
	}

	img := headless.Screenshot(t, winW, winH, *screenshot, func(arg string) { load(t, browser, url, arg) })
	// Both charts painted: the ladder's measured marks are blue, Scott's
	// orange; the memory curve's 4 KiB pages are vermillion (only there).
	for name, c := range map[string]color.RGBA{
		"ladder, measured (blue)":          {0x00, 0x72, 0xB2, 0xFF},
		"ladder, Scott's model (orange)":   {0xE6, 0x9F, 0x00, 0xFF},
		"memory curve, 4 KiB (vermillion)": {0xD5, 0x5E, 0x00, 0xFF},
	} {
		if n := headless.CountNear(img, c); n < 100 {
			t.Errorf("%s: %d pixels of that colour, want the chart drawn", name, n)
		}
	}
}
