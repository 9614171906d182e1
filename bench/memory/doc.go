// Package memory measures the memory rows of the latency table: L1, L2 and
// L3 cache references and the main memory reference, by a dependent pointer
// chase over a single random cycle (lmbench lat_mem_rd, tinymembench); a
// sweep of working-set sizes from 4 KiB to 512 MiB that shows each cache
// cliff; and reading 1 MiB sequentially from DRAM and from cache.
//
// Working sets are sized from the machine's reported caches
// (machine.WorkingSets). Buffers are mapped outside the Go heap, 2 MiB
// aligned, with transparent huge pages requested (pages=huge) or refused
// (pages=4KiB); the huge-pct metric says how much the kernel granted.
// macOS has no transparent huge pages: there the chases run over base pages
// alone (pages=16KiB on Apple Silicon, pages=4KiB on Intel Macs), CacheRef
// included, and the cache working sets are sized from the performance
// cores' caches (hw.perflevel0).
//
// Benchmarks and the rows they answer:
//
//	BenchmarkCacheRef/level=L1/size=*     l1_cache_reference      ns/load
//	BenchmarkCacheRef/level=L2/size=*     l2_cache_reference      ns/load
//	BenchmarkCacheRef/level=L3/size=*     l3_cache_reference      ns/load (extra)
//	BenchmarkMainMemory/pages=huge/size=* main_memory_reference   ns/load
//	BenchmarkMainMemory/pages=4KiB/size=* main_memory_reference_4k_pages (extra)
//	BenchmarkSweep/pages=*/size=*         the memory curve (chart only)
//	BenchmarkSeqRead/src=dram/size=*      memory_sequential_read_1mb ns/op = ns per MiB
//	BenchmarkSeqRead/src=cache/size=1MiB  memory_cached_read_1mb (extra)
//	BenchmarkBandwidth/cores=1     memory_bandwidth_1core ns/MiB, GB/s
//	BenchmarkBandwidth/cores=all   memory_bandwidth_all_cores ns/MiB, GB/s
//	BenchmarkLoadedLatency/load=*  loaded_latency_* ns/load at NN % of the
//	                               other cores' read bandwidth (a curve)
//	BenchmarkMemoryParallelism/k=* memory_parallelism_* ns/load with k
//	                               misses in flight (a curve), k=knee
//
// size= is the working set (the buffer, for SeqRead) really used: it
// defines what was measured, so benchstat and `latency compare` keep runs
// with different working sets apart.
package memory
