// Package compress measures the table's "compress 1 KB with Snappy" row and
// its peers: per-block work a service does on every request or record.
//
// Every figure is taken on real data: the classic Snappy benchmark corpus
// (testdata/snappy, see its PROVENANCE), cut into consecutive 1 KiB blocks
// (2456 of them; a file's shorter tail is dropped). One benchmark iteration
// encodes every block of the corpus in turn, each with its own codec call,
// into one preallocated output buffer, with no allocation in the loop.
//
// Benchmarks and units:
//
//	Compress/codec=C/block=B/file=F    ns/op is ns per block (mean over all
//	                                   blocks: total time / blocks), MB/s of
//	                                   input, ratio = input / output bytes
//	                                   actually produced
//	CompressFile/codec=snappy/block=1KiB/file=F  the same, file by file
//	Decompress/codec=snappy/block=1KiB/file=all  ns per block, MB/s of output
//	Hash/alg=crc32c|sha256/block=1KiB  ns per block, MB/s
//	Seal/alg=aes-128-gcm/block=1KiB    ns per block, MB/s
//
// Codecs (C): snappy (github.com/golang/snappy, the row), s2 and s2-better
// (klauspost/compress/s2), zstd-fastest and zstd-default (klauspost zstd,
// one encoder reused with EncodeAll, as a service would), flate-1 (klauspost
// flate level 1), gzip (klauspost gzip, default level 5) and stdflate-1 (the
// standard library's compress/flate level 1, for reference). Block sizes (B):
// 1KiB for every codec; 64KiB for snappy and zstd-fastest, to show how much
// of the 1 KiB cost is per-call overhead. Files (F): "all" for every codec;
// each corpus file for snappy at 1 KiB (BenchmarkCompressFile, which the
// runner samples 6 × 50 ms: detail, not a row).
//
// Compare codecs with
//
//	benchstat -col /codec -row /block,/file -filter .name:Compress results.txt
//
// Note: the row's figure is the mean time per block over the whole corpus,
// the figure lzbench and Snappy's own benchmark report (as throughput), not a
// median over blocks: reading the clock can cost as much as a tenth of a
// block's encode time (e.g. about 100 ns on a 2-vCPU guest), so timing each
// block alone would distort what it measures. The spread over content shows
// in the file=... results instead, and the report's figure is the median of
// the runs.
package compress
