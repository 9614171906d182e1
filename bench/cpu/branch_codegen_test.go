package cpu

import (
	"regexp"
	"testing"

	"github.com/latency-numbers/latency/internal/codegen"
)

// Conditional jumps and conditional selects in Go assembler syntax: amd64
// (JCC, JLS, ..., CMOVQCC, ...) and arm64 (BCC, BLE, CBZ, TBNZ, ...; CSEL,
// CSINC, CSET, ...).
var (
	condJump   = regexp.MustCompile(`^(J[A-Z]+|B(EQ|NE|CS|HS|CC|LO|MI|PL|VS|VC|HI|LS|GE|LT|GT|LE)|CBN?ZW?|TBN?Z)$`)
	condSelect = regexp.MustCompile(`^(CMOV\w+|SET\w+|CS(EL|INC|INV|NEG|ET|ETM)W?|CIN[CV]W?|CNEGW?)$`)
)

// TestCountAboveBranches decodes countAbove's machine code as it sits in
// this test binary and checks that the compiler kept a conditional jump on
// the data and did not use a conditional move or select (CMOV on amd64,
// CSEL and its kin on arm64), whose cost does not depend on the data.
func TestCountAboveBranches(t *testing.T) {
	insts, err := codegen.Disassemble(countAbove)
	if err != nil {
		t.Skip(err) // an architecture without a decoder
	}
	var jumps, selects int
	for _, in := range insts {
		switch {
		case in.Op == "JMP":
		case condJump.MatchString(in.Op):
			jumps++
		case condSelect.MatchString(in.Op):
			selects++
		}
	}
	// One conditional jump closes the loop; the data branch is the second.
	if selects > 0 || jumps < 2 {
		t.Errorf("countAbove has %d conditional jumps and %d conditional selects, want >= 2 and 0:\n%s", jumps, selects, codegen.Listing(insts))
	}
	t.Logf("countAbove:\n%s", codegen.Listing(insts))
}

func TestBranchOpPatterns(t *testing.T) {
	for _, tc := range []struct {
		op            string
		jump, select_ bool
	}{
		{"JCC", true, false}, {"JLS", true, false}, {"CMOVQCC", false, true}, {"SETEQ", false, true},
		{"BCC", true, false}, {"BLE", true, false}, {"CBNZ", true, false}, {"TBZ", true, false},
		{"CSEL", false, true}, {"CSINC", false, true}, {"CSETW", false, true},
		{"BIC", false, false}, {"BFI", false, false}, {"MOVD", false, false}, {"ADD", false, false},
	} {
		if got := condJump.MatchString(tc.op); got != tc.jump {
			t.Errorf("%s: conditional jump %v, want %v", tc.op, got, tc.jump)
		}
		if got := condSelect.MatchString(tc.op); got != tc.select_ {
			t.Errorf("%s: conditional select %v, want %v", tc.op, got, tc.select_)
		}
	}
}
