package netphys

import (
	"math"
	"strings"
	"testing"
)

func TestGreatCircleKm(t *testing.T) {
	tests := []struct {
		name string
		a, b Place
		want float64 // km
		tol  float64
	}{
		{"same point", Amsterdam, Amsterdam, 0, 1e-9},
		// A quarter of the equator is πR/2.
		{"quarter equator", Place{Lat: 0, Lon: 0}, Place{Lat: 0, Lon: 90}, math.Pi * EarthRadiusKm / 2, 1e-6},
		// Pole to pole is half a circumference whatever the longitudes.
		{"pole to pole", Place{Lat: 90, Lon: 10}, Place{Lat: -90, Lon: -170}, math.Pi * EarthRadiusKm, 1e-6},
		// Antipodes on the equator (h = 1 exactly, guards asin's domain).
		{"antipodes", Place{Lat: 0, Lon: 0}, Place{Lat: 0, Lon: 180}, math.Pi * EarthRadiusKm, 1e-6},
		// Published great-circle distance San Francisco–Amsterdam is about
		// 8,780 km (airport to airport 8,800 km); the city centres used here
		// must land near it.
		{"SF to Amsterdam", SanFrancisco, Amsterdam, 8780, 40},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := GreatCircleKm(tc.a, tc.b)
			if math.Abs(got-tc.want) > tc.tol {
				t.Errorf("got %.3f km, want %.3f ± %g", got, tc.want, tc.tol)
			}
			if back := GreatCircleKm(tc.b, tc.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("not symmetric: %.6f vs %.6f", got, back)
			}
		})
	}
}

func TestFibreOneWayNS(t *testing.T) {
	// 1 km of fibre at c/1.47 takes 1.47/c s = 4.903 µs.
	got := FibreOneWayNS(1)
	want := 1000 * FibreIndex / SpeedOfLight * 1e9
	if math.Abs(got-want) > 1e-9 || math.Abs(got-4903.3) > 1 {
		t.Errorf("got %.3f ns, want %.3f", got, want)
	}
}

func TestWANFloor(t *testing.T) {
	ns, note := WANFloor()
	want := 2 * FibreOneWayNS(GreatCircleKm(SanFrancisco, Amsterdam))
	if ns != want {
		t.Errorf("got %v ns, want %v", ns, want)
	}
	// About 86 ms: well under the guide's measured 150 ms.
	if ns < 80e6 || ns > 92e6 {
		t.Errorf("floor %.1f ms outside 80..92 ms", ns/1e6)
	}
	for _, s := range []string{"computed", "round trip", "haversine", "c/1.47", "San Francisco", "Amsterdam"} {
		if !strings.Contains(note, s) {
			t.Errorf("note %q lacks %q", note, s)
		}
	}
}

func TestWireBytes(t *testing.T) {
	f := TCPv4
	tests := []struct {
		name    string
		payload int
		want    int
	}{
		// 8 preamble + 14 eth + 20 IP + 32 TCP + 1024 + 4 FCS + 12 gap.
		{"1 KiB", 1024, 1114},
		// A pure ACK: 66 bytes header-to-FCS, above the 64-byte minimum.
		{"empty", 0, 8 + 14 + 20 + 32 + 4 + 12},
		// One full segment.
		{"one MSS", 1448, 8 + 1518 + 12},
		// One byte more spills into a second, minimum-padded frame:
		// 14+20+32+1+4 = 71 bytes, above 64, so no padding.
		{"MSS+1", 1449, 8 + 1518 + 12 + 8 + 71 + 12},
	}
	if got := f.MSS(); got != 1448 {
		t.Fatalf("MSS: got %d, want 1448", got)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.WireBytes(tc.payload); got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
	// Without the TCP timestamps the frame can fall below the minimum
	// and is padded.
	small := Framing{MTU: 1500, TCPHeader: 20, IPHeader: 20, EthHeader: 14, FCS: 4, Preamble: 8, Gap: 12, MinFrame: 64}
	if got := small.WireBytes(1); got != 8+64+12 {
		t.Errorf("padded frame: got %d, want %d", got, 8+64+12)
	}
}

func TestSend1KB(t *testing.T) {
	tests := []struct {
		gbps float64
		want float64 // ns: 1114 B × 8 bit / rate
	}{
		{1, 8912},
		{10, 891.2},
		{25, 356.48},
		{100, 89.12},
	}
	for _, tc := range tests {
		ns, note := Send1KB(tc.gbps)
		if math.Abs(ns-tc.want) > 1e-6 {
			t.Errorf("%g Gbit/s: got %v ns, want %v", tc.gbps, ns, tc.want)
		}
		if !strings.Contains(note, "computed") || !strings.Contains(note, "1114 B") {
			t.Errorf("%g Gbit/s: note %q lacks the method", tc.gbps, note)
		}
	}
}
