package units

import (
	"math"
	"testing"
)

var nan, inf = math.NaN(), math.Inf(1)

func TestSig(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    float64
		n    int
		want string
	}{
		{"three digits", 1.256, 3, "1.26"},
		{"trailing zeros kept", 2.5, 3, "2.50"},
		{"tens", 12.34, 3, "12.3"},
		{"hundreds", 150, 3, "150"},
		{"more digits than asked", 1234.5, 3, "1234"},
		{"rounds into the next decade", 99.96, 3, "100.0"},
		{"below 1", 0.5, 3, "0.5"},
		{"tiny", 2e-5, 3, "2e-05"},
		{"negative", -12.34, 3, "-12.3"},
		{"two digits", 3.21, 2, "3.2"},
		{"two digits, tens", 12.5, 2, "12"},
		{"zero", 0, 3, "0"},
		{"NaN", nan, 3, "NaN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sig(tc.f, tc.n); got != tc.want {
				t.Errorf("Sig(%v, %d): got %q, want %q", tc.f, tc.n, got, tc.want)
			}
		})
	}
}

func TestRoundSig(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		n    int
		want float64
	}{{math.Pi, 3, 3.14}, {0.1 * 3, 3, 0.3}, {0, 3, 0}, {-1234, 2, -1200}, {999.6, 3, 1000}} {
		if got := RoundSig(tc.f, tc.n); got != tc.want {
			t.Errorf("RoundSig(%v, %d): got %v, want %v", tc.f, tc.n, got, tc.want)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		want string
	}{
		{0.5, "0.5 ns"}, {1.256, "1.26 ns"}, {12345, "12.3 µs"}, {150e6, "150 ms"}, {2.5e9, "2.50 s"},
		{999.4, "999 ns"},
		{999.96, "1000 ns"}, // the unit is chosen before rounding
		{1000, "1.00 µs"},
		{999e12, "999000 s"}, {1e15, "1e+06 s"}, {1.42e25, "1.42e+16 s"}, {-3e30, "-3e+21 s"}, {1e300, "1e+291 s"},
		{2e-5, "2e-05 ns"}, {-12345, "-12.3 µs"},
		{0, ""}, {nan, ""}, {inf, ""}, {-inf, ""},
	} {
		if got := Duration(tc.ns); got != tc.want {
			t.Errorf("Duration(%v): got %q, want %q", tc.ns, got, tc.want)
		}
	}
}

func TestDurationSig(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		n    int
		want string
	}{
		// The chart's axis labels, to three digits.
		{0.1, 3, "0.1 ns"}, {0.1 * 3, 3, "0.3 ns"}, {20, 3, "20 ns"}, {1e3, 3, "1 µs"}, {3e4, 3, "30 µs"},
		{1e8, 3, "100 ms"}, {1e9, 3, "1 s"}, {1e10, 3, "10 s"}, {1.275e6, 3, "1.27 ms"},
		{999.95, 3, "1000 ns"}, // the unit is chosen before rounding
		// The guide's figures, to six.
		{0.5, 6, "0.5 ns"}, {10_000, 6, "10 µs"}, {250_000, 6, "250 µs"}, {150_000_000, 6, "150 ms"}, {8177.525, 6, "8.17752 µs"},
		{0, 6, ""}, {-5, 6, ""}, {nan, 6, ""}, {inf, 6, ""},
	} {
		if got := DurationSig(tc.ns, tc.n); got != tc.want {
			t.Errorf("DurationSig(%v, %d): got %q, want %q", tc.ns, tc.n, got, tc.want)
		}
	}
}

func TestRoundDuration(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		n    int
		want string
	}{
		{64.4e3, 1, "60 µs"}, {1.42, 2, "1.4 ns"}, {289, 2, "290 ns"}, {8.55, 1, "9 ns"}, {0.348, 1, "0.3 ns"},
		{999.6, 2, "1 µs"}, // rounding carries into the next unit
		{999.95, 3, "1 µs"},
		{2.96e6, 2, "3 ms"}, {1.5e9, 2, "1.5 s"}, {450e9, 1, "500 s"}, {0.0123, 2, "0.012 ns"},
		{0, 2, ""}, {-5, 2, ""}, {nan, 2, ""}, {inf, 2, ""},
	} {
		if got := RoundDuration(tc.ns, tc.n); got != tc.want {
			t.Errorf("RoundDuration(%v, %d): got %q, want %q", tc.ns, tc.n, got, tc.want)
		}
	}
}

func TestSpan(t *testing.T) {
	for _, tc := range []struct {
		sec  float64
		want string
	}{
		{1, "1 s"}, {0.2, "0.2 s"}, {59.9, "60 s"}, {60, "1 min"}, {210, "3.5 min"}, {7200, "2 hours"},
		{2.1 * 86400, "2.1 days"}, {4.8 * 365.25 * 86400, "4.8 years"}, {1.4e6 * 365.25 * 86400, "1.4e+06 years"},
		{0, ""}, {-1, ""}, {nan, ""}, {inf, ""},
	} {
		if got := Span(tc.sec); got != tc.want {
			t.Errorf("Span(%v): got %q, want %q", tc.sec, got, tc.want)
		}
	}
}

func TestDurationUnit(t *testing.T) {
	for _, tc := range []struct {
		name string
		ns   float64
	}{{"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"μs", 1e3}, {"MS", 1e6}, {"s", 1e9}, {"Sec", 1e9}, {"min", 60e9}, {"h", 3600e9}, {"d", 0}, {"", 0}} {
		ns, ok := DurationUnit(tc.name)
		if ok != (tc.ns > 0) || ns != tc.ns {
			t.Errorf("DurationUnit(%q): got %v, %v; want %v", tc.name, ns, ok, tc.ns)
		}
	}
}

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		b    float64
		n    int
		want string
	}{
		{512, 3, "512 B"}, {1023, 3, "1020 B"}, {1024, 3, "1 KiB"}, {4 << 10, 3, "4 KiB"}, {1.5 * (1 << 20), 3, "1.5 MiB"},
		{1.25 * (1 << 20), 3, "1.25 MiB"}, {1023.95 * (1 << 10), 3, "1020 KiB"}, {512 << 20, 3, "512 MiB"}, {1 << 30, 3, "1 GiB"},
		{3 << 40, 3, "3 TiB"}, {1 << 50, 3, "1020 TiB"}, {64, 3, "64 B"}, {0, 3, "0 B"},
	} {
		if got := Bytes(tc.b, tc.n); got != tc.want {
			t.Errorf("Bytes(%v, %d): got %q, want %q", tc.b, tc.n, got, tc.want)
		}
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct {
		b    int
		want string
	}{
		{64, "64B"}, {4096, "4KiB"}, {16 << 10, "16KiB"}, {1536 << 10, "1.5MiB"}, {1280 << 10, "1.2MiB"},
		{512 << 20, "512MiB"}, {2 << 30, "2GiB"}, {0, "0B"},
	} {
		if got := Name(tc.b); got != tc.want {
			t.Errorf("Name(%d): got %q, want %q", tc.b, got, tc.want)
		}
	}
}

func TestParseBytes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64 // 0: an error
	}{
		{"48KiB", 48 << 10}, {"1MiB", 1 << 20}, {"1.5MiB", 1.5 * (1 << 20)}, {"4KiB", 4 << 10}, {"512B", 512},
		{"2GiB", 2 << 30}, {"1TiB", 1 << 40}, {"4096", 4096},
		{"not reported", 0}, {"", 0}, {"B", 0}, {"0B", 0}, {"-1KiB", 0}, {"NaNKiB", 0}, {"InfB", 0}, {"huge", 0},
		{"48K", 0}, {"4KB", 0}, {"32MiB (sysfs)", 0}, {"1 MiB", 0},
	} {
		got, err := ParseBytes(tc.in)
		if (err == nil) != (tc.want > 0) || got != tc.want {
			t.Errorf("ParseBytes(%q): got %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, n := range []int{64, 4096, 48 << 10, 1536 << 10, 512 << 20, 2 << 30} {
		if got, err := ParseBytes(Name(n)); err != nil || got != float64(n) {
			t.Errorf("ParseBytes(Name(%d)): got %v, %v", n, got, err)
		}
	}
}

func TestParseKernelSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int // -1: an error
	}{
		{"48K", 48 << 10}, {"1024K", 1 << 20}, {"32M", 32 << 20}, {"1G", 1 << 30}, {"4096", 4096}, {" 48K\n", 48 << 10}, {"0", 0},
		{"lots", -1}, {"", -1}, {"-1", -1}, {"1.5K", -1}, {"48KiB", -1}, {"48k", -1}, {"1T", -1}, {"48 K", -1},
	} {
		got, err := ParseKernelSize(tc.in)
		if (err == nil) != (tc.want >= 0) || (err == nil && got != tc.want) {
			t.Errorf("ParseKernelSize(%q): got %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestByteUnit(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bytes float64
	}{{"B", 1}, {"bytes", 1}, {"KB", 1e3}, {"kb", 1e3}, {"TB", 1e12}, {"KiB", 1 << 10}, {"gib", 1 << 30}, {"PB", 0}, {"K", 0}, {"", 0}} {
		b, ok := ByteUnit(tc.name)
		if ok != (tc.bytes > 0) || b != tc.bytes {
			t.Errorf("ByteUnit(%q): got %v, %v; want %v", tc.name, b, ok, tc.bytes)
		}
	}
}

func TestRate(t *testing.T) {
	for _, tc := range []struct {
		value float64
		unit  string
		want  string
	}{
		{1.9616e9, "B/s", "1.96 GB/s"}, {488.4e6, "B/s", "488 MB/s"}, {13013, "reads/s", "13.0k reads/s"},
		{704e6, "loads/s", "704M loads/s"}, {12, "commits/s", "12.0 commits/s"}, {0.5, "commits/s", "0.5 commits/s"},
		{999.6e6, "B/s", "1000 MB/s"}, // the prefix is chosen before rounding
		{2e12, "B/s", "2.00 TB/s"},
		{0, "B/s", ""}, {-1, "B/s", ""}, {nan, "B/s", ""}, {inf, "B/s", ""},
	} {
		if got := Rate(tc.value, tc.unit); got != tc.want {
			t.Errorf("Rate(%g, %q): got %q, want %q", tc.value, tc.unit, got, tc.want)
		}
	}
}
