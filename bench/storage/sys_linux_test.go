package storage

import "golang.org/x/sys/unix"

// System calls for the timed I/O.
const (
	sysPread  = unix.SYS_PREAD64
	sysPwrite = unix.SYS_PWRITE64
)

// syncers are the sync calls BenchmarkWriteSync times.
var syncers = []syncer{fdatasync, fsync}
