// Package htmlreport writes the report of a run as one self-contained HTML
// page: the table with each row's kind and caveat, the ladder and the
// memory curve as inline SVG (and, when the run has them, the core-to-core
// heatmap and the loaded-latency and memory-parallelism curves), and the
// machine facts.
//
// The page loads nothing from anywhere: no external scripts, style sheets,
// fonts or images, so it opens offline and can be mailed or attached. A
// slider moves Scott's model column through the years; the page carries the
// model's figures for every year on the slider, computed in Go by package
// scott, so the script only looks them up.
package htmlreport

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"github.com/latency-numbers/latency/internal/chart"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/scott"
	"github.com/latency-numbers/latency/internal/units"
	"github.com/latency-numbers/latency/internal/view"
)

//go:embed page.html
var pageHTML string

//go:embed header.html
var headerHTML string

// Header is the template "header" that heads every page, a run's and the
// gallery's: {{template "header" .}} with a value that has Title,
// Subtitle, Warnings and WarningsTitle. A template that uses it parses it
// too (template.Must(t.Parse(htmlreport.Header))).
var Header = headerHTML

var pageTmpl = template.Must(template.Must(template.New("page").Parse(pageHTML)).Parse(Header))

// The years the slider covers: the model's page offers 1990-2020 and the
// run's year may lie beyond.
const firstYear = 1990

// page is what the template shows.
type page struct {
	Title, Subtitle string
	File            string
	Year            int
	Guide, Extra    []line
	Facts           []fact.Fact
	Warnings        []string
	WarningsTitle   string
	Ladder, Memory  template.HTML // inline SVG
	NoMemory        string        // why there is no memory curve
	ThroughputNote  string
	Beyond          []figure // charts beyond idle latency that the run has
	Model           model
}

// A figure is one chart beyond the ladder and the memory curve.
type figure struct {
	ID, Title, Caption string
	SVG                template.HTML
	Width              int // points: the chart's own width, which the page does not exceed
}

// A line is one table row as text.
type line struct {
	ID, Operation                    string
	Guide, Scott, Measured, Interval string
	Ratio, Kind, KindClass, Note     string
	Throughput, PerMiB, PerGiB       string
}

// model is Scott's model for every year of the slider, by row id.
type model struct {
	First, Last int
	NS          map[string][]float64
}

// Write writes the page for a run's report, rep (report.Build(run,
// rows.Table)).
func Write(w io.Writer, rep *report.Report) error {
	p := page{
		Title:          "Latency numbers on " + orUnknown(rep.Fact(fact.CPUModel)),
		Subtitle:       subtitle(rep),
		File:           rep.File,
		Year:           rep.Year,
		Facts:          rep.Machine,
		Warnings:       rep.Warnings,
		WarningsTitle:  "Warnings",
		ThroughputNote: report.ThroughputNote,
		Model:          modelTable(append(append([]report.Line{}, rep.Rows...), rep.Extra...), max(rep.Year, 2030)),
	}
	for _, l := range rep.Rows {
		p.Guide = append(p.Guide, toLine(l))
	}
	for _, l := range rep.Extra {
		p.Extra = append(p.Extra, toLine(l))
	}

	runs := []*report.Report{rep}
	ladder, err := chart.Ladder(runs, chart.Options{})
	if err != nil {
		return err
	}
	if p.Ladder, err = inlineSVG(ladder, "The ladder: every row on a log-scale time axis"); err != nil {
		return err
	}
	switch mem, err := chart.Memory(runs); {
	case err == nil:
		if p.Memory, err = inlineSVG(mem, "The memory curve: time per load over working-set size"); err != nil {
			return err
		}
	default:
		p.NoMemory = err.Error()
	}

	if p.Beyond, err = beyond(rep); err != nil {
		return err
	}

	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err = buf.WriteTo(w)
	return err
}

// beyond draws the charts beyond idle latency that rep's run has: the
// core-to-core matrix, the loaded-latency and memory-parallelism curves.
func beyond(rep *report.Report) ([]figure, error) {
	runs := []*report.Report{rep}
	var out []figure
	for _, f := range []struct {
		title, label, caption string
		draw                  func() (*chart.Chart, error)
		none                  error
	}{
		{"Core-to-core latency", "The core-to-core matrix: one-way time between two CPUs",
			"One way (half the round trip) of a cache line bounced by compare-and-swap between threads pinned to two CPUs, median, from BenchmarkCoreToCore; " +
				"lighter is faster. Each pair is measured once, in the lower triangle; blank cells are pairs a large machine's sample left out.",
			func() (*chart.Chart, error) { return chart.CoreToCore(rep) }, chart.ErrNoMatrix},
		{"Loaded latency", "The loaded-latency curve: main memory reference against the other cores' read bandwidth",
			"A dependent pointer chase through DRAM on one CPU while the other CPUs read memory at a set share of their peak bandwidth (Intel MLC's loaded latency), from BenchmarkLoadedLatency; " +
				"median time per load against the bandwidth the readers reached.",
			func() (*chart.Chart, error) { return chart.LoadedLatency(runs) }, chart.ErrNoLoaded},
		{"Memory-level parallelism", "The memory-parallelism curve: time per load with k misses in flight",
			"k independent pointer chases through DRAM interleaved in one loop, from BenchmarkMemoryParallelism; the dashed line is what perfect overlap would give. " +
				"Where the curve leaves it, the core has run out of miss buffers or the memory system of parallelism.",
			func() (*chart.Chart, error) { return chart.Parallelism(runs) }, chart.ErrNoMLP},
	} {
		c, err := f.draw()
		switch {
		case errors.Is(err, f.none):
			continue
		case err != nil:
			return nil, err
		}
		svg, err := inlineSVG(c, f.label)
		if err != nil {
			return nil, err
		}
		out = append(out, figure{ID: c.Name, Title: f.title, Caption: f.caption, SVG: svg, Width: int(c.Width.Points())})
	}
	return out, nil
}

func toLine(l report.Line) line {
	out := line{ID: l.ID, Operation: l.Operation, Guide: units.Duration(l.GuideNS), Scott: units.Duration(l.ScottNS),
		Measured: units.Duration(l.Measured), Ratio: l.VsGuide(),
		Kind: string(l.Kind), KindClass: string(l.Kind), Note: l.Note,
		Throughput: l.Throughput.String(), PerMiB: units.Duration(l.Throughput.PerMiBNS), PerGiB: units.Duration(l.Throughput.PerGiBNS)}
	switch {
	case l.Kind == rows.NotMeasured:
		out.Kind = "not measured"
	case l.Kind != rows.Measured:
	case math.IsNaN(l.Lo) || math.IsNaN(l.Hi):
		out.Interval = fmt.Sprintf("none: n=%d < %d", l.Samples, report.MinSamples)
	default:
		out.Interval = units.Duration(l.Lo) + " – " + units.Duration(l.Hi)
	}
	return out
}

// scottOf names the metric of Scott's model beside the row with the given
// id, or "" when there is none.
func scottOf(id string) string {
	r, _ := rows.Lookup(id)
	return r.Scott
}

// modelTable evaluates Scott's model for the rows that have it, for every
// year from firstYear to last.
func modelTable(ls []report.Line, last int) model {
	m := model{First: firstYear, Last: last, NS: map[string][]float64{}}
	for _, l := range ls {
		if math.IsNaN(l.ScottNS) {
			continue
		}
		var ns []float64
		metric := scottOf(l.ID)
		for y := firstYear; y <= last; y++ {
			v, ok := scott.NS(metric, y)
			if !ok {
				break
			}
			ns = append(ns, v)
		}
		if len(ns) == last-firstYear+1 {
			m.NS[l.ID] = ns
		}
	}
	return m
}

// inlineSVG renders a chart as an <svg> element to put in the page: without
// the XML prolog, labelled for screen readers, scaled by the page's CSS.
func inlineSVG(c *chart.Chart, label string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := c.Write(&buf, view.SVG); err != nil {
		return "", err
	}
	s := buf.String()
	i := strings.Index(s, "<svg ")
	if i < 0 {
		return "", fmt.Errorf("chart %s: no <svg> element in the rendering", c.Name)
	}
	s = `<svg class="chart" id="` + c.Name + `" role="img" aria-label="` + template.HTMLEscapeString(label) + `" ` + s[i+len("<svg "):]
	return template.HTML(s), nil // gonum/plot escapes the text it writes
}

func subtitle(rep *report.Report) string {
	parts := []string{}
	if d := rep.Fact(fact.Date); d != "" {
		parts = append(parts, "run "+d)
	}
	if p := rep.Fact(fact.Profile); p != "" {
		parts = append(parts, "profile "+p)
	}
	if rep.Label != "" {
		parts = append(parts, rep.Label)
	}
	return strings.Join(parts, " · ")
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown CPU"
	}
	return s
}
