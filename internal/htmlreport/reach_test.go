package htmlreport

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/headless"
)

// testdata/reach.txt is quick.txt with the results of the benchmarks beyond
// idle latency appended (those of the chart package's testdata/reach.txt,
// measured on another VM of the same kind, their "cpu:" lines made
// quick.txt's so the file reads as one run): the page shows their charts
// after the memory curve.

var beyondIDs = []string{"core-to-core", "loaded-latency", "memory-parallelism"}

func TestBeyond(t *testing.T) {
	page, _ := render(t, "testdata/reach.txt")
	at := -1
	for _, id := range beyondIDs {
		i := strings.Index(page, `<svg class="chart" id="`+id+`"`)
		if i < 0 || strings.Count(page, `id="`+id+`"`) != 1 {
			t.Errorf("page does not show chart %s once", id)
			continue
		}
		if i < at || i < strings.Index(page, `<svg class="chart" id="memory"`) {
			t.Errorf("chart %s is out of order", id)
		}
		at = i
	}
	if !regexp.MustCompile(`<figure style="max-width: \d+pt">\s*<svg class="chart" id="core-to-core"`).MatchString(page) {
		t.Error("the heatmap's figure is not held to its own width")
	}
	plain, _ := render(t, "testdata/quick.txt")
	for _, id := range beyondIDs {
		if strings.Contains(plain, `id="`+id+`"`) || strings.Contains(plain, `id="h-`+id+`"`) {
			t.Errorf("a run without %s shows it", id)
		}
	}
}

// TestBrowserBeyond loads the page with every chart in headless Chromium:
// the new charts must be in the rendered document with their labels, and
// the screenshot must show the heatmap's and the curves' colours.
func TestBrowserBeyond(t *testing.T) {
	browser := chromium(t)
	page, _ := render(t, "testdata/reach.txt")
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := string(load(t, browser, "file://"+path, "--dump-dom"))
	for _, id := range beyondIDs {
		svg := regexp.MustCompile(`(?s)<svg class="chart" id="` + id + `".*?</svg>`).FindString(dom)
		if n := strings.Count(svg, "<text"); n < 8 {
			t.Errorf("rendered %s chart has %d text elements, want its labels", id, n)
		}
	}

	// A window tall enough for the whole page: the new charts come last.
	save := ""
	if *screenshot != "" {
		save = strings.TrimSuffix(*screenshot, ".png") + "-beyond.png"
	}
	img := headless.Screenshot(t, winW, 3*winH, save, func(arg string) {
		load(t, browser, "file://"+path, arg, fmt.Sprintf("--window-size=%d,%d", winW, 3*winH))
	})
	// The heatmap's one cell is its fastest colour, pale yellow.
	if n := headless.CountNear(img, color.RGBA{0xFF, 0xF5, 0xC0, 0xFF}); n < 1000 {
		t.Errorf("heatmap cell: %d pixels of its pale yellow, want the cell painted", n)
	}
}
