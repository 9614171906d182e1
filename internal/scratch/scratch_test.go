//go:build linux || darwin

package scratch

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/latency-numbers/latency/internal/env"
)

func TestSize(t *testing.T) {
	for _, tc := range []struct {
		name, profile, size string
		want                int64
		err                 bool
	}{
		{name: "default", want: 1 << 30},
		{name: "named default", profile: "default", want: 1 << 30},
		{name: "quick", profile: "quick", want: 256 << 20},
		{name: "test", profile: "test", want: 64 << 20},
		{name: "override", profile: "test", size: "512MiB", want: 512 << 20},
		{name: "rounded up to MiB", size: "100000000", want: 96 << 20},
		{name: "at least 16 MiB", size: "1KiB", want: 16 << 20},
		{name: "bad size", size: "lots", err: true},
		{name: "bad profile", profile: "slow", err: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(env.ProfileVar, tc.profile)
			t.Setenv(env.ScratchSizeVar, tc.size)
			got, err := Size()
			if (err != nil) != tc.err {
				t.Fatalf("Size() error = %v, want error %v", err, tc.err)
			}
			if got != tc.want {
				t.Errorf("Size() = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestCheckFreeRefuses(t *testing.T) {
	err := checkFree("/data", 300<<20, 1<<30)
	var se *SpaceError
	if !errors.As(err, &se) {
		t.Fatalf("checkFree = %v, want a *SpaceError", err)
	}
	msg := err.Error()
	for _, want := range []string{"/data", "300 MiB free", "need 1.3 GiB", env.ScratchVar, env.ScratchSizeVar, env.ScratchForceVar} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	// The smaller size advised fits, and is smaller than the one refused.
	for _, tc := range []struct {
		free, size int64
		want       string
	}{
		{300 << 20, 1 << 30, env.ScratchSizeVar + "=32 MiB fits"},
		{2 << 30, 4 << 30, env.ScratchSizeVar + "=1.0 GiB fits"},
		{400 << 20, 256 << 20, env.ScratchSizeVar + "=128 MiB fits"},
		{300 << 20, 64 << 20, env.ScratchSizeVar + "=32 MiB fits"},
		{260 << 20, 64 << 20, "no file of at least 16 MiB fits"},
	} {
		err := checkFree("/data", tc.free, tc.size)
		var se *SpaceError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%d MiB free, %d MiB file: got %v, want %q", tc.free>>20, tc.size>>20, err, tc.want)
			continue
		}
		if fit := se.Fits(); fit >= tc.size || (fit > 0 && checkFree("/data", tc.free, fit) != nil) {
			t.Errorf("%d MiB free, %d MiB file: advised %d MiB, which does not fit or is not smaller", tc.free>>20, tc.size>>20, fit>>20)
		}
	}
	if err := checkFree("/data", 2<<30, 1<<30); err != nil {
		t.Errorf("checkFree with room: %v", err)
	}
}

func TestNewFileRefusesBeforeWriting(t *testing.T) {
	dir := t.TempDir()
	f, err := NewFile(dir, 1<<60, true)
	var se *SpaceError
	if !errors.As(err, &se) {
		f.Close()
		t.Fatalf("NewFile(1 EiB) error = %v, want a *SpaceError", err)
	}
	assertEmpty(t, dir)
}

func TestForceSkipsSpaceCheck(t *testing.T) {
	t.Setenv(env.ScratchForceVar, "1")
	if err := CheckFree(t.TempDir(), 1<<60); err != nil {
		t.Errorf("CheckFree(1 EiB) with %s=1: %v, want nil", env.ScratchForceVar, err)
	}
}

func TestNewFile(t *testing.T) {
	dir := t.TempDir()
	in := Inspect(dir)
	for _, direct := range []bool{false, true} {
		if direct && in.DirectIO() != nil {
			t.Logf("skipping O_DIRECT: %v", in.DirectIO())
			continue
		}
		f, err := NewFile(dir, 3<<20-5, direct)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		assertEmpty(t, dir) // unlinked at once

		st, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if st.Size() != 3<<20 {
			t.Errorf("size %d, want %d (rounded up to MiB)", st.Size(), 3<<20)
		}
		if got, ok := uncached(t, f); ok && got != direct {
			t.Errorf("O_DIRECT set = %v, want %v", got, direct)
		}

		// Random: no zero block, no two 4 KiB blocks alike.
		seen := map[string]bool{}
		buf := AlignedBuffer(4096)
		for off := int64(0); off < st.Size(); off += 4096 {
			if _, err := f.ReadAt(buf, off); err != nil {
				t.Fatal(err)
			}
			if bytes.Count(buf, []byte{0}) > 64 {
				t.Fatalf("block at %d has %d zero bytes: not random", off, bytes.Count(buf, []byte{0}))
			}
			if seen[string(buf)] {
				t.Fatalf("block at %d repeats an earlier one", off)
			}
			seen[string(buf)] = true
		}
	}
}

func TestResident(t *testing.T) {
	f, err := NewFile(t.TempDir(), 4<<20, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dropCache(t, f)
	if in, err := Resident(f, 4<<20); err != nil || in > 0.5 {
		t.Errorf("after FADV_DONTNEED: Resident = %v, %v, want mostly out", in, err)
	}
	if _, err := f.ReadAt(make([]byte, 4<<20), 0); err != nil {
		t.Fatal(err)
	}
	if in, err := Resident(f, 4<<20); err != nil || in != 1 {
		t.Errorf("after reading it all: Resident = %v, %v, want 1", in, err)
	}
}

func TestAlignedBuffer(t *testing.T) {
	for _, n := range []int{1, 4096, 1 << 20} {
		b := AlignedBuffer(n)
		if len(b) != n || cap(b) != n {
			t.Errorf("AlignedBuffer(%d): len %d cap %d", n, len(b), cap(b))
		}
		if p := uintptr(unsafe.Pointer(&b[0])); p%uintptr(os.Getpagesize()) != 0 {
			t.Errorf("AlignedBuffer(%d) at %#x: not page-aligned", n, p)
		}
	}
}

func TestMkdirRemoveAll(t *testing.T) {
	base := t.TempDir()
	a, removeA, err := Mkdir(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Mkdir(base); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(a, "x"), []byte("x"), 0o600)
	if err := removeA(); err != nil {
		t.Fatal(err)
	}
	if err := RemoveAll(); err != nil {
		t.Fatal(err)
	}
	assertEmpty(t, base)
}

// TestSignals starts this test binary as a helper that makes a scratch
// directory and waits, interrupts it, and checks the directory is gone and
// the helper died of the signal.
func TestSignals(t *testing.T) {
	if base := os.Getenv("SCRATCH_TEST_HELPER"); base != "" {
		HandleSignals()
		dir, _, err := Mkdir(base)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "data"), []byte("x"), 0o600)
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Minute)
		t.Fatal("not interrupted")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			base := t.TempDir()
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignals$")
			cmd.Env = append(os.Environ(), "SCRATCH_TEST_HELPER="+base)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
				cmd.Process.Kill()
				t.Fatalf("helper said %q, want ready", line)
			}
			if ents, _ := os.ReadDir(base); len(ents) != 1 {
				t.Fatalf("helper made %d entries, want 1", len(ents))
			}
			cmd.Process.Signal(sig)
			cmd.Wait()
			ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if !ws.Signaled() || ws.Signal() != sig {
				t.Errorf("helper ended with %v, want killed by %v", cmd.ProcessState, sig)
			}
			assertEmpty(t, base)
		})
	}
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

// TestRemoveStale kills a process holding a scratch directory and a named
// file with SIGKILL, which leaves them behind, and checks that RemoveStale
// takes them, once they are a minute old, and nothing that is not theirs.
func TestRemoveStale(t *testing.T) {
	if base := os.Getenv("SCRATCH_STALE_HELPER"); base != "" {
		dir, _, err := Mkdir(base)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "data"), []byte("x"), 0o600)
		os.WriteFile(filepath.Join(base, Prefix+uniq()+".dat"), []byte("x"), 0o600)
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Minute)
		t.Fatal("not killed")
	}
	base := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRemoveStale$")
	cmd.Env = append(os.Environ(), "SCRATCH_STALE_HELPER="+base)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper said %q", line)
	}
	cmd.Process.Kill()
	cmd.Wait()
	dead := cmd.Process.Pid
	left, _ := filepath.Glob(filepath.Join(base, Prefix+"*"))
	if len(left) != 2 {
		t.Fatalf("after SIGKILL: %q, want a directory and a file left", left)
	}
	// Not theirs to remove: this process's, another user's, another name.
	keep := []string{
		filepath.Join(base, Prefix+strconv.Itoa(os.Getpid())+"-live"),
		filepath.Join(base, ".latency-other-"+strconv.Itoa(dead)),
		filepath.Join(base, Prefix+"notapid-x"),
	}
	if os.Geteuid() == 0 {
		keep = append(keep, filepath.Join(base, Prefix+strconv.Itoa(dead)+"-nobody"))
	}
	for _, p := range keep {
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if os.Geteuid() == 0 {
		os.Chown(keep[len(keep)-1], 65534, 65534)
	}

	if removed, err := RemoveStale(base); err != nil || len(removed) != 0 {
		t.Errorf("fresh leftovers: RemoveStale = %q, %v; want them kept for a minute", removed, err)
	}
	old := time.Now().Add(-2 * staleAge)
	all, _ := filepath.Glob(filepath.Join(base, ".latency-*"))
	for _, p := range all {
		os.Chtimes(p, old, old)
	}
	removed, err := RemoveStale(base)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	slices.Sort(left)
	if !slices.Equal(removed, left) {
		t.Errorf("RemoveStale removed %q, want %q", removed, left)
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
