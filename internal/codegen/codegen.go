// Package codegen disassembles a function of the running binary, so a test
// can check that a measured loop compiled to what its method needs: a chain
// of dependent loads, a conditional branch rather than a conditional move.
//
// Note: `go test` strips the symbol table from the binaries it runs, so go
// tool objdump cannot read them; the function's extent comes from the
// runtime's pc table instead, and the code is decoded in place with
// golang.org/x/arch (x86asm, arm64asm). This also works where no Go
// toolchain is installed, as under qemu-user.
package codegen

import (
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"unsafe"
)

// An Inst is one decoded instruction.
type Inst struct {
	Off  int    // offset from the function's entry
	Op   string // mnemonic in Go assembler syntax: "MOVQ", "JCC", "MOVD", "BLE", "CSEL"
	Text string // the whole instruction in Go assembler syntax: "MOVD (R2), R2"
}

func (i Inst) String() string { return fmt.Sprintf("%#04x %s", i.Off, i.Text) }

// Memory reports whether the instruction has a memory operand other than
// the stack: a parenthesised register, as in "MOVQ (AX)(CX*1), DX" or
// "MOVD (R0)(R5), R3". Immediates such as arm64's "MOVK $(32949<<16), R5"
// are not memory.
func (i Inst) Memory() bool {
	t := i.Text
	for k := strings.IndexByte(t, '('); k >= 0; k = strings.IndexByte(t, '(') {
		if k == 0 || t[k-1] != '$' {
			if end := strings.IndexByte(t[k:], ')'); end > 0 && !strings.HasSuffix(t[k:k+end], "SP") {
				return true
			}
		}
		t = t[k+1:]
	}
	return false
}

// Disassemble decodes the machine code of fn, a Go function (not a closure
// or method value), up to its end or the padding after its last
// instruction. It fails on architectures it has no decoder for. For a
// function written in assembly, whose Go func value is a wrapper that
// calls it, it decodes the assembly.
func Disassemble(fn any) ([]Inst, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("disassembling a %T: not a function", fn)
	}
	entry := uintptr(v.UnsafePointer()) // a func's code pointer
	insts, name, err := decodeAt(entry)
	if err != nil {
		return insts, err
	}
	if to, ok := wrapped(insts, name, entry); ok {
		insts, _, err = decodeAt(to)
	}
	return insts, err
}

// decodeAt decodes the function starting at entry and returns its name.
func decodeAt(entry uintptr) ([]Inst, string, error) {
	f := runtime.FuncForPC(entry)
	if f == nil || f.Entry() != entry {
		return nil, "", fmt.Errorf("no function starts at %#x", entry)
	}
	n := 0
	for g := f; g != nil && g.Entry() == entry; g = runtime.FuncForPC(entry + uintptr(n)) {
		n++
	}
	// Code is not Go memory: the address comes from the pc tables.
	code := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), entry)), n)
	insts, err := decode(code, uint64(entry))
	if err != nil {
		return insts, f.Name(), fmt.Errorf("%s: %w", f.Name(), err)
	}
	return insts, f.Name(), nil
}

// wrapped returns the entry of the function an ABI wrapper at entry calls:
// the one call in insts, to a function of the same name (an assembly
// function's ABI0 body, called from its ABIInternal wrapper).
func wrapped(insts []Inst, name string, entry uintptr) (uintptr, bool) {
	var to uintptr
	calls := 0
	for _, in := range insts {
		if in.Op != "CALL" && in.Op != "BL" {
			continue
		}
		calls++
		_, arg, _ := strings.Cut(in.Text, " ")
		arg = strings.TrimSpace(arg)
		if rel, ok := strings.CutSuffix(arg, "(PC)"); ok { // arm64: instructions from this one
			n, err := strconv.ParseInt(rel, 10, 64)
			if err != nil {
				return 0, false
			}
			to = entry + uintptr(int64(in.Off)+4*n)
			continue
		}
		a, err := strconv.ParseUint(strings.TrimPrefix(arg, "0x"), 16, 64) // amd64: an address
		if err != nil {
			return 0, false
		}
		to = uintptr(a)
	}
	if calls != 1 {
		return 0, false
	}
	f := runtime.FuncForPC(to)
	return to, f != nil && f.Entry() == to && f.Name() == name
}

// Listing formats instructions one per line, for failure messages.
func Listing(insts []Inst) string {
	var b strings.Builder
	for _, i := range insts {
		b.WriteString(i.String() + "\n")
	}
	return b.String()
}

func op(text string) string {
	op, _, _ := strings.Cut(text, " ")
	return op
}

// decoders by GOARCH; see codegen_*.go.
var decoders = map[string]func(code []byte, pc uint64) ([]Inst, error){}

func decode(code []byte, pc uint64) ([]Inst, error) {
	d, ok := decoders[runtime.GOARCH]
	if !ok {
		return nil, fmt.Errorf("no disassembler for %s", runtime.GOARCH)
	}
	return d(code, pc)
}
