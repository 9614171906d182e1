package compress

import (
	"bytes"
	stdflate "compress/flate"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/golang/snappy"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"github.com/latency-numbers/latency/internal/corpus"
)

// corpusDir holds the committed corpus; benchmarks run with the package
// directory as working directory.
const corpusDir = "testdata/snappy"

var loadCorpus = sync.OnceValues(func() ([]corpus.File, error) {
	return corpus.Load(corpusDir, corpus.Snappy)
})

// corpusFiles returns the loaded corpus, read once per process.
func corpusFiles(tb testing.TB) []corpus.File {
	tb.Helper()
	files, err := loadCorpus()
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// allBlocks returns the full blocks of every file, file after file.
func allBlocks(files []corpus.File, size int) [][]byte {
	var blocks [][]byte
	for _, f := range files {
		blocks = append(blocks, corpus.Blocks(f.Data, size)...)
	}
	return blocks
}

// A codec compresses one block per call, reusing its own state (a zstd
// encoder, a flate writer) across calls as a long-running service would.
type codec struct {
	name string
	// encode compresses src into dst's memory and returns the compressed
	// block. dst must have length maxEncoded(len(src)); encode does not
	// allocate.
	encode func(dst, src []byte) []byte
	// decode decompresses src; it is for checks and may allocate.
	decode func(src []byte) ([]byte, error)
}

// maxEncoded is the size of the output buffer for a block of n bytes: more
// than any codec here can produce for incompressible input.
func maxEncoded(n int) int {
	return max(snappy.MaxEncodedLen(n), s2.MaxEncodedLen(n)) + n/8 + 1024
}

// An appendWriter is an io.Writer that appends to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// A streamWriter is a compressor that writes a stream (flate, gzip).
type streamWriter interface {
	io.WriteCloser
	Reset(w io.Writer)
}

// streamCodec makes a codec of a stream compressor: each block is a
// complete stream (Reset, Write, Close) appended into dst.
func streamCodec(name string, w streamWriter, newReader func(io.Reader) (io.Reader, error)) codec {
	out := new(appendWriter)
	return codec{
		name: name,
		encode: func(dst, src []byte) []byte {
			out.b = dst[:0]
			w.Reset(out)
			if _, err := w.Write(src); err != nil {
				panic(fmt.Sprintf("%s: %v", name, err)) // writes to memory cannot fail
			}
			if err := w.Close(); err != nil {
				panic(fmt.Sprintf("%s: %v", name, err))
			}
			return out.b
		},
		decode: func(src []byte) ([]byte, error) {
			r, err := newReader(bytes.NewReader(src))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(r)
		},
	}
}

// zstdDecoder decodes every zstd codec's output in the checks.
var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
})

// zstdCodec makes a codec of one zstd encoder at the given level, reused
// for every block with EncodeAll.
func zstdCodec(name string, level zstd.EncoderLevel) codec {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(level), zstd.WithEncoderConcurrency(1))
	if err != nil {
		panic(fmt.Sprintf("%s: %v", name, err)) // only bad options fail
	}
	return codec{
		name:   name,
		encode: func(dst, src []byte) []byte { return enc.EncodeAll(src, dst[:0]) },
		decode: func(src []byte) ([]byte, error) {
			dec, err := zstdDecoder()
			if err != nil {
				return nil, err
			}
			return dec.DecodeAll(src, nil)
		},
	}
}

// codecs returns every codec, the row's first. They are made once per
// process, so their state (tables, windows) carries over between runs as in
// a long-lived service.
var codecs = sync.OnceValue(newCodecs)

// newCodecs returns fresh instances of every codec, the row's first.
func newCodecs() []codec {
	flate1, _ := flate.NewWriter(nil, 1)
	gz, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	std1, _ := stdflate.NewWriter(nil, 1)
	return []codec{
		{
			name:   "snappy",
			encode: snappy.Encode,
			decode: func(src []byte) ([]byte, error) { return snappy.Decode(nil, src) },
		},
		{
			name:   "s2",
			encode: s2.Encode,
			decode: func(src []byte) ([]byte, error) { return s2.Decode(nil, src) },
		},
		{
			name:   "s2-better",
			encode: s2.EncodeBetter,
			decode: func(src []byte) ([]byte, error) { return s2.Decode(nil, src) },
		},
		zstdCodec("zstd-fastest", zstd.SpeedFastest),
		zstdCodec("zstd-default", zstd.SpeedDefault),
		streamCodec("flate-1", flate1, func(r io.Reader) (io.Reader, error) { return flate.NewReader(r), nil }),
		streamCodec("gzip", gz, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }),
		streamCodec("stdflate-1", std1, func(r io.Reader) (io.Reader, error) { return stdflate.NewReader(r), nil }),
	}
}

// encodePass encodes every block in turn into dst and returns the total
// input and output sizes.
func encodePass(c codec, dst []byte, blocks [][]byte) (in, out int) {
	for _, blk := range blocks {
		in += len(blk)
		out += len(c.encode(dst, blk))
	}
	return in, out
}
