// Package scratch manages the files the storage benchmarks read and write:
// where they go, how big they are, that they fit, what device is under them,
// and that none of them outlives the process.
//
// Every file lives in one directory, Base: $LATENCY_SCRATCH, or else the
// current directory, so that by default the disk the user works on is the
// one measured (/tmp is often tmpfs). Files are filled with random bytes and
// flushed to the device before anyone reads them, because thin-provisioned
// and virtual disks answer reads of never-written or zero blocks without
// touching the medium.
//
// Note: a file that only needs to be read or overwritten (NewFile) is
// unlinked the moment it is created, so the kernel frees it when the process
// ends, however it ends (panic, SIGKILL, power cut). Files whose creation is
// itself the thing measured are named; they are tracked, removed by their
// creator, and by RemoveAll and the signal handler if the creator never gets
// the chance. What SIGKILL leaves behind, RemoveStale removes at the next
// start.
package scratch

import (
	crand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"github.com/dustin/go-humanize"

	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/mem"
)

// Prefix starts the name of everything this package creates, so that a
// leftover (there should be none) is recognisable.
const Prefix = ".latency-scratch-"

// Headroom is the free space left to the rest of the system on top of the
// scratch file: the benchmarks never fill a disk to the brim.
const Headroom = 256 << 20

const (
	chunk   = 1 << 20 // files are written and sized in whole MiB
	minSize = 16 << 20
)

// Base returns the absolute scratch directory: $LATENCY_SCRATCH if set, else
// the current directory. The directory must exist: this package creates
// files in it, never the directory itself.
func Base() (string, error) {
	dir := env.Scratch()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("scratch directory %s: %w", dir, err)
	}
	st, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("scratch directory (%s): %w", env.ScratchVar, err)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("scratch directory %s (%s) is not a directory", abs, env.ScratchVar)
	}
	return abs, nil
}

// Size returns the size of the big file the device benchmarks read, for the
// profile in $LATENCY_PROFILE, or $LATENCY_SCRATCH_SIZE if set (rounded up
// to whole MiB, at least 16 MiB).
//
// Note: the default 1 GiB is far beyond any drive's read cache of recently
// read data, and is written in about 3 s at 400 MB/s; "quick" trades some of
// that margin for time, "test" only checks that the code runs.
func Size() (int64, error) {
	if s := env.ScratchSize(); s != "" {
		n, err := humanize.ParseBytes(s)
		if err != nil {
			return 0, fmt.Errorf("%s=%q: %w", env.ScratchSizeVar, s, err)
		}
		size := max(int64(n+chunk-1)/chunk*chunk, minSize)
		return size, nil
	}
	switch p := env.Profile(); p {
	case "test":
		return 64 << 20, nil
	case "quick":
		return 256 << 20, nil
	case "", "default":
		return 1 << 30, nil
	default:
		return 0, fmt.Errorf("%s=%q: want test, quick or default", env.ProfileVar, p)
	}
}

// A SpaceError is the refusal to create a file that would not leave
// Headroom free.
type SpaceError struct {
	Dir        string
	Free, Need int64 // bytes available to us; bytes the file plus Headroom need
	File       int64 // the file's size
}

func (e *SpaceError) Error() string {
	smaller := fmt.Sprintf("no file of at least %s fits beside the headroom", ibytes(minSize))
	if fit := e.Fits(); fit > 0 {
		smaller = fmt.Sprintf("or %s to a smaller file (%s=%s fits)", env.ScratchSizeVar, env.ScratchSizeVar, ibytes(fit))
	}
	return fmt.Sprintf("not enough free space in %s: %s free, need %s (a %s scratch file + %s headroom); "+
		"set %s to a directory on a bigger filesystem, %s, or %s=1 to write anyway",
		e.Dir, ibytes(e.Free), ibytes(e.Need), ibytes(e.File), ibytes(Headroom), env.ScratchVar, smaller, env.ScratchForceVar)
}

// Fits returns the largest size, a power of two MiB of at least 16 MiB,
// whose file would fit with Headroom to spare, or 0 if none would. It is
// always smaller than the file refused.
func (e *SpaceError) Fits() int64 {
	avail := e.Free - Headroom
	if avail < minSize {
		return 0
	}
	fit := int64(minSize)
	for fit*2 <= avail && fit*2 < e.File {
		fit *= 2
	}
	return fit
}

// ibytes formats a size for a message: "300 MiB", "1.3 GiB" (humanize's
// format, with a space and a decimal below 10, not units.Name's names).
func ibytes(n int64) string { return humanize.IBytes(uint64(n)) }

// CheckFree returns a *SpaceError unless dir's filesystem has room for a
// file of size bytes plus Headroom, or $LATENCY_SCRATCH_FORCE is set.
func CheckFree(dir string, size int64) error {
	if env.ScratchForce() {
		return nil
	}
	free, err := freeSpace(dir)
	if err != nil {
		return fmt.Errorf("free space in %s: %w", dir, err)
	}
	return checkFree(dir, free, size)
}

func checkFree(dir string, free, size int64) error {
	if need := size + Headroom; free < need {
		return &SpaceError{Dir: dir, Free: free, Need: need, File: size}
	}
	return nil
}

// NewFile creates in dir a file of size bytes (rounded up to whole MiB) of
// random data, flushed to the device, and returns it open for reading and
// writing, with O_DIRECT if direct (F_NOCACHE on macOS, which has no
// O_DIRECT). The file has no name: it is unlinked as
// soon as it is created and disappears when closed or when the process ends.
// It refuses with a *SpaceError, before writing anything, if the file would
// not fit.
//
// Note: with direct, the data is written with O_DIRECT too, so none of it
// sits in the page cache; without, it is written through the page cache and
// stays there (what a buffered-read benchmark wants).
func NewFile(dir string, size int64, direct bool) (*os.File, error) {
	size = (size + chunk - 1) / chunk * chunk
	if err := CheckFree(dir, size); err != nil {
		return nil, err
	}
	flag := os.O_RDWR | os.O_CREATE | os.O_EXCL
	if direct {
		flag |= oDirect
	}
	path := filepath.Join(dir, Prefix+uniq()+".dat")
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return nil, fmt.Errorf("creating scratch file: %w", err)
	}
	if direct {
		if err := noCache(f); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("creating scratch file: %w", err)
		}
	}
	if err := os.Remove(path); err != nil {
		f.Close()
		return nil, fmt.Errorf("unlinking scratch file: %w", err)
	}
	if err := fill(f, size); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// fill writes size bytes of fresh random data to f in whole MiB from
// page-aligned memory (so f may be opened with O_DIRECT), then fsyncs f.
func fill(f *os.File, size int64) error {
	src := rand.NewChaCha8(seed())
	// Note: a physically contiguous (huge-page) buffer makes each 1 MiB
	// O_DIRECT write one device request; from scattered pages virtio splits
	// it in two, and the file is laid out in half-MiB pieces that later
	// slow sequential reads down (by a third, against fio's own layout).
	hb, err := mem.Map(chunk, mem.Huge)
	if err != nil {
		return fmt.Errorf("filling scratch file: %w", err)
	}
	defer hb.Free()
	buf := hb.B
	for n := int64(0); n < size; n += chunk {
		m := min(chunk, size-n)
		src.Read(buf[:m])
		if _, err := f.WriteAt(buf[:m], n); err != nil {
			return fmt.Errorf("filling scratch file: %w", err)
		}
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flushing scratch file: %w", err)
	}
	return nil
}

// seed returns a fresh seed: file contents differ from run to run, so no
// deduplicating layer can answer a read from an earlier run's blocks.
func seed() (s [32]byte) {
	crand.Read(s[:])
	return s
}

// uniq returns a name part unique to this call: the pid of the process,
// which RemoveStale reads back, and random bytes.
func uniq() string {
	var b [8]byte
	crand.Read(b[:])
	return fmt.Sprintf("%d-%x", os.Getpid(), b)
}

// AlignedBuffer returns n bytes starting on a page boundary, as O_DIRECT
// requires of the memory it transfers to.
func AlignedBuffer(n int) []byte {
	page := os.Getpagesize()
	b := make([]byte, n+page)
	off := int(uintptr(unsafe.Pointer(&b[0])) & uintptr(page-1))
	if off != 0 {
		off = page - off
	}
	return b[off : off+n : off+n]
}

// Mkdir creates a new uniquely named directory in dir for named files and
// returns its path and a function that removes it with everything in it.
// Until that function runs, RemoveAll and the signal handler remove it.
func Mkdir(dir string) (path string, remove func() error, err error) {
	path = filepath.Join(dir, Prefix+uniq())
	live.Store(path, struct{}{}) // before it exists: no instant when it is unknown
	if err := os.Mkdir(path, 0o700); err != nil {
		live.Delete(path)
		return "", nil, fmt.Errorf("creating scratch directory: %w", err)
	}
	return path, func() error {
		live.Delete(path)
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("removing scratch directory: %w", err)
		}
		return nil
	}, nil
}

// live holds the directories made by Mkdir and not yet removed.
var live sync.Map

// RemoveAll removes every directory made by Mkdir that is still there.
//
// Note: it may run (from the signal handler) while a benchmark is still
// creating files in a directory. Each directory is first renamed, so that
// new files cannot find it, and its removal is retried once more for a file
// created in the instant before the rename.
func RemoveAll() error {
	removing.Lock()
	defer removing.Unlock()
	return removeAll()
}

// removing is held while directories are removed, and by the signal
// handler until the process ends, so that a benchmark failing because its
// directory vanished cannot exit before the handler is done.
var removing sync.Mutex

func removeAll() error {
	var errs []error
	live.Range(func(k, _ any) bool {
		live.Delete(k)
		dir := k.(string)
		if os.Rename(dir, dir+"-removing") == nil {
			dir += "-removing"
		}
		err := os.RemoveAll(dir)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			err = os.RemoveAll(dir)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("removing scratch directory: %w", err))
		}
		return true
	})
	return errors.Join(errs...)
}

// staleAge is how long a leftover must have been left alone before
// RemoveStale takes it.
const staleAge = time.Minute

// RemoveStale removes from dir what earlier processes of this package left
// behind when they were killed without a chance to clean up (SIGKILL, a
// power cut): entries named Prefix+"<pid>-..." whose process is gone, that
// belong to this user, and that nothing has changed for a minute. It
// returns the paths removed.
//
// Note: the name records the creating process (see uniq). A process that
// is alive, or whose pid is in use again, keeps its files; so does a user's
// whose files we do not own. The minute guards against a pid that is not
// ours to judge: another host on a network filesystem, or another pid
// namespace, whose live run keeps its directory changing.
func RemoveStale(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("looking for stale scratch files: %w", err)
	}
	var removed []string
	var errs []error
	for _, e := range ents {
		pid, ok := ownerPID(e.Name())
		if !ok || pid == os.Getpid() || alive(pid) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAge {
			continue
		}
		if !ours(info) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if err := os.RemoveAll(path); err != nil {
			errs = append(errs, fmt.Errorf("removing stale scratch files: %w", err))
			continue
		}
		removed = append(removed, path)
	}
	return removed, errors.Join(errs...)
}

// ownerPID returns the pid in a name made by uniq after Prefix.
func ownerPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, Prefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, ok && err == nil && pid > 0
}

// HandleSignals makes SIGINT, SIGTERM and SIGHUP run RemoveAll and then end
// the process as the signal would have. Call the returned function to
// restore the default behaviour.
func HandleSignals() (stop func()) {
	c := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		select {
		case sig := <-c:
			removing.Lock() // never unlocked: the process ends here
			if err := removeAll(); err != nil {
				fmt.Fprintf(os.Stderr, "scratch: %v\n", err)
			}
			// Die of the signal, as the parent expects; exit if it is slow to land.
			signal.Reset(sig)
			raise(sig.(syscall.Signal))
			time.Sleep(time.Second)
			os.Exit(128 + int(sig.(syscall.Signal)))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(c)
		close(done)
	}
}
