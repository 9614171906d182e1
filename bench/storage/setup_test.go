//go:build linux || darwin

package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/scratch"
)

func TestMain(m *testing.M) {
	// What a run killed with SIGKILL left behind goes first.
	if dir, err := scratch.Base(); err == nil {
		removed, err := scratch.RemoveStale(dir)
		for _, p := range removed {
			fmt.Fprintf(os.Stderr, "storage: removed %s, left by a run that was killed\n", p)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "storage: %v\n", err)
		}
	}
	stop := scratch.HandleSignals()
	code := benchmain.Run(m) // once, or once per round in a worker
	stop()
	if err := scratch.RemoveAll(); err != nil {
		fmt.Fprintf(os.Stderr, "storage: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// place is the scratch directory and what is under it, found once.
var place = sync.OnceValues(func() (scratch.Info, error) {
	dir, err := scratch.Base()
	if err != nil {
		return scratch.Info{}, err
	}
	return scratch.Inspect(dir), nil
})

// scratchDir returns the scratch directory, skipping the benchmark unless
// reads and writes there reach a block device (and, if direct, O_DIRECT
// works there).
func scratchDir(b *testing.B, direct bool) string {
	b.Helper()
	in, err := place()
	if err != nil {
		b.Fatal(err)
	}
	check := in.DeviceIO
	if direct {
		check = in.DirectIO
	}
	if err := check(); err != nil {
		benchmain.Skip(b, err)
	}
	return in.Dir
}

// A file is a scratch file shared by the benchmarks of one process: created
// on first use, never by a timed loop, and reused by every repetition.
type file struct {
	once sync.Once
	f    *os.File
	size int64
	err  error
}

// open returns the file, creating it with create on first use. A refusal
// for lack of space skips the benchmark with its message.
func (s *file) open(b *testing.B, create func() (*os.File, int64, error)) (*os.File, int64) {
	b.Helper()
	s.once.Do(func() { s.f, s.size, s.err = create() })
	var space *scratch.SpaceError
	switch {
	case errors.As(s.err, &space):
		benchmain.Skip(b, s.err)
	case s.err != nil:
		b.Fatal(s.err)
	}
	return s.f, s.size
}

var (
	direct = new(file) // the big O_DIRECT file of RandomRead4K and SeqRead1M
	logs   = new(file) // the log file WriteSync overwrites
	cached = new(file) // the page-cache-resident file of CachedRead
)

// profile returns a size by $LATENCY_PROFILE: test, quick or default.
func profile[T any](test, quick, dflt T) T {
	switch env.Profile() {
	case "test":
		return test
	case "quick":
		return quick
	}
	return dflt
}

// directFile returns the big file of random data read with O_DIRECT, and
// its size. The device is warmed up before it is returned.
func directFile(b *testing.B) (*os.File, int64) {
	b.Helper()
	dir := scratchDir(b, true)
	return direct.open(b, func() (*os.File, int64, error) {
		size, err := scratch.Size()
		if err != nil {
			return nil, 0, err
		}
		f, err := scratch.NewFile(dir, size, true)
		if err != nil {
			return nil, 0, err
		}
		buf := scratch.AlignedBuffer(blockSize)
		r := newBlocks(size, 3)
		return f, size, warmUp(func() error {
			return pread(f, buf, r.next())
		})
	})
}

// warmUp repeats op for the profile's warm-up time, 300 ms by default.
//
// Note: a disk that has idled serves its first requests slower, and the
// first syncs after a file is written slower still (e.g. on a 2-vCPU guest
// with a virtio disk, the first reads after a minute idle took two to four
// times as long as back-to-back ones); fio's ramp_time and ioping's first
// requests exist for the same reason. Reference runs get the same warm-up.
func warmUp(op func() error) error {
	d := profile(10*time.Millisecond, 150*time.Millisecond, 300*time.Millisecond)
	for start := time.Now(); time.Since(start) < d; {
		if err := op(); err != nil {
			return fmt.Errorf("warming up: %w", err)
		}
	}
	return nil
}

const blockSize = 4 << 10

// blocks draws block-aligned offsets uniformly from a file, from a fixed
// seed, so runs read the same pattern.
type blocks struct {
	r *rand.Rand
	n int64 // number of blocks
}

func newBlocks(size int64, seed uint64) *blocks {
	return &blocks{r: rand.New(rand.NewPCG(seed, 2)), n: size / blockSize}
}

func (b *blocks) next() int64 { return b.r.Int64N(b.n) * blockSize }

// sizeName names a size for a sub-benchmark: 4KiB, 1MiB, 1GiB.
//
// Note: not units.Name, which rounds (1536MiB and 1500MiB are both
// 1.5GiB there): a scratch file of any LATENCY_SCRATCH_SIZE keeps an exact
// name, so runs that read different sizes never share a benchmark name.
func sizeName(n int64) string {
	for _, u := range []struct {
		shift int
		name  string
	}{{30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d%s", n>>u.shift, u.name)
		}
	}
	return fmt.Sprintf("%dB", n)
}

// Raw system calls for the timed I/O.
//
// Note: a blocking call made through the Go runtime (os.File.ReadAt,
// unix.Pread) lets the scheduler hand the goroutine's P to another thread
// once it has lasted 20 µs, and getting the P back on return costs
// microseconds (e.g. on a 2-vCPU guest with a virtio disk it raised the
// 4 KiB random read's p99 from fio's 105 µs to 165 µs and its mean by
// 10-40 %, the median unchanged). fio calls pread(2) directly, and so do
// these: the goroutine keeps its P during the call, which nothing else in a
// benchmark needs.

// pread reads len(buf) bytes of f at off.
func pread(f *os.File, buf []byte, off int64) error {
	return rawIO(sysPread, "reading", f, buf, off)
}

// pwrite writes buf to f at off.
func pwrite(f *os.File, buf []byte, off int64) error {
	return rawIO(sysPwrite, "writing", f, buf, off)
}

func rawIO(trap uintptr, verb string, f *os.File, buf []byte, off int64) error {
	n, _, errno := unix.RawSyscall6(trap, f.Fd(), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(off), 0, 0)
	switch {
	case errno != 0:
		return fmt.Errorf("%s %d bytes at %d: %w", verb, len(buf), off, errno)
	case int(n) != len(buf):
		return fmt.Errorf("%s %d bytes at %d: only %d done", verb, len(buf), off, n)
	}
	return nil
}

// A syncer flushes a file to the device: fdatasync, fsync, or on macOS
// fcntl(F_FULLFSYNC), as the system call trap(fd, arg).
type syncer struct {
	name string
	trap uintptr
	arg  uintptr
}

var (
	fdatasync = syncer{"fdatasync", unix.SYS_FDATASYNC, 0}
	fsync     = syncer{"fsync", unix.SYS_FSYNC, 0}
)

func (s syncer) sync(f *os.File) error {
	if _, _, errno := unix.RawSyscall(s.trap, f.Fd(), s.arg, 0); errno != 0 {
		return fmt.Errorf("%s: %w", s.name, errno)
	}
	return nil
}
