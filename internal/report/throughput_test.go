package report

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// TestThroughput checks the rates and size times of a real run against
// the figures they come from.
func TestThroughput(t *testing.T) {
	run := readRun(t, filepath.Join("testdata", "vm-rounds.txt"))
	rep := Build(run, rows.Table)
	line := func(id string) Line {
		for _, l := range append(rep.Rows, rep.Extra...) {
			if l.ID == id {
				return l
			}
		}
		t.Fatalf("no row %s", id)
		return Line{}
	}
	goroutines, ok := runContext{run}.Value("Cache/impl=ristretto/op=get-hit/par=all", "goroutines")
	if !ok {
		t.Fatal("no goroutines metric in the parallel cache benchmark")
	}
	for _, tc := range []struct {
		id      string
		value   func(ns float64) float64 // the rate from the row's figure
		unit    string
		scope   string
		derived bool
		perGiB  func(ns float64) float64 // NaN: none
	}{
		{"ssd_sequential_read_1mb", func(ns float64) float64 { return (1 << 20) / ns * 1e9 }, "B/s", rows.QueueDepth1, false,
			func(ns float64) float64 { return 1024 * ns }},
		{"ssd_random_read_4kb", func(ns float64) float64 { return 1e9 / ns }, "reads/s", rows.QueueDepth1, true,
			func(ns float64) float64 { return 262144 * ns }},
		{"memory_sequential_read_1mb", func(ns float64) float64 { return (1 << 20) / ns * 1e9 }, "B/s", rows.OneCore, false,
			func(ns float64) float64 { return 1024 * ns }},
		{"compress_1kb_snappy", func(ns float64) float64 { return 1024 / ns * 1e9 }, "B/s", rows.OneCore, false,
			func(ns float64) float64 { return 1 << 20 * ns }},
		{"datacenter_round_trip", func(ns float64) float64 { return 1e9 / ns }, "round trips/s", rows.OneConnection, true, nil},
		{"main_memory_reference", func(ns float64) float64 { return 1e9 / ns }, "loads/s", rows.OneCore, true, nil},
		{"mutex_lock_unlock", func(ns float64) float64 { return 1e9 / ns }, "lock/unlocks/s", rows.OneCore, false, nil},
		{"send_1kb_1gbps", func(ns float64) float64 { return 1024 / ns * 1e9 }, "B/s", rows.OneLink, true,
			func(ns float64) float64 { return 1 << 20 * ns }},
		{"cache_ristretto_get_hit_parallel", func(ns float64) float64 { return goroutines * 1e9 / ns }, "gets/s", rows.AllCores, false, nil},
		{"branch_mispredict", nil, "", "", false, nil},
		{"disk_seek", nil, "", "", false, nil},    // not measured: no rate
		{"peer_rtt_tcp", nil, "", "", false, nil}, // no figure
	} {
		t.Run(tc.id, func(t *testing.T) {
			l := line(tc.id)
			got := l.Throughput
			if tc.value == nil {
				if got.OK() || !math.IsNaN(got.PerGiBNS) {
					t.Fatalf("got a rate %v, want none", got)
				}
				return
			}
			if !got.OK() {
				t.Fatalf("no rate for %s (%s)", tc.id, units.Duration(l.Measured))
			}
			if want := tc.value(l.Measured); math.Abs(got.Value-want) > 1e-9*want {
				t.Errorf("rate %g, want %g", got.Value, want)
			}
			if got.Unit != tc.unit || got.Scope != tc.scope || got.Derived != tc.derived {
				t.Errorf("unit %q scope %q derived %v, want %q %q %v", got.Unit, got.Scope, got.Derived, tc.unit, tc.scope, tc.derived)
			}
			switch {
			case tc.perGiB == nil && !math.IsNaN(got.PerGiBNS):
				t.Errorf("per GiB %g, want none", got.PerGiBNS)
			case tc.perGiB != nil:
				if want := tc.perGiB(l.Measured); math.Abs(got.PerGiBNS-want) > 1e-9*want {
					t.Errorf("per GiB %g ns, want %g", got.PerGiBNS, want)
				}
				if math.Abs(got.PerGiBNS-1024*got.PerMiBNS) > 1e-6*got.PerGiBNS {
					t.Errorf("per GiB %g is not 1024 × per MiB %g", got.PerGiBNS, got.PerMiBNS)
				}
			}
		})
	}
}
