package scott

import (
	"math"
	"testing"

	"github.com/latency-numbers/latency/internal/rows"
)

// The page's figures for 2020, as it displays them (rounded to the ns, or to
// the µs with "≈ x µs"), with the exact value where the display rounds.
func TestPage2020(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want float64 // ns
		tol  float64 // relative
	}{
		{"l1_cache_reference", 1, 1e-9},
		{"branch_mispredict", 10.0 / 3, 1e-9},  // displayed "3ns"
		{"l2_cache_reference", 13.0 / 3, 1e-9}, // "4ns"
		{"mutex_lock_unlock", 50.0 / 3, 1e-9},  // "17ns"
		{"main_memory_reference", 100, 1e-9},
		{"compress_1kb_snappy", 2000, 1e-9},         // "2,000ns ≈ 2µs"
		{"send_1kb_1gbps", 44, 0.01},                // "44ns" for 2,000 bytes
		{"ssd_random_read_4kb", 16000, 1e-9},        // "16,000ns ≈ 16µs"
		{"memory_sequential_read_1mb", 2966, 0.001}, // "3,000ns ≈ 3µs"
		{"datacenter_round_trip", 500_000, 1e-9},
		{"ssd_sequential_read_1mb", 49_000, 0.01}, // "49,000ns ≈ 49µs"
		{"disk_seek", 2_500_000, 1e-9},            // exact; the page rounds it for display
		{"disk_sequential_read_1mb", 825_000, 0.001},
		{"wan_round_trip_ca_nl", 150_000_000, 1e-9},
	} {
		t.Run(tc.id, func(t *testing.T) {
			r, _ := rows.Lookup(tc.id)
			got, ok := NS(r.Scott, 2020)
			if !ok {
				t.Fatalf("no figure for %s", tc.id)
			}
			if math.Abs(got-tc.want) > tc.tol*tc.want {
				t.Errorf("2020: got %.4g ns, want %.4g ns", got, tc.want)
			}
		})
	}
}

// Before the plateaus the trends move: the clock doubled every 2 years to
// 2005, memory latency fell 7% a year to 2000, seek halves every 10 years.
func TestTrends(t *testing.T) {
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"cycle 2005", Cycle(2005), 1 / 3.0},
		{"cycle 2003 is 2x 2005", Cycle(2003), 2 * Cycle(2005)},
		{"cycle flat after 2005", Cycle(2030), Cycle(2006)},
		{"memory 1999", MemLatency(1999), 100 / 0.93},
		{"seek 2000", Seek(2000), 10e6},
		{"seek halves in 10 years", Seek(2010), Seek(2000) / 2},
		{"NIC 1 Gbit/s in 2003", NICTransmission(2003, 125), 1000},
		{"NIC doubles in 2 years", NICTransmission(2005, 1000), NICTransmission(2003, 1000) / 2},
		{"disk 100 MB/s in 2002", DiskTransmission(2002, 1e6), 10e6},
		{"disk doubles in 5 years after 2002", DiskTransmission(2012, 1e6), DiskTransmission(2007, 1e6) / 2},
		{"ssd latency 2012", SSDLatency(2012), 2e4 * math.Pow(1.0/20, 30*(1/4.5-0.22))},
	} {
		if math.Abs(tc.got-tc.want) > 1e-9*tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

// Every guide row names a metric of the model, every row that names one
// names one the model has, and no two rows name the same.
func TestRowsNameMetrics(t *testing.T) {
	by := map[string]string{}
	for _, r := range rows.Table {
		if r.GuideNS > 0 && r.Scott == "" {
			t.Errorf("%s: a guide row with no Scott metric", r.ID)
		}
		if r.Scott == "" {
			continue
		}
		if _, ok := Metrics[r.Scott]; !ok {
			t.Errorf("%s: Scott %q: the model has no such metric", r.ID, r.Scott)
		}
		if id, dup := by[r.Scott]; dup {
			t.Errorf("%s: Scott %q is %s's too", r.ID, r.Scott, id)
		}
		by[r.Scott] = r.ID
		ns, ok := NS(r.Scott, 2012)
		if !ok || !(ns > 0) || math.IsInf(ns, 0) {
			t.Errorf("%s: got %v, %v; want a finite figure", r.ID, ns, ok)
		}
	}
	for m := range Metrics {
		if _, ok := by[m]; !ok {
			t.Errorf("metric %q: no row sits beside it", m)
		}
	}
	if _, ok := NS("", 2012); ok {
		t.Errorf(`NS(""): a figure for no metric`)
	}
}
