package chart

import (
	"strings"
	"testing"
)

func TestNSTicks(t *testing.T) {
	ticks := nsTicks{Label: []float64{1}}.Ticks(0.1, 1e9)
	var labels []string
	minor := 0
	for _, tk := range ticks {
		if tk.Label == "" {
			minor++
			continue
		}
		labels = append(labels, tk.Label)
	}
	want := []string{"0.1 ns", "1 ns", "10 ns", "100 ns", "1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s"}
	if len(labels) != len(want) {
		t.Fatalf("got labels %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Errorf("label %d: got %q, want %q", i, labels[i], want[i])
		}
	}
	if minor != 10*8 {
		t.Errorf("got %d minor ticks, want 80 (2..9 in each of 10 decades)", minor)
	}

	ticks = nsTicks{Label: []float64{1, 2, 5}}.Ticks(0.8, 600)
	var got []string
	for _, tk := range ticks {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	if want := "1 ns 2 ns 5 ns 10 ns 20 ns 50 ns 100 ns 200 ns 500 ns"; strings.Join(got, " ") != want {
		t.Errorf("1-2-5 ticks: got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestBytesTicks(t *testing.T) {
	var got []string
	for _, tk := range (bytesTicks{}).Ticks(3<<10, 700<<20) {
		if tk.Label != "" {
			got = append(got, tk.Label)
		}
	}
	// 4 KiB .. 512 MiB is 18 octaves: every other one is labelled, 1 MiB among them.
	if want := "4 KiB 16 KiB 64 KiB 256 KiB 1 MiB 4 MiB 16 MiB 64 MiB 256 MiB"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
	got = nil
	for _, tk := range (bytesTicks{}).Ticks(1<<10, 64<<10) {
		got = append(got, tk.Label)
	}
	if want := "1 KiB 2 KiB 4 KiB 8 KiB 16 KiB 32 KiB 64 KiB"; strings.Join(got, " ") != want {
		t.Errorf("short axis: got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64 // 0: not a size
	}{
		{"48KiB (cpuid)", 48 << 10}, {"1MiB (cpuid)", 1 << 20}, {"1.5MiB", 1.5 * (1 << 20)}, {"32MiB (sysfs)", 32 << 20},
		{"4KiB", 4 << 10}, {"512B", 512}, {"2GiB", 2 << 30},
		{"not reported", 0}, {"", 0}, {"-1KiB", 0}, {"NaNKiB", 0}, {"huge", 0},
	} {
		got, ok := parseBytes(tc.in)
		if ok != (tc.want > 0) || (ok && got != tc.want) {
			t.Errorf("parseBytes(%q): got %g, %v; want %g", tc.in, got, ok, tc.want)
		}
	}
}
