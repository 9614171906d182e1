package memory

import (
	"bytes"
	"runtime"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/chase"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/machine"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/units"
)

// steps is the number of dependent loads per b.Loop iteration: enough that
// the loop's own cost (about a nanosecond) is lost in the noise even in L1.
const steps = 4096

var workingSets = machine.WorkingSets(machine.Caches("/sys"))

// BenchmarkCacheRef is the cache rows: a chase over a working set sized to
// sit in each level.
//
// Note: the working set is in the name (level=L2/size=512KiB) because it
// defines what was measured: machines and runs differ in it, and
// benchstat and `latency compare` must not set a 512 KiB chase against a
// 1 MiB one.
func BenchmarkCacheRef(b *testing.B) {
	for _, lv := range []struct {
		name string
		size int
	}{{"L1", workingSets.L1}, {"L2", workingSets.L2}, {"L3", workingSets.L3}} {
		size := chaseSize(lv.size)
		b.Run("level="+lv.name+"/size="+units.Name(size), func(b *testing.B) { benchChase(b, size, mem.Huge) })
	}
}

// BenchmarkMainMemory is the main memory rows: a chase over a working set
// far beyond the last-level cache, named in the benchmark as CacheRef's.
//
// Note: every movePeriod-th sample first moves the ring to a fresh mapping
// (same cycle, new memory: chase.Ring.Move), so a run's samples are taken
// over several placements in physical memory instead of one. On a VM a
// buffer's placement (how the host backs it) sets its latency for as long
// as it lives (e.g. on a 2-vCPU AMD EPYC guest six 256 MiB rings built side
// by side read 228 to 303 ns per load, each keeping its figure round after
// round), so with one ring kept for the run two runs could differ by that
// much with no drift of the host at all. A move maps and fills the ring's
// memory anew, outside the timed loop: for 256 MiB on that guest 0.45 s
// with 4 KiB pages (most of it the hypervisor's first touch of each page),
// and with huge pages 0.04 s alone but about 0.25 s within a run, where the
// kernel must first compact memory for 128 free huge pages. Every fourth
// sample keeps that under a third of the row's time; moving before every
// sample cost a default run 10 s of its budget and left the two runs'
// DRAM figures no closer.
func BenchmarkMainMemory(b *testing.B) {
	size := chaseSize(workingSets.DRAM)
	for _, pages := range mem.Kinds() {
		b.Run("pages="+pages.String()+"/size="+units.Name(size), func(b *testing.B) {
			r := ring(b, size, pages)
			if samples[r]++; samples[r]%movePeriod == 0 {
				if err := r.Move(); err != nil {
					b.Fatal(err)
				}
			}
			chaseOn(b, r, size)
		})
	}
}

// movePeriod is how many samples the main memory rows take on one
// placement of their ring; samples counts each ring's samples.
const movePeriod = 4

var samples = map[*chase.Ring]int{}

// chaseSize is the working set a chase of size bytes really uses: the test
// profile, which only checks that the code runs, caps it at 64 MiB.
func chaseSize(size int) int {
	if env.Profile() == "test" {
		return min(size, 64<<20)
	}
	return size
}

// BenchmarkSweep is the memory curve: load latency over working-set sizes
// from 4 KiB to 512 MiB, two points per octave in the cache range, and on
// to the DRAM working set where that is larger.
//
// Beside the chase, with the first page size (huge where there are huge
// pages), it draws random reads up to 128 MiB (read=random in the name):
// dependent loads from random lines drawn with replacement, as
// tinymembench's random read test does. A single random cycle is the worst
// case for a cache a little smaller than the working set: once the cycle
// no longer fits, nearly every load misses, because each line comes back
// only after all the others. With random reads the share of loads that
// hits falls gradually with the share of the buffer the cache holds, so the
// two lines together show how much of each cache is really available.
func BenchmarkSweep(b *testing.B) {
	for _, pages := range mem.Kinds() {
		for _, size := range sweepSizes() {
			b.Run("pages="+pages.String()+"/size="+units.Name(size), func(b *testing.B) {
				benchChaseOnce(b, size, pages)
			})
		}
	}
	pages := mem.Kinds()[0]
	for _, size := range sweepSizes() {
		if size > randomReadMax {
			break
		}
		b.Run("pages="+pages.String()+"/read=random/size="+units.Name(size), func(b *testing.B) {
			benchRandomReads(b, size, pages)
		})
	}
}

// randomReadMax is the largest buffer the random reads are drawn from:
// past the last-level cache they read as the chase does.
const randomReadMax = 128 << 20

// benchRandomReads times dependent loads from random lines of a buffer of
// size bytes, reported as the chase is (median of timed batches).
func benchRandomReads(b *testing.B, size int, pages mem.Pages) {
	r, err := chase.NewReader(size, pages)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Free()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer affinity.PreferFast()()
	warm := 2 * size / chase.LineSize // as the chase: warm what can be cached
	if size > 8<<20 {
		warm = 1 << 12
	}
	r.Read(warm)
	b.ReportAllocs()
	times := timing.NewRecorder(1 << 17)
	for b.Loop() {
		t0 := time.Now()
		r.Read(steps)
		times.Add(time.Since(t0))
	}
	b.ReportMetric(times.Quantile(0.5)/steps, "ns/load")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "mean-ns/load")
	b.ReportMetric(0, "ns/op")
	if f, err := r.HugeFraction(); err == nil && size >= mem.HugePageSize {
		b.ReportMetric(100*f, "huge-pct")
	}
}

func sweepSizes() []int {
	var sizes []int
	for s := 4 << 10; s <= 512<<20; s *= 2 {
		sizes = append(sizes, s)
		if s >= 16<<10 && s <= 64<<20 {
			sizes = append(sizes, s*3/2)
		}
	}
	if workingSets.DRAM > 512<<20 { // the curve reaches the main-memory row's working set
		sizes = append(sizes, workingSets.DRAM)
	}
	return sizes
}

// benchChase reports the time per dependent load over a ring of size bytes.
//
// Note: each b.Loop iteration (4096 loads) is timed on its own and ns/load
// is the median iteration, as tinymembench and lmbench repeat a test and
// keep a robust figure: on a shared VM the hypervisor steals bursts of time
// that only ever slow a chase down, and a burst in one sample would
// otherwise widen the interval of every row. The plain mean is reported too
// (mean-ns/load). The clock is read twice per 4096 loads, so its cost (up
// to about 100 ns a read) adds at most about 0.05 ns to a load.
func benchChase(b *testing.B, size int, pages mem.Pages) {
	chaseOn(b, ring(b, chaseSize(size), pages), size)
}

// benchChaseOnce is benchChase over a ring built for this call and freed
// after it, unless a row's ring of that size is already kept: the memory
// curve's 70 rings would otherwise evict the rows' rings, each of which
// takes up to a second to build again.
func benchChaseOnce(b *testing.B, size int, pages mem.Pages) {
	size = chaseSize(size)
	if r := keptRing(size, pages); r != nil {
		chaseOn(b, r, size)
		return
	}
	r, err := chase.New(size, pages, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Free()
	chaseOn(b, r, size)
}

// chaseOn times dependent loads around r, a ring of size bytes.
func chaseOn(b *testing.B, r *chase.Ring, size int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer affinity.PreferFast()() // macOS: a performance core, if one is free
	// Warm the caches and TLB with the ring, once around when it fits in
	// 128 Ki lines (8 MiB); a larger ring is cold whatever we do, and
	// walking 128 Ki lines of it would cost 30-50 ms a sample: a few
	// thousand loads only get the thread going.
	warm := r.Len()
	if warm > 1<<17 {
		warm = 1 << 12
	}
	c := r.Walk(chase.Cursor{}, warm)
	b.ReportAllocs()
	times := timing.NewRecorder(1 << 17)
	for b.Loop() {
		t0 := time.Now()
		c = r.Walk(c, steps)
		times.Add(time.Since(t0))
	}
	sink = c
	b.ReportMetric(times.Quantile(0.5)/steps, "ns/load")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "mean-ns/load")
	b.ReportMetric(0, "ns/op")
	if f, err := r.HugeFraction(); err == nil && size >= mem.HugePageSize {
		b.ReportMetric(100*f, "huge-pct")
	}
}

var sink chase.Cursor

// rings keeps every ring a row's benchmark has built, for the whole run:
// building a DRAM-sized ring takes about a second, walking it milliseconds,
// and the runner's rounds come back to each row's ring again and again,
// interleaved with the others. They are the cache levels' three small rings
// and main memory's two (huge and 4 KiB pages), which MemoryParallelism and
// LoadedLatency share.
var rings []cachedRing

type cachedRing struct {
	size  int
	pages mem.Pages
	r     *chase.Ring
}

// keptRing returns the kept ring of that size and page kind, or nil.
func keptRing(size int, pages mem.Pages) *chase.Ring {
	for _, c := range rings {
		if c.size == size && c.pages == pages {
			return c.r
		}
	}
	return nil
}

func ring(b *testing.B, size int, pages mem.Pages) *chase.Ring {
	if r := keptRing(size, pages); r != nil {
		return r
	}
	r, err := chase.New(size, pages, 1)
	if err != nil {
		b.Fatal(err)
	}
	rings = append(rings, cachedRing{size, pages, r})
	return r
}

// A seqBuf is a buffer of BenchmarkSeqRead kept for the whole run, and the
// chunk its next sample starts at: filling a DRAM-sized buffer takes longer
// than a sample (e.g. 0.4 s for 256 MiB on a 2-vCPU guest, where a sample is
// 20 ms), and starting where the last sample stopped keeps every chunk read
// cold.
type seqBuf struct {
	buf  *mem.Buffer
	next int
}

var seqBufs = map[int]*seqBuf{}

func seqBuffer(b *testing.B, size int) *seqBuf {
	if sb := seqBufs[size]; sb != nil {
		return sb
	}
	buf, err := mem.Map(size, mem.Huge)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(buf.B); i += 4096 { // BenchmarkSeqRead's markers
		buf.B[i] = 1
	}
	seqBufs[size] = &seqBuf{buf: buf}
	return seqBufs[size]
}

// BenchmarkSeqRead reads 1 MiB sequentially. src=dram reads a different
// 1 MiB of a buffer far larger than the last-level cache each time, so every
// byte comes from DRAM; src=cache reads the same 1 MiB again and again. The
// buffer's size is in the name (src=dram/size=256MiB).
//
// Note: the read kernel is bytes.Count, whose AVX2 assembly loads and
// compares every byte; the count is checked, so the reads cannot be elided.
// Each page of the buffer holds a single 1 at its start, so a MiB holds 256.
func BenchmarkSeqRead(b *testing.B) {
	const chunk = 1 << 20
	dramSize := workingSets.DRAM
	if env.Profile() == "test" {
		dramSize = 64 << 20
	}
	for _, src := range []struct {
		name string
		size int
	}{{"dram", dramSize}, {"cache", chunk}} {
		b.Run("src="+src.name+"/size="+units.Name(src.size), func(b *testing.B) {
			sb := seqBuffer(b, src.size)
			buf := sb.buf
			chunks := src.size / chunk
			one := []byte{1}
			bytes.Count(buf.B[sb.next*chunk:][:chunk], one) // warm the first chunk's TLB entry only
			b.SetBytes(chunk)
			for b.Loop() {
				off := (sb.next % chunks) * chunk
				if n := bytes.Count(buf.B[off:off+chunk], one); n != chunk/4096 {
					b.Fatalf("read %d marker bytes in a MiB, want %d", n, chunk/4096)
				}
				sb.next++
			}
			sb.next %= chunks
			b.ReportMetric(float64(b.N)*chunk/b.Elapsed().Seconds()/1e9, "GB/s")
		})
	}
}

// TestPrintWorkingSets prints the working sets in bytes for
// scripts/ref/run-mem.sh, so the C reference uses the same sizes.
func TestPrintWorkingSets(t *testing.T) {
	ws := workingSets
	if ws.L1 <= 0 || ws.L2 <= ws.L1 || ws.L3 <= ws.L2 || ws.DRAM <= ws.L3 {
		t.Fatalf("working sets out of order: %+v", ws)
	}
	t.Logf("\nws: %d %d %d %d", ws.L1, ws.L2, ws.L3, ws.DRAM)
}
