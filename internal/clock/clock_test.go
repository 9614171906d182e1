package clock

import "testing"

func TestAddChain(t *testing.T) {
	if err := Available(); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		name string
		n    int
		want uint64
	}{
		{"zero", 0, 0},
		{"negative", -3, 0},
		{"one", 1, ChainLen},
		{"many", 12345, 12345 * ChainLen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AddChain(tc.n); got != tc.want {
				t.Errorf("AddChain(%d) = %d, want %d", tc.n, got, tc.want)
			}
		})
	}
}

// TestEstimateUnits checks that Estimate's result is in GHz, not Hz or
// cycles per ns inverted; it asserts no speed.
func TestEstimateUnits(t *testing.T) {
	ghz, err := Estimate()
	if Available() != nil {
		if err == nil || ghz != 0 {
			t.Fatalf("Estimate() = %v, %v on an unsupported architecture, want 0 and an error", ghz, err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if ghz < 0.3 || ghz > 10 {
		t.Errorf("Estimate() = %v GHz, want a figure in GHz (0.3 to 10)", ghz)
	}
}
