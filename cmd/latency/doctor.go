package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/latency-numbers/latency/internal/doctor"
	"github.com/latency-numbers/latency/internal/machine"
)

func cmdDoctor(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("doctor", stderr, "[-sys dir] [-proc dir]")
	sys := fs.String("sys", "/sys", "sysfs root (another tree for tests, or a host's mounted elsewhere)")
	proc := fs.String("proc", "/proc", "procfs root")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("doctor takes no arguments, got %q", fs.Args())
	}
	printFindings(stdout, doctor.Check(*sys, *proc), doctor.MachineFindings(*sys))
	return nil
}

// printFindings prints the check's findings, then the machine facts, as one
// table, then what to do about each warning.
func printFindings(w io.Writer, env, mach []doctor.Finding) {
	t := table.NewWriter()
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	t.AppendHeader(table.Row{"check", "found", "warning"})
	t.SetColumnConfigs([]table.ColumnConfig{
		{Number: 2, WidthMax: 48, WidthMaxEnforcer: text.WrapSoft},
		{Number: 3, WidthMax: 48, WidthMaxEnforcer: text.WrapSoft},
	})
	for _, f := range env {
		t.AppendRow(table.Row{f.Key, f.Value, f.Warning})
	}
	t.AppendSeparator()
	for _, f := range mach {
		t.AppendRow(table.Row{f.Key, f.Value, f.Warning})
	}
	fmt.Fprintln(w, t.Render())
	warns := doctor.Warnings(append(env[:len(env):len(env)], mach...))
	if len(warns) == 0 {
		fmt.Fprintln(w, "\nNo warnings: the machine looks quiet and steady enough to measure on.")
		return
	}
	fmt.Fprintf(w, "\n%d warning(s); what to do:\n", len(warns))
	for _, f := range warns {
		fmt.Fprintf(w, "  %s: %s\n", f.Key, f.Advice)
	}
}

// envCheck runs the environment check before measuring: it prints each
// warning and its advice to stderr and returns the findings as facts of the
// results file. The machine facts shown beside the check (THP mode) warn
// here too but are not returned: every results file records them already.
func envCheck(stderr io.Writer) []machine.Fact {
	return envCheckAt(stderr, "/sys", "/proc")
}

func envCheckAt(stderr io.Writer, sysRoot, procRoot string) []machine.Fact {
	env := doctor.Check(sysRoot, procRoot)
	for _, f := range doctor.Warnings(append(env[:len(env):len(env)], doctor.MachineFindings(sysRoot)...)) {
		fmt.Fprintf(stderr, "warning: %s: %s; advice: %s\n", f.Key, f.Warning, f.Advice)
	}
	facts := make([]machine.Fact, len(env))
	for i, f := range env {
		facts[i] = machine.Fact{Key: f.Key, Value: f.Value}
	}
	return facts
}
