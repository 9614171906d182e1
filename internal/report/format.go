package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/latency-numbers/latency/internal/rows"
)

// Formats lists the output formats Write accepts.
var Formats = []string{"text", "markdown", "csv", "json"}

// Write renders the report in the given format.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "json":
		return r.writeJSON(w)
	case "text", "markdown", "csv":
		return r.writeTable(w, format)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

func (r *Report) writeTable(w io.Writer, format string) error {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.AppendHeader(table.Row{"Operation", "Guide", "Measured", "95% CI", "Cycles", "vs guide", "Kind", "What was measured"})
	add := func(ls []Line) {
		for _, l := range ls {
			t.AppendRow(table.Row{l.Operation, Duration(l.GuideNS), Duration(l.Measured), interval(l),
				cycles(l.Cycles), RatioWords(l.Ratio()), kindWord(l.Kind), l.Note})
		}
	}
	add(r.Rows)
	if len(r.Extra) > 0 {
		if format == "text" {
			t.AppendSeparator()
		}
		add(r.Extra)
	}
	t.SetColumnConfigs([]table.ColumnConfig{
		{Number: 2, Align: text.AlignRight}, {Number: 3, Align: text.AlignRight},
		{Number: 5, Align: text.AlignRight},
	})
	switch format {
	case "markdown":
		t.RenderMarkdown()
	case "csv":
		t.RenderCSV()
	default:
		t.SetStyle(table.StyleLight)
		t.Render()
	}
	if format != "csv" {
		r.writeFooter(w, format == "markdown")
	}
	return nil
}

func (r *Report) writeFooter(w io.Writer, md bool) {
	if len(r.Machine) > 0 {
		fmt.Fprintln(w)
		if md {
			fmt.Fprintln(w, "Machine:")
			fmt.Fprintln(w)
		}
		for _, f := range r.Machine {
			if md {
				fmt.Fprintf(w, "- %s: %s\n", f.Key, f.Value)
			} else {
				fmt.Fprintf(w, "  %-22s %s\n", f.Key+":", f.Value)
			}
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(w)
		for _, msg := range r.Warnings {
			fmt.Fprintf(w, "warning: %s\n", msg)
		}
	}
}

func kindWord(k rows.Kind) string {
	if k == rows.NotMeasured {
		return "not measured"
	}
	return string(k)
}

func interval(l Line) string {
	switch {
	case l.Kind != rows.Measured:
		return ""
	case math.IsNaN(l.Lo):
		return fmt.Sprintf("n=%d, too few for an interval", l.Samples)
	}
	return Duration(l.Lo) + " – " + Duration(l.Hi)
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

// Duration formats nanoseconds with three significant digits and a unit:
// "0.5 ns", "12.3 µs", "150 ms". NaN and 0 give "".
func Duration(ns float64) string {
	if math.IsNaN(ns) || ns == 0 {
		return ""
	}
	units := []struct {
		div  float64
		name string
	}{{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}}
	for _, u := range units {
		if math.Abs(ns) >= u.div || u.div == 1 {
			return sig3(ns/u.div) + " " + u.name
		}
	}
	return ""
}

func sig3(f float64) string {
	switch a := math.Abs(f); {
	case a >= 100:
		return fmt.Sprintf("%.0f", f)
	case a >= 10:
		return fmt.Sprintf("%.1f", f)
	case a >= 1:
		return fmt.Sprintf("%.2f", f)
	}
	return fmt.Sprintf("%.3g", f)
}

// RatioWords says how a measurement compares with the guide: "3.2× faster",
// "2.0× slower", "about the same" (within 10%).
func RatioWords(ratio float64) string {
	switch {
	case math.IsNaN(ratio) || ratio <= 0:
		return ""
	case ratio > 1/1.1 && ratio < 1.1:
		return "about the same"
	case ratio < 1:
		return fmt.Sprintf("%s× faster", sig2(1/ratio))
	}
	return fmt.Sprintf("%s× slower", sig2(ratio))
}

func sig2(f float64) string {
	if f >= 10 {
		return fmt.Sprintf("%.0f", f)
	}
	return fmt.Sprintf("%.1f", f)
}

// jsonLine is the JSON shape of a Line; absent figures are null.
type jsonLine struct {
	ID         string   `json:"id"`
	Operation  string   `json:"operation"`
	Family     string   `json:"family"`
	GuideNS    *float64 `json:"guide_ns"`
	MeasuredNS *float64 `json:"measured_ns"`
	CILowNS    *float64 `json:"ci_low_ns"`
	CIHighNS   *float64 `json:"ci_high_ns"`
	Samples    int      `json:"samples"`
	Cycles     *float64 `json:"cycles,omitempty"`
	Ratio      *float64 `json:"ratio,omitempty"`
	Kind       string   `json:"kind"`
	Note       string   `json:"note"`
	Benchmark  string   `json:"benchmark,omitempty"`
	Unit       string   `json:"unit,omitempty"`
}

func num(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

func (l Line) json() jsonLine {
	j := jsonLine{ID: l.ID, Operation: l.Operation, Family: l.Family, GuideNS: num(l.GuideNS),
		MeasuredNS: num(l.Measured), CILowNS: num(l.Lo), CIHighNS: num(l.Hi), Samples: l.Samples,
		Cycles: num(l.Cycles), Ratio: num(l.Ratio()), Kind: string(l.Kind), Note: l.Note,
		Benchmark: l.Bench, Unit: l.Unit}
	if l.GuideNS == 0 {
		j.GuideNS = nil
	}
	return j
}

func (r *Report) writeJSON(w io.Writer) error {
	out := struct {
		Machine  map[string]string `json:"machine"`
		Rows     []jsonLine        `json:"rows"`
		Extra    []jsonLine        `json:"extra"`
		Warnings []string          `json:"warnings"`
	}{Machine: map[string]string{}, Rows: []jsonLine{}, Extra: []jsonLine{}, Warnings: r.Warnings}
	for _, f := range r.Machine {
		out.Machine[f.Key] = f.Value
	}
	for _, l := range r.Rows {
		out.Rows = append(out.Rows, l.json())
	}
	for _, l := range r.Extra {
		out.Extra = append(out.Extra, l.json())
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
