//go:build linux || darwin

package storage

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/mem"
	"github.com/latency-numbers/latency/internal/timing"
	"github.com/latency-numbers/latency/internal/uring"
)

// qdDepths are the queue depths of BenchmarkRandomRead4KQD.
var qdDepths = []int{1, 4, 16, 32}

// maxDepth is the deepest queue: the ring's size and the buffers' count.
const maxDepth = 32

// BenchmarkRandomRead4KQD measures 4 KiB O_DIRECT reads at random offsets
// of the same file as BenchmarkRandomRead4K, with qd reads kept in flight
// (fio --rw=randread --bs=4k --direct=1 --ioengine=io_uring --iodepth=qd):
// what a database or a key-value store that issues reads in parallel gets
// from the device. ns/op is the time per read at that depth, 1/IOPS; IOPS
// and MB/s say the same as a rate; p50-ns and p99-ns are the latencies of
// single reads, from queueing to completion, which grow with the depth.
//
// engine=io_uring submits through one io_uring (package uring): each
// completed read is replaced at once by a new one, submitted on its own
// (one io_uring_enter each, as fio's default iodepth_batch_submit=1 does),
// and the benchmark waits in io_uring_enter only when no completion is
// ready.
// Where io_uring is not permitted (kernel.io_uring_disabled, a container's
// seccomp filter, not Linux), engine=threads keeps the depth with qd
// threads each making one pread at a time, as fio --ioengine=psync
// --numjobs=qd does; the name says which. LATENCY_IO_URING=off chooses
// threads on purpose.
func BenchmarkRandomRead4KQD(b *testing.B) {
	f, size := directFile(b)
	e := queueEngine(b)
	if qdReads == nil {
		qdReads = newBlocks(size, 5)
	}
	for _, qd := range qdDepths {
		b.Run(fmt.Sprintf("qd=%d/engine=%s/file=%s", qd, e.name, sizeName(size)), func(b *testing.B) {
			b.ReportAllocs()
			lat := timing.NewRecorder(1 << 17)
			b.SetBytes(blockSize)
			e.run(b, f, qd, lat)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "IOPS")
			lat.Report(b, 0.5, 0.99)
		})
	}
}

// qdReads draws the queue-depth benchmarks' offsets, carried from one run
// to the next as RandomRead4K's are.
var qdReads *blocks

// An engine keeps qd reads in flight for b.N completed reads and records
// each read's latency.
type engine struct {
	name string
	run  func(b *testing.B, f *os.File, qd int, lat *timing.Recorder)
}

var engineOnce struct {
	sync.Once
	e engine
}

// queueEngine returns io_uring if this process may use it, else threads,
// once per process. The ring and the buffers are kept for every run.
func queueEngine(b *testing.B) engine {
	b.Helper()
	engineOnce.Do(func() {
		bufs, err := mem.Map(maxDepth*blockSize, mem.Small)
		if err != nil {
			engineOnce.e = engine{name: "none", run: func(b *testing.B, _ *os.File, _ int, _ *timing.Recorder) { b.Fatal(err) }}
			return
		}
		buf := func(slot int) []byte { return bufs.B[slot*blockSize : (slot+1)*blockSize] }
		r, err := uring.New(maxDepth)
		if env.IOUringOff() {
			err = fmt.Errorf("%s=off", env.IOUringVar)
		}
		if err != nil {
			why := err.Error()
			engineOnce.e = engine{name: "threads", run: func(b *testing.B, f *os.File, qd int, lat *timing.Recorder) {
				b.Logf("io_uring unavailable (%s): %d threads with pread", why, qd)
				threadsRun(b, f, qd, lat, buf)
			}}
			return
		}
		engineOnce.e = engine{name: "io_uring", run: func(b *testing.B, f *os.File, qd int, lat *timing.Recorder) {
			uringRun(b, r, f, qd, lat, buf)
		}}
	})
	return engineOnce.e
}

// uringRun keeps qd reads in flight on r until b.Loop is done, then waits
// for the rest.
//
// Note: replacing all the reads found complete and submitting them together
// in the call that waits for the next completion saves system calls but
// leaves the device short of work meanwhile, so each read is submitted at
// once, as fio does (e.g. on a 2-vCPU guest with a virtio disk, batching
// gave 45-50 thousand IOPS at QD32 where fio gave 57-62; submitting at
// once gave 55-63).
func uringRun(b *testing.B, r *uring.Ring, f *os.File, qd int, lat *timing.Recorder, buf func(int) []byte) {
	fd := int(f.Fd())
	var queued [maxDepth]time.Time
	issue := func(slot int) {
		queued[slot] = time.Now()
		if err := r.Read(fd, buf(slot), qdReads.next(), uint64(slot)); err != nil {
			b.Fatal(err)
		}
		if err := r.Enter(0); err != nil {
			b.Fatal(err)
		}
	}
	for slot := range qd {
		issue(slot)
	}
	for b.Loop() {
		c, ok := r.Reap()
		for !ok {
			if err := r.Enter(1); err != nil {
				b.Fatal(err)
			}
			c, ok = r.Reap()
		}
		lat.Add(time.Since(queued[c.User]))
		if err := c.Err(blockSize); err != nil {
			b.Fatal(err)
		}
		issue(int(c.User))
	}
	for r.InFlight() > 0 { // the buffers are reused by the next run
		if err := r.Enter(1); err != nil {
			b.Fatal(err)
		}
		for _, ok := r.Reap(); ok; _, ok = r.Reap() {
		}
	}
}

// threadsRun keeps qd reads in flight with qd threads, each making one
// pread at a time, until b.Loop has counted b.N of them.
//
// Note: these preads go through the Go runtime (unix.Pread), not raw: a
// thread blocked in a raw call keeps its P, and qd of them would hold every
// P the process has.
func threadsRun(b *testing.B, f *os.File, qd int, lat *timing.Recorder, buf func(int) []byte) {
	done := make(chan time.Duration, qd)
	errs := make(chan error, qd)
	var stop atomic.Bool
	var wg sync.WaitGroup
	var mu sync.Mutex // guards qdReads
	defer func() {    // also when b.Fatal ends the benchmark
		stop.Store(true)
		go func() { wg.Wait(); close(done) }()
		for range done {
		}
	}()
	for slot := range qd {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				mu.Lock()
				off := qdReads.next()
				mu.Unlock()
				start := time.Now()
				n, err := unix.Pread(int(f.Fd()), buf(slot), off)
				if err == nil && n != blockSize {
					err = fmt.Errorf("reading %d bytes at %d: only %d done", blockSize, off, n)
				}
				if err != nil {
					errs <- err
					return
				}
				done <- time.Since(start)
			}
		}()
	}
	for b.Loop() {
		select {
		case d := <-done:
			lat.Add(d)
		case err := <-errs:
			b.Fatal(err)
		}
	}
}

// TestQueueEngines runs the queue-depth benchmark with each engine and
// checks that every depth reports its figures under the engine's name.
func TestQueueEngines(t *testing.T) {
	if testing.Short() {
		t.Skip("starts benchmark runs")
	}
	dir := deviceDir(t)
	for _, tc := range []struct{ env, engine string }{{"", "io_uring"}, {env.IOUringVar + "=off", "threads"}} {
		t.Run(tc.engine, func(t *testing.T) {
			extra := []string{"-test.benchtime=50x"}
			if tc.env != "" {
				extra = append(extra, tc.env)
			}
			out, err := benchCmd(dir, "^BenchmarkRandomRead4KQD$", extra...).CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if strings.Contains(string(out), "--- SKIP") {
				t.Skipf("skipped:\n%s", out)
			}
			for _, qd := range qdDepths {
				re := regexp.MustCompile(fmt.Sprintf(`(?m)^BenchmarkRandomRead4KQD/qd=%d/engine=%s/file=\w+-\d+\s+50\s.*\sIOPS\s.*\sp99-ns`, qd, tc.engine))
				if !re.Match(out) {
					t.Errorf("no result line for qd=%d engine=%s with IOPS and p99-ns:\n%s", qd, tc.engine, out)
				}
			}
			assertEmpty(t, dir)
		})
	}
}
