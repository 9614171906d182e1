//go:build linux || darwin

package storage

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/scratch"
)

// TestBlocks checks the random-read pattern: aligned, inside the file, and
// spread over all of it with no order a prefetcher could follow.
func TestBlocks(t *testing.T) {
	const size, n = 1 << 30, 20000
	r := newBlocks(size, 1)
	seen := map[int64]bool{}
	var prev, jump int64
	for i := range n {
		off := r.next()
		if off%blockSize != 0 || off < 0 || off+blockSize > size {
			t.Fatalf("offset %d: not a 4 KiB block of a 1 GiB file", off)
		}
		seen[off] = true
		if i > 0 {
			jump += abs(off - prev)
		}
		prev = off
	}
	// n uniform draws of N blocks hit N(1-e^(-n/N)) distinct ones.
	blocks := float64(size / blockSize)
	if want := blocks * (1 - math.Exp(-n/blocks)); math.Abs(float64(len(seen))-want) > n/100 {
		t.Errorf("%d distinct blocks in %d reads, want about %.0f", len(seen), n, want)
	}
	// Uniform independent offsets are size/3 apart on average.
	if mean := float64(jump) / (n - 1); mean < size/3*0.95 || mean > size/3*1.05 {
		t.Errorf("mean distance between reads %.0f, want about %d", mean, size/3)
	}
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSizeName(t *testing.T) {
	for n, want := range map[int64]string{4 << 10: "4KiB", 1 << 20: "1MiB", 1 << 30: "1GiB", 1536 << 20: "1536MiB", 100: "100B"} {
		if got := sizeName(n); got != want {
			t.Errorf("sizeName(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestDirectReadsBypassPageCache checks that what the O_DIRECT benchmarks
// read never lands in the page cache.
func TestDirectReadsBypassPageCache(t *testing.T) {
	dir := deviceDir(t)
	if err := scratch.Inspect(dir).DirectIO(); err != nil {
		t.Skip(err)
	}
	f, err := scratch.NewFile(dir, 8<<20, true)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := scratch.AlignedBuffer(1 << 20)
	for off := int64(0); off < 8<<20; off += 1 << 20 {
		if _, err := f.ReadAt(buf, off); err != nil {
			t.Fatal(err)
		}
	}
	if in, err := scratch.Resident(f, 8<<20); err != nil || in != 0 {
		t.Errorf("after O_DIRECT writes and reads, %.0f%% of the file is in the page cache (%v), want 0", in*100, err)
	}
}

// TestInterruptLeavesNothing runs benchmarks in a child process, interrupts
// them while their files exist, and checks that none is left.
func TestInterruptLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts benchmark runs")
	}
	for _, tc := range []struct {
		name  string
		bench string
		sig   syscall.Signal
	}{
		{"create-write/SIGINT", "CreateWrite1M", syscall.SIGINT},
		{"create-write/SIGTERM", "CreateWrite1M", syscall.SIGTERM},
		{"filling/SIGTERM", "RandomRead4K", syscall.SIGTERM},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := deviceDir(t)
			cmd := benchCmd(dir, "^Benchmark"+tc.bench+"$", "-test.benchtime=60s", env.ScratchSizeVar+"=256MiB")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			if tc.bench == "CreateWrite1M" {
				waitForFiles(t, dir)
			} else {
				time.Sleep(200 * time.Millisecond) // part-way through writing the file
			}
			cmd.Process.Signal(tc.sig)
			cmd.Wait()
			if ws := cmd.ProcessState.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != tc.sig {
				t.Errorf("benchmark ended with %v, want killed by %v", cmd.ProcessState, tc.sig)
			}
			assertEmpty(t, dir)
		})
	}
}

// waitForFiles waits until a benchmark has created a directory in dir with a
// file in it.
func waitForFiles(t *testing.T, dir string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		subs, _ := filepath.Glob(filepath.Join(dir, scratch.Prefix+"*", "*"))
		if len(subs) > 0 {
			return
		}
	}
	t.Fatal("the benchmark created no file in 30 s")
}

func TestRefusesWithoutSpace(t *testing.T) {
	if testing.Short() {
		t.Skip("starts benchmark runs")
	}
	dir := deviceDir(t)
	cmd := benchCmd(dir, "^BenchmarkRandomRead4K$", "-test.benchtime=1x", env.ScratchSizeVar+"=1PiB")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- SKIP: BenchmarkRandomRead4K") || !strings.Contains(string(out), "not enough free space") {
		t.Errorf("want a skip for lack of space, got:\n%s", out)
	}
	assertEmpty(t, dir)
}

// TestTmpfsSkips runs every benchmark on tmpfs: the device ones must skip
// with the reason, the page-cache one run, and nothing be left.
func TestTmpfsSkips(t *testing.T) {
	if testing.Short() {
		t.Skip("starts benchmark runs")
	}
	if in := scratch.Inspect("/dev/shm"); in.FS != "tmpfs" {
		t.Skip("no tmpfs at /dev/shm")
	}
	dir, err := os.MkdirTemp("/dev/shm", "latency-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out, err := benchCmd(dir, ".", "-test.benchtime=1x").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"--- SKIP: BenchmarkRandomRead4K",
		"tmpfs at " + dir + " is memory, not a disk",
		"--- SKIP: BenchmarkSeqRead1M",
		"--- SKIP: BenchmarkWriteSync",
		"--- SKIP: BenchmarkCreateWrite1M",
		"BenchmarkCachedRead/size=4KiB",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	assertEmpty(t, dir)
}

// benchCmd returns a command running this test binary's benchmarks matching
// pattern with the scratch directory dir, the test profile, and extra flags
// and KEY=value environment settings.
func benchCmd(dir, pattern string, extra ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.v", "-test.run=^$", "-test.bench="+pattern)
	cmd.Env = append(os.Environ(), env.ScratchVar+"="+dir, env.ProfileVar+"=test")
	for _, e := range extra {
		if strings.HasPrefix(e, "-") {
			cmd.Args = append(cmd.Args, e)
		} else {
			cmd.Env = append(cmd.Env, e)
		}
	}
	return cmd
}

// deviceDir returns an empty directory on a block device: the test's
// temporary directory, or if that is tmpfs, one in the current directory.
func deviceDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if scratch.Inspect(dir).DeviceIO() == nil {
		return dir
	}
	dir, err := os.MkdirTemp(".", ".latency-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("left behind in %s: %s", dir, e.Name())
	}
}
