package codegen

import (
	"fmt"

	"golang.org/x/arch/x86/x86asm"
)

func init() { decoders["amd64"] = decodeX86 }

// decodeX86 decodes 64-bit x86 code, stopping at the INT3 padding after
// the function.
func decodeX86(code []byte, pc uint64) ([]Inst, error) {
	var out []Inst
	for off := 0; off < len(code); {
		inst, err := x86asm.Decode(code[off:], 64)
		if err != nil {
			return out, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		if inst.Op == x86asm.INT {
			break
		}
		text := x86asm.GoSyntax(inst, pc+uint64(off), nil)
		out = append(out, Inst{Off: off, Op: op(text), Text: text})
		off += inst.Len
	}
	return out, nil
}
