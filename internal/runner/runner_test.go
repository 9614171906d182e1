package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	stamp := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	first, err := save(dir, []byte("first\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	second, err := save(dir, []byte("second\n"), stamp)
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both saves wrote %s", first)
	}
	if !strings.HasPrefix(filepath.Base(first), "20261127T120000Z-") {
		t.Errorf("name %s does not start with the UTC stamp", first)
	}
	if b, _ := os.ReadFile(first); string(b) != "first\n" {
		t.Errorf("first file now holds %q", b)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if len(ents) != 2 {
		t.Errorf("got %d files, want 2", len(ents))
	}
}

func TestStripProcs(t *testing.T) {
	for in, want := range map[string]string{
		"CacheRef/level=L1-2": "CacheRef/level=L1", "Clock-16": "Clock", "Clock": "Clock", "X/a=b-c": "X/a=b-c",
	} {
		if got := stripProcs(in); got != want {
			t.Errorf("stripProcs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookupProfile(t *testing.T) {
	if p, err := LookupProfile("quick"); err != nil || p.Count < 6 {
		t.Errorf("quick: %+v, %v (benchstat needs >= 6 samples)", p, err)
	}
	if p, _ := LookupProfile("default"); p.Count < 10 {
		t.Errorf("default profile has %d samples, want >= 10", p.Count)
	}
	if _, err := LookupProfile("slow"); err == nil || !strings.Contains(err.Error(), "default") {
		t.Errorf("unknown profile: got %v", err)
	}
}
