package gallery

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"

	"github.com/latency-numbers/latency/internal/results"
)

// testRuns reads the three runs under testdata/results, in the nested
// layout, in path order.
func testRuns(t *testing.T) []*results.Run {
	t.Helper()
	paths, err := results.Files("testdata/results")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("testdata/results holds %d results files, want 3", len(paths))
	}
	var runs []*results.Run
	for _, p := range paths {
		r, err := results.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	return runs
}

// Each column is named from its run's facts as the card names a machine,
// and knows its version, profile and directory.
func TestNew(t *testing.T) {
	g, err := New(testRuns(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ slug, name, kind, date, profile, version string }{
		{"20261201T091244Z-vm", "AMD EPYC · 2 CPUs · VM (KVM) · 2026-12-01", "VM (KVM)", "2026-12-01", "default", "v0.5.0"},
		{"20261127T122426Z-vm", "Oxide Virtual Turin-like Processor · 2 CPUs · VM (bhyve) · 2026-11-27", "VM (bhyve)", "2026-11-27", "quick", ""},
		{"20261127T123152Z-vm", "Oxide Virtual Turin-like Processor · 2 CPUs · VM (bhyve) · 2026-11-27", "VM (bhyve)", "2026-11-27", "quick", ""},
	}
	if len(g.Runs) != len(want) {
		t.Fatalf("got %d runs, want %d", len(g.Runs), len(want))
	}
	for i, w := range want {
		r := g.Runs[i]
		got := []string{r.Slug, r.Name, r.Kind, r.Date, r.Profile, r.Version}
		if !slices.Equal(got, []string{w.slug, w.name, w.kind, w.date, w.profile, w.version}) {
			t.Errorf("run %d: got %q, want %+v", i, got, w)
		}
	}
	if !slices.Equal(g.Years, []int{2026}) {
		t.Errorf("Years = %v, want [2026]", g.Years)
	}
	// Every row of the guide, in the report's order; each line the report's.
	rep := report.Build(g.Runs[1].run, rows.Table)
	for i, l := range rep.Rows {
		if g.Rows[i].ID != l.ID || !g.Rows[i].Guide || g.Rows[i].GuideNS != l.GuideNS {
			t.Errorf("row %d: got %s (guide %v, %g), want the guide's %s", i, g.Rows[i].ID, g.Rows[i].Guide, g.Rows[i].GuideNS, l.ID)
		}
		if got := g.Rows[i].Lines[1]; !sameFigure(got.Measured, l.Measured) || got.Unstable != l.Unstable || got.PlusMinus() != l.PlusMinus() {
			t.Errorf("row %s, run 1: got %g %s (unstable %v), want the report's %g %s (%v)", l.ID, got.Measured, got.PlusMinus(), got.Unstable, l.Measured, l.PlusMinus(), l.Unstable)
		}
		if !sameFigure(g.Rows[i].ScottNS[0], l.ScottNS) {
			t.Errorf("row %s: Scott %g, want the report's %g", l.ID, g.Rows[i].ScottNS[0], l.ScottNS)
		}
	}
	// Rows beyond the guide that no run has are left out; the others kept.
	for _, r := range g.Rows[len(rep.Rows):] {
		has := false
		for _, l := range r.Lines {
			has = has || !math.IsNaN(l.Measured)
		}
		if r.Guide || !has {
			t.Errorf("row %s beyond the guide: guide %v, has a figure %v; want only rows some run has", r.ID, r.Guide, has)
		}
	}
	if len(g.Warnings) == 0 || !strings.Contains(g.Warnings[0], "before versions (20261127T122426Z-vm, 20261127T123152Z-vm); v0.5 (20261201T091244Z-vm)") {
		t.Errorf("Warnings = %q, want the versions' methods differing first", g.Warnings)
	}
	if _, err := New(nil); err == nil {
		t.Error("New of no runs: no error")
	}
}

func sameFigure(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// A machine is named from its facts: CPU, CPUs, kind, date.
func TestMachineNames(t *testing.T) {
	for _, tc := range []struct{ name, facts, want, kind string }{
		{"bare metal", "cpu-model: Intel Xeon Gold 6338\ncpu-logical: 64\nvirtualization: none\ndate: 2026-10-01T10:00:00Z\n",
			"Intel Xeon Gold 6338 · 64 CPUs · bare metal · 2026-10-01", "bare metal"},
		{"laptop", "cpu-model: Apple M3\ncpu-logical: 8\nenv-power: battery (BAT0 discharging)\ndate: 2026-10-02T10:00:00Z\n",
			"Apple M3 · 8 CPUs · laptop · 2026-10-02", "laptop"},
		{"VM", "cpu-model: AMD EPYC 9R14\ncpu-logical: 1\nvirtualization: guest of KVMKVMKVM\n",
			"AMD EPYC 9R14 · 1 CPU · VM (KVM)", "VM (KVM)"},
		{"no facts", "", "unknown CPU", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := results.Read(strings.NewReader(tc.facts+"BenchmarkCacheRef/level=L1-2 100 1.5 ns/load\n"), tc.name+".txt")
			if err != nil {
				t.Fatal(err)
			}
			g, err := New([]*results.Run{run})
			if err != nil {
				t.Fatal(err)
			}
			if r := g.Runs[0]; r.Name != tc.want || r.Kind != tc.kind {
				t.Errorf("got %q (%q), want %q (%q)", r.Name, r.Kind, tc.want, tc.kind)
			}
		})
	}
}

// A run's directory is named after its label, safely and uniquely.
func TestSlugs(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range []struct{ label, want string }{
		{"20261201T091244Z-vm", "20261201T091244Z-vm"},
		{"20261201T091244Z-vm", "20261201T091244Z-vm-2"},
		{"20261201t091244z-VM", "20261201t091244z-VM-3"},
		{"my laptop/<a>&b", "my-laptop-a-b"},
		{"../../etc", "run-etc"},
		{"index.html", "run-index.html"},
		{"", "run-"},
		{strings.Repeat("x", 200), strings.Repeat("x", maxSlug)},
	} {
		if got := uniqueSlug(seen, tc.label); got != tc.want {
			t.Errorf("uniqueSlug(%q) = %q, want %q", tc.label, got, tc.want)
		}
	}
}

// The major and minor version name the methods; a patch does not change
// them, and files before versions are a version of their own.
func TestMethods(t *testing.T) {
	for _, tc := range []struct{ version, want string }{
		{"v0.4.1", "v0.4"},
		{"v0.4.2-0.20261205120000-abcdef123456", "v0.4"},
		{"v1.0.0", "v1.0"},
		{"", beforeVersions},
		{"(devel)", beforeVersions}, // no semantic version: as one without
	} {
		if got := methods(tc.version); got != tc.want {
			t.Errorf("methods(%q) = %q, want %q", tc.version, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name     string
		versions []string
		want     string // in the warning; "" for none
	}{
		{"one version", []string{"v0.4.0", "v0.4.0"}, ""},
		{"patch releases agree", []string{"v0.4.0", "v0.4.3"}, ""},
		{"all before versions", []string{"", ""}, ""},
		{"minor differs", []string{"v0.5.0", "v0.4.1"}, "v0.4 (r1); v0.5 (r0)"},
		{"major differs", []string{"v1.0.0", "v0.9.9"}, "v0.9 (r1); v1.0 (r0)"},
		{"before versions first", []string{"v0.4.0", "", "v0.4.2"}, "before versions (r1); v0.4 (r0, r2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var runs []*Run
			for i, v := range tc.versions {
				runs = append(runs, &Run{Label: fmt.Sprintf("r%d", i), Version: v})
			}
			got := methodsDiffer(runs)
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
