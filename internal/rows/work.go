package rows

// Work says what one operation of a row does, so that its figure can be
// turned into a rate (reads per second, GB/s) and into the time for a
// mebibyte or a gibibyte of the same work: the napkin-math table's
// Throughput, 1 MiB and 1 GiB columns.
//
// Note: the memory rows' loads are dependent (each address comes from the
// last load), so one over their latency is the rate of a pointer chase, not
// the core's load bandwidth, which overlaps many misses; the report marks
// such rates as derived from a latency.
type Work struct {
	// Bytes is how much data one operation processes (reads, compresses,
	// sends; for a compressor or a hash, the input block's size); 0 when
	// the operation is not about data (a lock, a round trip).
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

// Sizes in the table's work and phrases.
const (
	line = 64 // a cache line: what one random memory reference brings in
	kib  = 1 << 10
	mib  = 1 << 20
)

// WorkOf returns what one operation of the row with the given id does (its
// Work), and false for a row whose figure implies no rate worth quoting (a
// branch mispredict, a CPU cycle) or no such row.
func WorkOf(id string) (Work, bool) {
	r, ok := Lookup(id)
	return r.Work, ok && r.Work != Work{}
}
