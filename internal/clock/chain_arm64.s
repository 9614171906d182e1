#include "textflag.h"

// func addChain(n int, step uint64) uint64
//
// R0 accumulates; each ADD reads the R0 the previous one wrote. The loop
// counter (R1) and the branch are independent of the chain.
TEXT ·addChain(SB), NOSPLIT, $0-24
	MOVD n+0(FP), R1
	MOVD step+8(FP), R2
	MOVD ZR, R0
	CMP  $0, R1
	BLE  done

loop:
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	ADD  R2, R0, R0
	SUB  $1, R1, R1
	CBNZ R1, loop

done:
	MOVD R0, ret+16(FP)
	RET
