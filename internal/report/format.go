package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
	"github.com/latency-numbers/latency/internal/view"
)

// Formats lists the output formats Write accepts.
var Formats = view.Set{view.Text, view.Markdown, view.CSV, view.JSON}

// Write renders the report in the given format. Text and Markdown end with
// the sources, the machine's facts and the warnings; CSV is the table
// alone, in plain numbers (ns); JSON holds everything.
func (r *Report) Write(w io.Writer, format view.Format) error {
	if err := Formats.Check(format); err != nil {
		return err
	}
	switch format {
	case view.JSON:
		return r.writeJSON(w)
	case view.CSV:
		return r.writeCSV(w)
	}
	return r.writeTable(w, format)
}

// A column of a text or Markdown table.
type column struct {
	name  string
	right bool // right-aligned (figures)
	wrap  int  // in text, wrap at this width (notes); 0: never
}

// newTable returns a go-pretty table with the given columns, for format.
func newTable(cols []column, format view.Format) table.Writer {
	t := table.NewWriter()
	var header table.Row
	var configs []table.ColumnConfig
	for i, c := range cols {
		header = append(header, c.name)
		cc := table.ColumnConfig{Number: i + 1}
		if c.right {
			cc.Align, cc.AlignHeader = text.AlignRight, text.AlignRight
		}
		if c.wrap > 0 && format == view.Text {
			cc.WidthMax, cc.WidthMaxEnforcer = c.wrap, text.WrapSoft
		}
		configs = append(configs, cc)
	}
	t.AppendHeader(header)
	t.SetColumnConfigs(configs)
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	return t
}

// render writes t in format (Text or Markdown).
func render(w io.Writer, t table.Writer, format view.Format) {
	var s string
	if format == view.Markdown {
		s = t.RenderMarkdown()
	} else {
		s = t.Render()
	}
	io.WriteString(w, s+"\n")
}

// cell prepares text for a table cell. go-pretty escapes the pipes of
// Markdown cells; a backslash before one would undo that, so backslashes
// are escaped first, and '<' so that no text from a file becomes HTML.
func cell(s string, format view.Format) string {
	if format != view.Markdown {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "<", "&lt;").Replace(s)
}

func (r *Report) columns() []column {
	cols := []column{{name: "Operation"}, {name: "Guide (2012)", right: true},
		{name: fmt.Sprintf("Scott %d", r.Year), right: true}, {name: "Measured", right: true},
		{name: "95% CI"}, {name: "Floor", right: true}, {name: "Cycles", right: true}, {name: "vs guide"}}
	if r.HumanScale {
		cols = append(cols, column{name: "Human scale", right: true})
	}
	cols = append(cols, throughputColumns()...)
	return append(cols, column{name: "Kind"}, column{name: "What was measured", wrap: 60})
}

func (r *Report) writeTable(w io.Writer, format view.Format) error {
	t := newTable(r.columns(), format)
	for head, l := range r.lines() {
		if head != "" {
			appendHeading(t, head, format)
		}
		t.AppendRow(r.cells(l, format))
	}
	render(w, t, format)
	r.writeFooter(w, format == view.Markdown, FloorNote, StatisticNote, ThroughputNote)
	return nil
}

// FloorNote says what the Floor column is.
const FloorNote = "Floor: the 10th percentile of the samples: what the hardware does while the neighbours are quiet; where the median drifts with the host, the floor is the figure that reproduces."

// StatisticNote says what a sample is.
const StatisticNote = "A sample is the median of timed batches of operations (memory chases, codecs, hashes, caches, mutex, atomic, system call: robust to bursts of a busy host), the median of single operations the benchmark timed one by one (figures in p50-ns), or else the mean over a timed loop; JSON rows say which in statistic."

func (r *Report) cells(l Line, format view.Format) table.Row {
	row := table.Row{cell(l.Operation, format), units.Duration(l.GuideNS), units.Duration(l.ScottNS),
		units.Duration(l.Measured), interval(l), units.Duration(l.Floor), cycles(l.Cycles), l.VsGuide()}
	if r.HumanScale {
		row = append(row, r.human(l))
	}
	row = append(row, throughputCells(l)...)
	return append(row, kindWord(l.Kind)+unstableMark(l), cell(noted(l), format))
}

// unstableMark marks an unstable row in the Kind column.
func unstableMark(l Line) string {
	if l.Unstable {
		return " !"
	}
	return ""
}

// noted is a line's note with its stability verdict when it is unstable.
func noted(l Line) string {
	if l.Unstable {
		return l.Note + " [! unstable: " + l.Why.String() + "]"
	}
	return l.Note
}

func (r *Report) human(l Line) string {
	if math.IsNaN(l.Measured) || r.HumanBaseNS <= 0 {
		return ""
	}
	return units.Span(l.Measured / r.HumanBaseNS)
}

// writeFooter writes the notes under the table, then extra notes, the
// machine's facts and the warnings.
func (r *Report) writeFooter(w io.Writer, md bool, extra ...string) {
	fmt.Fprintln(w)
	notes := []string{
		"Guide (2012): the figures of Jeff Dean's and Peter Norvig's table, as last revised in 2012.",
		scottNote(r.Year),
		fmt.Sprintf("Measured: the median of the samples; 95%% CI: its confidence interval (benchmath, no assumption on the distribution), which needs at least %d samples.", MinSamples),
	}
	notes = append(notes, extra...)
	if r.HumanScale {
		notes = append(notes, fmt.Sprintf("Human scale: every figure scaled so that an L1 cache reference takes one second (%s).", r.humanBase))
	}
	if q := r.Quiet(); q != "" {
		notes = append(notes, q)
	}
	for _, n := range notes {
		if md {
			fmt.Fprintf(w, "%s\n\n", n)
		} else {
			fmt.Fprintf(w, "%s\n", n)
		}
	}
	if len(r.Machine) > 0 {
		if md {
			fmt.Fprintf(w, "Machine (%s):\n\n", cell(r.Label, view.Markdown))
		} else {
			fmt.Fprintf(w, "\nMachine (%s):\n", r.Label)
		}
		for _, f := range r.Machine {
			if md {
				fmt.Fprintf(w, "- %s: %s\n", cell(f.Key, view.Markdown), cell(f.Value, view.Markdown))
			} else {
				fmt.Fprintf(w, "  %-22s %s\n", f.Key+":", f.Value)
			}
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, msg := range r.Warnings {
			if md {
				fmt.Fprintf(w, "- warning: %s\n", cell(msg, view.Markdown))
			} else {
				fmt.Fprintf(w, "warning: %s\n", msg)
			}
		}
	}
}

func scottNote(year int) string {
	s := fmt.Sprintf("Scott %d: Colin Scott's model of how each figure moves with the years (github.com/colin-scott/interactive_latencies), for the year of the run", year)
	if year > 2020 {
		s += ", its trends extrapolated past 2020 as the page does"
	}
	return s + "; its network row sends 2,000 bytes on that year's NIC."
}

func kindWord(k rows.Kind) string {
	if k == rows.NotMeasured {
		return "not measured"
	}
	return string(k)
}

// Interval is the 95% confidence interval of a measured figure, "1.21 ns
// – 1.30 ns", or why it has none ("none: n=4 < 6"); "" for a line not
// measured.
func (l Line) Interval() string { return interval(l) }

// interval formats the 95% confidence interval of a measured figure, or
// says why there is none.
func interval(l Line) string {
	switch {
	case l.Kind != rows.Measured:
		return ""
	case math.IsNaN(l.Lo) || math.IsNaN(l.Hi):
		return fmt.Sprintf("none: n=%d < %d", l.Samples, MinSamples)
	}
	return units.Duration(l.Lo) + " – " + units.Duration(l.Hi)
}

func cycles(c float64) string {
	if math.IsNaN(c) {
		return ""
	}
	if c < 100 {
		return fmt.Sprintf("%.1f", c)
	}
	return fmt.Sprintf("%.0f", c)
}

// RatioWords says how a measurement compares with the guide: "3.2× faster",
// "2.0× slower", "about the same" (within 10%).
func RatioWords(ratio float64) string {
	switch {
	case math.IsNaN(ratio) || math.IsInf(ratio, 0) || ratio <= 0:
		return ""
	case ratio > 1/1.1 && ratio < 1.1:
		return "about the same"
	case ratio < 1:
		return fmt.Sprintf("%s× faster", units.Sig(1/ratio, 2))
	}
	return fmt.Sprintf("%s× slower", units.Sig(ratio, 2))
}

// num formats a figure for CSV: plain digits, "" for none.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// renderCSV writes header and records as CSV (RFC 4180 quoting).
func renderCSV(w io.Writer, header []string, records [][]string) {
	t := table.NewWriter()
	var h table.Row
	for _, s := range header {
		h = append(h, s)
	}
	t.AppendHeader(h)
	for _, rec := range records {
		var row table.Row
		for _, s := range rec {
			row = append(row, s)
		}
		t.AppendRow(row)
	}
	io.WriteString(w, t.RenderCSV()+"\n")
}

func (r *Report) writeCSV(w io.Writer) error {
	header := []string{"id", "operation", "family", "guide_ns", "scott_year", "scott_ns", "measured_ns",
		"ci_low_ns", "ci_high_ns", "floor_ns", "samples", "cycles", "ratio_to_guide", "vs_guide", "kind", "note",
		"spread_pct", "unstable", "noise"}
	header = append(header, throughputHeader...)
	if r.HumanScale {
		header = append(header, "human_scale")
	}
	var records [][]string
	for _, l := range append(r.Rows[:len(r.Rows):len(r.Rows)], r.Extra...) {
		guide := ""
		if l.GuideNS > 0 {
			guide = num(l.GuideNS)
		}
		rec := []string{l.ID, l.Operation, l.Family, guide, strconv.Itoa(r.Year), num(l.ScottNS), num(l.Measured),
			num(l.Lo), num(l.Hi), num(l.Floor), strconv.Itoa(l.Samples), num(l.Cycles), num(l.Ratio()), l.VsGuide(),
			string(l.Kind), l.Note, num(l.SpreadPct), strconv.FormatBool(l.Unstable), l.Why.String()}
		rec = append(rec, throughputCSV(l)...)
		if r.HumanScale {
			rec = append(rec, r.human(l))
		}
		records = append(records, rec)
	}
	renderCSV(w, header, records)
	return nil
}

// jsonLine is the JSON shape of a Line; absent figures are null.
type jsonLine struct {
	ID         string    `json:"id"`
	Operation  string    `json:"operation"`
	Family     string    `json:"family"`
	GuideNS    *float64  `json:"guide_ns"`
	ScottNS    *float64  `json:"scott_ns"`
	MeasuredNS *float64  `json:"measured_ns"`
	CILowNS    *float64  `json:"ci_low_ns"`
	CIHighNS   *float64  `json:"ci_high_ns"`
	FloorNS    *float64  `json:"floor_ns"`
	Samples    int       `json:"samples"`
	Statistic  string    `json:"statistic,omitempty"`
	Stop       string    `json:"stop,omitempty"`
	TargetPct  *float64  `json:"target_pct,omitempty"`
	LimitPct   *float64  `json:"limit_pct,omitempty"`
	Cycles     *float64  `json:"cycles,omitempty"`
	Ratio      *float64  `json:"ratio,omitempty"`
	VsGuide    string    `json:"vs_guide,omitempty"`
	HumanScale string    `json:"human_scale,omitempty"`
	Kind       string    `json:"kind"`
	Note       string    `json:"note"`
	Benchmark  string    `json:"benchmark,omitempty"`
	Unit       string    `json:"unit,omitempty"`
	SpreadPct  *float64  `json:"spread_pct"`
	Unstable   bool      `json:"unstable"`
	Noise      string    `json:"noise"`
	Throughput *jsonRate `json:"throughput"`
	PerMiBNS   *float64  `json:"per_mib_ns"`
	PerGiBNS   *float64  `json:"per_gib_ns"`
}

func ptr(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func (r *Report) json(l Line) jsonLine {
	j := jsonLine{ID: l.ID, Operation: l.Operation, Family: l.Family, GuideNS: ptr(l.GuideNS),
		ScottNS: ptr(l.ScottNS), MeasuredNS: ptr(l.Measured), CILowNS: ptr(l.Lo), CIHighNS: ptr(l.Hi),
		FloorNS: ptr(l.Floor), Samples: l.Samples, Statistic: l.Statistic, Stop: l.Stop, Cycles: ptr(l.Cycles), Ratio: ptr(l.Ratio()), VsGuide: l.VsGuide(),
		Kind: string(l.Kind), Note: l.Note, Benchmark: l.Bench, Unit: l.Unit,
		SpreadPct: ptr(l.SpreadPct), Unstable: l.Unstable, Noise: l.Why.String(),
		Throughput: l.Throughput.json(), PerMiBNS: ptr(l.Throughput.PerMiBNS), PerGiBNS: ptr(l.Throughput.PerGiBNS)}
	if l.GuideNS == 0 {
		j.GuideNS = nil
	}
	if l.TargetPct > 0 {
		j.TargetPct = ptr(l.TargetPct)
	}
	if l.LimitPct > 0 {
		j.LimitPct = ptr(l.LimitPct)
	}
	if r.HumanScale {
		j.HumanScale = r.human(l)
	}
	return j
}

func (r *Report) writeJSON(w io.Writer) error { return encodeJSON(w, r.jsonDoc()) }

// WriteJSON writes reports as one JSON array, each element what Write
// writes for the format "json": the JSON of several runs.
func WriteJSON(w io.Writer, reports []*Report) error {
	docs := []any{}
	for _, r := range reports {
		docs = append(docs, r.jsonDoc())
	}
	return encodeJSON(w, docs)
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonDoc is the JSON shape of the report.
func (r *Report) jsonDoc() any {
	out := struct {
		File             string            `json:"file"`
		Label            string            `json:"label"`
		ScottYear        int               `json:"scott_year"`
		HumanScaleBaseNS *float64          `json:"human_scale_base_ns,omitempty"`
		Machine          map[string]string `json:"machine"`
		Rows             []jsonLine        `json:"rows"`
		Extra            []jsonLine        `json:"extra"`
		Warnings         []string          `json:"warnings"`
	}{File: r.File, Label: r.Label, ScottYear: r.Year, Machine: map[string]string{},
		Rows: []jsonLine{}, Extra: []jsonLine{}, Warnings: r.Warnings}
	if r.HumanScale {
		out.HumanScaleBaseNS = ptr(r.HumanBaseNS)
	}
	for _, f := range r.Machine {
		out.Machine[f.Key] = f.Value
	}
	for _, l := range r.Rows {
		out.Rows = append(out.Rows, r.json(l))
	}
	for _, l := range r.Extra {
		out.Extra = append(out.Extra, r.json(l))
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	return out
}
