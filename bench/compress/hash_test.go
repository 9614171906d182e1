package compress

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"hash/crc32"
	"testing"

	"github.com/latency-numbers/latency/internal/timing"
)

// Per-request work on the same 1 KiB blocks: checksums, digests and
// authenticated encryption.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// digests are the per-block hashes measured by BenchmarkHash; each returns
// a value that depends on every byte.
var digests = []struct {
	name string
	sum  func(p []byte) uint64
}{
	{"crc32c", func(p []byte) uint64 { return uint64(crc32.Checksum(p, castagnoli)) }},
	{"sha256", func(p []byte) uint64 {
		s := sha256.Sum256(p)
		return uint64(s[0]) | uint64(s[31])<<8
	}},
}

// BenchmarkHash measures CRC-32C and SHA-256 of each 1 KiB block of the
// corpus: ns per block and MB/s.
func BenchmarkHash(b *testing.B) {
	blocks := allBlocks(corpusFiles(b), smallBlock)
	for _, d := range digests {
		b.Run("alg="+d.name+"/block=1KiB", func(b *testing.B) {
			var want uint64
			for _, blk := range blocks {
				want += d.sum(blk)
			}
			b.SetBytes(int64(len(blocks) * smallBlock))
			b.ReportAllocs()
			bt := timing.NewBatches()
			for b.Loop() {
				bt.Start()
				var got uint64
				for _, blk := range blocks {
					got += d.sum(blk)
				}
				bt.Stop()
				if got != want {
					b.Fatalf("%s: checksums changed between passes", d.name)
				}
			}
			bt.Report(b, len(blocks))
		})
	}
}

// newGCM returns AES-128-GCM with a fixed key.
func newGCM(tb testing.TB) cipher.AEAD {
	tb.Helper()
	block, err := aes.NewCipher([]byte("0123456789abcdef"))
	if err != nil {
		tb.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		tb.Fatal(err)
	}
	return aead
}

// BenchmarkSeal measures AES-128-GCM sealing each 1 KiB block of the corpus
// (encrypt and authenticate, 16-byte tag): ns per block and MB/s.
//
// Note: one nonce is reused for every block. That is never safe with a real
// key, and costs the same as a fresh nonce, so the timing is representative.
func BenchmarkSeal(b *testing.B) {
	b.Run("alg=aes-128-gcm/block=1KiB", func(b *testing.B) {
		blocks := allBlocks(corpusFiles(b), smallBlock)
		aead := newGCM(b)
		nonce := make([]byte, aead.NonceSize())
		dst := make([]byte, 0, smallBlock+aead.Overhead())
		b.SetBytes(int64(len(blocks) * smallBlock))
		b.ReportAllocs()
		bt := timing.NewBatches()
		for b.Loop() {
			bt.Start()
			n := 0
			for _, blk := range blocks {
				n += len(aead.Seal(dst, nonce, blk, nil))
			}
			bt.Stop()
			if n != len(blocks)*(smallBlock+aead.Overhead()) {
				b.Fatalf("sealed %d bytes, want %d", n, len(blocks)*(smallBlock+aead.Overhead()))
			}
		}
		bt.Report(b, len(blocks))
	})
}

func TestSealRoundTrip(t *testing.T) {
	aead := newGCM(t)
	nonce := make([]byte, aead.NonceSize())
	dst := make([]byte, 0, smallBlock+aead.Overhead())
	for i, blk := range allBlocks(corpusFiles(t), smallBlock) {
		sealed := aead.Seal(dst, nonce, blk, nil)
		if len(sealed) != smallBlock+aead.Overhead() || &sealed[0] != &dst[:1][0] {
			t.Fatalf("block %d: sealed %d bytes, not in place", i, len(sealed))
		}
		got, err := aead.Open(nil, nonce, sealed, nil)
		if err != nil || !bytes.Equal(got, blk) {
			t.Fatalf("block %d: open: %v, equal %v", i, err, bytes.Equal(got, blk))
		}
	}
}

func TestDigests(t *testing.T) {
	// Known answers: CRC-32C of "123456789" is 0xe3069283; SHA-256 of ""
	// starts with 0xe3 and ends with 0x55.
	if got := digests[0].sum([]byte("123456789")); got != 0xe3069283 {
		t.Errorf("crc32c: got %#x, want 0xe3069283", got)
	}
	if got := digests[1].sum(nil); got != 0xe3|0x55<<8 {
		t.Errorf("sha256: got %#x, want %#x", got, 0xe3|0x55<<8)
	}
}
