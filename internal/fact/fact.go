// Package fact holds the Fact, one "key: value" configuration line of a
// results file, and the keys that more than one package writes or reads.
// It imports nothing, so a benchmark binary that names a fact does not
// pull in the results file's reader.
package fact

// A Fact is one "key: value" configuration line of a results file.
type Fact struct{ Key, Value string }

// The machine's facts (package machine), in the order a results file
// has them.
const (
	CPUModel       = "cpu-model"    // "AMD EPYC 9B14"
	CPULogical     = "cpu-logical"  // runtime.NumCPU()
	CPUPhysical    = "cpu-physical" // distinct cores
	L1Cache        = "l1-cache"     // "48KiB (sysfs)"
	L2Cache        = "l2-cache"
	L3Cache        = "l3-cache"
	WSL1           = "ws-l1" // the memory rows' working sets
	WSL2           = "ws-l2"
	WSL3           = "ws-l3"
	WSDRAM         = "ws-dram"
	Memory         = "memory"
	Kernel         = "kernel" // "Linux 6.1.0"
	Go             = "go"     // the toolchain
	THP            = "thp"    // the transparent huge page mode
	Virtualization = "virtualization"
	PageSize       = "page-size"
	THPGranted     = "thp-granted" // the huge page probe's share
)

// The facts a run adds.
const (
	CPUClockGHz        = "cpu-clock-ghz"          // the core clock at the start
	CPUClockGHzByRound = "cpu-clock-ghz-by-round" // and at the start of every round
	Profile            = "profile"                // "default (min-rounds=...)"
	Date               = "date"                   // when the run started, RFC 3339
	Peer               = "peer"                   // host:port of the echo server
	PeerAddr           = "peer-addr"              // the address it resolved to
	PeerWhere          = "peer-where"             // wan, datacenter or lan
	Zone               = "zone"                   // the fleet node's zone
	EnvPower           = "env-power"              // doctor's power source finding
	EnvHypervisor      = "env-hypervisor"         // doctor's finding of every hypervisor layer the kernel and CPUID show
)

// The facts that name a node of a fleet (package fleet): the name it was
// measured under (a Job's pod index, `latency pairs -node`), and the name
// the user gave it (-fact node-name=NAME), which renames the first.
const (
	Node     = "node"
	NodeName = "node-name"
)
