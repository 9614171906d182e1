// Package corpus loads the Snappy benchmark corpus and cuts it into blocks.
//
// The corpus is the set of files Snappy's own benchmark compresses (text,
// HTML, URLs, a protocol buffer, a JPEG, a PDF). The files are committed with
// the benchmarks that use them; Load checks every file's size and SHA-256, so
// a benchmark never runs on a truncated or altered copy.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// A Spec names one corpus file and the size and SHA-256 its content must have.
type Spec struct {
	Name   string
	Size   int
	SHA256 string // hex
}

// Snappy lists the classic Snappy benchmark files, as in google/snappy's
// testdata and klauspost/compress's zstd/testdata/benchdecoder.zip.
//
// Note: html_x_4 (html repeated four times) is left out: cut into 1 KiB
// blocks it repeats the blocks of html exactly, so it would only weight html
// five times.
var Snappy = []Spec{
	{"html", 102400, "5912445a6d50df1079f022d7e01fa615f5d128d53bad88acbf4f49e62a7ea759"},
	{"urls.10K", 702087, "0319ce7fe1f51b14eace3de879fe7da15418d1525d3176c2b26c5985943a3cad"},
	{"fireworks.jpeg", 123093, "93b986ce7d7e361f0d3840f9d531b5f40fb6ca8c14d6d74364150e255f126512"},
	{"paper-100k.pdf", 102400, "60f73a051b7ca35bfec44734b2eed7736cb5c0b7f728beb7b97ade6c5e44849b"},
	{"alice29.txt", 152089, "7467306ee0feed4971260f3c87421154a05be571d944e9cb021a5713700c38f0"},
	{"asyoulik.txt", 125179, "eaa3526fe53859f34ecdf255712f9ecf0b2c903451d4755b2edaa2e2599cb0fc"},
	{"lcet10.txt", 426754, "5314ba1dbb03f471df88bec6cd120a938ef60d0fd3511c5c1dce61bf7463245f"},
	{"plrabn12.txt", 481861, "07e2e0b461af78c7c647cb53dab39de560198e16f799b4516eccf0fbd69f764c"},
	{"geo.protodata", 118588, "7c2875cd6d06c954240ba644618d1e1f2a167e4541731f019de5b4c1f8080f24"},
	{"kppkn.gtb", 184320, "1df7e44e4ec9bad952e7716fbdba0a2208665091866ded43407d03ed9ce23c24"},
}

// A File is one loaded corpus file.
type File struct {
	Name string
	Data []byte
}

// Load reads the files of specs from dir, in order, and checks that each has
// the size and SHA-256 its spec says.
func Load(dir string, specs []Spec) ([]File, error) {
	files := make([]File, 0, len(specs))
	for _, s := range specs {
		path := filepath.Join(dir, s.Name)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("loading corpus: %w", err)
		}
		if len(data) != s.Size {
			return nil, fmt.Errorf("corpus file %s: %d bytes, want %d", path, len(data), s.Size)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != s.SHA256 {
			return nil, fmt.Errorf("corpus file %s: sha256 %x, want %s", path, sum, s.SHA256)
		}
		files = append(files, File{Name: s.Name, Data: data})
	}
	return files, nil
}

// Blocks cuts data into consecutive blocks of exactly size bytes, from the
// start; a shorter tail is dropped, so every block is a full one. The blocks
// share data's memory and have capacity size, so appending to one cannot
// overwrite the next.
func Blocks(data []byte, size int) [][]byte {
	if size <= 0 {
		panic(fmt.Sprintf("corpus.Blocks: size %d", size))
	}
	blocks := make([][]byte, 0, len(data)/size)
	for off := 0; off+size <= len(data); off += size {
		blocks = append(blocks, data[off:off+size:off+size])
	}
	return blocks
}
