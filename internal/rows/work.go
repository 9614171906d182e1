package rows

// Work says what one operation of a row does, so that its figure can be
// turned into a rate (reads per second, GB/s) and into the time for a
// mebibyte or a gibibyte of the same work: the napkin-math table's
// Throughput, 1 MiB and 1 GiB columns.
type Work struct {
	// Bytes is how much data one operation processes (reads, compresses,
	// sends); 0 when the operation is not about data (a lock, a round trip).
	Bytes float64
	// Ops names the operations, plural, for a rate of operations: "reads",
	// "round trips". A row with Ops is rated in operations per second (4 KiB
	// reads per second), one with Bytes alone in bytes per second.
	Ops string
	// Scope is what the rate is of: "one core" (one thread doing the work
	// back to back), "queue depth 1" (one request to a device at a time),
	// "one connection", "one link", or "all cores".
	Scope string
	// PerCaller, if set, is the metric of the row's benchmark giving how
	// many callers ran at once, each seeing the row's time per operation
	// (the par=all cache benchmark's "goroutines"): the machine's rate is
	// that many times one caller's.
	PerCaller string
}

// Scopes of a rate.
const (
	OneCore       = "one core"
	QueueDepth1   = "queue depth 1"
	OneConnection = "one connection"
	OneLink       = "one link"
	AllCores      = "all cores"
)

// Size units of the work table.
const (
	kib = 1 << 10
	mib = 1 << 20
)

// WorkOf returns what one operation of the row with the given id does, and
// false for a row whose figure implies no rate worth quoting (a branch
// mispredict, a CPU cycle).
func WorkOf(id string) (Work, bool) {
	w, ok := work[id]
	return w, ok
}

// work is the Work of each row that has one, by row id.
//
// Note: the memory rows' loads are dependent (each address comes from the
// last load), so one over their latency is the rate of a pointer chase, not
// the core's load bandwidth, which overlaps many misses; the report marks
// such rates as derived from a latency.
var work = map[string]Work{
	// The guide's rows.
	"l1_cache_reference":         {Ops: "loads", Scope: OneCore},
	"l2_cache_reference":         {Ops: "loads", Scope: OneCore},
	"mutex_lock_unlock":          {Ops: "lock/unlocks", Scope: OneCore},
	"main_memory_reference":      {Ops: "loads", Scope: OneCore},
	"compress_1kb_snappy":        {Bytes: kib, Scope: OneCore},
	"send_1kb_1gbps":             {Bytes: kib, Scope: OneLink},
	"ssd_random_read_4kb":        {Bytes: 4 * kib, Ops: "reads", Scope: QueueDepth1},
	"memory_sequential_read_1mb": {Bytes: mib, Scope: OneCore},
	"datacenter_round_trip":      {Ops: "round trips", Scope: OneConnection},
	"ssd_sequential_read_1mb":    {Bytes: mib, Scope: QueueDepth1},
	"disk_seek":                  {Ops: "seeks", Scope: QueueDepth1},
	"disk_sequential_read_1mb":   {Bytes: mib, Scope: QueueDepth1},
	"wan_round_trip_ca_nl":       {Ops: "round trips", Scope: OneConnection},

	// Memory.
	"l3_cache_reference":             {Ops: "loads", Scope: OneCore},
	"main_memory_reference_4k_pages": {Ops: "loads", Scope: OneCore},
	"memory_cached_read_1mb":         {Bytes: mib, Scope: OneCore},
	"memory_bandwidth_1core":         {Bytes: mib, Scope: OneCore},
	"memory_bandwidth_all_cores":     {Bytes: mib, Scope: AllCores},

	// Storage.
	"write_4kb_fdatasync": {Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
	"write_4kb_fsync":     {Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
	"write_4kb_fullfsync": {Bytes: 4 * kib, Ops: "commits", Scope: QueueDepth1},
	// ns per read at 32 in flight is one over the device's IOPS.
	"ssd_random_read_4kb_qd32": {Bytes: 4 * kib, Ops: "reads", Scope: "queue depth 32"},
	"page_cache_read_4kb":      {Bytes: 4 * kib, Ops: "reads", Scope: OneCore},
	"page_cache_read_1mb":      {Bytes: mib, Scope: OneCore},
	"file_create_write_1mb":    {Bytes: mib, Ops: "files", Scope: QueueDepth1},

	// CPU.
	"atomic_add":           {Ops: "adds", Scope: OneCore},
	"cache_line_ping_pong": {Ops: "round trips", Scope: "two cores"},
	"syscall":              {Ops: "calls", Scope: OneCore},
	"syscall_go":           {Ops: "calls", Scope: OneCore},
	"context_switch_1cpu":  {Ops: "switches", Scope: OneCore},
	"context_switch_2cpu":  {Ops: "hand-offs", Scope: "two cores"},
	"goroutine_handoff":    {Ops: "hand-offs", Scope: OneCore},
	"page_fault":           {Bytes: 4 * kib, Ops: "faults", Scope: OneCore},

	// Compression and hashing: the corpus blocks' size, in.
	"decompress_1kb_snappy":      {Bytes: kib, Scope: OneCore},
	"compress_1kb_s2":            {Bytes: kib, Scope: OneCore},
	"compress_1kb_s2_better":     {Bytes: kib, Scope: OneCore},
	"compress_1kb_zstd_fastest":  {Bytes: kib, Scope: OneCore},
	"compress_1kb_zstd_default":  {Bytes: kib, Scope: OneCore},
	"compress_1kb_flate1":        {Bytes: kib, Scope: OneCore},
	"compress_1kb_gzip":          {Bytes: kib, Scope: OneCore},
	"compress_1kb_stdflate1":     {Bytes: kib, Scope: OneCore},
	"compress_64kb_snappy":       {Bytes: 64 * kib, Scope: OneCore},
	"compress_64kb_zstd_fastest": {Bytes: 64 * kib, Scope: OneCore},
	"crc32c_1kb":                 {Bytes: kib, Scope: OneCore},
	"sha256_1kb":                 {Bytes: kib, Scope: OneCore},
	"aes_gcm_seal_1kb":           {Bytes: kib, Scope: OneCore},

	// Cache.
	"cache_map_get":                    {Ops: "gets", Scope: OneCore},
	"cache_syncmap_get":                {Ops: "gets", Scope: OneCore},
	"cache_ristretto_get_hit":          {Ops: "gets", Scope: OneCore},
	"cache_ristretto_get_miss":         {Ops: "gets", Scope: OneCore},
	"cache_ristretto_set":              {Ops: "sets", Scope: OneCore},
	"cache_ristretto_get_hit_parallel": {Ops: "gets", Scope: AllCores, PerCaller: "goroutines"},

	// Network.
	"loopback_rtt_tcp_1b":       {Ops: "round trips", Scope: OneConnection},
	"loopback_rtt_tcp_2cpu":     {Ops: "round trips", Scope: OneConnection},
	"loopback_rtt_tcp_gonet":    {Ops: "round trips", Scope: OneConnection},
	"loopback_rtt_udp":          {Ops: "round trips", Scope: OneConnection},
	"loopback_rtt_udp_gonet":    {Ops: "round trips", Scope: OneConnection},
	"tcp_connect_loopback":      {Ops: "connects", Scope: OneConnection},
	"http_request_loopback":     {Ops: "requests", Scope: OneConnection},
	"send_1kib_loopback_stream": {Bytes: kib, Scope: OneConnection},
	"send_1kb_10gbps":           {Bytes: kib, Scope: OneLink},
	"send_1kb_25gbps":           {Bytes: kib, Scope: OneLink},
	"send_1kb_100gbps":          {Bytes: kib, Scope: OneLink},
	"peer_rtt_tcp":              {Ops: "round trips", Scope: OneConnection},
	"peer_rtt_udp":              {Ops: "round trips", Scope: OneConnection},
}
