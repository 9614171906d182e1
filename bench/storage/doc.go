// Package storage measures the storage rows of the latency table on the
// filesystem of the scratch directory ($LATENCY_SCRATCH, else the current
// directory), the way fio and ioping do:
//
//   - BenchmarkRandomRead4K (ssd_random_read_4kb, disk_seek): 4 KiB reads at
//     random 4 KiB-aligned offsets of one big file, one at a time (queue
//     depth 1), O_DIRECT into a page-aligned buffer. ns/op is the mean;
//     p50-ns, p99-ns and p999-ns are per-sample percentiles of the single
//     reads, each timed on its own.
//   - BenchmarkRandomRead4KQD (ssd_random_read_4kb_qd*): the same reads of
//     the same file with 1, 4, 16 or 32 in flight, through io_uring
//     (package uring), or threads with pread where io_uring is not
//     permitted (engine= in the name says which). ns/op is the time per
//     read at that depth (1/IOPS); IOPS; p50-ns and p99-ns per read.
//   - BenchmarkSeqRead1M (ssd_sequential_read_1mb, disk_sequential_read_1mb):
//     consecutive 1 MiB O_DIRECT reads of the same file, wrapping at its
//     end, into one huge page (physically contiguous: transparent, collapsed
//     if a fault did not get one, else from the reserved pool) so each read
//     is one device request, as with fio --mem=mmaphuge. ns/op is the time
//     per MiB; MB/s follows from SetBytes; huge-pct says how much of the
//     buffer is on huge pages and requests/op how many read requests the
//     disk completed per read.
//   - BenchmarkWriteSync (extra rows): a 4 KiB write followed by fdatasync or
//     fsync (or, on macOS, F_FULLFSYNC), overwriting a preallocated file in
//     order, as a database commit to a write-ahead log does. Mean, p50-ns,
//     p99-ns.
//   - BenchmarkCachedRead (extra rows): buffered 4 KiB random and 1 MiB
//     sequential reads of a file held in the page cache (checked with
//     mincore): what the same read costs when the device is not involved.
//   - BenchmarkCreateWrite1M (extra row): create a new file, write 1 MiB,
//     fsync, close.
//
// The timed reads, writes and syncs are raw system calls, as fio makes them:
// the Go scheduler's bookkeeping around a blocking call adds to the tail.
//
// The file the O_DIRECT benchmarks read is created once per process (1 GiB
// by default, 256 MiB with LATENCY_PROFILE=quick, 64 MiB with test, or
// $LATENCY_SCRATCH_SIZE), filled with fresh random bytes with 1 MiB O_DIRECT
// writes from a contiguous buffer and fsynced, so no layer can answer from zero pages, the page cache
// or an earlier run. Before the first timed read the device is warmed up
// with random reads (300 ms by default), and the log file of
// BenchmarkWriteSync with commits: a disk that has idled (power saving, a VM
// host's throttling) answers its first requests several times slower than
// the next.
//
// Files go where the user's data is, not to /tmp. Free space is checked
// before anything is written; the benchmarks skip, saying how much is
// needed, if it is short (LATENCY_SCRATCH_SIZE shrinks the file,
// LATENCY_SCRATCH_FORCE=1 skips the check). On tmpfs or another memory
// filesystem the device benchmarks skip ("tmpfs at /path is memory, not a
// disk"): tmpfs accepts O_DIRECT on recent kernels, so the filesystem type
// decides, not the open. In a directory where no file can be created they
// skip saying so. The warm-up and the 1 GiB file are also why the
// device rows cost a few seconds each at the default profile.
//
// On macOS, which has no O_DIRECT, the device benchmarks turn the buffer
// cache off with fcntl(F_NOCACHE) instead, and BenchmarkWriteSync adds
// sync=fullfsync: fcntl(F_FULLFSYNC), the only call there that makes the
// drive empty its write cache (fsync and fdatasync return once the drive has
// the data, not the medium). BenchmarkCreateWrite1M's os.File.Sync is
// F_FULLFSYNC on macOS. macOS has no sysfs, so the device's model and
// whether it rotates are not known there.
//
// Nothing outlives the process: read and write files are unlinked as soon as
// they are created, and the directory that BenchmarkCreateWrite1M fills is
// removed by the benchmark, by TestMain, and on SIGINT, SIGTERM or SIGHUP
// (see package scratch).
package storage
