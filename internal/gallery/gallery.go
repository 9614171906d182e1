// Package gallery builds a static site from many results files: an index
// with one row per row of the latency table and one column per machine
// (the median ± its 95% interval, the unstable mark, beside the guide's
// figure and Colin Scott's model), and under it each run's own HTML report
// (package htmlreport), charts (package chart) and results file.
//
// The site loads nothing from the network and needs no server: it opens
// from file://. The index sorts by any column and filters rows and machines
// with a small inline script; without the script it is still the whole
// table, in the report's order.
//
// The gallery is one more view of the report's model: every figure comes
// from report.Build, none is computed again here.
package gallery

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/card"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
)

// A Gallery is the table of many runs, one column per run.
type Gallery struct {
	Runs []*Run
	// Years are the years Scott's model is given for, one column each,
	// ascending: the years of the runs.
	Years []int
	Rows  []Row
	// Warnings are what a reader must know before comparing the columns:
	// runs measured by different versions of the suite's methods, runs
	// whose files had problems (their reports say which).
	Warnings []string
}

// A Run is one column of the gallery: a results file and its report.
type Run struct {
	// Slug names the run's directory in the site: its label with every
	// character but letters, digits, '.', '_' and '-' replaced.
	Slug string
	// Name says which machine it was and when, as the card's header does:
	// "AMD EPYC · 2 CPUs · VM (KVM) · 2026-12-01".
	Name string
	// Kind is the kind of machine ("VM (KVM)", "bare metal", "laptop"),
	// "" when the facts do not say.
	Kind string
	// Date is the day the run started, "2026-12-01", "" when unknown.
	Date    string
	Label   string // the report's label: the file name without .txt, or label=
	Profile string // the profile fact's first word: "default", "quick"
	// Version is the suite-version fact ("v0.4.1"), "" for files written
	// before versions.
	Version string
	Report  *report.Report
	run     *results.Run
}

// A Row is one row of the table across the runs.
type Row struct {
	ID, Operation, Family string
	Guide                 bool      // a row of the guide's table (else beyond it)
	GuideNS               float64   // the guide's figure; 0 beyond the guide
	ScottNS               []float64 // Scott's model, one per Gallery.Years; NaN where it has none
	Lines                 []report.Line
}

// New builds the gallery of runs, in the order given, each through
// report.Build with rows.Table. Runs must be distinct (see
// results.SameRun): the command refuses one run given twice.
func New(runs []*results.Run) (*Gallery, error) {
	if len(runs) == 0 {
		return nil, errors.New("a gallery needs at least one results file")
	}
	g := &Gallery{}
	slugs := map[string]bool{}
	for _, r := range runs {
		rep := report.Build(r, rows.Table)
		run := &Run{Report: rep, run: r, Label: rep.Label, Name: card.Header(rep.Machine),
			Kind:    card.MachineKind(r.Fact(fact.Virtualization), r.Fact(fact.EnvHypervisor), r.Fact(fact.EnvPower)),
			Version: strings.TrimSpace(r.Fact(results.SuiteVersionFact))}
		run.Profile, _, _ = strings.Cut(r.Fact(fact.Profile), " ")
		if t, err := time.Parse(time.RFC3339, r.Fact(fact.Date)); err == nil {
			run.Date = t.UTC().Format("2006-01-02")
		}
		run.Slug = uniqueSlug(slugs, rep.Label)
		if !slices.Contains(g.Years, rep.Year) {
			g.Years = append(g.Years, rep.Year)
		}
		if n := len(rep.Warnings); n > 0 {
			g.Warnings = append(g.Warnings, fmt.Sprintf("%s: %d %s reading the file; its report lists them", rep.Label, n, plural(n, "problem", "problems")))
		}
		g.Runs = append(g.Runs, run)
	}
	slices.Sort(g.Years)
	if w := methodsDiffer(g.Runs); w != "" {
		g.Warnings = append([]string{w}, g.Warnings...)
	}
	g.rows()
	return g, nil
}

// rows sets the runs' lines side by side. Every report is built from the
// same table, so the i-th line of each is the same row; a row beyond the
// guide that no run has a figure for is left out, as compare does.
func (g *Gallery) rows() {
	all := func(rep *report.Report) []report.Line { return append(slices.Clip(rep.Rows), rep.Extra...) }
	first := all(g.Runs[0].Report)
	for i, l := range first {
		row := Row{ID: l.ID, Operation: l.Operation, Family: l.Family, Guide: l.GuideNS > 0, GuideNS: l.GuideNS}
		has := false
		for _, run := range g.Runs {
			rl := all(run.Report)[i]
			row.Lines = append(row.Lines, rl)
			has = has || !math.IsNaN(rl.Measured)
		}
		if !has && !row.Guide {
			continue
		}
		for _, y := range g.Years {
			row.ScottNS = append(row.ScottNS, scottFor(g.Runs, row.Lines, y))
		}
		g.Rows = append(g.Rows, row)
	}
}

// scottFor is Scott's model for year as the report of a run of that year
// gave it (report.Line.ScottNS), NaN when the model has no such row.
func scottFor(runs []*Run, ls []report.Line, year int) float64 {
	for i, run := range runs {
		if run.Report.Year == year {
			return ls[i].ScottNS
		}
	}
	return math.NaN()
}

// Families lists the families of the gallery's rows, in order of first
// appearance.
func (g *Gallery) Families() []string {
	var out []string
	for _, r := range g.Rows {
		if !slices.Contains(out, r.Family) {
			out = append(out, r.Family)
		}
	}
	return out
}

var unsafeSlug = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// maxSlug bounds a slug: labels can be long (label=…).
const maxSlug = 80

// uniqueSlug makes a directory name of label that is not yet in seen, and
// records it.
func uniqueSlug(seen map[string]bool, label string) string {
	s := strings.Trim(unsafeSlug.ReplaceAllString(label, "-"), "-")
	if len(s) > maxSlug {
		s = s[:maxSlug]
	}
	// Not hidden (the reader passes over names starting with "."), not
	// the index page.
	if s == "" || strings.HasPrefix(s, ".") || strings.EqualFold(s, indexName) {
		s = "run-" + strings.TrimLeft(s, ".-")
	}
	base := s
	for i := 2; seen[strings.ToLower(s)]; i++ { // case-insensitive file systems
		s = fmt.Sprintf("%s-%d", base, i)
	}
	seen[strings.ToLower(s)] = true
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
