//go:build linux || darwin

package storage

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/scratch"
	"github.com/latency-numbers/latency/internal/timing"
)

// Positions carried from one run of a benchmark to the next, so that the
// count repetitions keep reading new blocks rather than re-reading the ones
// a device cache has just seen.
var (
	randomReads *blocks // RandomRead4K's offsets
	seqPos      int64   // SeqRead1M's next offset
	walPos      int64   // WriteSync's next offset
)

// BenchmarkRandomRead4K measures 4 KiB O_DIRECT reads at random offsets of
// a file larger than any device cache, one at a time (fio --rw=randread
// --bs=4k --direct=1 --ioengine=psync --iodepth=1).
func BenchmarkRandomRead4K(b *testing.B) {
	f, size := directFile(b)
	if randomReads == nil {
		randomReads = newBlocks(size, 1)
	}
	b.Run("file="+sizeName(size), func(b *testing.B) {
		buf := scratch.AlignedBuffer(blockSize)
		b.ReportAllocs()
		lat := timing.NewRecorder(1 << 17)
		for b.Loop() {
			off := randomReads.next()
			start := time.Now()
			if err := pread(f, buf, off); err != nil {
				b.Fatal(err)
			}
			lat.Add(time.Since(start))
		}
		lat.Report(b, 0.5, 0.99, 0.999)
	})
}

// BenchmarkSeqRead1M measures consecutive 1 MiB O_DIRECT reads of the same
// file (fio --rw=read --bs=1m --direct=1 --ioengine=psync --iodepth=1
// --mem=mmaphuge).
//
// Note: a 1 MiB read is one device request only from a physically
// contiguous buffer. Into 256 scattered 4 KiB pages it needs 256 DMA
// segments, more than a virtio disk takes in one request (254), and the
// kernel splits every read in two, both in flight at once: that is not a
// 1 MiB read. The buffer is therefore one huge page (mem.Contiguous), and
// the benchmark reports what it got: huge-pct, the share of the buffer on
// huge pages, and requests/op, the read requests the disk completed per
// read (its sysfs counter around the loop; other processes' reads of the
// same disk count too).
func BenchmarkSeqRead1M(b *testing.B) {
	f, size := directFile(b)
	count := scratch.ReadRequests(f)
	b.Run("file="+sizeName(size), func(b *testing.B) {
		const n = 1 << 20
		hb, err := mem.Contiguous(n)
		if err != nil {
			b.Fatal(err)
		}
		defer hb.Free()
		buf := hb.B
		b.ReportAllocs()
		lat := timing.NewRecorder(1 << 17)
		b.SetBytes(n)
		before := requests(b, count)
		for b.Loop() {
			start := time.Now()
			if err := pread(f, buf, seqPos); err != nil {
				b.Fatal(err)
			}
			lat.Add(time.Since(start))
			seqPos = (seqPos + n) % size
		}
		if after := requests(b, count); count != nil {
			b.ReportMetric(float64(after-before)/float64(b.N), "requests/op")
		}
		if h, err := hb.HugeFraction(); err == nil {
			b.ReportMetric(100*h, "huge-pct")
		}
		lat.Report(b, 0.5)
	})
}

// requests reads a disk's request counter, or returns 0 without one.
func requests(b *testing.B, count func() (uint64, error)) uint64 {
	if count == nil {
		return 0
	}
	n, err := count()
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkWriteSync measures a 4 KiB write followed by fdatasync or fsync,
// overwriting a preallocated file in order (fio --rw=write --bs=4k
// --fdatasync=1 or --fsync=1); on macOS also by fcntl(F_FULLFSYNC)
// (sync=fullfsync; see syncers).
//
// Note: the writes are buffered, as in most databases' write-ahead logs
// (PostgreSQL's default, SQLite, etcd); the sync call pushes the page to the
// device and, on Linux, flushes the device's volatile cache (on macOS only
// F_FULLFSYNC does). Overwriting allocated
// blocks keeps fdatasync free of metadata; fsync also commits the changed
// modification time.
func BenchmarkWriteSync(b *testing.B) {
	dir := scratchDir(b, false)
	f, size := logs.open(b, func() (*os.File, int64, error) {
		size := profile[int64](4<<20, 16<<20, 16<<20)
		f, err := scratch.NewFile(dir, size, false)
		if err != nil {
			return nil, 0, err
		}
		return f, size, warmUp(func() error { return commit(f, size, fdatasync) })
	})
	for _, s := range syncers {
		b.Run("sync="+s.name, func(b *testing.B) {
			b.ReportAllocs()
			lat := timing.NewRecorder(1 << 17)
			for b.Loop() {
				start := time.Now()
				if err := commit(f, size, s); err != nil {
					b.Fatal(err)
				}
				lat.Add(time.Since(start))
			}
			lat.Report(b, 0.5, 0.99)
		})
	}
}

// record is the 4 KiB that commit writes; commits counts the writes.
var (
	record  = randomBytes(blockSize)
	commits uint64
)

// commit writes the next 4 KiB record of the log file f, wrapping at its
// size, and syncs it.
func commit(f *os.File, size int64, s syncer) error {
	commits++
	binary.LittleEndian.PutUint64(record, commits) // every write changes the block
	if err := pwrite(f, record, walPos); err != nil {
		return err
	}
	if err := s.sync(f); err != nil {
		return err
	}
	walPos = (walPos + blockSize) % size
	return nil
}

// BenchmarkCachedRead measures buffered reads that the page cache answers:
// 4 KiB at random offsets and 1 MiB in sequence, from a file held in memory.
// It is the contrast to the device rows, not a device measurement, and runs
// on any filesystem.
func BenchmarkCachedRead(b *testing.B) {
	dir, err := scratch.Base()
	if err != nil {
		b.Fatal(err)
	}
	f, size := cached.open(b, func() (*os.File, int64, error) {
		size := profile[int64](8<<20, 64<<20, 64<<20)
		f, err := scratch.NewFile(dir, size, false)
		return f, size, err
	})
	if err := ensureCached(f, size); err != nil {
		benchmain.Skip(b, err)
	}
	random := newBlocks(size, 4)
	var pos int64
	for _, c := range []struct {
		n    int64
		next func(n int64) int64
	}{
		{blockSize, func(int64) int64 { return random.next() }},
		{1 << 20, func(n int64) int64 { pos = (pos + n) % size; return pos }},
	} {
		b.Run("size="+sizeName(c.n), func(b *testing.B) {
			buf := make([]byte, c.n)
			b.SetBytes(c.n)
			for b.Loop() {
				if err := pread(f, buf, c.next(c.n)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// ensureCached reads f through the page cache until mincore says all of it
// is resident.
func ensureCached(f *os.File, size int64) error {
	buf := make([]byte, 1<<20)
	for range 3 {
		if in, err := scratch.Resident(f, size); err != nil || in == 1 {
			return err
		}
		for off := int64(0); off < size; off += int64(len(buf)) {
			if _, err := f.ReadAt(buf, off); err != nil {
				return fmt.Errorf("reading %s into the page cache: %w", sizeName(size), err)
			}
		}
	}
	return fmt.Errorf("the page cache does not keep a %s file", sizeName(size))
}

// BenchmarkCreateWrite1M measures creating a new file, writing 1 MiB of
// random data to it, fsync and close: a durable new file, as a log segment
// or an SSTable is written.
func BenchmarkCreateWrite1M(b *testing.B) {
	base := scratchDir(b, false)
	if err := scratch.CheckFree(base, 64<<20); err != nil {
		benchmain.Skip(b, err)
	}
	dir, remove, err := scratch.Mkdir(base)
	if err != nil {
		b.Fatal(err)
	}
	defer remove()
	const n = 1 << 20
	data := randomBytes(n)
	b.SetBytes(n)
	lat := timing.NewRecorder(1 << 17)
	i := 0
	for b.Loop() {
		name := filepath.Join(dir, strconv.Itoa(i))
		binary.LittleEndian.PutUint64(data, uint64(i)) // no two files alike
		start := time.Now()
		if err := createWrite(name, data); err != nil {
			b.Fatal(err)
		}
		lat.Add(time.Since(start))
		if i++; i%64 == 0 { // keep at most 64 MiB of them
			b.StopTimer()
			if err := emptyDir(dir); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	}
	lat.Report(b, 0.5, 0.99)
}

// randomBytes returns n page-aligned bytes of incompressible data.
func randomBytes(n int) []byte {
	b := scratch.AlignedBuffer(n)
	rand.NewChaCha8([32]byte{1}).Read(b)
	return b
}

func createWrite(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

func emptyDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
