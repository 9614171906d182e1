// Package clock measures the core's real clock by timing a chain of
// dependent one-cycle integer adds (amd64 and arm64 assembly).
//
// Note: the time stamp counter runs at a fixed nominal rate, not at the
// core's current clock, and guests under a hypervisor usually cannot read
// the cycle counters (perf says <not supported>). A chain of adds, each
// waiting for the previous result, retires one add per core cycle on every
// x86-64 core of the last twenty years and on every arm64 core (Cortex-A,
// Neoverse, Apple), so its time per add is the cycle time at whatever
// frequency the core runs now. The loop counter and branch run in parallel
// with the chain and cost nothing extra.
package clock
