package cpu

import "os"

// EnvEmulated, set to any value, says the benchmarks run under an emulator
// (make cross runs the linux/arm64 ones under qemu-user).
const EnvEmulated = "LATENCY_EMULATED"

// emulated reports whether EnvEmulated is set: a timing check that proves a
// method on real hardware (the branch mispredict's random pass costing more
// than the sorted one) is then logged instead of failing the benchmark, as
// an emulator's timings mean nothing.
func emulated() bool { return os.Getenv(EnvEmulated) != "" }
