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
//
// Benchmarks and the rows they answer:
//
//	BenchmarkCacheRef/level=L1     l1_cache_reference      ns/load
//	BenchmarkCacheRef/level=L2     l2_cache_reference      ns/load
//	BenchmarkCacheRef/level=L3     l3_cache_reference      ns/load (extra)
//	BenchmarkMainMemory/pages=huge main_memory_reference   ns/load
//	BenchmarkMainMemory/pages=4KiB main_memory_reference_4k_pages (extra)
//	BenchmarkSweep/pages=*/size=*  the memory curve (chart only)
//	BenchmarkSeqRead/src=dram      memory_sequential_read_1mb ns/op = ns per MiB
//	BenchmarkSeqRead/src=cache     memory_cached_read_1mb (extra)
//	BenchmarkBandwidth/cores=1     memory_bandwidth_1core ns/MiB, GB/s
//	BenchmarkBandwidth/cores=all   memory_bandwidth_all_cores ns/MiB, GB/s
//	BenchmarkLoadedLatency/load=*  loaded_latency_* ns/load at NN % of the
//	                               other cores' read bandwidth (a curve)
//	BenchmarkMemoryParallelism/k=* memory_parallelism_* ns/load with k
//	                               misses in flight (a curve), k=knee
package memory
