#include "textflag.h"

// func countAbove(data []byte, threshold byte) int
//
// The plainest loop with one data-dependent branch: load a byte (and
// advance), compare, branch over one increment when it is below threshold,
// loop.
TEXT ·countAbove(SB), NOSPLIT, $0-40
	MOVD  data_base+0(FP), R0
	MOVD  data_len+8(FP), R1
	MOVBU threshold+24(FP), R2
	MOVD  ZR, R3
	ADD   R0, R1, R1 // the end
	CMP   R0, R1
	BEQ   done

loop:
	MOVBU.P 1(R0), R4
	CMP     R2, R4
	BLO     skip   // below threshold (unsigned)
	ADD     $1, R3

skip:
	CMP R0, R1
	BNE loop

done:
	MOVD R3, ret+32(FP)
	RET
