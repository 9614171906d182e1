// Package cpu measures the rows of the latency table that need only a core:
// the clock, a branch mispredict, a mutex, atomics, a system call, thread and
// goroutine switches and a page fault.
//
// Rows answered (see internal/rows):
//
//	BenchmarkClock               cpu_cycle            ns/cycle, GHz
//	BenchmarkBranchMispredict    branch_mispredict    ns/mispredict
//	BenchmarkMutex/contended=no  mutex_lock_unlock    ns/op (one Lock+Unlock)
//	BenchmarkMutex/contended=yes mutex_contended      ns/op
//	BenchmarkAtomicAdd           atomic_add           ns/op
//	BenchmarkCacheLinePingPong   cache_line_ping_pong ns/roundtrip
//	BenchmarkSyscall/call=...    syscall, syscall_go  ns/op
//	BenchmarkContextSwitch/cpus= context_switch_*     ns/switch
//	BenchmarkGoroutineHandoff    goroutine_handoff    ns/handoff
//	BenchmarkPageFault           page_fault           ns/fault
//	BenchmarkCoreToCore/pair=    core_to_core_*       ns/oneway, ns/roundtrip
//	                             (the matrix's cells, and min/median/max)
//
// Each benchmark does many operations per b.Loop iteration and reports the
// time per single operation; where that differs from b.Loop's ns/op the
// benchmark reports ns/op as 0 or overrides it. Benchmarks that need two
// CPUs pin OS threads with sched_setaffinity and skip, saying why, on a
// machine or GOMAXPROCS with fewer than two. macOS cannot pin: there the
// two spinning threads of the contended mutex and the cache-line ping-pong
// run unpinned at the user-interactive QoS class (performance cores), and
// the context switches, which need chosen CPUs, skip.
//
// The package proper holds one routine, getppid in assembly (amd64 and
// arm64 Linux; libc's on macOS), because Go accepts assembly only there;
// everything else is in the tests.
//
// scripts/ref/cpu.c measures the same quantities in C, with the same
// methods, for cross-checking.
package cpu
