package mem

import (
	"testing"
	"unsafe"
)

func TestMapAlignsAndAdvises(t *testing.T) {
	for _, tc := range []struct {
		pages    Pages
		wantHuge bool // huge pages may be refused (THP off); 4 KiB pages never get them
	}{{Huge, true}, {Small, false}} {
		t.Run(tc.pages.String(), func(t *testing.T) {
			b, err := Map(4<<20, tc.pages)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Free()
			if len(b.B) != 4<<20 {
				t.Errorf("got %d bytes, want %d", len(b.B), 4<<20)
			}
			if a := uintptr(unsafe.Pointer(&b.B[0])) % HugePageSize; a != 0 {
				t.Errorf("buffer starts %d bytes past a 2 MiB boundary", a)
			}
			f, err := b.HugeFraction()
			if err != nil {
				t.Fatal(err)
			}
			if f < 0 || f > 1 {
				t.Errorf("huge fraction %v out of [0, 1]", f)
			}
			if !tc.wantHuge && f != 0 {
				t.Errorf("MADV_NOHUGEPAGE buffer has %.0f%% huge pages", 100*f)
			}
		})
	}
}

func TestMapRejectsBadSize(t *testing.T) {
	if _, err := Map(0, Huge); err == nil {
		t.Error("Map(0): want error")
	}
}

func TestContiguous(t *testing.T) {
	if _, err := Contiguous(HugePageSize + 1); err == nil {
		t.Error("Contiguous(2 MiB + 1) = nil error, want a refusal")
	}
	b, err := Contiguous(1 << 20)
	if err != nil {
		t.Skip(err) // no mmap here
	}
	defer b.Free()
	if len(b.B) != 1<<20 {
		t.Errorf("len = %d, want 1 MiB", len(b.B))
	}
	f, err := b.HugeFraction()
	if err == nil && (f < 0 || f > 1) {
		t.Errorf("HugeFraction = %v, want within [0, 1]", f)
	}
	t.Logf("huge fraction %v", f)
}
