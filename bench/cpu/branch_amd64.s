#include "textflag.h"

// func countAbove(data []byte, threshold byte) int
//
// The plainest loop with one data-dependent branch: load a byte, compare,
// jump over one increment when it is below threshold, advance, loop.
TEXT ·countAbove(SB), NOSPLIT, $0-40
	MOVQ    data_base+0(FP), SI
	MOVQ    data_len+8(FP), DI
	MOVBLZX threshold+24(FP), DX
	XORQ    CX, CX
	ADDQ    SI, DI // the end
	CMPQ    SI, DI
	JEQ     done

loop:
	MOVBLZX (SI), AX
	CMPL    AX, DX
	JCS     skip   // below threshold (unsigned)
	ADDQ    $1, CX

skip:
	ADDQ $1, SI
	CMPQ SI, DI
	JNE  loop

done:
	MOVQ CX, ret+32(FP)
	RET
