package env

import "testing"

func TestReaders(t *testing.T) {
	for _, tc := range []struct {
		name, key, value string
		read             func() string
		want             string
	}{
		{"profile unset", ProfileVar, "", Profile, "default"},
		{"profile", ProfileVar, "quick", Profile, "quick"},
		{"profile unchecked", ProfileVar, "slow", Profile, "slow"},
		{"scratch unset", ScratchVar, "", Scratch, "."},
		{"scratch", ScratchVar, "/data", Scratch, "/data"},
		{"scratch size unset", ScratchSizeVar, "", ScratchSize, ""},
		{"scratch size", ScratchSizeVar, "256MiB", ScratchSize, "256MiB"},
		{"peer unset", PeerVar, "", Peer, ""},
		{"peer", PeerVar, "192.0.2.1:7777", Peer, "192.0.2.1:7777"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.key, tc.value)
			if got := tc.read(); got != tc.want {
				t.Errorf("%s=%q: got %q, want %q", tc.key, tc.value, got, tc.want)
			}
		})
	}
}

func TestSwitches(t *testing.T) {
	for _, tc := range []struct {
		name, key, value string
		read             func() bool
		want             bool
	}{
		{"force unset", ScratchForceVar, "", ScratchForce, false},
		{"force", ScratchForceVar, "1", ScratchForce, true},
		{"io_uring unset", IOUringVar, "", IOUringOff, false},
		{"io_uring on", IOUringVar, "on", IOUringOff, false},
		{"io_uring off", IOUringVar, "off", IOUringOff, true},
		{"emulated unset", EmulatedVar, "", Emulated, false},
		{"emulated", EmulatedVar, "1", Emulated, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(tc.key, tc.value)
			if got := tc.read(); got != tc.want {
				t.Errorf("%s=%q: got %v, want %v", tc.key, tc.value, got, tc.want)
			}
		})
	}
}
