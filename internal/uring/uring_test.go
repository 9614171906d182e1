//go:build linux

package uring

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// newRing returns a ring, or skips where io_uring is not permitted.
func newRing(t *testing.T, entries uint32) *Ring {
	t.Helper()
	r, err := New(entries)
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.ENOSYS) {
		t.Skipf("io_uring not permitted here: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	})
	return r
}

// TestReads reads random blocks of a file through the ring, more of them
// than it has entries, and checks each against the file's content.
func TestReads(t *testing.T) {
	const block, blocks = 4096, 256
	data := make([]byte, block*blocks)
	rand.NewChaCha8([32]byte{7}).Read(data)
	path := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	r := newRing(t, 8)
	if r.Entries() != 8 {
		t.Errorf("got %d entries, want 8", r.Entries())
	}
	bufs := make([][]byte, r.Entries())
	want := make([]int, r.Entries()) // the block each slot reads
	rng := rand.New(rand.NewPCG(1, 2))
	issue := func(slot int) {
		want[slot] = rng.IntN(blocks)
		if bufs[slot] == nil {
			bufs[slot] = make([]byte, block)
		}
		if err := r.Read(int(f.Fd()), bufs[slot], int64(want[slot]*block), uint64(slot)); err != nil {
			t.Fatal(err)
		}
	}
	for slot := range bufs {
		issue(slot)
	}
	if err := r.Read(int(f.Fd()), make([]byte, block), 0, 99); !errors.Is(err, ErrFull) {
		t.Errorf("a read beyond the ring's entries: got %v, want ErrFull", err)
	}
	done := 0
	for done < 100 {
		if err := r.Enter(1); err != nil {
			t.Fatal(err)
		}
		for {
			c, ok := r.Reap()
			if !ok {
				break
			}
			slot := int(c.User)
			if err := c.Err(block); err != nil {
				t.Fatal(err)
			}
			if off := want[slot] * block; !bytes.Equal(bufs[slot], data[off:off+block]) {
				t.Fatalf("slot %d: read of block %d returned other bytes", slot, want[slot])
			}
			done++
			issue(slot)
		}
	}
	if r.InFlight() != r.Entries() {
		t.Errorf("%d reads in flight, want %d", r.InFlight(), r.Entries())
	}
}

func TestReadError(t *testing.T) {
	r := newRing(t, 2)
	if err := r.Read(-1, make([]byte, 16), 0, 5); err != nil {
		t.Fatal(err)
	}
	if err := r.Enter(1); err != nil {
		t.Fatal(err)
	}
	c, ok := r.Reap()
	if !ok || c.User != 5 || !errors.Is(c.Err(16), unix.EBADF) {
		t.Errorf("read of fd -1: got %+v, %v (err %v), want tag 5 and EBADF", c, ok, c.Err(16))
	}
}
