// Package rows is the latency table as data: every row of the classic
// "latency numbers every engineer should know" list with the guide's figure,
// the extra rows this suite adds, and, for each, the benchmark whose result
// answers it.
//
// It is the one place where benchmark names meet row ids. A new row family
// adds a bench/<family> package and its lines here; nothing else changes.
package rows

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
	// or a metric of the same result ({huge-pct}), in that order.
	Note string
	// When, if set, must hold for the source to be used (for example only
	// when the storage device really is a rotating disk).
	When func(c Context) bool
	// Kind overrides Measured (a benchmark can report a computed figure).
	Kind Kind
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
		Sources: []Source{{Bench: "CacheRef/level=L1", Unit: "ns/load",
			Note: "dependent pointer chase, random cycle over {ws-l1} (L1d {l1-cache}), huge pages"}}},
	{ID: "branch_mispredict", Operation: "Branch mispredict", GuideNS: 5, Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "BranchMispredict", Unit: "ns/mispredict",
			Note: "same loop over random vs sorted bytes; extra time per mispredicted branch"}}},
	{ID: "l2_cache_reference", Operation: "L2 cache reference", GuideNS: 7, Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "CacheRef/level=L2", Unit: "ns/load",
			Note: "dependent pointer chase, random cycle over {ws-l2} (L2 {l2-cache}), huge pages"}}},
	{ID: "mutex_lock_unlock", Operation: "Mutex lock/unlock", GuideNS: 25, Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "Mutex/contended=no", Unit: "ns/op",
			Note: "sync.Mutex Lock+Unlock, uncontended, one goroutine"}}},
	{ID: "main_memory_reference", Operation: "Main memory reference", GuideNS: 100, Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "MainMemory/pages=huge", Unit: "ns/load",
			Note: "dependent pointer chase over {ws-dram}, huge pages requested ({huge-pct}% granted)"}}},
	{ID: "compress_1kb_snappy", Operation: "Compress 1 KB with Snappy", GuideNS: 10_000, Family: "compress",
		Sources: []Source{{Bench: "Compress/codec=snappy/block=1KiB/file=all", Unit: "ns/op",
			Note: "golang/snappy Encode of 1 KiB blocks of the Snappy benchmark corpus"}}},
	{ID: "send_1kb_1gbps", Operation: "Send 1 KB over 1 Gbps network", GuideNS: 10_000, Family: "network",
		Sources: []Source{{Bench: "Wire/link=1Gbps", Unit: "ns/op", Kind: Computed,
			Note: "computed: serialization of 1 KB plus Ethernet/IP/TCP framing at 1 Gbit/s"}}},
	{ID: "ssd_random_read_4kb", Operation: "Read 4 KB randomly from SSD", GuideNS: 150_000, Family: "storage",
		Sources: []Source{{Bench: "RandomRead4K", Unit: "p50-ns",
			Note: "O_DIRECT 4 KiB random read, queue depth 1, median"}}},
	{ID: "memory_sequential_read_1mb", Operation: "Read 1 MB sequentially from memory", GuideNS: 250_000, Family: "memory",
		Sources: []Source{{Bench: "SeqRead/src=dram", Unit: "ns/op",
			Note: "read a different cold 1 MiB of a {ws-dram} buffer each time (DRAM, not cache), {GB/s} GB/s"}}},
	{ID: "datacenter_round_trip", Operation: "Round trip within same datacenter", GuideNS: 500_000, Family: "network",
		Sources: []Source{
			{Bench: "PeerRTT/proto=tcp/size=64B", Unit: "p50-ns",
				Note: "measured to peer {peer}: TCP 64 B ping-pong, full round trip, median"},
			{Bench: "LoopbackRTT/path=syscall/proto=tcp/size=64B", Unit: "p50-ns",
				Note: "loopback only (no NIC, switch or cable): TCP 64 B ping-pong, full round trip, a lower bound"},
		}},
	{ID: "ssd_sequential_read_1mb", Operation: "Read 1 MB sequentially from SSD", GuideNS: 1_000_000, Family: "storage",
		Sources: []Source{{Bench: "SeqRead1M", Unit: "ns/op",
			Note: "O_DIRECT consecutive 1 MiB reads"}}},
	{ID: "disk_seek", Operation: "Disk seek", GuideNS: 10_000_000, Family: "storage",
		Missing: "no rotating disk measured"},
	{ID: "disk_sequential_read_1mb", Operation: "Read 1 MB sequentially from disk", GuideNS: 30_000_000, Family: "storage",
		Missing: "no rotating disk measured"},
	{ID: "wan_round_trip_ca_nl", Operation: "Send packet CA→Netherlands→CA", GuideNS: 150_000_000, Family: "network",
		Missing: "needs a peer in the Netherlands"},

	// Extra rows: memory.
	{ID: "l3_cache_reference", Operation: "L3 cache reference", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "CacheRef/level=L3", Unit: "ns/load",
			Note: "dependent pointer chase, random cycle over {ws-l3} (L3 reported {l3-cache}); see the sweep for the effective L3"}}},
	{ID: "main_memory_reference_4k_pages", Operation: "Main memory reference, 4 KiB pages", Family: "memory", Cycles: true,
		Sources: []Source{{Bench: "MainMemory/pages=4KiB", Unit: "ns/load",
			Note: "as main memory reference over {ws-dram} but 4 KiB pages ({huge-pct}% huge): includes TLB misses and page walks"}}},
	{ID: "memory_cached_read_1mb", Operation: "Read 1 MB sequentially from cache", Family: "memory",
		Sources: []Source{{Bench: "SeqRead/src=cache", Unit: "ns/op",
			Note: "the same 1 MiB read again and again (served by L2/L3), {GB/s} GB/s"}}},

	// Extra rows: CPU.
	{ID: "cpu_cycle", Operation: "CPU cycle (dependent add)", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "Clock", Unit: "ns/cycle",
			Note: "chain of dependent 1-cycle adds: the core's real clock period"}}},
	{ID: "atomic_add", Operation: "Atomic add, uncontended", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "AtomicAdd", Unit: "ns/op",
			Note: "sync/atomic AddInt64 on a private cache line"}}},
	{ID: "cache_line_ping_pong", Operation: "Cache line ping-pong between cores", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "CacheLinePingPong", Unit: "ns/roundtrip",
			Note: "two threads pinned to two CPUs hand a cache line back and forth; full round trip"}}},
	{ID: "mutex_contended", Operation: "Mutex lock/unlock, contended", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "Mutex/contended=yes", Unit: "ns/op",
			Note: "sync.Mutex Lock+Unlock while a goroutine on the other core takes the same mutex"}}},
	{ID: "syscall", Operation: "System call (getppid)", Family: "cpu", Cycles: true,
		Sources: []Source{{Bench: "Syscall/call=getppid", Unit: "ns/op",
			Note: "raw getppid system call, no Go runtime hooks"}}},
	{ID: "context_switch_1cpu", Operation: "Thread context switch, one CPU", Family: "cpu",
		Sources: []Source{{Bench: "ContextSwitch/cpus=1", Unit: "ns/switch",
			Note: "two OS threads pinned to one CPU ping-pong through pipes; per switch"}}},
	{ID: "context_switch_2cpu", Operation: "Thread wake-up across CPUs", Family: "cpu",
		Sources: []Source{{Bench: "ContextSwitch/cpus=2", Unit: "ns/switch",
			Note: "two OS threads on two CPUs ping-pong through pipes; per one-way hand-off"}}},
	{ID: "goroutine_handoff", Operation: "Goroutine hand-off (channel)", Family: "cpu",
		Sources: []Source{{Bench: "GoroutineHandoff", Unit: "ns/handoff",
			Note: "unbuffered channel ping-pong between two goroutines; per one-way hand-off"}}},
	{ID: "page_fault", Operation: "Page fault (first touch)", Family: "cpu",
		Sources: []Source{{Bench: "PageFault", Unit: "ns/fault",
			Note: "first write to a fresh anonymous 4 KiB page (kernel allocates and zeroes it)"}}},
}

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
