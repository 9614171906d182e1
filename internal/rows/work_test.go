package rows

import "testing"

// TestWork checks the rows' work: each row with work says what its rate is
// of and is rated in something.
func TestWork(t *testing.T) {
	for _, r := range Table {
		w := r.Work
		if w == (Work{}) {
			continue
		}
		if w.Bytes == 0 && w.Ops == "" {
			t.Errorf("%s: work has neither bytes nor operations", r.ID)
		}
		if w.Scope == "" {
			t.Errorf("%s: work has no scope", r.ID)
		}
	}
	for _, id := range []string{"ssd_random_read_4kb", "memory_sequential_read_1mb", "compress_1kb_snappy", "datacenter_round_trip", "ssd_sequential_read_1mb"} {
		if _, ok := WorkOf(id); !ok {
			t.Errorf("WorkOf(%q): none; the issue's examples need it", id)
		}
	}
	if _, ok := WorkOf("branch_mispredict"); ok {
		t.Errorf("WorkOf(branch_mispredict): a mispredict has no rate worth quoting")
	}
}
