// Package rows is the latency table as data: every row of the classic
// "latency numbers every engineer should know" list with the guide's figure,
// the extra rows this suite adds, and, for each, the benchmark whose result
// answers it.
//
// It is the one place where benchmark names meet row ids, and the one
// source of each row's work (for rates), the metric of Scott's model it
// sits beside and its English phrases for `latency estimate`. A new row
// family adds a bench/<family> package and its lines here; nothing else
// changes.
package rows

import (
	"net"
	"net/netip"
	"strings"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/netphys"
)

// Kind says how a row's figure was obtained.
type Kind string

const (
	Measured    Kind = "measured"     // timed on this machine
	Computed    Kind = "computed"     // derived from physics or a formula, not timed
	NotMeasured Kind = "not_measured" // no figure; the note says why
)

// A Row is one line of the report.
type Row struct {
	ID        string  // stable id used in JSON, charts and comparisons
	Operation string  // what the guide (or this suite) calls it
	GuideNS   float64 // the guide's figure in ns; 0 for extra rows
	Family    string  // memory, cpu, storage, network, compress, cache
	Cycles    bool    // also show the figure in CPU cycles

	// Sources are the benchmarks that can answer this row, best first; the
	// first one with results in the file wins.
	Sources []Source

	// Compute, if set, gives a computed figure when no source has results
	// (the physics floor of a WAN round trip, the wire time of 1 KB).
	Compute func(c Context) (ns float64, note string, ok bool)
	// ComputedAs names what a computed figure is ("physics floor", "wire
	// time"): the report says it where a measured figure is set against
	// the guide's as faster or slower.
	ComputedAs string

	// Work says what one operation of the row does, for its rate and the
	// time for a mebibyte or a gibibyte of it; the zero Work when its figure
	// implies no rate worth quoting (a branch mispredict, a CPU cycle).
	Work Work

	// Scott names the figure of Colin Scott's model (package scott) the row
	// sits beside, in the page's words ("Disk seek"); "" when the page has
	// none.
	Scott string

	// Phrases are the English for the row's work in a question to `latency
	// estimate`: a verb, SIZE, then lower-case words ("read SIZE
	// sequentially from ssd"). The first is the one suggestions show, the
	// rest other spellings of it.
	Phrases []string
	// PhraseBytes, if set, is the bytes one operation handles in a phrase
	// where that is not Work.Bytes: a finer grain than the row's work
	// (main_memory_reference, disk_seek).
	PhraseBytes float64

	// Missing explains a row with no figure, for rows whose benchmark may be
	// absent by design (peer mode not requested, no rotating disk). The
	// runner's recorded skip reason, when there is one, takes precedence.
	Missing string
}

// A Source names one benchmark result that answers a row.
type Source struct {
	// Bench is the benchmark name without the "Benchmark" prefix and the
	// -GOMAXPROCS suffix, e.g. "CacheRef/level=L1". A result matches if its
	// name equals Bench or continues it with further /key=value parts.
	Bench string
	// Unit is the metric to read, a time per single operation ("ns/load",
	// "ns/op", "p50-ns"). Its figure is taken as nanoseconds.
	Unit string
	// Note says in one line what was really measured. {key} is replaced by
	// the value of a name part (size=...), a machine fact (l1d-cache: ...),
	// or a metric of the same result ({huge-pct}), in that order; {a|b}
	// by a's value, else b's. [[Text]] is left out unless all its keys are
	// known.
	Note string
	// Size, if set, is the fact that gave the working set of results files
	// whose benchmark names predate their size= part ("ws-l1"): what a
	// comparison checks for such files in place of the name.
	Size string
	// When, if set, must hold for the source to be used (for example only
	// when the storage device really is a rotating disk).
	When func(c Context) bool
	// OS, if set, is the only operating system whose runs the source
	// answers ("darwin"): there the OS's own means measured the row, and
	// the note says how. A run's OS is read from its kernel fact.
	OS string
	// Kind overrides Measured (a benchmark can report a computed figure).
	Kind Kind
	// Matrix, if set, makes Bench the prefix of a node × node matrix
	// (NodeRTT/src=a/dst=b/zone=same): the source answers with its median
	// same-zone pair (or, when no pair's zones are known, its median pair
	// of unknown zones; never a cross-zone pair), and {pairs} in the note
	// is how many pairs that median was taken over.
	Matrix bool
}

// Context is what a row's hooks may consult: the machine facts and the
// summary of any benchmark result in the same file.
type Context interface {
	Fact(key string) string
	// Value returns the center (median) of the named benchmark's unit.
	Value(bench, unit string) (float64, bool)
}

// Table lists the guide's rows in the guide's order, then the extra rows by
// family. Row ids are stable: they are the keys users compare across runs.
var Table = []Row{
	// The classic table (Dean & Norvig, 2009-2012).
	{ID: "l1_cache_reference", Operation: "L1 cache reference", GuideNS: 0.5, Family: "memory", Cycles: true,
		Scott: "L1 cache reference", Work: Work{Ops: "loads", Scope: OneCore},
		Sources: []Source{{Bench: "CacheRef/level=L1", Unit: "ns/load", OS: "darwin", Size: "ws-l1",
			Note: "dependent pointer chase, random cycle over {size|ws-l1} (half of the performance cores' L1d: {l1-cache}), {page-size} pages, " + macPlacement},
			{Bench: "CacheRef/level=L1", Unit: "ns/load", Size: "ws-l1",
				Note: "dependent pointer chase, random cycle over {size|ws-l1} (half of L1d: {l1-cache}), huge pages"}}},
	{ID: "branch_mispredict", Operation: "Branch mispredict", GuideNS: 5, Family: "cpu", Cycles: true,
		Scott: "Branch mispredict",
		Sources: []Source{{Bench: "BranchMispredict", Unit: "ns/mispredict",
			Note: "same loop over random vs sorted bytes; extra time per mispredicted branch[[: {cycles} cycles, where vendors document about 13–17 for refilling the pipeline alone; the rest is resolving the next branch (its byte's load and compare) after the refill]]"}}},
	{ID: "l2_cache_reference", Operation: "L2 cache reference", GuideNS: 7, Family: "memory", Cycles: true,
		Scott: "L2 cache reference", Work: Work{Ops: "loads", Scope: OneCore},
		Sources: []Source{{Bench: "CacheRef/level=L2", Unit: "ns/load", OS: "darwin", Size: "ws-l2",
			Note: "dependent pointer chase, random cycle over {size|ws-l2} (half of the performance cores' shared L2: {l2-cache}), {page-size} pages, " + macPlacement},
			{Bench: "CacheRef/level=L2", Unit: "ns/load", Size: "ws-l2",
				Note: "dependent pointer chase, random cycle over {size|ws-l2} (half of L2: {l2-cache}), huge pages"}}},
	{ID: "mutex_lock_unlock", Operation: "Mutex lock/unlock", GuideNS: 25, Family: "cpu", Cycles: true,
		Scott: "Mutex lock/unlock", Work: Work{Ops: "lock/unlocks", Scope: OneCore},
		Sources: []Source{{Bench: "Mutex/contended=no", Unit: "ns/op",
			Note: "sync.Mutex Lock+Unlock, uncontended, one goroutine"}}},
	{ID: "main_memory_reference", Operation: "Main memory reference", GuideNS: 100, Family: "memory", Cycles: true,
		Scott: "Main memory reference", Work: Work{Ops: "loads", Scope: OneCore},
		// A phrase's random read from memory is one reference per 64 B
		// cache line, what a reference brings in; the row's work is loads.
		Phrases: []string{"read SIZE randomly from memory", "read SIZE randomly from ram", "read SIZE randomly from dram"}, PhraseBytes: line,
		Sources: []Source{{Bench: "MainMemory/pages=16KiB", Unit: "ns/load", OS: "darwin", Size: "ws-dram",
			Note: "dependent pointer chase over {size|ws-dram}, 16 KiB pages: macOS has no transparent huge pages, so TLB misses are included; " + macPlacement},
			{Bench: "MainMemory/pages=4KiB", Unit: "ns/load", OS: "darwin", Size: "ws-dram",
				Note: "dependent pointer chase over {size|ws-dram}, 4 KiB pages: macOS has no transparent huge pages, so TLB misses are included; " + macPlacement},
			{Bench: "MainMemory/pages=huge", Unit: "ns/load", Size: "ws-dram",
				Note: "dependent pointer chase over {size|ws-dram}, huge pages requested ({huge-pct}% granted), moved to fresh memory every fourth sample"}}},
	{ID: "compress_1kb_snappy", Operation: "Compress 1 KB with Snappy", GuideNS: 10_000, Family: "compress",
		Scott: "Compress 1KB wth Zippy", Work: Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"compress SIZE with snappy"},
		Sources: []Source{{Bench: "Compress/codec=snappy/block=1KiB/file=all", Unit: "ns/op",
			Note: "golang/snappy Encode of every 1 KiB block of the Snappy benchmark corpus in turn (2456 blocks of 10 files), per block in the median pass over them, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "send_1kb_1gbps", Operation: "Send 1 KB over 1 Gbps network", GuideNS: 10_000, Family: "network",
		Scott: "Send 2,000 bytes over commodity network", Work: Work{Bytes: kib, Scope: OneLink},
		Phrases: []string{"send SIZE over 1gbps"},
		Compute: wireTime(1), ComputedAs: wireTimeWords},
	{ID: "ssd_random_read_4kb", Operation: "Read 4 KB randomly from SSD", GuideNS: 150_000, Family: "storage",
		Scott: "SSD random read", Work: Work{Bytes: 4 * kib, Ops: "reads", Scope: QueueDepth1},
		Phrases: []string{"read SIZE randomly from ssd"},
		Sources: deviceSources("RandomRead4K", "p50-ns",
			"O_DIRECT 4 KiB reads at random offsets of a {file} file, queue depth 1, median")},
	{ID: "memory_sequential_read_1mb", Operation: "Read 1 MB sequentially from memory", GuideNS: 250_000, Family: "memory",
		Scott: "Read 1,000,000 bytes sequentially from memory", Work: Work{Bytes: mib, Scope: OneCore},
		Phrases: []string{"read SIZE sequentially from memory", "read SIZE sequentially from ram", "read SIZE sequentially from dram"},
		Sources: []Source{{Bench: "SeqRead/src=dram", Unit: "ns/op", Size: "ws-dram",
			Note: "read a different cold 1 MiB of a {size|ws-dram} buffer each time (DRAM, not cache), {GB/s} GB/s"}}},
	{ID: "datacenter_round_trip", Operation: "Round trip within same datacenter", GuideNS: 500_000, Family: "network",
		Scott: "Round trip in same datacenter", Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{
			{Bench: "NodeRTT", Unit: "p50-ns", Matrix: true, When: peerIs(PeerDatacenter),
				Note: "node × node matrix, nodes in one datacenter as the run said (-where datacenter): the median of {pairs} pair(s) of nodes with zone {zone}, measured from {src} to {dst}: TCP 64 B ping-pong with `latency echo` there, full round trip, median (p99 {p99-ns} ns)"},
			{Bench: peerTCP, Unit: "p50-ns", When: peerIs(PeerDatacenter),
				Note: "peer mode, measured to {peer}, in the same datacenter as the user said (-peer-where datacenter): TCP 64 B ping-pong with `latency echo` there, full round trip, median (p99 {p99-ns} ns)"},
			{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=any", Unit: "p50-ns", OS: "darwin",
				Note: "loopback, not a network (no NIC, switch or cable): TCP 64 B ping-pong between two processes, blocking syscalls, full round trip, median; a lower bound. " + anyPlacement},
			{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=1", Unit: "p50-ns",
				Note: "loopback, not a network (no NIC, switch or cable): TCP 64 B ping-pong between two processes on one CPU, blocking syscalls, full round trip, median; a lower bound"},
		}},
	{ID: "ssd_sequential_read_1mb", Operation: "Read 1 MB sequentially from SSD", GuideNS: 1_000_000, Family: "storage",
		Scott: "Read 1,000,000 bytes sequentially from SSD", Work: Work{Bytes: mib, Scope: QueueDepth1},
		Phrases: []string{"read SIZE sequentially from ssd"},
		Sources: deviceSources("SeqRead1M", "ns/op",
			"O_DIRECT consecutive 1 MiB reads of a {file} file, mean, {MB/s} MB/s"+seqRequests)},
	{ID: "disk_seek", Operation: "Disk seek", GuideNS: 10_000_000, Family: "storage",
		Scott: "Disk seek", Work: Work{Ops: "seeks", Scope: QueueDepth1},
		// A phrase's random read from a disk is one seek per 4 KiB, the
		// read the row times; the row's work is seeks.
		Phrases: []string{"read SIZE randomly from disk"}, PhraseBytes: 4 * kib,
		Sources: []Source{
			{Bench: "RandomRead4K", Unit: "ns/op", When: storageIs(rotatingDisk),
				Note: "O_DIRECT 4 KiB reads at random offsets of a {file} file on rotating disk {scratch-device} ({scratch-model}): seek + rotation within the file, mean"},
			{Bench: "RandomRead4K", Unit: "p50-ns", Kind: NotMeasured, When: storageIsNot(rotatingDisk),
				Note: "no rotating disk: {scratch-device} ({scratch-model}) has no platter to seek; its 4 KiB random read took {p50-ns} ns (median)"},
		},
		Missing: "no rotating disk measured"},
	{ID: "disk_sequential_read_1mb", Operation: "Read 1 MB sequentially from disk", GuideNS: 30_000_000, Family: "storage",
		Scott: "Read 1,000,000 bytes sequentially from disk", Work: Work{Bytes: mib, Scope: QueueDepth1},
		Phrases: []string{"read SIZE sequentially from disk"},
		Sources: []Source{
			{Bench: "SeqRead1M", Unit: "ns/op", When: storageIs(rotatingDisk),
				Note: "O_DIRECT consecutive 1 MiB reads of a {file} file on rotating disk {scratch-device} ({scratch-model}), mean, {MB/s} MB/s" + seqRequests},
			{Bench: "RandomRead4K", Unit: "p50-ns", Kind: NotMeasured, When: storageIsNot(rotatingDisk),
				Note: "no rotating disk: {scratch-device} ({scratch-model}) has no platter; its 4 KiB random read took {p50-ns} ns (median), its 1 MiB reads are in ssd_sequential_read_1mb"},
		},
		Missing: "no rotating disk measured"},
	{ID: "wan_round_trip_ca_nl", Operation: "Send packet CA→Netherlands→CA", GuideNS: 150_000_000, Family: "network",
		Scott: "Packet roundtrip CA to Netherlands", Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: peerTCP, Unit: "p50-ns", When: peerIs(PeerWAN),
			Note: "peer mode, measured to {peer}, across a WAN as the user said (-peer-where wan), not necessarily in the Netherlands: TCP 64 B ping-pong, full round trip, median"}},
		Compute: wanFloor, ComputedAs: "physics floor"},

	// Extra rows: memory.
	{ID: "l3_cache_reference", Operation: "L3 cache reference", Family: "memory", Cycles: true,
		Work: Work{Ops: "loads", Scope: OneCore},
		Sources: []Source{{Bench: "CacheRef/level=L3", Unit: "ns/load", OS: "darwin", Size: "ws-l3",
			Note: "dependent pointer chase, random cycle over {size|ws-l3} (4× L2), {page-size} pages; Apple chips report no L3 (their system-level cache is shared with the GPU), so this may be DRAM: the memory curve shows where the caches end"},
			{Bench: "CacheRef/level=L3", Unit: "ns/load", Size: "ws-l3",
				Note: "dependent pointer chase, random cycle over {size|ws-l3} (4× L2; reported L3: {l3-cache}), huge pages; the memory curve shows where L3 really ends"}}},
	{ID: "main_memory_reference_4k_pages", Operation: "Main memory reference, 4 KiB pages", Family: "memory", Cycles: true,
		Work: Work{Ops: "loads", Scope: OneCore},
		Sources: []Source{{Bench: "MainMemory/pages=4KiB", Unit: "ns/load", Size: "ws-dram",
			Note: "as main memory reference over {size|ws-dram} but 4 KiB pages ({huge-pct}% huge): includes TLB misses and page walks; moved to fresh memory every fourth sample"}}},
	{ID: "memory_cached_read_1mb", Operation: "Read 1 MB sequentially from cache", Family: "memory",
		Work:    Work{Bytes: mib, Scope: OneCore},
		Phrases: []string{"read SIZE sequentially from cache"},
		Sources: []Source{{Bench: "SeqRead/src=cache", Unit: "ns/op",
			Note: "the same 1 MiB read again and again (served by L2/L3), {GB/s} GB/s"}}},

	// Extra rows: storage.
	{ID: "write_4kb_fdatasync", Operation: "Write 4 KB + fdatasync", Family: "storage",
		Work: Work{Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
		Sources: []Source{{Bench: "WriteSync/sync=fdatasync", Unit: "p50-ns", OS: "darwin",
			Note: "buffered 4 KiB overwrite of a preallocated file, then fdatasync on {scratch-device}, {scratch-fs}; median. " + macSync},
			{Bench: "WriteSync/sync=fdatasync", Unit: "p50-ns",
				Note: "buffered 4 KiB overwrite of a preallocated file, then fdatasync (a database commit) on {scratch-device}, {scratch-fs}; median"}}},
	{ID: "write_4kb_fsync", Operation: "Write 4 KB + fsync", Family: "storage",
		Work: Work{Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
		Sources: []Source{{Bench: "WriteSync/sync=fsync", Unit: "p50-ns", OS: "darwin",
			Note: "buffered 4 KiB overwrite of a preallocated file, then fsync on {scratch-device}, {scratch-fs}; median. " + macSync},
			{Bench: "WriteSync/sync=fsync", Unit: "p50-ns",
				Note: "buffered 4 KiB overwrite of a preallocated file, then fsync (data and inode) on {scratch-device}, {scratch-fs}; median"}}},
	{ID: "write_4kb_fullfsync", Operation: "Write 4 KB + F_FULLFSYNC (macOS)", Family: "storage",
		Work: Work{Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
		Sources: []Source{{Bench: "WriteSync/sync=fullfsync", Unit: "p50-ns", OS: "darwin",
			Note: "buffered 4 KiB overwrite of a preallocated file, then fcntl(F_FULLFSYNC) on {scratch-device}, {scratch-fs}: the drive empties its write cache, the only macOS sync that reaches the medium (a database commit there); median"}},
		Missing: "macOS only: on Linux fsync and fdatasync already flush the drive's write cache (write_4kb_fsync)"},
	{ID: "page_cache_read_4kb", Operation: "Read 4 KB from the page cache", Family: "storage",
		Work:    Work{Bytes: 4 * kib, Ops: "reads", Scope: OneCore},
		Phrases: []string{"read SIZE randomly from page cache"},
		Sources: []Source{{Bench: "CachedRead/size=4KiB", Unit: "ns/op",
			Note: "buffered 4 KiB read at a random offset of a file held in the page cache: no device I/O"}}},
	{ID: "page_cache_read_1mb", Operation: "Read 1 MB from the page cache", Family: "storage",
		Work:    Work{Bytes: mib, Scope: OneCore},
		Phrases: []string{"read SIZE sequentially from page cache"},
		Sources: []Source{{Bench: "CachedRead/size=1MiB", Unit: "ns/op",
			Note: "buffered 1 MiB sequential read of a file held in the page cache: no device I/O, {MB/s} MB/s"}}},
	{ID: "file_create_write_1mb", Operation: "Create a file, write 1 MB, fsync", Family: "storage",
		Work: Work{Bytes: mib, Ops: "files", Scope: QueueDepth1},
		Sources: []Source{{Bench: "CreateWrite1M", Unit: "p50-ns", OS: "darwin",
			Note: "create a new file, write 1 MiB, F_FULLFSYNC (Go's File.Sync on macOS), close, on {scratch-device}, {scratch-fs}; median"},
			{Bench: "CreateWrite1M", Unit: "p50-ns",
				Note: "create a new file, write 1 MiB, fsync, close, on {scratch-device}, {scratch-fs}; median"}}},

	// Extra rows: CPU.
	{ID: "cpu_cycle", Operation: "CPU cycle (dependent add)", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: Clock.Bench, Unit: Clock.Unit,
			Note: "chain of dependent 1-cycle adds, fastest iteration: the core's real clock period"}}},
	{ID: "atomic_add", Operation: "Atomic add, uncontended", Family: "cpu", Cycles: true,
		Work: Work{Ops: "adds", Scope: OneCore},
		Sources: []Source{{Bench: "AtomicAdd", Unit: "ns/op",
			Note: "sync/atomic AddInt64 on a private cache line"}}},
	{ID: "cache_line_ping_pong", Operation: "Cache line ping-pong between cores", Family: "cpu", Cycles: true,
		Work: Work{Ops: "round trips", Scope: "two cores"},
		Sources: []Source{{Bench: "CacheLinePingPong", Unit: "ns/roundtrip", OS: "darwin",
			Note: "two spinning threads hand a cache line back and forth; full round trip. " + macTwoThreads},
			{Bench: "CacheLinePingPong", Unit: "ns/roundtrip",
				Note: "two threads pinned to two CPUs hand a cache line back and forth; full round trip"}}},
	{ID: "mutex_contended", Operation: "Mutex lock/unlock, contended", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "Mutex/contended=yes", Unit: "ns/op", OS: "darwin",
			Note: "two goroutines on two threads Lock+Unlock one sync.Mutex; time per pair, per goroutine. " + macTwoThreads},
			{Bench: "Mutex/contended=yes", Unit: "ns/op",
				Note: "two goroutines on two CPUs Lock+Unlock one sync.Mutex; time per pair, per goroutine"}}},
	{ID: "syscall", Operation: "System call (getppid)", Family: "cpu", Cycles: true,
		Work: Work{Ops: "calls", Scope: OneCore},
		Sources: []Source{{Bench: "Syscall/call=getppid", Unit: "ns/op", OS: "darwin",
			Note: "libc getppid(), as C calls it on macOS (there is no stable interface below libc), no Go runtime hooks"},
			{Bench: "Syscall/call=getppid", Unit: "ns/op",
				Note: "raw getppid system call, no Go runtime hooks"}}},
	{ID: "syscall_go", Operation: "System call through the Go runtime (getppid)", Family: "cpu", Cycles: true,
		Work: Work{Ops: "calls", Scope: OneCore},
		Sources: []Source{{Bench: "Syscall/call=getppid-go", Unit: "ns/op",
			Note: "getppid via unix.Syscall, with the scheduler's entersyscall/exitsyscall"}}},
	{ID: "context_switch_1cpu", Operation: "Thread context switch, one CPU", Family: "cpu",
		Work: Work{Ops: "switches", Scope: OneCore},
		Sources: []Source{{Bench: "ContextSwitch/cpus=1", Unit: "ns/switch",
			Note: "two OS threads pinned to one CPU ping-pong through pipes; per switch"}}},
	{ID: "context_switch_2cpu", Operation: "Thread wake-up across CPUs", Family: "cpu",
		Work: Work{Ops: "hand-offs", Scope: "two cores"},
		Sources: []Source{{Bench: "ContextSwitch/cpus=2", Unit: "ns/switch",
			Note: "two OS threads on two CPUs ping-pong through pipes; per one-way hand-off"}}},
	{ID: "goroutine_handoff", Operation: "Goroutine hand-off (channel)", Family: "cpu",
		Work: Work{Ops: "hand-offs", Scope: OneCore},
		Sources: []Source{{Bench: "GoroutineHandoff", Unit: "ns/handoff",
			Note: "unbuffered channel ping-pong between two goroutines; per one-way hand-off"}}},
	{ID: "page_fault", Operation: "Page fault (first touch)", Family: "cpu",
		Work: Work{Bytes: 4 * kib, Ops: "faults", Scope: OneCore},
		Sources: []Source{{Bench: "PageFault", Unit: "ns/fault", OS: "darwin",
			Note: "first write to a fresh anonymous {page-size} page (kernel allocates and zeroes it); faults counted for the whole process, as macOS has no per-thread count"},
			{Bench: "PageFault", Unit: "ns/fault",
				Note: "first write to a fresh anonymous 4 KiB page (kernel allocates and zeroes it)"}}},

	// Extra rows: compress (bench/compress). Same 1 KiB corpus blocks as
	// compress_1kb_snappy; ns per block, mean over the corpus.
	{ID: "decompress_1kb_snappy", Operation: "Decompress 1 KB with Snappy", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"decompress SIZE with snappy"},
		Sources: []Source{{Bench: "Decompress/codec=snappy/block=1KiB/file=all", Unit: "ns/op",
			Note: "golang/snappy Decode of every Snappy-compressed 1 KiB corpus block in turn, per block in the median pass over the corpus, {MB/s} MB/s of output"}}},
	{ID: "compress_1kb_s2", Operation: "Compress 1 KB with S2", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"compress SIZE with s2"},
		Sources: []Source{{Bench: "Compress/codec=s2/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress s2.Encode of every 1 KiB corpus block in turn, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_s2_better", Operation: "Compress 1 KB with S2 (better)", Family: "compress",
		Work: Work{Bytes: kib, Scope: OneCore},
		Sources: []Source{{Bench: "Compress/codec=s2-better/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress s2.EncodeBetter of every 1 KiB corpus block in turn, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_zstd_fastest", Operation: "Compress 1 KB with zstd (fastest)", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"compress SIZE with zstd"},
		Sources: []Source{{Bench: "Compress/codec=zstd-fastest/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress zstd SpeedFastest, one encoder reused, EncodeAll per 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_zstd_default", Operation: "Compress 1 KB with zstd (default)", Family: "compress",
		Work: Work{Bytes: kib, Scope: OneCore},
		Sources: []Source{{Bench: "Compress/codec=zstd-default/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress zstd SpeedDefault, one encoder reused, EncodeAll per 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_flate1", Operation: "Compress 1 KB with deflate level 1", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"compress SIZE with deflate", "compress SIZE with flate"},
		Sources: []Source{{Bench: "Compress/codec=flate-1/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress flate level 1, writer reused, one stream per 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_gzip", Operation: "Compress 1 KB with gzip", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"compress SIZE with gzip"},
		Sources: []Source{{Bench: "Compress/codec=gzip/block=1KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress gzip default level (5), writer reused, one stream per 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_1kb_stdflate1", Operation: "Compress 1 KB with Go compress/flate level 1", Family: "compress",
		Work: Work{Bytes: kib, Scope: OneCore},
		Sources: []Source{{Bench: "Compress/codec=stdflate-1/block=1KiB/file=all", Unit: "ns/op",
			Note: "standard library compress/flate level 1, writer reused, one stream per 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_64kb_snappy", Operation: "Compress 64 KB with Snappy", Family: "compress",
		Work: Work{Bytes: 64 * kib, Scope: OneCore},
		Sources: []Source{{Bench: "Compress/codec=snappy/block=64KiB/file=all", Unit: "ns/op",
			Note: "golang/snappy Encode of every full 64 KiB block of the corpus in turn (32 blocks), per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "compress_64kb_zstd_fastest", Operation: "Compress 64 KB with zstd (fastest)", Family: "compress",
		Work: Work{Bytes: 64 * kib, Scope: OneCore},
		Sources: []Source{{Bench: "Compress/codec=zstd-fastest/block=64KiB/file=all", Unit: "ns/op",
			Note: "klauspost/compress zstd SpeedFastest, encoder reused, EncodeAll per full 64 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s, ratio {ratio}"}}},
	{ID: "crc32c_1kb", Operation: "CRC-32C of 1 KB", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"hash SIZE with crc32c", "hash SIZE with crc-32c"},
		Sources: []Source{{Bench: "Hash/alg=crc32c/block=1KiB", Unit: "ns/op",
			Note: "hash/crc32 Castagnoli (hardware CRC32 instruction where present) of every 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s"}}},
	{ID: "sha256_1kb", Operation: "SHA-256 of 1 KB", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"hash SIZE with sha256", "hash SIZE with sha-256"},
		Sources: []Source{{Bench: "Hash/alg=sha256/block=1KiB", Unit: "ns/op",
			Note: "crypto/sha256 Sum256 of every 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s"}}},
	{ID: "aes_gcm_seal_1kb", Operation: "AES-128-GCM seal 1 KB", Family: "compress",
		Work:    Work{Bytes: kib, Scope: OneCore},
		Phrases: []string{"encrypt SIZE with aes-gcm", "encrypt SIZE with aes"},
		Sources: []Source{{Bench: "Seal/alg=aes-128-gcm/block=1KiB", Unit: "ns/op",
			Note: "crypto/cipher AES-128-GCM Seal (encrypt + 16-byte tag) of every 1 KiB corpus block, per block in the median pass over the corpus, {MB/s} MB/s"}}},

	// Extra rows: cache (bench/cache). 2^17 uint64 items per cache, keys
	// from a Zipf(1.01) stream; ns per operation as the caller sees it.
	{ID: "cache_map_get", Operation: "Go map lookup, 2^17 entries", Family: "cache",
		Work: Work{Ops: "gets", Scope: OneCore},
		Sources: []Source{{Bench: "Cache/impl=map/op=get/par=1", Unit: "ns/op",
			Note: "map[uint64]uint64 read with Zipf-distributed keys, each lookup waiting for the last, one goroutine, {hit-pct}% hits"}}},
	{ID: "cache_syncmap_get", Operation: "sync.Map Load, 2^17 entries", Family: "cache",
		Work: Work{Ops: "gets", Scope: OneCore},
		Sources: []Source{{Bench: "Cache/impl=syncmap/op=get/par=1", Unit: "ns/op",
			Note: "sync.Map Load with Zipf-distributed keys, each lookup waiting for the last, one goroutine, {hit-pct}% hits"}}},
	{ID: "cache_ristretto_get_hit", Operation: "Ristretto cache Get, hit", Family: "cache",
		Work: Work{Ops: "gets", Scope: OneCore},
		Sources: []Source{{Bench: "Cache/impl=ristretto/op=get-hit/par=1", Unit: "ns/op",
			Note: "dgraph-io/ristretto/v2 Get of present keys (Zipf), full cache of 2^17 items, one goroutine, {hit-pct}% hits"}}},
	{ID: "cache_ristretto_get_miss", Operation: "Ristretto cache Get, miss", Family: "cache",
		Work: Work{Ops: "gets", Scope: OneCore},
		Sources: []Source{{Bench: "Cache/impl=ristretto/op=get-miss/par=1", Unit: "ns/op",
			Note: "dgraph-io/ristretto/v2 Get of absent keys (Zipf), full cache of 2^17 items, one goroutine, {hit-pct}% hits"}}},
	{ID: "cache_ristretto_set", Operation: "Ristretto cache Set", Family: "cache",
		Work: Work{Ops: "sets", Scope: OneCore},
		Sources: []Source{{Bench: "Cache/impl=ristretto/op=set/par=1", Unit: "ns/op",
			Note: "dgraph-io/ristretto/v2 Set of absent keys into a full cache: the caller's cost (admission runs asynchronously), {kept-pct}% accepted"}}},
	{ID: "cache_ristretto_get_hit_parallel", Operation: "Ristretto cache Get hit, all cores", Family: "cache",
		Work: Work{Ops: "gets", Scope: AllCores, PerCaller: "goroutines"},
		Sources: []Source{{Bench: "Cache/impl=ristretto/op=get-hit/par=all", Unit: "ns/op",
			Note: "as cache_ristretto_get_hit while {goroutines} goroutines, one per core, Get from the same cache; time per Get as one caller sees it (ristretto's policy goroutine shares the cores), {hit-pct}% hits"}}},

	// Extra rows: network (bench/network, package netphys). Loopback round
	// trips are full round trips between two processes, p50; cpus=1 puts
	// both on one CPU; cpus=any (macOS, which cannot pin) leaves them to
	// the scheduler.
	{ID: "loopback_rtt_tcp_1b", Operation: "Loopback TCP round trip, 1 B", Family: "network",
		Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=1B/cpus=any", Unit: "p50-ns", OS: "darwin",
			Note: "loopback: TCP 1 B ping-pong between two processes, blocking syscalls, full round trip, median. " + anyPlacement},
			{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=1B/cpus=1", Unit: "p50-ns",
				Note: "loopback: TCP 1 B ping-pong between two processes on one CPU, blocking syscalls, full round trip, median (p99 {p99-ns} ns)"}}},
	{ID: "loopback_rtt_tcp_2cpu", Operation: "Loopback TCP round trip, across CPUs", Family: "network",
		Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=2", Unit: "p50-ns",
			Note: "loopback: TCP 64 B ping-pong, client and server processes pinned to two CPUs (each message wakes the other CPU), blocking syscalls, full round trip, median"}}},
	{ID: "loopback_rtt_tcp_gonet", Operation: "Loopback TCP round trip, Go net package", Family: "network",
		Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: "LoopbackRTT/path=net/proto=tcp/size=64B/cpus=any", Unit: "p50-ns", OS: "darwin",
			Note: "loopback: TCP 64 B ping-pong through Go's net package (netpoller, goroutines, GOMAXPROCS=1) on both ends, two processes, full round trip, median. " + anyPlacement},
			{Bench: "LoopbackRTT/path=net/proto=tcp/size=64B/cpus=1", Unit: "p50-ns",
				Note: "loopback: TCP 64 B ping-pong through Go's net package (netpoller, goroutines, GOMAXPROCS=1) on both ends, two processes on one CPU, full round trip, median"}}},
	{ID: "loopback_rtt_udp", Operation: "Loopback UDP round trip", Family: "network",
		Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: "LoopbackRTT/path=syscall/proto=udp/size=64B/cpus=any", Unit: "p50-ns", OS: "darwin",
			Note: "loopback: UDP 64 B ping-pong between two processes, blocking syscalls, full round trip, median. " + anyPlacement},
			{Bench: "LoopbackRTT/path=syscall/proto=udp/size=64B/cpus=1", Unit: "p50-ns",
				Note: "loopback: UDP 64 B ping-pong between two processes on one CPU, blocking syscalls, full round trip, median"}}},
	{ID: "loopback_rtt_udp_gonet", Operation: "Loopback UDP round trip, Go net package", Family: "network",
		Work: Work{Ops: "round trips", Scope: OneConnection},
		Sources: []Source{{Bench: "LoopbackRTT/path=net/proto=udp/size=64B/cpus=any", Unit: "p50-ns", OS: "darwin",
			Note: "loopback: UDP 64 B ping-pong through Go's net package on both ends, two processes, full round trip, median. " + anyPlacement},
			{Bench: "LoopbackRTT/path=net/proto=udp/size=64B/cpus=1", Unit: "p50-ns",
				Note: "loopback: UDP 64 B ping-pong through Go's net package on both ends, two processes on one CPU, full round trip, median"}}},
	{ID: "tcp_connect_loopback", Operation: "TCP connect (handshake), loopback", Family: "network",
		Work: Work{Ops: "connects", Scope: OneConnection},
		Sources: []Source{{Bench: "TCPConnect", Unit: "p50-ns",
			Note: "loopback: time a blocking connect() takes (SYN, SYN-ACK), median; socket and close not included"}}},
	{ID: "http_request_loopback", Operation: "HTTP/1.1 request, loopback", Family: "network",
		Work: Work{Ops: "requests", Scope: OneConnection},
		Sources: []Source{{Bench: "HTTPRoundTrip", Unit: "p50-ns",
			Note: "loopback: net/http GET of a 2-byte body over a kept-alive connection, client and server in one process, full round trip, median"}}},
	{ID: "send_1kib_loopback_stream", Operation: "Send 1 KiB through a TCP loopback stream", Family: "network",
		Work:    Work{Bytes: kib, Scope: OneConnection},
		Phrases: []string{"send SIZE over loopback"},
		Sources: []Source{{Bench: "Stream1KiB/cpus=any", Unit: "ns/op", OS: "darwin",
			Note: "loopback: 1 KiB write()s streamed to a reader, time per KiB until the reader has it ({MB/s} MB/s); throughput, one way, no wire. " + anyPlacement},
			{Bench: "Stream1KiB", Unit: "ns/op",
				Note: "loopback: 1 KiB write()s streamed to a reader on {cpus} CPU(s), time per KiB until the reader has it ({MB/s} MB/s); throughput, one way, no wire"}}},
	{ID: "send_1kb_10gbps", Operation: "Send 1 KB over 10 Gbps network", Family: "network",
		Work:    Work{Bytes: kib, Scope: OneLink},
		Phrases: []string{"send SIZE over 10gbps"},
		Compute: wireTime(10), ComputedAs: wireTimeWords},
	{ID: "send_1kb_25gbps", Operation: "Send 1 KB over 25 Gbps network", Family: "network",
		Work:    Work{Bytes: kib, Scope: OneLink},
		Phrases: []string{"send SIZE over 25gbps"},
		Compute: wireTime(25), ComputedAs: wireTimeWords},
	{ID: "send_1kb_100gbps", Operation: "Send 1 KB over 100 Gbps network", Family: "network",
		Work:    Work{Bytes: kib, Scope: OneLink},
		Phrases: []string{"send SIZE over 100gbps"},
		Compute: wireTime(100), ComputedAs: wireTimeWords},
	{ID: "peer_rtt_tcp", Operation: "TCP round trip to peer", Family: "network",
		Work:    Work{Ops: "round trips", Scope: OneConnection},
		Sources: peerSources(peerTCP, "TCP 64 B ping-pong with `latency echo` there, blocking syscalls, full round trip, median (p99 {p99-ns} ns)"),
		Missing: noPeer},
	{ID: "peer_rtt_udp", Operation: "UDP round trip to peer", Family: "network",
		Work:    Work{Ops: "round trips", Scope: OneConnection},
		Sources: peerSources("PeerRTT/proto=udp/size=64B", "UDP 64 B ping-pong with `latency echo` there, full round trip, median ({loss-pct}% resent)"),
		Missing: noPeer},

	// Extra rows beyond idle latency: how far apart the cores are, memory
	// under load and with misses in flight, the SSD at queue depth. The
	// matrix and the curves are sub-benchmarks (pair=, load=, k=, qd=); the
	// rows take their summaries and a point or two.
	{ID: "core_to_core_min", Operation: "Core-to-core latency, closest pair", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "CoreToCore/pair=min", Unit: "ns/oneway",
			Note: "one way (half the round trip, {ns/roundtrip} ns) of a cache line bounced by compare-and-swap between two pinned threads; the fastest of {pairs} CPU pair(s) measured"}}},
	{ID: "core_to_core_median", Operation: "Core-to-core latency, median pair", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "CoreToCore/pair=median", Unit: "ns/oneway", When: manyPairs,
			Note: "one way (half the round trip, {ns/roundtrip} ns) of a cache line bounced by compare-and-swap between two pinned threads; the median of {pairs} CPU pair(s) measured"},
			{Bench: "CoreToCore/pair=median", Unit: "ns/oneway", Kind: NotMeasured, When: not(manyPairs), Note: onePair}}},
	{ID: "core_to_core_max", Operation: "Core-to-core latency, farthest pair", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "CoreToCore/pair=max", Unit: "ns/oneway", When: manyPairs,
			Note: "one way (half the round trip, {ns/roundtrip} ns) of a cache line bounced by compare-and-swap between two pinned threads; the slowest of {pairs} CPU pair(s) measured"},
			{Bench: "CoreToCore/pair=max", Unit: "ns/oneway", Kind: NotMeasured, When: not(manyPairs), Note: onePair}}},
	{ID: "memory_bandwidth_1core", Operation: "Read 1 MB from memory at one core's bandwidth", Family: "memory",
		Work: Work{Bytes: mib, Scope: OneCore},
		Sources: []Source{{Bench: "Bandwidth/cores=1", Unit: "ns/MiB", Size: "ws-dram",
			Note: "one thread reads every byte of a {size|ws-dram} buffer, end to end and again, with ordinary (not non-temporal) vector loads: {GB/s} GB/s; time per MiB at that rate"}}},
	{ID: "memory_bandwidth_all_cores", Operation: "Read 1 MB from memory at all cores' bandwidth", Family: "memory",
		Work: Work{Bytes: mib, Scope: AllCores},
		Sources: []Source{{Bench: "Bandwidth/cores=all", Unit: "ns/MiB", Size: "ws-dram",
			Note: "{threads} threads, one pinned to each CPU, each read its own part of a {size|ws-dram} buffer: {GB/s} GB/s together; time per MiB at that rate"}}},
	{ID: "loaded_latency_50pct", Operation: "Main memory reference, machine at ~50 % bandwidth", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "LoadedLatency/load=50pct", Unit: "ns/load", Size: "ws-dram",
			Note: "dependent pointer chase over {size|ws-dram} (huge pages) on one CPU while {loaders} other CPU(s) read memory paced to {GB/s} GB/s, {load-pct}% of their peak (Intel MLC's loaded latency); on two CPUs, one loaded core beside the chasing one"}}},
	{ID: "loaded_latency_max", Operation: "Main memory reference, machine at ~max bandwidth", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "LoadedLatency/load=100pct", Unit: "ns/load", Size: "ws-dram",
			Note: "dependent pointer chase over {size|ws-dram} (huge pages) on one CPU while {loaders} other CPU(s) read memory flat out, {GB/s} GB/s; on two CPUs, one loaded core beside the chasing one"}}},
	{ID: "memory_parallelism_8", Operation: "Main memory reference, 8 misses in flight", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "MemoryParallelism/k=8", Unit: "ns/load", Size: "ws-dram",
			Note: "8 independent pointer chases over {size|ws-dram} (huge pages) interleaved in one loop (lmbench par_mem): time per load, all chases together"}}},
	{ID: "memory_parallelism_knee", Operation: "Main memory reference, as many misses in flight as help", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "MemoryParallelism/k=knee", Unit: "ns/load", Size: "ws-dram",
			Note: "{knee-k} interleaved pointer chases over {size|ws-dram}: the fewest within 10 % of the best time per load, so more misses in flight stop helping there; {speedup}× one chase's rate"}}},
	{ID: "ssd_random_read_4kb_qd32", Operation: "Read 4 KB randomly from SSD, QD32", Family: "storage",
		// ns per read at 32 in flight is one over the device's IOPS.
		Work: Work{Bytes: 4 * kib, Ops: "reads", Scope: "queue depth 32"},
		Sources: deviceSources("RandomRead4KQD/qd=32", "ns/op",
			"O_DIRECT 4 KiB reads at random offsets of a {file} file, 32 in flight ({engine}): time per read at {IOPS} IOPS, each read taking {p50-ns} ns (median)")},
	{ID: "ssd_random_read_4kb_qd32_latency", Operation: "Read 4 KB randomly from SSD, QD32, one read's latency", Family: "storage",
		Sources: deviceSources("RandomRead4KQD/qd=32", "p50-ns",
			"O_DIRECT 4 KiB reads at random offsets of a {file} file, 32 in flight ({engine}): one read from queueing to completion, median (p99 {p99-ns} ns), at {IOPS} IOPS")},
}

// Benchmarks read outside the table's rows.
var (
	// Clock is the core's clock period, by which a report gives figures in
	// cycles: the cpu_cycle row's source.
	Clock = Source{Bench: "Clock", Unit: "ns/cycle"}
	// Sweep is the memory curve package chart draws, one benchmark per
	// page size and working set: Sweep/pages=huge/size=4KiB.
	Sweep = Source{Bench: "Sweep", Unit: "ns/load"}
)

// Guide returns the rows of the classic table, in its order.
func Guide() []Row {
	var out []Row
	for _, r := range Table {
		if r.GuideNS > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Lookup returns the row with the given id.
func Lookup(id string) (Row, bool) {
	for _, r := range Table {
		if r.ID == id {
			return r, true
		}
	}
	return Row{}, false
}

// Storage rows' hooks: what kind of device the scratch directory is on.

// Kinds of storage device, as storageKind tells them apart.
const (
	flashDevice   = "flash"    // sysfs says non-rotating
	virtualDisk   = "virtual"  // sysfs says rotating, but reads are too fast for a platter
	rotatingDisk  = "rotating" // sysfs says rotating and reads are as slow as a platter
	unknownDevice = "unknown"
)

// platterNS is the median random 4 KiB read below which no spinning platter
// can be behind a device: even at 15,000 rpm the sector takes 2 ms on average
// to come round under the head.
const platterNS = 1_000_000

// storageKind decides what the scratch device is from the sysfs rotational
// flag and the measured random read: virtual disks often claim to rotate.
func storageKind(c Context) string {
	p50, measured := c.Value("RandomRead4K", "p50-ns")
	switch rot := c.Fact("scratch-rotational"); {
	case rot == "0":
		return flashDevice
	case rot == "1" && measured && p50 < platterNS:
		return virtualDisk
	case rot == "1" && measured:
		return rotatingDisk
	}
	return unknownDevice
}

func storageIs(kind string) func(Context) bool {
	return func(c Context) bool { return storageKind(c) == kind }
}

// manyPairs holds when the core-to-core benchmark measured more than one
// pair of CPUs: on a 2-CPU machine its closest, median and farthest pair
// are the same pair, and one row says it.
func manyPairs(c Context) bool {
	n, ok := c.Value("CoreToCore/pair=min", "pairs")
	return ok && n > 1
}

// onePair is the note of the median and farthest core-to-core rows when
// only one pair was measured.
const onePair = "one pair of CPUs measured (a 2-CPU machine): core_to_core_min has its figure"

func not(f func(Context) bool) func(Context) bool { return func(c Context) bool { return !f(c) } }

func storageIsNot(kind string) func(Context) bool {
	return func(c Context) bool { k := storageKind(c); return k != kind && k != unknownDevice }
}

// deviceSources returns the sources of a device row: the same benchmark,
// with a note that says which kind of device the figure came from.
//
// Note: what may end with seqRequests, which only Linux runs can fill in.
func deviceSources(bench, unit, what string) []Source {
	mac := strings.Replace(strings.TrimSuffix(what, seqRequests), "O_DIRECT", "F_NOCACHE (macOS has no O_DIRECT)", 1)
	return []Source{
		{Bench: bench, Unit: unit, OS: "darwin",
			Note: mac + " on {scratch-device}, {scratch-fs}; macOS does not say what kind of device that is"},
		{Bench: bench, Unit: unit, When: storageIs(flashDevice),
			Note: what + "; {scratch-device} ({scratch-model}) is non-rotating (flash), {scratch-fs}"},
		{Bench: bench, Unit: unit, When: storageIs(virtualDisk),
			Note: what + "; {scratch-device} ({scratch-model}) claims to rotate but reads in under 1 ms: a virtual disk (its host may answer from its own cache), not a platter"},
		{Bench: bench, Unit: unit, When: storageIs(rotatingDisk),
			Note: what + "; from a rotating disk, {scratch-device} ({scratch-model}): no SSD under {scratch-dir}"},
		{Bench: bench, Unit: unit,
			Note: what + " on {scratch-device} ({scratch-model}), {scratch-fs}"},
	}
}

// seqRequests says how many requests the device got per 1 MiB read, and
// from how contiguous a buffer (see BenchmarkSeqRead1M).
const seqRequests = "[[, {requests/op} device requests per read from a buffer {huge-pct}% on huge pages]]"

// Network rows' hooks: where the peer is, and figures computed by package
// netphys.

// Where the peer of peer mode is: the values of the peer-where fact, which
// `latency run -peer-where` records, and what the peer's address says.
const (
	PeerWAN        = "wan"        // across a wide-area network
	PeerDatacenter = "datacenter" // in the same datacenter
	PeerLAN        = "lan"        // on the same local network
	peerLoopback   = "loopback"   // an address of this machine
	peerLinkLocal  = "link-local" // a directly attached machine or VM host
)

// PeerWhere lists the values of the peer-where fact.
var PeerWhere = []string{PeerWAN, PeerDatacenter, PeerLAN}

// peerTCP is the peer mode benchmark of the guide's network rows.
const peerTCP = "PeerRTT/proto=tcp/size=64B"

const noPeer = "peer mode not requested: run `latency echo` on another machine and pass its host:port with -peer (or LATENCY_PEER)"

// peerPlace says where the peer is: loopback or link-local if its address
// says so (peer-addr, the address `latency run` resolved, else the host of
// peer), whatever the user said; else the user's peer-where, or "".
//
// Note: a round trip to 127.0.0.1 or to fe80::1 is no datacenter's or
// WAN's, whatever the flag says; the guide's rows take a peer's figure only
// when the user placed it and its address does not contradict them.
func peerPlace(c Context) string {
	host := c.Fact(fact.PeerAddr)
	if host == "" {
		host, _, _ = net.SplitHostPort(c.Fact(fact.Peer))
	}
	host, _, _ = strings.Cut(host, "%") // fe80::1%eth0
	if a, err := netip.ParseAddr(host); err == nil {
		switch a = a.Unmap(); {
		case a.IsLoopback():
			return peerLoopback
		case a.IsLinkLocalUnicast():
			return peerLinkLocal
		}
	} else if strings.EqualFold(host, "localhost") {
		return peerLoopback
	}
	return c.Fact(fact.PeerWhere)
}

func peerIs(place string) func(Context) bool {
	return func(c Context) bool { return peerPlace(c) == place }
}

// peerSources returns the sources of a peer row: the same benchmark, with
// a note that says where the peer is.
func peerSources(bench, what string) []Source {
	src := func(place, where string) Source {
		s := Source{Bench: bench, Unit: "p50-ns", Note: "peer mode, measured to {peer}, " + where + ": " + what}
		if place != "" {
			s.When = peerIs(place)
		}
		return s
	}
	return []Source{
		src(peerLoopback, "a loopback address: this machine, not a network"),
		src(peerLinkLocal, "a link-local address: a directly attached machine or the VM's host"),
		src(PeerWAN, "across a WAN (-peer-where wan)"),
		src(PeerDatacenter, "in the same datacenter (-peer-where datacenter)"),
		src(PeerLAN, "on the same LAN (-peer-where lan)"),
		src("", "where the user did not say (-peer-where wan, datacenter or lan)"),
	}
}

// wireTimeWords says what a wire-time row's computed figure is.
const wireTimeWords = "wire time"

// wireTime is the computed serialization time of 1 KB at gbps Gbit/s.
func wireTime(gbps float64) func(Context) (float64, string, bool) {
	return func(Context) (float64, string, bool) {
		ns, note := netphys.Send1KB(gbps)
		return ns, note, true
	}
}

// wanFloor is the physics floor of the California–Netherlands round trip.
func wanFloor(Context) (float64, string, bool) {
	ns, note := netphys.WANFloor()
	return ns, note, true
}

// Platform hooks: rows measured differently on macOS say so.

// Applies reports whether the source may answer a row of the run c: its OS
// is the run's, and When holds.
func (s Source) Applies(c Context) bool {
	if s.OS != "" && s.OS != runOS(c) {
		return false
	}
	return s.When == nil || s.When(c)
}

// runOS returns the GOOS of the run's machine from its kernel fact ("Darwin
// 23.4.0 (macOS 14.4)", "Linux 6.1.0"), or "" if it does not say.
func runOS(c Context) string {
	k, _, _ := strings.Cut(c.Fact(fact.Kernel), " ")
	return strings.ToLower(k)
}

const (
	// macPlacement ends the notes of single-threaded rows on macOS.
	macPlacement = "not pinned (macOS has no CPU pinning): its user-interactive QoS class keeps it on a performance core while one is free"
	// macTwoThreads ends the notes of two-thread rows on macOS.
	macTwoThreads = "Not pinned (macOS has no CPU pinning): both threads spin at the user-interactive QoS class, so the scheduler keeps them on two cores of its choosing, performance cores while they are free"
	// anyPlacement ends the notes of cpus=any loopback rows.
	anyPlacement = "Client and server not pinned (no CPU pinning on this OS): the scheduler put them on one core or two"
	// macSync ends the notes of the fsync and fdatasync rows on macOS.
	macSync = "On macOS this returns once the drive has the data, without asking it to empty its volatile write cache: not durable against a power cut (see write_4kb_fullfsync)"
)
