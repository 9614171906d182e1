package machine

import "testing"

func TestFactsFromFakeSysfs(t *testing.T) {
	got := map[string]string{}
	for _, f := range Facts("testdata/sys-intel") {
		got[f.Key] = f.Value
	}
	for k, want := range map[string]string{
		"l1-cache": "48KiB (sysfs)", "l2-cache": "1.2MiB (sysfs)", "l3-cache": "30MiB (sysfs)",
		"thp": "never", "cpu-physical": "2", "ws-l3": "5MiB",
	} {
		if got[k] != want {
			t.Errorf("%s: got %q, want %q", k, got[k], want)
		}
	}
}

// TestCachesFromMIDR checks the arm64 fallback: sysfs lists no caches, and
// the L1d comes from the core design MIDR_EL1 names.
func TestCachesFromMIDR(t *testing.T) {
	cs := Caches("testdata/sys-neoverse-n1")
	if len(cs) != 1 || cs[0] != (Cache{1, 64 << 10, "MIDR_EL1: Neoverse-N1"}) {
		t.Errorf("got %+v, want the Neoverse-N1's 64KiB L1d alone", cs)
	}
}
