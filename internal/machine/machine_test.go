package machine

import "testing"

func TestCachesFromSysfs(t *testing.T) {
	cs := Caches("testdata/sys-intel")
	want := []Cache{{1, 48 << 10, "sysfs"}, {2, 1280 << 10, "sysfs"}, {3, 30 << 20, "sysfs"}}
	if len(cs) != len(want) {
		t.Fatalf("got %v, want %v (instruction cache must be left out)", cs, want)
	}
	for i := range want {
		if cs[i] != want[i] {
			t.Errorf("cache %d: got %+v, want %+v", i, cs[i], want[i])
		}
	}
}

func TestWorkingSets(t *testing.T) {
	for _, tc := range []struct {
		name string
		cs   []Cache
		want WS
	}{
		{"intel", Caches("testdata/sys-intel"), WS{L1: 24 << 10, L2: 640 << 10, L3: 5 << 20, DRAM: 256 << 20}},
		{"big-l3", []Cache{{1, 32 << 10, ""}, {2, 1 << 20, ""}, {3, 256 << 20, ""}}, WS{L1: 16 << 10, L2: 512 << 10, L3: 4 << 20, DRAM: 1 << 30}},
		{"small-l3", []Cache{{1, 32 << 10, ""}, {2, 256 << 10, ""}, {3, 2 << 20, ""}}, WS{L1: 16 << 10, L2: 128 << 10, L3: 512 << 10, DRAM: 256 << 20}},
		{"unknown", nil, WS{L1: 16 << 10, L2: 128 << 10, L3: 1 << 20, DRAM: 256 << 20}},
		{"xeon-480MiB-l3", []Cache{{1, 48 << 10, ""}, {2, 2 << 20, ""}, {3, 480 << 20, ""}}, WS{L1: 24 << 10, L2: 1 << 20, L3: 8 << 20, DRAM: 1920 << 20}},
		{"vcache-1GiB-l3", []Cache{{1, 32 << 10, ""}, {2, 1 << 20, ""}, {3, 1 << 30, ""}}, WS{L1: 16 << 10, L2: 512 << 10, L3: 4 << 20, DRAM: 3 << 30, DRAMLimited: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := workingSets(tc.cs, 24<<30)
			if ws != tc.want {
				t.Errorf("got %+v, want %+v", ws, tc.want)
			}
			l1, l2, l3 := CacheSize(tc.cs, 1), CacheSize(tc.cs, 2), CacheSize(tc.cs, 3)
			if l1 > 0 && ws.L1 >= l1 || l2 > 0 && (ws.L2 >= l2 || ws.L3 <= l2) || l3 > 0 && (ws.L3 >= l3 || ws.DRAM < 4*l3 && !ws.DRAMLimited) {
				t.Errorf("working sets %+v not inside their levels %d/%d/%d", ws, l1, l2, l3)
			}
		})
	}
}
