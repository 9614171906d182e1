package compress

import (
	"testing"

	"github.com/golang/snappy"

	"github.com/latency-numbers/latency/internal/corpus"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/units"
)

const (
	smallBlock = 1 << 10  // the row's block
	largeBlock = 64 << 10 // large enough that per-call overhead fades
)

// largeCodecs are also measured with 64 KiB blocks.
var largeCodecs = map[string]bool{"snappy": true, "zstd-fastest": true}

// BenchmarkCompress measures compressing blocks of the Snappy corpus with
// each codec: ns per block, MB/s of input and the compression ratio.
func BenchmarkCompress(b *testing.B) {
	files := corpusFiles(b)
	for _, c := range codecs() {
		small := "codec=" + c.name + "/block=" + units.Name(smallBlock)
		b.Run(small+"/file=all", func(b *testing.B) {
			benchEncode(b, c, allBlocks(files, smallBlock))
		})
		if largeCodecs[c.name] {
			b.Run("codec="+c.name+"/block="+units.Name(largeBlock)+"/file=all", func(b *testing.B) {
				benchEncode(b, c, allBlocks(files, largeBlock))
			})
		}
	}
}

// BenchmarkCompressFile is the row's codec, Snappy at 1 KiB, file by file:
// how the content changes the cost (a JPEG's blocks barely compress, a
// table's compress well). Per-file figures are detail, not rows, so the
// runner gives them fewer, shorter samples than the rows get.
func BenchmarkCompressFile(b *testing.B) {
	files := corpusFiles(b)
	for _, c := range codecs() {
		if c.name != "snappy" {
			continue
		}
		for _, f := range files {
			b.Run("codec="+c.name+"/block="+units.Name(smallBlock)+"/file="+f.Name, func(b *testing.B) {
				benchEncode(b, c, corpus.Blocks(f.Data, smallBlock))
			})
		}
	}
}

// benchEncode encodes every block in turn, each with its own call, once per
// iteration, and reports ns per block and the ratio of the bytes produced.
// Every pass must produce the same number of bytes as the first.
func benchEncode(b *testing.B, c codec, blocks [][]byte) {
	dst := make([]byte, maxEncoded(len(blocks[0])))
	c.encode(dst, blocks[0]) // untimed: a new codec allocates its tables on first use
	in, want := 0, 0
	for _, blk := range blocks {
		in += len(blk)
	}
	b.SetBytes(int64(in))
	b.ReportAllocs()
	bt := timing.NewBatches()
	for b.Loop() {
		bt.Start()
		_, out := encodePass(c, dst, blocks)
		bt.Stop()
		if want == 0 {
			want = out
		}
		if out != want {
			b.Fatalf("%s produced %d bytes, want %d as before", c.name, out, want)
		}
	}
	bt.Report(b, len(blocks))
	b.ReportMetric(float64(in)/float64(want), "ratio")
}

// BenchmarkDecompress measures decompressing the Snappy-compressed 1 KiB
// blocks of the corpus: ns per block and MB/s of decompressed output.
func BenchmarkDecompress(b *testing.B) {
	b.Run("codec=snappy/block=1KiB/file=all", func(b *testing.B) {
		blocks := allBlocks(corpusFiles(b), smallBlock)
		comp := make([][]byte, len(blocks))
		in := 0
		for i, blk := range blocks {
			comp[i] = snappy.Encode(nil, blk)
			in += len(blk)
		}
		dst := make([]byte, smallBlock)
		b.SetBytes(int64(in))
		b.ReportAllocs()
		bt := timing.NewBatches()
		for b.Loop() {
			bt.Start()
			out := 0
			for _, src := range comp {
				d, err := snappy.Decode(dst, src)
				if err != nil {
					b.Fatal(err)
				}
				out += len(d)
			}
			bt.Stop()
			if out != in {
				b.Fatalf("decoded %d bytes, want %d", out, in)
			}
		}
		bt.Report(b, len(comp))
	})
}
