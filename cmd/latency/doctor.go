package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/latency-numbers/latency/internal/doctor"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/textwidth"
)

func cmdDoctor(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("doctor", stderr, "[-width N] [-sys dir] [-proc dir] [-dev dir]")
	width := fs.Int("width", 0, "lay the output out within this many `columns` (default: the terminal's; 100 when not a terminal)")
	sys := fs.String("sys", "/sys", "sysfs root (another tree for tests, or a host's mounted elsewhere)")
	proc := fs.String("proc", "/proc", "procfs root")
	dev := fs.String("dev", "/dev", "device root: the kernel log is its kmsg")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("doctor takes no arguments, got %q", fs.Args())
	}
	for _, root := range []struct{ flag, dir string }{{"-sys", *sys}, {"-proc", *proc}, {"-dev", *dev}} {
		// Without its tree every check would be "unknown": say why instead.
		if st, err := os.Stat(root.dir); err != nil || !st.IsDir() {
			return fmt.Errorf("bad %s %s: not a directory", root.flag, root.dir)
		}
	}
	if err := checkWidth(*width); err != nil {
		return err
	}
	printFindings(stdout, max(textWidth(stdout, *width), report.MinWidth), doctor.Check(*sys, *proc, *dev), doctor.MachineFindings(*sys))
	return nil
}

// printFindings prints the check's findings, then the machine facts, as one
// table, then what to do about each warning, within width columns.
//
// Note: the found and warning columns share what the keys and the table's
// rules leave, up to 48 columns each: on a terminal 121 columns wide or
// wider the table is as it always was. When that leaves them less than
// minFound columns each, the table loses its box and is laid out as the
// other narrow outputs are (layout.Table: the checks above their
// findings, then each a block). The advice wraps with a hanging indent.
func printFindings(w io.Writer, width int, env, mach []doctor.Finding) {
	all := append(env[:len(env):len(env)], mach...)
	keyW := 0
	for _, f := range all {
		keyW = max(keyW, textwidth.Width(f.Key))
	}
	const rules = 10 // "│ " + " │ " + " │ " + " │"
	const minFound = 16
	free := width - rules - keyW
	warnW := min(48, free/2)
	if warnW < minFound {
		t := layout.Table{Width: width, Cols: []layout.Col{{Name: "check", Wrap: true, Whole: true}, {Name: "found", Wrap: true},
			{Name: "warning", Wrap: true}}}
		for i, f := range all {
			if i == len(env) {
				t.AddRule()
			}
			t.Add(f.Key, f.Value, f.Warning)
		}
		t.Render(w)
	} else {
		printFindingsTable(w, free, warnW, env, mach)
	}
	warns := doctor.Warnings(all)
	if len(warns) == 0 {
		fmt.Fprintln(w)
		textwidth.Fprint(w, "No warnings: the machine looks quiet and steady enough to measure on.", width, "", "  ")
		return
	}
	fmt.Fprintln(w)
	textwidth.Fprint(w, fmt.Sprintf("%d warning(s); what to do:", len(warns)), width, "", "  ")
	for _, f := range warns {
		textwidth.Fprint(w, f.Key+": "+f.Advice, width, "  ", "    ")
	}
}

// printFindingsTable prints the findings as one table: the found and
// warning columns at most free columns together, the warnings warnW.
func printFindingsTable(w io.Writer, free, warnW int, env, mach []doctor.Finding) {
	t := table.NewWriter()
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	t.AppendHeader(table.Row{"check", "found", "warning"})
	t.SetColumnConfigs([]table.ColumnConfig{
		{Number: 2, WidthMax: min(48, free-warnW), WidthMaxEnforcer: text.WrapSoft},
		{Number: 3, WidthMax: warnW, WidthMaxEnforcer: text.WrapSoft},
	})
	for _, f := range env {
		t.AppendRow(table.Row{f.Key, f.Value, f.Warning})
	}
	t.AppendSeparator()
	for _, f := range mach {
		t.AppendRow(table.Row{f.Key, f.Value, f.Warning})
	}
	fmt.Fprintln(w, t.Render())
}

// envCheck runs the environment check before measuring: it prints each
// warning and its advice to stderr and returns the findings as facts of the
// results file. The machine facts shown beside the check (THP mode) warn
// here too but are not returned: every results file records them already.
func envCheck(stderr io.Writer) []fact.Fact {
	return envCheckAt(stderr, "/sys", "/proc", "/dev")
}

func envCheckAt(stderr io.Writer, sysRoot, procRoot, devRoot string) []fact.Fact {
	env := doctor.Check(sysRoot, procRoot, devRoot)
	for _, f := range doctor.Warnings(append(env[:len(env):len(env)], doctor.MachineFindings(sysRoot)...)) {
		fmt.Fprintf(stderr, "warning: %s: %s; advice: %s\n", f.Key, f.Warning, f.Advice)
	}
	facts := make([]fact.Fact, len(env))
	for i, f := range env {
		facts[i] = fact.Fact{Key: f.Key, Value: f.Value}
	}
	return facts
}
