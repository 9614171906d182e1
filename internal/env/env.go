// Package env names the LATENCY_* environment variables that configure a
// run and is their one reader. The user sets them (or the flags of
// `latency run` that default to them); the runner passes the run's profile,
// scratch directory and peer on to the benchmark processes through them, so
// a bench package run by plain `go test` reads the same settings.
//
// A variable private to one package and the child process it starts
// (benchmain.EnvWorker, bench/network's child server) stays in that package.
package env

import (
	"cmp"
	"os"
)

// The variables.
const (
	ProfileVar      = "LATENCY_PROFILE"       // test | quick | default
	ScratchVar      = "LATENCY_SCRATCH"       // directory for scratch files
	ScratchSizeVar  = "LATENCY_SCRATCH_SIZE"  // size of the big read file, e.g. 256MiB
	ScratchForceVar = "LATENCY_SCRATCH_FORCE" // set to skip the free-space check
	PeerVar         = "LATENCY_PEER"          // host:port of a `latency echo` server
	IOUringVar      = "LATENCY_IO_URING"      // "off": the queue-depth benchmarks use threads
	EmulatedVar     = "LATENCY_EMULATED"      // set: the benchmarks run under an emulator
)

// Profile returns $LATENCY_PROFILE, or "default" if it is unset or empty.
// It is not checked: the runner's profiles and scratch.Size say what a bad
// name means.
func Profile() string { return cmp.Or(os.Getenv(ProfileVar), "default") }

// Scratch returns $LATENCY_SCRATCH, or "." (the current directory) if it is
// unset or empty.
func Scratch() string { return cmp.Or(os.Getenv(ScratchVar), ".") }

// ScratchSize returns $LATENCY_SCRATCH_SIZE as given ("256MiB"), or "" if
// it is unset: the profile then decides.
func ScratchSize() string { return os.Getenv(ScratchSizeVar) }

// ScratchForce reports whether $LATENCY_SCRATCH_FORCE is set to any value.
func ScratchForce() bool { return os.Getenv(ScratchForceVar) != "" }

// Peer returns $LATENCY_PEER, "" if no peer is given.
func Peer() string { return os.Getenv(PeerVar) }

// IOUringOff reports whether $LATENCY_IO_URING is "off".
func IOUringOff() bool { return os.Getenv(IOUringVar) == "off" }

// Emulated reports whether $LATENCY_EMULATED is set to any value: the
// benchmarks run under an emulator (make cross runs the linux/arm64 ones
// under qemu-user). A timing check that proves a method on real hardware
// (the branch mispredict's random pass costing more than the sorted one) is
// then logged instead of failing the benchmark, as an emulator's timings
// mean nothing.
func Emulated() bool { return os.Getenv(EmulatedVar) != "" }
