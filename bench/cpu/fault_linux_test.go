package cpu

import "golang.org/x/sys/unix"

// rusageWho counts the calling thread's page faults alone.
const rusageWho = unix.RUSAGE_THREAD

// noHugePages keeps transparent huge pages of any size off mem, so each
// base page faults on its own.
func noHugePages(mem []byte) error { return unix.Madvise(mem, unix.MADV_NOHUGEPAGE) }
