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

func TestMemory(t *testing.T) {
	for text, want := range map[string]bool{
		"MOVQ (AX)(CX*1), DX":        true,
		"MOVD (R0)(R5), R3":          true,
		"MOVQ 8(SP), AX":             false,
		"MOVD 16(RSP), R1":           false,
		"MOVK $(32949<<16), R5":      false,
		"MOVD $33771, R5":            false,
		"ADD R5<<6, R3, R5":          false,
		"MOVQ $(1<<3), 24(AX)(BX*8)": true,
	} {
		if got := (Inst{Text: text}).Memory(); got != want {
			t.Errorf("Memory(%q) = %v, want %v", text, got, want)
		}
	}
}
