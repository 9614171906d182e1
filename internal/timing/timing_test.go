package timing

import (
	"testing"
	"time"
)

func record(ds []time.Duration) *Recorder {
	r := NewRecorder(len(ds))
	for _, d := range ds {
		r.Add(d)
	}
	return r
}

func TestRecorder(t *testing.T) {
	r := NewRecorder(1000)
	for i := 1000; i >= 1; i-- { // 1..1000 µs, added in reverse
		r.Add(time.Duration(i) * time.Microsecond)
	}
	tests := []struct {
		q    float64
		want float64
	}{
		{0.5, 500e3}, {0.99, 990e3}, {0.999, 999e3}, {1, 1000e3}, {0.0001, 1e3},
	}
	for _, tc := range tests {
		if got := r.Quantile(tc.q); got != tc.want {
			t.Errorf("Quantile(%v): got %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := r.Mean(); got != 500.5e3 {
		t.Errorf("Mean: got %v, want 500500", got)
	}
	// Past max, samples count in the mean only.
	r.Add(1001 * time.Microsecond)
	if r.Len() != 1001 || r.Quantile(1) != 1000e3 {
		t.Errorf("past max: Len %d, max %v", r.Len(), r.Quantile(1))
	}
	r.Reset()
	if r.Len() != 0 || r.Quantile(0.5) == r.Quantile(0.5) { // NaN != NaN
		t.Error("Reset kept samples")
	}
}

func TestQuantile(t *testing.T) {
	s := make([]time.Duration, 1000)
	for i := range s {
		s[i] = time.Duration(i + 1)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{0.5, 500}, {0.99, 990}, {0.999, 999}, {1, 1000}, {0, 1}} {
		if got := time.Duration(record(s).Quantile(tc.p)); got != tc.want {
			t.Errorf("quantile(1..1000, %g) = %d, want %d", tc.p, got, tc.want)
		}
	}
	if got := record(s[:1]).Quantile(0.99); got != 1 {
		t.Errorf("quantile of one = %v, want 1", got)
	}
}

func TestUnit(t *testing.T) {
	for q, want := range map[float64]string{0.5: "p50-ns", 0.99: "p99-ns", 0.999: "p999-ns", 0.9: "p90-ns"} {
		if got := Unit(q); got != want {
			t.Errorf("Unit(%v) = %q, want %q", q, got, want)
		}
	}
}

// TestNoAllocs checks what the timed loops of bench/ rely on: recording a
// time allocates nothing, below the Recorder's capacity and past it, so no
// garbage collection runs in a measured loop on timing's account.
func TestNoAllocs(t *testing.T) {
	r := NewRecorder(100) // AllocsPerRun's 1000 calls fill it and go past
	bt := NewBatches()
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"Recorder.Add", func() { r.Add(time.Microsecond) }},
		{"Batches.Start+Stop", func() { bt.Start(); bt.Stop() }},
		{"Recorder.Quantile", func() { r.Add(time.Microsecond); _ = r.Quantile(0.5) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := testing.AllocsPerRun(1000, tc.f); got != 0 {
				t.Errorf("got %v allocations per call, want 0", got)
			}
		})
	}
}

// BenchmarkBatches measures what timing one batch costs: the two clock
// reads of Start and Stop and the recording, with no operation between.
func BenchmarkBatches(b *testing.B) {
	bt := NewBatches()
	b.ReportAllocs()
	for b.Loop() {
		bt.Start()
		bt.Stop()
	}
}
