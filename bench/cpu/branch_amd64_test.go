package cpu

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/arch/x86/x86asm"
)

// TestCountAboveBranches decodes countAbove's machine code as it sits in
// this test binary and checks that the compiler kept a conditional jump on
// the data and did not use CMOV.
//
// Note: `go test` strips the symbol table from the binaries it runs, so go
// tool objdump cannot read them; the function's extent comes from the
// runtime's pc table instead.
func TestCountAboveBranches(t *testing.T) {
	fn := countAbove
	entry := **(**unsafe.Pointer)(unsafe.Pointer(&fn)) // func value -> funcval -> code
	f := runtime.FuncForPC(uintptr(entry))
	if f == nil || !strings.HasSuffix(f.Name(), ".countAbove") {
		t.Fatalf("code pointer of countAbove belongs to %v", f)
	}
	var jumps, cmovs int
	var listing strings.Builder
	for off := 0; ; {
		pc := unsafe.Add(entry, off)
		if g := runtime.FuncForPC(uintptr(pc)); g == nil || g.Entry() != f.Entry() {
			break
		}
		inst, err := x86asm.Decode(unsafe.Slice((*byte)(pc), 16), 64)
		if err != nil {
			t.Fatalf("decoding countAbove+%#x: %v", off, err)
		}
		if inst.Op == x86asm.INT {
			break // alignment padding after the last RET
		}
		listing.WriteString(x86asm.GoSyntax(inst, uint64(uintptr(pc)), nil) + "\n")
		op := inst.Op.String()
		switch {
		case strings.HasPrefix(op, "CMOV"):
			cmovs++
		case strings.HasPrefix(op, "J") && inst.Op != x86asm.JMP:
			jumps++
		}
		off += inst.Len
	}
	// One conditional jump closes the loop; the data branch is the second.
	if cmovs > 0 || jumps < 2 {
		t.Errorf("countAbove has %d conditional jumps and %d CMOVs, want >= 2 and 0:\n%s", jumps, cmovs, &listing)
	}
	t.Logf("countAbove:\n%s", &listing)
}
