package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

const doctorData = "../../internal/doctor/testdata/"

// TestDoctor runs `latency doctor` on a fake untuned laptop: every check is
// printed, with the laptop's warnings and what to do about them, and the
// command still succeeds.
func TestDoctor(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(context.Background(), &out, &errb, []string{"doctor", "-sys", doctorData + "sys-laptop", "-proc", doctorData + "proc-vm"})
	if err != nil {
		t.Fatalf("doctor: %v (stderr %q)", err, errb.String())
	}
	got := out.String()
	for _, want := range []string{
		"env-governor", "env-turbo", "env-smt", "env-mitigations", "env-power", "env-load",
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
	if err := run(context.Background(), &out, &errb, []string{"doctor", "-sys", doctorData + "sys-tuned", "-proc", doctorData + "proc-host"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No warnings") {
		t.Errorf("a tuned machine at rest: want no warnings:\n%s", out.String())
	}
	if err := run(context.Background(), &out, &errb, []string{"doctor", "extra"}); err == nil {
		t.Error("doctor extra: want an error")
	}
}

// TestEnvCheck checks the check run makes before measuring: warnings on
// stderr, findings as facts, machine facts not repeated.
func TestEnvCheck(t *testing.T) {
	var errb bytes.Buffer
	facts := envCheckAt(&errb, doctorData+"sys-laptop", doctorData+"proc-vm")
	got := map[string]string{}
	for _, f := range facts {
		got[f.Key] = f.Value
	}
	if len(facts) != 10 || got["env-smt"] != "on (2 threads per core)" || got["env-power"] != "battery (BAT0 discharging)" {
		t.Errorf("facts: %v", facts)
	}
	if _, ok := got["thp"]; ok {
		t.Error("thp returned as a fact; machine.Facts records it already")
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) != 6 {
		t.Errorf("got %d warning lines, want 6:\n%s", len(lines), errb.String())
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "warning: ") || !strings.Contains(l, "; advice: ") {
			t.Errorf("warning line %q: want \"warning: key: what; advice: what to do\"", l)
		}
	}
	if !strings.Contains(errb.String(), "warning: env-power: running on battery") || !strings.Contains(errb.String(), "advice: plug in") {
		t.Errorf("no battery warning:\n%s", errb.String())
	}
}
