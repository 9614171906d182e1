package htmlreport

import (
	"bytes"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/scott"
	"github.com/latency-numbers/latency/internal/units"
)

// testdata/quick.txt is a real run: `latency run -profile quick -bench
// 'CacheRef|SeqRead|Sweep|MainMemory'` on the development VM.

// render returns the page for a results file and its report.
func render(t *testing.T, path string) (string, *report.Report) {
	t.Helper()
	run, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rep := report.Build(run, rows.Table)
	var buf bytes.Buffer
	if err := Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return buf.String(), rep
}

func TestPage(t *testing.T) {
	page, rep := render(t, "testdata/quick.txt")

	for _, l := range append(append([]report.Line{}, rep.Rows...), rep.Extra...) {
		i := strings.Index(page, `<tr id="row-`+l.ID+`"`)
		if i < 0 {
			t.Errorf("no table row for %s", l.ID)
			continue
		}
		tr := html.UnescapeString(page[i : i+strings.Index(page[i:], "</tr>")])
		kind := map[rows.Kind]string{rows.Measured: "measured", rows.Computed: "computed", rows.NotMeasured: "not measured"}[l.Kind]
		for _, want := range []string{l.Operation, units.Duration(l.GuideNS), units.Duration(l.ScottNS),
			units.Duration(l.Measured), ">" + kind + "<", l.Note} {
			if !strings.Contains(tr, want) {
				t.Errorf("row %s: no %q in %s", l.ID, want, tr)
			}
		}
		if l.Kind == rows.Measured && !math.IsNaN(l.Lo) && !strings.Contains(tr, units.Duration(l.Lo)+" – "+units.Duration(l.Hi)) {
			t.Errorf("row %s: no interval in %s", l.ID, tr)
		}
	}
	for _, id := range []string{`<svg class="chart" id="ladder"`, `<svg class="chart" id="memory"`} {
		if strings.Count(page, id) != 1 {
			t.Errorf("page has %d of %s, want 1", strings.Count(page, id), id)
		}
	}
	for _, want := range []string{"<dt>cpu-model</dt><dd>Oxide Virtual Turin-like Processor</dd>", "<dt>l3-cache</dt><dd>not reported</dd>",
		`<input type="range" id="year" min="1990" max="2030" value="2026">`, "Beyond the guide"} {
		if !strings.Contains(page, want) {
			t.Errorf("page has no %s", want)
		}
	}
}

// The page must open offline: nothing it refers to may come from elsewhere.
func TestSelfContained(t *testing.T) {
	html, _ := render(t, "testdata/quick.txt")
	if len(html) > 500<<10 {
		t.Errorf("page is %d KiB, want < 500 KiB", len(html)>>10)
	}
	for _, re := range []string{`(?i)<link`, `(?i)\ssrc\s*=`, `(?i)\shref\s*=`, `(?i)@import`, `(?i)url\(`, `(?i)@font-face`} {
		if m := regexp.MustCompile(re).FindString(html); m != "" {
			t.Errorf("page refers to something outside it: %q", m)
		}
	}
	// The only URLs are SVG's namespace names, which nothing fetches.
	urls := regexp.MustCompile(`https?://[^"\s<]+`).FindAllString(html, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" && u != "http://www.w3.org/1999/xlink" {
			t.Errorf("page has URL %s", u)
		}
	}
}

func TestNoSweep(t *testing.T) {
	html, _ := render(t, "testdata/nosweep.txt")
	if !strings.Contains(html, `id="no-memory"`) || strings.Contains(html, `id="memory"`) {
		t.Error("a run without the sweep should say there is no memory curve, and draw none")
	}
	if !strings.Contains(html, `<svg class="chart" id="ladder"`) {
		t.Error("no ladder")
	}
}

func TestModelTable(t *testing.T) {
	_, rep := render(t, "testdata/quick.txt")
	m := modelTable(rep.Rows, 2030)
	if len(m.NS) == 0 {
		t.Fatal("no model rows")
	}
	for _, l := range rep.Rows {
		ns, ok := m.NS[l.ID]
		if !ok {
			continue
		}
		if len(ns) != 2030-1990+1 {
			t.Errorf("%s: %d years, want 41", l.ID, len(ns))
		}
		if got := ns[rep.Year-m.First]; got != l.ScottNS {
			t.Errorf("%s: the slider's %d figure is %g, the report's %g", l.ID, rep.Year, got, l.ScottNS)
		}
		if want, _ := scott.NS(scottOf(l.ID), 1990); ns[0] != want {
			t.Errorf("%s: 1990: got %g, want %g", l.ID, ns[0], want)
		}
	}
}
