package cache

import (
	"slices"
	"testing"
)

// TestStreams checks the key streams: hits are keys of the caches, misses
// are not, and both are Zipf-skewed yet spread over many keys.
func TestStreams(t *testing.T) {
	f := fixtureOf(t)
	for _, tc := range []struct {
		name    string
		keys    []uint64
		present bool
	}{
		{"hits", f.hits, true},
		{"misses", f.misses, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.keys) != streamLen {
				t.Fatalf("got %d keys, want %d", len(tc.keys), streamLen)
			}
			count := map[uint64]int{}
			for _, k := range tc.keys {
				if _, ok := f.m[k]; ok != tc.present {
					t.Fatalf("key %#x: in the cache %v, want %v", k, ok, tc.present)
				}
				count[k]++
			}
			counts := make([]int, 0, len(count))
			for _, c := range count {
				counts = append(counts, c)
			}
			slices.Sort(counts)
			slices.Reverse(counts)
			// Zipf(1.01): the hottest key takes several percent of all
			// draws (1/H(n) ~ 1/12 at 2^17 keys), while the stream still
			// reaches a large share of the key space.
			if top := float64(counts[0]) / float64(streamLen); top < 0.03 || top > 0.2 {
				t.Errorf("hottest key has %.1f%% of draws, want Zipf's 3-20%%", 100*top)
			}
			if counts[0] < 2*counts[1] || counts[1] < counts[2] {
				t.Errorf("top counts %v, want rank 1 about twice rank 2 (Zipf)", counts[:3])
			}
			if len(count) < items/8 {
				t.Errorf("%d distinct keys, want at least %d: the working set must be large", len(count), items/8)
			}
		})
	}
}

// TestCachesAgree checks that every cache holds the same items.
func TestCachesAgree(t *testing.T) {
	f := fixtureOf(t)
	if len(f.m) != items {
		t.Fatalf("map holds %d items, want %d", len(f.m), items)
	}
	get := f.getters()
	for r := range uint64(items) {
		for name, g := range get {
			if v, ok := g(keyOf(r)); !ok || v != r {
				t.Fatalf("%s: rank %d: got %d %v, want %d true", name, r, v, ok, r)
			}
		}
		if v, ok := f.rcSet.Get(keyOf(r)); !ok || v != r {
			t.Fatalf("set cache: rank %d: got %d %v, want %d true", r, v, ok, r)
		}
	}
}

func TestNext(t *testing.T) {
	if got := next(0, 12345); got != 1 {
		t.Errorf("next(0, 12345) = %d, want 1", got)
	}
	if got := next(streamLen-1, 0); got != 0 {
		t.Errorf("next(last, 0) = %d, want 0 (wrap)", got)
	}
}

func TestKeyOfDistinct(t *testing.T) {
	seen := make(map[uint64]bool, 2*items)
	for r := range uint64(2 * items) {
		k := keyOf(r)
		if seen[k] {
			t.Fatalf("keyOf(%d) repeats an earlier key", r)
		}
		seen[k] = true
	}
}
