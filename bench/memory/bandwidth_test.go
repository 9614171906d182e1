package memory

import (
	"bytes"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/chase"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/units"
)

// BenchmarkBandwidth measures read bandwidth from DRAM: cores=1 is one
// thread reading a buffer far larger than the last-level cache from end to
// end, again and again; cores=all is one such thread pinned to each CPU
// this process may use, each reading its own part of the buffer. GB/s is
// the bytes all threads read over the time; ns/MiB is the time one MiB
// takes at that rate (the figure the rows show); threads says how many read.
//
// Note: the read kernel is bytes.IndexByte looking for a byte the buffer
// does not hold (scan): to find nothing it must load every byte, which the
// standard library does 32 bytes at a time (AVX2 on amd64), with ordinary
// loads and no non-temporal hints, a plain read as bw_mem rd's. A scalar Go
// loop of eight 64-bit loads per line read 10-15 % slower from DRAM than
// the C reference (scripts/ref/bw.c, a summing loop gcc vectorises) on a
// 2-vCPU AMD EPYC guest, for example; this one reads as fast.
func BenchmarkBandwidth(b *testing.B) {
	for _, all := range []bool{false, true} {
		name := "cores=1"
		if all {
			name = "cores=all"
		}
		b.Run(name+"/size="+units.Name(chaseSize(workingSets.DRAM)), func(b *testing.B) {
			cpus := allowedCPUs(b)
			if !all {
				cpus = cpus[:1]
			}
			buf := streamBuffer(b)
			parts := split(buf, len(cpus))
			pinTo(b, cpus[0])
			others, err := startStreamers(cpus[1:], parts[1:], 0)
			if err != nil {
				b.Fatal(err)
			}
			defer others.stop()
			mine := parts[0]
			const chunk = 1 << 20 // bytes per b.Loop iteration
			chunks := len(mine) / chunk
			var start time.Time
			var theirs0 int64
			i := 0
			for b.Loop() {
				if i == 0 {
					start, theirs0 = time.Now(), others.lines()
				}
				off := (i % chunks) * chunk
				if i := scan(mine[off : off+chunk]); i >= 0 {
					b.Fatalf("found byte %d at %d of a buffer that has none", absent, off+i)
				}
				i++
			}
			elapsed := time.Since(start)
			bytes := float64(i)*chunk + float64(others.lines()-theirs0)*chase.LineSize
			gbps := bytes / elapsed.Seconds() / 1e9
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(gbps, "GB/s")
			b.ReportMetric(float64(1<<20)/gbps, "ns/MiB")
			b.ReportMetric(float64(len(cpus)), "threads")
		})
	}
}

// loadLevels are the points of the loaded-latency curve: the loading
// threads' bandwidth as a percentage of the most they reach (0: no load).
var loadLevels = []int{0, 25, 50, 75, 100}

// BenchmarkLoadedLatency measures the main memory reference while the other
// CPUs read memory: Intel MLC's loaded latency. One thread, pinned to the
// first CPU, chases pointers through the main-memory ring as
// BenchmarkMainMemory/pages=huge does; every other CPU runs a thread that
// reads its part of a second DRAM-sized buffer. load=NNpct paces those
// threads to NN % of the bandwidth they reach flat out (measured once per
// process, with the chase running); load=100pct lets them run flat out,
// load=0pct runs no reader at all.
//
// ns/load is the median time per load over blocks of 4096 loads, as in
// BenchmarkMainMemory; GB/s is the readers' bandwidth meanwhile, load-pct
// that as a share of their peak, and loaders how many CPUs read. On a
// machine with two CPUs that is one loaded core beside the chasing one.
//
// Note: MLC paces its readers with a delay loop after each access. Here
// they pace themselves by the clock: after each 4 KiB a reader waits until
// its bytes so far match the target rate. A delay loop's bandwidth moves
// with the core's clock and with neighbours on a shared host (e.g. on a
// 2-vCPU guest the same delay gave 8 and 18 GB/s in two samples); the
// clock's does not, as long as the target is within reach.
func BenchmarkLoadedLatency(b *testing.B) {
	cpus := allowedCPUs(b)
	if len(cpus) < 2 {
		benchmain.Skipf(b, "needs a second CPU to load memory while one chases; this process may use %d", len(cpus))
	}
	if p := runtime.GOMAXPROCS(0); p < len(cpus) {
		benchmain.Skipf(b, "needs GOMAXPROCS >= %d (one thread per CPU), have %d", len(cpus), p)
	}
	for _, pct := range loadLevels {
		size := chaseSize(workingSets.DRAM)
		b.Run(fmt.Sprintf("load=%dpct/size=%s", pct, units.Name(size)), func(b *testing.B) {
			r := ring(b, size, mem.Huge)
			parts := split(streamBuffer(b), len(cpus)-1)
			pinTo(b, cpus[0])
			cal := calibrate(b, r, cpus[1:], parts)
			var load *streamers
			if pct > 0 {
				rate := 0.0 // flat out
				if pct < 100 {
					rate = cal.peak * float64(pct) / 100 / float64(len(cpus)-1)
				}
				var err error
				if load, err = startStreamers(cpus[1:], parts, rate); err != nil {
					b.Fatal(err)
				}
				defer load.stop()
			}
			c := chase.Cursor{}
			if loadedCursor.r == r {
				c = r.At(loadedCursor.off)
			}
			b.ReportAllocs()
			times := timing.NewRecorder(1 << 17)
			var start time.Time
			var lines0 int64
			for b.Loop() {
				if start.IsZero() {
					start, lines0 = time.Now(), load.lines()
				}
				t0 := time.Now()
				c = r.Walk(c, steps)
				times.Add(time.Since(t0))
			}
			gbps := float64(load.lines()-lines0) * chase.LineSize / time.Since(start).Seconds() / 1e9
			loadedCursor = ringCursor{r, r.Offset(c)}
			b.ReportMetric(times.Quantile(0.5)/steps, "ns/load")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "mean-ns/load")
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(gbps, "GB/s")
			b.ReportMetric(100*gbps/cal.peak, "load-pct")
			b.ReportMetric(float64(len(cpus)-1), "loaders")
		})
	}
}

// A ringCursor is a position in a particular ring, as an offset: the ring
// moves (BenchmarkMainMemory).
type ringCursor struct {
	r   *chase.Ring
	off uintptr
}

// loadedCursor is where LoadedLatency's chase stopped: the next sample
// continues there, on lines not loaded for a whole ring's worth of loads.
var loadedCursor ringCursor

// A calibration is what the loading threads reach flat out, in GB/s, with
// the chase running.
type calibration struct{ peak float64 }

var calibrated *calibration

// calibrate measures, once per process, the bandwidth the threads on cpus
// reach flat out while the calling goroutine (pinned by the caller) chases
// through r as the measurement will: on some machines the chase slows the
// readers.
func calibrate(b *testing.B, r *chase.Ring, cpus []int, parts [][]byte) *calibration {
	if calibrated != nil {
		return calibrated
	}
	d := 50 * time.Millisecond
	if env.Profile() == "test" {
		d = 5 * time.Millisecond
	}
	c := chase.Cursor{}
	if loadedCursor.r == r {
		c = r.At(loadedCursor.off)
	}
	s, err := startStreamers(cpus, parts, 0)
	if err != nil {
		b.Fatal(err)
	}
	chaseFor := func(d time.Duration) {
		for start := time.Now(); time.Since(start) < d; {
			c = r.Walk(c, steps)
		}
	}
	chaseFor(d / 5) // past the threads' start
	l0, t0 := s.lines(), time.Now()
	chaseFor(d)
	l1, t1 := s.lines(), time.Now()
	s.stop()
	loadedCursor = ringCursor{r, r.Offset(c)}
	calibrated = &calibration{peak: float64(l1-l0) * chase.LineSize / t1.Sub(t0).Seconds() / 1e9}
	return calibrated
}

// streamBuf is the buffer the bandwidth threads read: DRAM-sized, mapped
// once per process (64 MiB with LATENCY_PROFILE=test). Its contents are
// zero, or a 1 at the start of each page where mem.Map had to write them;
// the readers look for a byte it never holds (absent).
var streamBuf []byte

func streamBuffer(b *testing.B) []byte {
	if streamBuf == nil {
		buf, err := mem.Map(chaseSize(workingSets.DRAM), mem.Huge)
		if err != nil {
			b.Fatal(err)
		}
		streamBuf = buf.B
	}
	return streamBuf
}

// split cuts buf into n parts of whole MiB.
func split(buf []byte, n int) [][]byte {
	const mib = 1 << 20
	per := len(buf) / n / mib * mib
	parts := make([][]byte, n)
	for i := range parts {
		parts[i] = buf[i*per : (i+1)*per]
	}
	return parts
}

// absent is a byte value the stream buffer never holds.
const absent = 2

// scan reads every byte of p and returns the index of the first byte
// equal to absent: -1, unless the buffer was damaged.
func scan(p []byte) int { return bytes.IndexByte(p, absent) }

// streamers are threads reading memory, one per CPU, until stopped.
type streamers struct {
	counts []*paddedCount
	quit   atomic.Bool
	done   chan struct{}
	n      int
}

// paddedCount is a thread's count of lines read, alone on its cache lines.
type paddedCount struct {
	_ [128]byte
	n atomic.Int64
	_ [128]byte
}

// streamSink keeps the readers' results.
var streamSink atomic.Int64

// startStreamers starts one thread per CPU of cpus, pinned there, reading
// parts[i] from end to end, again and again: flat out if gbps is 0, else
// each paced to gbps GB/s. It returns once every thread is pinned.
func startStreamers(cpus []int, parts [][]byte, gbps float64) (*streamers, error) {
	s := &streamers{done: make(chan struct{}, len(cpus)), n: len(cpus)}
	started := make(chan error, len(cpus))
	for i, cpu := range cpus {
		c := &paddedCount{}
		s.counts = append(s.counts, c)
		part := parts[i%len(parts)]
		go func() {
			defer func() { s.done <- struct{}{} }()
			undo, err := affinity.LockAndPin(cpu)
			started <- err
			if err != nil {
				return
			}
			defer undo()
			const (
				chunk = 64 << 10 // bytes between checks of quit
				step  = 4 << 10  // bytes between looks at the clock
			)
			found := 0
			start, done := time.Now(), 0.0
			for !s.quit.Load() {
				for off := 0; off+chunk <= len(part) && !s.quit.Load(); off += chunk {
					if gbps == 0 {
						found += scan(part[off : off+chunk])
					} else {
						for k := off; k < off+chunk; k += step {
							found += scan(part[k : k+step])
							done += step
							ahead := done - float64(time.Since(start).Nanoseconds())*gbps
							for ahead > 0 {
								ahead = done - float64(time.Since(start).Nanoseconds())*gbps
							}
							// A reader held up for over 100 µs (preempted)
							// does not make up for it with a burst.
							done = max(done, done-ahead-1e5*gbps)
						}
					}
					c.n.Add(chunk / chase.LineSize)
				}
			}
			streamSink.Add(int64(found))
		}()
	}
	var first error
	for range cpus {
		if err := <-started; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		s.stop()
		return nil, first
	}
	return s, nil
}

// lines returns how many lines the threads have read so far; 0 for nil.
func (s *streamers) lines() int64 {
	if s == nil {
		return 0
	}
	var n int64
	for _, c := range s.counts {
		n += c.n.Load()
	}
	return n
}

// stop stops the threads and waits for them.
func (s *streamers) stop() {
	s.quit.Store(true)
	for range s.n {
		<-s.done
	}
}

// allowedCPUs returns the CPUs this process may use, or skips.
func allowedCPUs(b *testing.B) []int {
	b.Helper()
	cpus, err := affinity.AllowedCPUs()
	if err != nil || len(cpus) == 0 {
		benchmain.Skipf(b, "cannot read cpu affinity: %v", err)
	}
	return cpus
}

// pinTo pins the benchmark's goroutine to cpu until the benchmark ends.
func pinTo(b *testing.B, cpu int) {
	b.Helper()
	undo, err := affinity.LockAndPin(cpu)
	if err != nil {
		benchmain.Skip(b, err)
	}
	b.Cleanup(undo)
}
