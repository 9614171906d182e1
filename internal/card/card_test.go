package card

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/golden"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/view"
)

// reportTestdata holds real results files.
const reportTestdata = "../report/testdata/"

func build(t *testing.T, file string) *report.Report {
	t.Helper()
	run, err := results.ReadFile(filepath.Join(reportTestdata, file))
	if run == nil {
		t.Fatal(err)
	}
	return report.Build(run, rows.Table)
}

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		want string
	}{
		{64.4e3, "60 µs"}, // one digit from 3 up
		{1.42, "1.4 ns"},  // two when the first is 1
		{289, "290 ns"},   // or 2
		{8.55, "9 ns"},    // rounds up
		{0.348, "0.3 ns"}, // below a nanosecond
		{535e3, "500 µs"}, // down
		{999.6, "1 µs"},   // rounding carries into the next unit
		{2.96e6, "3 ms"},  // and into one digit
		{86.0e6, "90 ms"}, //
		{13.2e3, "13 µs"}, //
		{1.5e9, "1.5 s"},  //
		{450e9, "500 s"},  // no unit beyond seconds
		{0, ""},           // none
		{math.NaN(), ""},  //
		{math.Inf(1), ""}, //
		{-5, ""},          //
		{0.0123, "0.012 ns"},
	} {
		if got := Round(tc.ns); got != tc.want {
			t.Errorf("Round(%g) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}

func TestExact(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		want string
	}{
		{0.5, "0.5 ns"}, {5, "5 ns"}, {100, "100 ns"}, {10_000, "10 µs"}, {250_000, "250 µs"},
		{1_000_000, "1 ms"}, {150_000_000, "150 ms"}, {0, ""},
	} {
		if got := Exact(tc.ns); got != tc.want {
			t.Errorf("Exact(%g) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}

func TestMachineKind(t *testing.T) {
	for _, tc := range []struct {
		virt, hyper, power, want string
	}{
		{"guest of KVMKVMKVM", "KVM (kernel and CPUID)", "no battery", "VM (KVM)"},
		{"guest of bhyve bhyve", "", "", "VM (bhyve)"},
		{"guest of bhyve bhyve", "PVM (kernel), CPUID says bhyve: nested virtualization", "", "nested VM (PVM on bhyve)"},
		{"guest of KVMKVMKVM", "PVM (kernel), CPUID says KVM: nested virtualization", "", "nested VM (PVM on KVM)"},
		{"guest of bhyve bhyve", "PVM (kernel), CPUID says bhyve: nested virtualization; DMI: Amazon EC2 m5.metal", "", "nested VM (PVM on bhyve)"},
		{"guest of KVMKVMKVM", "PVM (sysfs), CPUID says KVM: nested virtualization", "", "nested VM (PVM on KVM)"},
		{"none", "PVM (kernel), CPUID says none: nested virtualization", "", "nested VM (PVM)"},
		{"guest of KVMKVMKVM", "KVM (kernel and CPUID); DMI: QEMU Standard PC (Q35 + ICH9, 2009)", "", "VM (KVM)"},
		{"guest of Microsoft Hv", "KVM (kernel), CPUID says Hyper-V (KVM's Hyper-V interface)", "", "VM (Hyper-V)"},
		{"guest of VMwareVMware", "", "", "VM (VMware)"},
		{"guest of TCGTCGTCGTCG", "", "", "VM (QEMU)"},
		{"guest of Frobnicator", "", "", "VM (Frobnicator)"},
		{"none", "none (kernel and CPUID)", "mains (BAT0 charging)", "laptop"},
		{"none", "", "battery (BAT0 discharging)", "laptop"},
		{"none", "", "no battery", "bare metal"},
		{"", "", "", ""},
	} {
		if got := MachineKind(tc.virt, tc.hyper, tc.power); got != tc.want {
			t.Errorf("MachineKind(%q, %q, %q) = %q, want %q", tc.virt, tc.hyper, tc.power, got, tc.want)
		}
	}
}

// TestCardFits renders the card of every results file: at most Width
// columns, every guide row once, each figure the report's rounded, each
// unstable row marked.
func TestCardFits(t *testing.T) {
	files, _ := filepath.Glob(reportTestdata + "*.txt")
	for _, f := range files {
		run, _ := results.ReadFile(f)
		if run == nil {
			continue
		}
		rep := report.Build(run, rows.Table)
		for _, human := range []bool{false, true} {
			t.Run(filepath.Base(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := New(rep, human).Write(&buf, "text"); err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
				for i, line := range lines {
					if w := textwidth.Width(line); w > Width {
						t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, Width, line)
					}
				}
				guide := rows.Guide()
				want := len(guide) + 4 // title, header, headings, the rows, legend
				measured := false
				for _, l := range rep.Rows {
					measured = measured || l.Kind == rows.Measured
				}
				if measured {
					want++ // and a footer that says which figure the card shows
					if foot := lines[len(lines)-1]; !strings.HasPrefix(foot, "This machine: the median of ") {
						t.Errorf("footer %q does not say which figure the card shows", foot)
					}
				}
				if got := len(lines); got != want {
					t.Fatalf("%d lines, want %d (title, header, headings, %d rows, legend, footer when measured)", got, want, len(guide))
				}
				for i, row := range guide {
					line := lines[3+i]
					l := rep.Rows[i]
					if !strings.HasPrefix(line, row.Operation) {
						t.Errorf("line %d: %q, want row %q", 4+i, line, row.Operation)
					}
					want := "–"
					if l.Kind != rows.NotMeasured && l.Measured > 0 {
						want = "≈ " + Round(l.Measured)
					}
					if !strings.Contains(line, want) {
						t.Errorf("%s: %q lacks %q", row.ID, line, want)
					}
					if l.Unstable != strings.Contains(line, want+" !") {
						t.Errorf("%s: unstable %v, but the line is %q", row.ID, l.Unstable, line)
					}
				}
			})
		}
	}
}

// TestCardNarrow renders the card within narrower widths: no line wider,
// every guide row's operation and figure still there.
func TestCardNarrow(t *testing.T) {
	rep := build(t, "vm-quick.txt")
	for _, width := range []int{20, 40, 60} {
		for _, human := range []bool{false, true} {
			t.Run(fmt.Sprintf("width=%d/human=%v", width, human), func(t *testing.T) {
				c := New(rep, human)
				c.Columns = width
				var buf bytes.Buffer
				if err := c.Write(&buf, "text"); err != nil {
					t.Fatal(err)
				}
				out := buf.String()
				for i, line := range strings.Split(out, "\n") {
					if w := textwidth.Width(line); w > width {
						t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
					}
				}
				for _, l := range c.Lines {
					if first := strings.Fields(l.Operation)[0]; !strings.Contains(out, first) {
						t.Errorf("row %s (%q) is missing", l.ID, first)
					}
					if !strings.Contains(out, l.Figure) {
						t.Errorf("row %s: figure %q is missing", l.ID, l.Figure)
					}
				}
			})
		}
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		format     view.Format
		human      bool
	}{
		{"rounds-text", "vm-rounds.txt", "text", false},
		{"quick-human-text", "vm-quick.txt", "text", true},
		{"rounds-markdown", "vm-rounds.txt", "markdown", false},
		{"few-samples-markdown-human", "few-samples.txt", "markdown", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := New(build(t, tc.file), tc.human).Write(&buf, tc.format); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "./internal/card", tc.name, buf.Bytes())
		})
	}
}

// TestPicture draws the card as PNG and SVG: a picture of card size, and
// an SVG with every row's name and figure in it.
func TestPicture(t *testing.T) {
	c := New(build(t, "vm-rounds.txt"), true)
	var buf bytes.Buffer
	if err := c.Write(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 400 || b.Dx() > 3000 || b.Dy() > 3000 {
		t.Errorf("PNG is %d×%d pixels, want a card-sized picture", b.Dx(), b.Dy())
	}
	buf.Reset()
	if err := c.Write(&buf, "svg"); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "Arial") {
		t.Errorf("not an SVG with font fallbacks:\n%.300s", svg)
	}
	for _, l := range c.Lines {
		for _, s := range []string{l.Operation, l.Figure} {
			if !strings.Contains(svg, s) {
				t.Errorf("SVG lacks %q", s)
			}
		}
	}
	if err := c.Write(&buf, "gif"); err == nil {
		t.Errorf("format gif: no error")
	}
}
