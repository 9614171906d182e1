package compress

import (
	"bytes"
	"testing"

	"github.com/latency-numbers/latency/internal/corpus"
	"github.com/latency-numbers/latency/internal/units"
)

func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) != len(corpus.Snappy) {
		t.Fatalf("got %d files, want %d", len(files), len(corpus.Snappy))
	}
	want := 0
	for _, s := range corpus.Snappy {
		want += s.Size / smallBlock
	}
	if got := len(allBlocks(files, smallBlock)); got != want || got != 2456 {
		t.Errorf("got %d blocks of 1 KiB, want %d (2456 documented)", got, want)
	}
}

// TestRoundTrip checks that every codec's output for every block the
// benchmarks use decodes to the block, and that the ratio the benchmark
// reports is the one of those outputs.
func TestRoundTrip(t *testing.T) {
	files := corpusFiles(t)
	for _, c := range newCodecs() {
		for _, size := range []int{smallBlock, largeBlock} {
			t.Run(c.name+"/"+units.Name(size), func(t *testing.T) {
				blocks := allBlocks(files, size)
				dst := make([]byte, maxEncoded(size))
				in, out := 0, 0
				for i, blk := range blocks {
					comp := c.encode(dst, blk)
					if len(comp) == 0 || &comp[0] != &dst[0] {
						t.Fatalf("block %d: output not written into the given buffer", i)
					}
					got, err := c.decode(comp)
					if err != nil {
						t.Fatalf("block %d: decoding: %v", i, err)
					}
					if !bytes.Equal(got, blk) {
						t.Fatalf("block %d: round trip differs from the input", i)
					}
					in += len(blk)
					out += len(comp)
				}
				if gotIn, gotOut := encodePass(c, dst, blocks); gotIn != in || gotOut != out {
					t.Errorf("encodePass: got %d -> %d bytes, want %d -> %d", gotIn, gotOut, in, out)
				}
			})
		}
	}
}

// TestEncodeNoAlloc checks that no codec allocates per block once warm.
func TestEncodeNoAlloc(t *testing.T) {
	files := corpusFiles(t)
	for _, c := range newCodecs() {
		for _, size := range []int{smallBlock, largeBlock} {
			blocks := allBlocks(files, size)
			dst := make([]byte, maxEncoded(size))
			encodePass(c, dst, blocks) // warm up pools and tables
			i := 0
			allocs := testing.AllocsPerRun(100, func() {
				c.encode(dst, blocks[i%len(blocks)])
				i++
			})
			if allocs != 0 {
				t.Errorf("%s/%s: %.2f allocations per block, want 0", c.name, units.Name(size), allocs)
			}
		}
	}
}
