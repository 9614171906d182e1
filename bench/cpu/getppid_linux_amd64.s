#include "textflag.h"

// func getppid() uintptr
//
// Linux/amd64 only: the number is Linux's.
TEXT ·getppid(SB), NOSPLIT, $0-8
	MOVQ $110, AX // SYS_getppid on linux/amd64
	SYSCALL
	MOVQ AX, ret+0(FP)
	RET
