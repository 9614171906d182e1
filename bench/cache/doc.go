// Package cache measures the in-process cache layer a service puts in front
// of its database: github.com/dgraph-io/ristretto/v2 Get (hit and miss) and
// Set, beside a plain Go map and sync.Map for contrast.
//
// The workload: 2^17 items (uint64 keys and values), so each structure
// spans several MiB, well beyond a 1 MiB L2; keys drawn from a Zipf
// distribution (s = 1.01, as skewed as typical request traffic: a few hot
// keys stay in cache, the long tail does not), precomputed into a
// 2^20-entry stream so the generator's cost stays out of the loop. Misses
// and Sets use keys of the same distribution that are not in the cache.
//
// Benchmarks, Cache/impl=I/op=O/par=P:
//
//	impl=map|syncmap   op=get       the Go map and sync.Map, read only
//	impl=ristretto     op=get-hit   every key present (hit-pct says so)
//	                   op=get-miss  no key present
//	                   op=set       Set of absent keys into a full cache
//	par=1    one goroutine
//	par=all  the same, while a goroutine on every other P (GOMAXPROCS in
//	         all, the goroutines metric) runs the same Gets on the same
//	         cache; ristretto's policy goroutine then has no idle core and
//	         takes its turn on one of them, which the figure includes
//
// Units: ns/op is the time per single cache operation as the calling
// goroutine sees it; hit-pct the share of Gets that found their key and
// kept-pct the share of Sets ristretto accepted (the rest were dropped),
// both counted in the timed loop.
//
// Compare implementations with
//
//	benchstat -col /impl -row /op,/par results.txt
//
// Note: each key's position in the stream depends on the previous Get's
// value, so lookups cannot overlap in the CPU: the figure is a latency, like
// a service's lookup followed by work on the value, not the throughput of
// independent lookups.
//
// Note: ristretto is asynchronous. Set only updates the store or queues the
// item; admission and eviction run on ristretto's goroutine, and Get queues
// key accesses for the same goroutine, which may run on the other core
// meanwhile. The caches are filled and ristretto.Cache.Wait is called
// before any Get is timed. Keys are integers; string keys add hashing
// (ristretto hashes them twice).
package cache
