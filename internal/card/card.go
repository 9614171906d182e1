// Package card renders the classic latency list for one run as a card to
// quote: one line per row of the guide, the guide's figure beside this
// machine's rounded to what a person remembers ("≈ 60 µs"), under a header
// that says which machine it was and when. It fits 72 columns, so it pastes
// into a chat, a commit message or a notebook unchanged (or a narrower
// terminal: Card.Columns), and it renders as Markdown and as an SVG or PNG
// picture.
package card

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
	"github.com/latency-numbers/latency/internal/view"
)

// Width is the most columns a line of the text card takes.
const Width = 72

// Formats lists the formats Write accepts.
var Formats = view.Set{view.Text, view.Markdown, view.SVG, view.PNG}

// A Card is the guide's rows of one run, ready to render.
type Card struct {
	Title  string // what the card is
	Header string // the machine and the date: "AMD EPYC · 2 CPUs · VM (KVM) · 2026-11-30"
	Lines  []Line
	Legend string // the marks, in one line
	// Footer says which figure the card shows: "This machine: the median
	// of 10 samples of each row"; "" when no row was measured.
	Footer string
	// Human adds the column in which an L1 reference takes one second.
	Human bool
	// Columns is the most columns a line of the text card may take (a
	// terminal's width); 0, or more than Width, means Width.
	Columns int
}

// A Line is one row of the card.
type Line struct {
	ID, Operation string
	Guide         string  // the guide's figure, as the guide gives it: "0.5 ns", "150 ms"
	NS            float64 // this machine's figure in ns, NaN when none
	Figure        string  // NS rounded: "≈ 60 µs"; "–" when none
	Kind          rows.Kind
	Unstable      bool
	Human         string // NS scaled so that an L1 reference takes one second
}

// Mark is the line's mark after its figure: "!" when unstable, "c" when
// computed, "" otherwise.
func (l Line) Mark() string {
	switch {
	case l.Unstable:
		return "!"
	case l.Kind == rows.Computed:
		return "c"
	}
	return ""
}

// Title and legend of every card.
const (
	title  = "Latency numbers every engineer should know, measured here"
	legend = "≈ measured here, rounded · c computed · – not measured · ! unstable"
)

// New makes the card of a report: its guide rows, in the guide's order.
func New(rep *report.Report, human bool) *Card {
	c := &Card{Title: title, Header: HeaderWithin(rep.Machine, Width), Legend: legend, Human: human}
	for _, l := range rep.Rows {
		cl := Line{ID: l.ID, Operation: l.Operation, Guide: Exact(l.GuideNS), NS: math.NaN(), Figure: "–",
			Kind: l.Kind, Unstable: l.Unstable}
		if l.Kind != rows.NotMeasured && l.Measured > 0 && !math.IsInf(l.Measured, 0) {
			cl.NS, cl.Figure = l.Measured, "≈ "+Round(l.Measured)
			if human && rep.HumanBaseNS > 0 {
				cl.Human = units.Span(l.Measured / rep.HumanBaseNS)
			}
		}
		c.Lines = append(c.Lines, cl)
	}
	c.Footer = footer(rep.Rows)
	return c
}

// footer says which figure the card shows, for the measured rows ls.
func footer(ls []report.Line) string {
	lo, hi := 0, 0
	for _, l := range ls {
		if l.Kind != rows.Measured || l.Samples == 0 {
			continue
		}
		if lo == 0 || l.Samples < lo {
			lo = l.Samples
		}
		hi = max(hi, l.Samples)
	}
	switch {
	case hi == 0:
		return ""
	case lo == hi:
		return fmt.Sprintf("This machine: the median of %d samples of each row", lo)
	}
	return fmt.Sprintf("This machine: the median of %d–%d samples of each row", lo, hi)
}

// Write renders the card as text, Markdown, SVG or PNG.
func (c *Card) Write(w io.Writer, format view.Format) error {
	switch format {
	case view.Text:
		_, err := io.WriteString(w, c.text())
		return err
	case view.Markdown:
		_, err := io.WriteString(w, c.markdown())
		return err
	case view.SVG, view.PNG:
		return c.image(w, format)
	}
	return fmt.Errorf("unknown card format %q (want %s)", format, Formats)
}

func (c *Card) headings() []string {
	h := []string{"", "Guide", "This machine"}
	if c.Human {
		h = append(h, "If L1 = 1 s")
	}
	return h
}

// text lays the card out within c.width() columns (layout.Table): the
// operations in a column beside the figures, cut with "…" to fit; when
// that leaves them too little room, each on a line of its own above its
// figures; when even the figures do not fit, each figure under the
// operation, after its heading. The title, header, legend and footer wrap.
func (c *Card) text() string {
	width := c.width()
	var b strings.Builder
	wrap := func(s string) { textwidth.Fprint(&b, s, width, "", "  ") }
	wrap(c.Title)
	wrap(c.Header)
	h := c.headings()
	// The mark after a figure has a column of its own, one wide even
	// when no figure has a mark: the figures stay where they are. In
	// blocks, a figure is not broken.
	t := layout.Table{Width: width, NoRule: true, Cols: []layout.Col{{Name: h[0], Cut: true}, {Name: h[1], Right: true, Whole: true},
		{Name: h[2], Right: true, Whole: true}, {Gap: 1, Min: 1, Join: true}}}
	if c.Human {
		t.Cols = append(t.Cols, layout.Col{Name: h[3], Right: true, Whole: true})
	}
	for _, l := range c.Lines {
		cells := []string{l.Operation, l.Guide, l.Figure, l.Mark()}
		if c.Human {
			cells = append(cells, l.Human)
		}
		t.Add(cells...)
	}
	t.Render(&b)
	wrap(c.Legend)
	if c.Footer != "" {
		wrap(c.Footer)
	}
	return b.String()
}

// width is the most columns a line of the text card takes: c.Columns, or
// Width when that is 0 or more.
func (c *Card) width() int {
	if c.Columns > 0 {
		return min(c.Columns, Width)
	}
	return Width
}

func (c *Card) markdown() string {
	esc := strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", "*", `\*`, "_", `\_`)
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** · %s\n\n", esc.Replace(c.Title), esc.Replace(c.Header))
	h := []string{"Operation", "Guide (2012)", "This machine"}
	align := []string{"---", "---:", "---:"}
	if c.Human {
		h, align = append(h, "If an L1 reference took 1 s"), append(align, "---:")
	}
	b.WriteString("| " + strings.Join(h, " | ") + " |\n")
	b.WriteString("| " + strings.Join(align, " | ") + " |\n")
	for _, l := range c.Lines {
		fig := l.Figure
		if m := l.Mark(); m != "" {
			fig += " " + m
		}
		cells := []string{esc.Replace(l.Operation), l.Guide, fig}
		if c.Human {
			cells = append(cells, l.Human)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	fmt.Fprintf(&b, "\n%s\n", esc.Replace(c.Legend))
	if c.Footer != "" {
		fmt.Fprintf(&b, "\n%s\n", esc.Replace(c.Footer))
	}
	return b.String()
}

// Header says which machine the run measured and when: CPU, CPUs, kind of
// machine, date.
func Header(facts []fact.Fact) string { return HeaderWithin(facts, 0) }

// HeaderWithin is Header with the CPU model shortened so that the whole
// fits width columns (no less than 12 of them for the model); 0 for no
// limit.
func HeaderWithin(facts []fact.Fact, width int) string {
	get := func(k string) string {
		for _, f := range facts {
			if f.Key == k {
				return f.Value
			}
		}
		return ""
	}
	cpu := get(fact.CPUModel)
	if cpu == "" {
		cpu = "unknown CPU"
	}
	var rest []string
	if n := get(fact.CPULogical); n != "" {
		if n == "1" {
			rest = append(rest, "1 CPU")
		} else {
			rest = append(rest, n+" CPUs")
		}
	}
	if k := MachineKind(get(fact.Virtualization), get(fact.EnvHypervisor), get(fact.EnvPower)); k != "" {
		rest = append(rest, k)
	}
	if t, err := time.Parse(time.RFC3339, get(fact.Date)); err == nil {
		rest = append(rest, t.UTC().Format("2006-01-02"))
	}
	tail := ""
	if len(rest) > 0 {
		tail = " · " + strings.Join(rest, " · ")
	}
	if width > 0 {
		cpu = textwidth.Fit(cpu, max(width-textwidth.Width(tail), 12))
	}
	return cpu + tail
}

// MachineKind says what kind of machine the facts describe: "VM (KVM)"
// from the virtualization fact ("guest of KVMKVMKVM"), "nested VM (PVM on
// bhyve)" when the hypervisor fact (env-hypervisor, doctor's) found the
// kernel's hypervisor running under another, "laptop" when it has a
// battery (the env-power fact), "bare metal", or "" when unknown.
//
// Note: a nested guest's syscalls, page faults and TLB misses pass through
// both hypervisors (a syscall costs about a microsecond), so the card names
// both layers, not only the outer one CPUID reports.
func MachineKind(virtualization, hypervisor, power string) string {
	if k, ok := nestedKind(hypervisor); ok {
		return k
	}
	switch name, guest := strings.CutPrefix(virtualization, "guest of "); {
	case guest:
		return "VM (" + hypervisorName(name) + ")"
	case strings.HasPrefix(power, "battery") || strings.Contains(power, "(BAT"):
		return "laptop"
	case virtualization == "none":
		return "bare metal"
	}
	return ""
}

// nestedKind reads doctor's env-hypervisor fact ("PVM (kernel), CPUID says
// bhyve: nested virtualization; DMI: …") and names a nested guest's layers:
// "nested VM (PVM on bhyve)", or "nested VM (PVM)" when CPUID shows no
// outer hypervisor. False when the fact does not say nested.
func nestedKind(hypervisor string) (string, bool) {
	v, _, _ := strings.Cut(hypervisor, "; DMI: ")
	head, nested := strings.CutSuffix(v, ": nested virtualization")
	if !nested {
		return "", false
	}
	kernel, rest, _ := strings.Cut(head, " (")
	if _, outer, ok := strings.Cut(rest, "CPUID says "); ok && outer != "none" {
		outer, _, _ = strings.Cut(outer, " (") // "Hyper-V (KVM's Hyper-V interface)"
		return "nested VM (" + kernel + " on " + outer + ")", true
	}
	return "nested VM (" + kernel + ")", true
}

// hypervisorName turns a CPUID hypervisor vendor string into its usual
// name: "KVMKVMKVM" → "KVM", "bhyve bhyve" → "bhyve".
func hypervisorName(s string) string {
	s = strings.TrimSpace(s)
	known := []struct{ prefix, name string }{
		{"KVM", "KVM"}, {"Microsoft Hv", "Hyper-V"}, {"VMware", "VMware"}, {"XenVMM", "Xen"},
		{"TCG", "QEMU"}, {"bhyve", "bhyve"}, {"VBox", "VirtualBox"}, {"prl hyperv", "Parallels"},
		{"ACRN", "ACRN"}, {"QNXQVMBSQG", "QNX"}, {"Linux KVM Hv", "KVM"}, {"Apple VZ", "Apple"},
	}
	for _, k := range known {
		if strings.HasPrefix(s, k.prefix) {
			return k.name
		}
	}
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return "unknown hypervisor"
}

// Round rounds a figure in ns to what a person remembers and quotes: two
// significant digits when the first is 1 or 2, one otherwise (1.4 ns,
// 290 ns, 60 µs, 700 µs), in the unit that keeps it at least 1 (0.3 ns
// below one nanosecond): "60 µs". "" for NaN, infinities and 0.
//
// Note: one digit from 3 up keeps every figure within 15 % of the
// measurement, well inside how much most rows move between runs; a leading
// 1 or 2 gets a second digit, since "1 µs" for 1.4 µs would be 30 % off.
func Round(ns float64) string { return units.RoundDuration(ns, digits(ns)) }

// digits is how many significant digits Round keeps for f.
func digits(f float64) int {
	lead := f / math.Pow(10, math.Floor(math.Log10(f)))
	if lead < 3 {
		return 2
	}
	return 1
}

// Exact formats the guide's figure as the guide gives it: "0.5 ns",
// "10 µs", "150 ms"; "" for none.
func Exact(ns float64) string { return units.DurationSig(ns, 6) }
