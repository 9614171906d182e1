package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/textwidth"
)

const doctorData = "../../internal/doctor/testdata/"

// TestDoctor runs `latency doctor` on a fake untuned laptop: every check is
// printed, with the laptop's warnings and what to do about them, and the
// command still succeeds.
func TestDoctor(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(context.Background(), &out, &errb, []string{"doctor", "-sys", doctorData + "sys-laptop", "-proc", doctorData + "proc-vm", "-dev", doctorData + "dev-host"})
	if err != nil {
		t.Fatalf("doctor: %v (stderr %q)", err, errb.String())
	}
	got := out.String()
	for _, want := range []string{
		"env-governor", "env-turbo", "env-smt", "env-mitigations", "env-power", "env-load", "env-hypervisor",
		"env-steal", "env-others-cpu", "env-busiest", "env-pressure", "cpu-model", "thp",
		"powersave on 3 of 4 CPUs", "PTI, retpolines, clear CPU buffers", "battery (BAT0 discharging)",
		"6 warning(s); what to do:",
		"env-power: plug in",
		"env-turbo: echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo",
		"thp: echo madvise | sudo tee",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "env-mitigations:") {
		t.Errorf("mitigations are a fact, not a warning:\n%s", got)
	}

	out.Reset()
	if err := run(context.Background(), &out, &errb, []string{"doctor", "-sys", doctorData + "sys-tuned", "-proc", doctorData + "proc-host", "-dev", doctorData + "dev-host"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No warnings") {
		t.Errorf("a tuned machine at rest: want no warnings:\n%s", out.String())
	}
	if err := run(context.Background(), &out, &errb, []string{"doctor", "extra"}); err == nil {
		t.Error("doctor extra: want an error")
	}
	// A root that does not exist is an error, not every check "unknown"
	// (issue 20, item 13).
	for _, flag := range []string{"-sys", "-proc", "-dev"} {
		out.Reset()
		err := run(context.Background(), &out, &errb, []string{"doctor", flag, "/nonexistent"})
		if want := "bad " + flag + " /nonexistent: not a directory"; err == nil || err.Error() != want || out.Len() > 0 {
			t.Errorf("doctor %s /nonexistent: got %v and %d bytes of output, want %q and none", flag, err, out.Len(), want)
		}
	}
}

// TestDoctorNested runs `latency doctor` on a fake nested PVM guest, whose
// kernel log says PVM and whose steal counter has stayed 0 since boot.
// Whatever CPUID says on the machine running the test, PVM is nested.
func TestDoctorNested(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(context.Background(), &out, &errb, []string{"doctor", "-sys", doctorData + "sys-vm", "-proc", doctorData + "proc-pvm", "-dev", doctorData + "dev-pvm"})
	if err != nil {
		t.Fatalf("doctor: %v (stderr %q)", err, errb.String())
	}
	got := out.String()
	for _, want := range []string{
		"PVM (kernel)", "nested", "not reported by this", "2 warning(s); what to do:", "  env-steal: ", "  env-hypervisor: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// TestDoctorWidth checks that no line of `latency doctor` is wider than
// asked (report.MinWidth or more), 100 columns when the output is not a
// terminal, and that a wide terminal gets the table as wide as it was
// before the width was asked (48 columns for found and for warning).
func TestDoctorWidth(t *testing.T) {
	for _, tc := range []struct {
		width, most int
	}{{0, 100}, {report.MinWidth, report.MinWidth}, {30, 30}, {40, 40}, {60, 60}, {64, 64}, {80, 80}, {121, 121}, {200, 200}} {
		var out, errb bytes.Buffer
		args := []string{"doctor", "-width", fmt.Sprint(tc.width), "-sys", doctorData + "sys-laptop", "-proc", doctorData + "proc-pvm", "-dev", doctorData + "dev-pvm"}
		if err := run(context.Background(), &out, &errb, args); err != nil {
			t.Fatalf("doctor -width %d: %v", tc.width, err)
		}
		lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
		widest := 0
		for _, line := range lines {
			widest = max(widest, textwidth.Width(line))
		}
		if widest > tc.most {
			t.Errorf("-width %d: widest line %d columns, want %d at most:\n%s", tc.width, widest, tc.most, out.String())
		}
		if table := textwidth.Width(lines[0]); tc.most >= 121 && table != 121 {
			t.Errorf("-width %d: table %d columns wide, want 121", tc.width, table)
		}
	}
}
