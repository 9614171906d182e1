package gallery

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latency-numbers/latency/internal/chart"
	"github.com/latency-numbers/latency/internal/htmlreport"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

//go:embed index.html
var indexHTML string

var indexTmpl = template.Must(template.Must(template.New("index").Parse(indexHTML)).Parse(htmlreport.Header))

// indexName is the gallery's page, and each run's report page.
const indexName = "index.html"

// Marker is the file that marks a directory as a gallery: Write replaces
// a directory that holds one, and results.Files passes over it.
const Marker = results.GalleryMarker

// ErrNotGallery is returned by Write for an output directory that holds
// something other than a gallery, unless forced.
var ErrNotGallery = errors.New("exists, is not empty and holds no earlier gallery")

// Options control Write.
type Options struct {
	// Force replaces the output directory even when it holds something
	// other than an earlier gallery.
	Force bool
}

// Write writes the site into dir: dir/index.html, and for each run
// dir/<slug>/index.html (its report), its charts (SVG and PNG) and a copy
// of its results file.
//
// The site is written into a new directory beside dir and renamed into
// place when complete, so dir is never a half-written gallery: a failure
// leaves dir as it was. An existing dir is replaced if it is empty or an
// earlier gallery (it holds Marker), else Write returns ErrNotGallery
// unless o.Force.
func Write(dir string, g *Gallery, o Options) error {
	dir = filepath.Clean(dir)
	exists, err := checkDir(dir, o.Force)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("making the gallery beside %s: %w", dir, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := g.writeSite(tmp); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("written by `latency gallery`; it replaces this directory when run again\n"), 0o644); err != nil {
		return err
	}
	if !exists {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("moving the gallery into place: %w", err)
		}
		done = true
		return nil
	}
	// Note: two renames, not one: rename(2) replaces only an empty
	// directory. Between them dir does not exist, but it is never half
	// written; if the second fails the first is undone.
	old, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("moving the earlier %s aside: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("moving the gallery into place: %w; the earlier one is in %s (%v)", err, old, rerr)
		}
		return fmt.Errorf("moving the gallery into place: %w", err)
	}
	done = true
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("the gallery is in place, but removing the earlier one (%s): %w", old, err)
	}
	return nil
}

// CheckDir returns why Write may not write the gallery into dir (see
// Write), or nil: a command checks before it reads its files.
func CheckDir(dir string, o Options) error {
	_, err := checkDir(filepath.Clean(dir), o.Force)
	return err
}

// checkDir says whether dir exists, or why the gallery may not replace it.
func checkDir(dir string, force bool) (exists bool, err error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !st.IsDir():
		return false, fmt.Errorf("%s is a file, not a directory: give a new or empty directory for the gallery", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false, err
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, wd); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return false, fmt.Errorf("%s is or holds the current directory: give a new or empty directory for the gallery", dir)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	if len(ents) == 0 || force {
		return true, nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err == nil {
		return true, nil
	}
	return false, fmt.Errorf("%s %w (no %s file): give a new or empty directory, or -force to replace it and all it holds", dir, ErrNotGallery, Marker)
}

// writeSite writes every run's pages, then the index, into dir.
func (g *Gallery) writeSite(dir string) error {
	v := g.view()
	for i, run := range g.Runs {
		col := &v.Runs[i]
		rdir := filepath.Join(dir, run.Slug)
		if err := os.Mkdir(rdir, 0o755); err != nil {
			return err
		}
		var page bytes.Buffer
		if err := htmlreport.Write(&page, run.Report); err != nil {
			return fmt.Errorf("report of %s: %w", run.run.File, err)
		}
		if err := os.WriteFile(filepath.Join(rdir, indexName), page.Bytes(), 0o644); err != nil {
			return err
		}
		data, err := os.ReadFile(run.run.File)
		if err != nil {
			return fmt.Errorf("copying the results file: %w", err)
		}
		if err := os.WriteFile(filepath.Join(rdir, run.Slug+".txt"), data, 0o644); err != nil {
			return err
		}
		paths, err := chart.WriteAll(rdir, run.Slug, []*report.Report{run.Report}, chart.Options{})
		if err != nil {
			return fmt.Errorf("charts of %s: %w", run.run.File, err)
		}
		for _, p := range paths {
			name := filepath.Base(p)
			if !strings.HasSuffix(name, ".svg") {
				continue
			}
			text := strings.TrimSuffix(strings.TrimPrefix(name, run.Slug+"-"), ".svg")
			col.Charts = append(col.Charts, link{Href: run.Slug + "/" + name, Text: text})
		}
	}
	f, err := os.Create(filepath.Join(dir, indexName))
	if err != nil {
		return err
	}
	if err := writeIndex(f, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteIndex writes the gallery's index page alone, its links to each
// run's pages as Write lays them out (charts not listed).
func (g *Gallery) WriteIndex(w io.Writer) error { return writeIndex(w, g.view()) }

func writeIndex(w io.Writer, v index) error {
	var buf bytes.Buffer
	if err := indexTmpl.Execute(&buf, v); err != nil {
		return fmt.Errorf("gallery page: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// index is what the index page shows.
type index struct {
	Title, Subtitle string
	Warnings        []string
	WarningsTitle   string
	Families        []string
	Years           []int
	Runs            []column
	Rows            []indexRow
}

// A column is a run's heading.
type column struct {
	Index                      int
	Slug, Name, Label, Profile string
	Version                    string // "v0.4.1", or "before versions"
	Search                     string // what the machine filter matches, lower case
	Report, Results            string // links
	Charts                     []link
}

type link struct{ Href, Text string }

type indexRow struct {
	ID, Operation, Family string
	Guide                 bool
	Order                 int
	Search                string // what the row filter matches, lower case
	GuideNS               cell
	Scott                 []cell
	Cells                 []cell
}

// A cell is one figure: its text, and its value in ns for sorting ("" for
// none), in plain decimals (html/template would escape an exponent's "+").
type cell struct {
	NS, Text        string
	PM              string // ± the interval's half-width in per cent
	Mark, MarkClass string // "!" (flag) for unstable, "c" (mark) for computed
	Title           string // the interval and what was measured
	Class           string
	Col             int
}

func (g *Gallery) view() index {
	v := index{
		Title:    fmt.Sprintf("Latency numbers on %d %s", len(g.Runs), plural(len(g.Runs), "machine", "machines")),
		Subtitle: fmt.Sprintf("%d results files, one column each; %d rows of the latency table", len(g.Runs), len(g.Rows)),
		Warnings: g.Warnings, WarningsTitle: "Before comparing the columns", Families: g.Families(), Years: g.Years,
	}
	for i, r := range g.Runs {
		c := column{Index: i, Slug: r.Slug, Name: r.Name, Label: r.Label, Profile: r.Profile, Version: r.Version,
			Report: r.Slug + "/" + indexName, Results: r.Slug + "/" + r.Slug + ".txt"}
		if c.Version == "" {
			c.Version = beforeVersions
		}
		c.Search = strings.ToLower(strings.Join([]string{r.Name, r.Kind, r.Date, r.Label, r.Profile, c.Version, r.Report.File}, " "))
		v.Runs = append(v.Runs, c)
	}
	for i, row := range g.Rows {
		ir := indexRow{ID: row.ID, Operation: row.Operation, Family: row.Family, Guide: row.Guide, Order: i,
			Search:  strings.ToLower(strings.Join([]string{row.Operation, row.ID, row.Family}, " ")),
			GuideNS: figureCell(row.GuideNS)}
		for _, ns := range row.ScottNS {
			ir.Scott = append(ir.Scott, figureCell(ns))
		}
		for j, l := range row.Lines {
			c := lineCell(l)
			c.Col = j
			ir.Cells = append(ir.Cells, c)
		}
		v.Rows = append(v.Rows, ir)
	}
	return v
}

// figureCell is a figure with no interval: the guide's, Scott's.
func figureCell(ns float64) cell {
	if math.IsNaN(ns) || math.IsInf(ns, 0) || ns <= 0 {
		return cell{}
	}
	return cell{NS: strconv.FormatFloat(ns, 'f', -1, 64), Text: units.Duration(ns)}
}

// lineCell is a run's figure for a row, as its report has it.
func lineCell(l report.Line) cell {
	if l.Kind == rows.NotMeasured || math.IsNaN(l.Measured) {
		return cell{Text: "–", Class: "none", Title: "not measured: " + l.Note}
	}
	c := figureCell(l.Measured)
	var title []string
	switch l.Kind {
	case rows.Computed:
		c.Mark, c.MarkClass = "c", "mark"
		title = append(title, "computed, not timed: "+l.VsGuide())
	default:
		c.PM = l.PlusMinus()
		title = append(title, fmt.Sprintf("median of %d samples; 95%% interval %s", l.Samples, l.Interval()))
		if l.Unstable {
			c.Mark, c.MarkClass = "!", "flag"
			title = append(title, "unstable: "+l.Why.String())
		}
	}
	if l.Note != "" {
		title = append(title, l.Note)
	}
	c.Title = strings.Join(title, "\n")
	return c
}
