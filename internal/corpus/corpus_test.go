package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFile writes data to dir/name and returns the spec that matches it.
func writeFile(t *testing.T, dir, name string, data []byte) Spec {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return Spec{Name: name, Size: len(data), SHA256: hex.EncodeToString(sum[:])}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a", []byte("hello, corpus"))
	b := writeFile(t, dir, "b.txt", bytes.Repeat([]byte{7}, 3000))

	files, err := Load(dir, []Spec{b, a})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Name != "b.txt" || files[1].Name != "a" {
		t.Fatalf("got %d files %v, want b.txt then a", len(files), files)
	}
	if string(files[1].Data) != "hello, corpus" || len(files[0].Data) != 3000 {
		t.Errorf("file contents not as written")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "f", []byte("0123456789"))
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{"missing", Spec{Name: "nope", Size: 1, SHA256: good.SHA256}, "no such file"},
		{"size", Spec{Name: "f", Size: 11, SHA256: good.SHA256}, "10 bytes, want 11"},
		{"checksum", Spec{Name: "f", Size: 10, SHA256: strings.Repeat("0", 64)}, "sha256"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(dir, []Spec{good, tc.spec})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestBlocks(t *testing.T) {
	data := make([]byte, 5000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	tests := []struct {
		name       string
		data       []byte
		size, want int
	}{
		{"tail dropped", data, 1024, 4},
		{"exact", data[:4096], 1024, 4},
		{"shorter than a block", data[:1000], 1024, 0},
		{"one byte", data[:3], 1, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			blocks := Blocks(tc.data, tc.size)
			if len(blocks) != tc.want {
				t.Fatalf("got %d blocks, want %d", len(blocks), tc.want)
			}
			for i, blk := range blocks {
				if len(blk) != tc.size || cap(blk) != tc.size {
					t.Fatalf("block %d: len %d cap %d, want %d", i, len(blk), cap(blk), tc.size)
				}
				if !bytes.Equal(blk, tc.data[i*tc.size:(i+1)*tc.size]) {
					t.Fatalf("block %d is not bytes [%d, %d) of the input", i, i*tc.size, (i+1)*tc.size)
				}
			}
		})
	}
}

func TestSnappySpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Snappy {
		if seen[s.Name] || s.Size <= 0 || len(s.SHA256) != 64 {
			t.Errorf("bad spec %+v", s)
		}
		seen[s.Name] = true
	}
	if len(Snappy) != 10 {
		t.Errorf("got %d corpus files, want the 10 of the Snappy benchmark", len(Snappy))
	}
}
