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

// Disassemble decodes the machine code of fn, a Go function (not a closure
// or method value), up to its end or the padding after its last
// instruction. It fails on architectures it has no decoder for.
func Disassemble(fn any) ([]Inst, error) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("disassembling a %T: not a function", fn)
	}
	code0 := v.UnsafePointer() // a func's code pointer
	entry := uintptr(code0)
	f := runtime.FuncForPC(entry)
	if f == nil || f.Entry() != entry {
		return nil, fmt.Errorf("no function starts at %#x", entry)
	}
	n := 0
	for g := f; g != nil && g.Entry() == entry; g = runtime.FuncForPC(entry + uintptr(n)) {
		n++
	}
	code := unsafe.Slice((*byte)(code0), n)
	insts, err := decode(code, uint64(entry))
	if err != nil {
		return insts, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return insts, nil
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
