package codegen

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/arch/arm64/arm64asm"
)

func init() { decoders["arm64"] = decodeARM64 }

// decodeARM64 decodes arm64 code, four bytes an instruction, stopping at
// the zero words that pad the function.
func decodeARM64(code []byte, pc uint64) ([]Inst, error) {
	var out []Inst
	for off := 0; off+4 <= len(code); off += 4 {
		if binary.LittleEndian.Uint32(code[off:]) == 0 {
			break
		}
		inst, err := arm64asm.Decode(code[off:])
		if err != nil {
			return out, fmt.Errorf("decoding +%#x: %w", off, err)
		}
		text := arm64asm.GoSyntax(inst, pc+uint64(off), nil, nil)
		out = append(out, Inst{Off: off, Op: op(text), Text: text})
	}
	return out, nil
}
