#include "textflag.h"

// func getppid() uintptr
//
// Linux/arm64: the system call number goes in R8, the result comes back in R0.
TEXT ·getppid(SB), NOSPLIT, $0-8
	MOVD $173, R8 // SYS_getppid on linux/arm64
	SVC
	MOVD R0, ret+0(FP)
	RET
