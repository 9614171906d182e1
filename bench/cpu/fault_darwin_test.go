package cpu

import "golang.org/x/sys/unix"

// rusageWho counts the whole process's page faults: macOS has no
// per-thread rusage. The benchmark's other threads are idle while it
// touches pages, so the count is nearly all its own.
const rusageWho = unix.RUSAGE_SELF

// noHugePages does nothing: macOS maps anonymous memory with base pages
// (16 KiB on Apple Silicon, 4 KiB on Intel) and has no huge pages to refuse.
func noHugePages(mem []byte) error { return nil }
