package codegen

import (
	"runtime"
	"testing"
)

//go:noinline
func addOne(x int) int { return x + 1 }

func TestDisassemble(t *testing.T) {
	insts, err := Disassemble(addOne)
	if _, ok := decoders[runtime.GOARCH]; !ok {
		if err == nil {
			t.Fatalf("no decoder for %s, but no error", runtime.GOARCH)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(insts) == 0 || len(insts) > 8 {
		t.Fatalf("x+1 took %d instructions:\n%s", len(insts), Listing(insts))
	}
	if last := insts[len(insts)-1]; last.Op != "RET" {
		t.Errorf("last instruction %s, want RET (padding must be left out):\n%s", last, Listing(insts))
	}
	if _, err := Disassemble(42); err == nil {
		t.Error("Disassemble(42): want an error")
	}
}
