package rows

import "testing"

// TestWork checks the work table against the rows: every entry names a
// row, says what its rate is of, and is rated in something.
func TestWork(t *testing.T) {
	for id, w := range work {
		if _, ok := Lookup(id); !ok {
			t.Errorf("work[%q]: no such row", id)
		}
		if w.Bytes == 0 && w.Ops == "" {
			t.Errorf("work[%q]: neither bytes nor operations", id)
		}
		if w.Scope == "" {
			t.Errorf("work[%q]: no scope", id)
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
