package storage

import "golang.org/x/sys/unix"

// System calls for the timed I/O.
const (
	sysPread  = unix.SYS_PREAD
	sysPwrite = unix.SYS_PWRITE
)

// fullfsync is fcntl(F_FULLFSYNC): the sync that reaches the medium on
// macOS.
//
// Note: on macOS fsync and fdatasync hand the data to the drive and return;
// they do not ask it to empty its volatile write cache, so a power cut can
// still lose the "synced" write. F_FULLFSYNC does ask, and is what SQLite
// (fullfsync pragma), Go's os.File.Sync and careful databases use there. It
// is often ten or more times slower: the figure people get wrong most.
var fullfsync = syncer{"fullfsync", unix.SYS_FCNTL, unix.F_FULLFSYNC}

// syncers are the sync calls BenchmarkWriteSync times.
var syncers = []syncer{fdatasync, fsync, fullfsync}
