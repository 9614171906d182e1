// snappy.cc: the C++ reference for the compress_1kb_snappy row.
//
// It encodes (and decodes) the same blocks as bench/compress: every full
// 1 KiB block of the 10 Snappy corpus files, in the same order, each with its
// own snappy::RawCompress call into one preallocated output buffer, no
// allocation in the timed loop. One pass encodes every block; each sample
// repeats passes for at least the bench time, after an untimed warm-up pass.
// Output is `go test -bench` format, so benchstat compares it with the Go
// results (codec=snappy-cpp beside codec=snappy).
//
// Build and run: scripts/ref/run-snappy.sh, or
//
//	g++ -O2 -o /tmp/snappy-ref snappy.cc -lsnappy
//	/tmp/snappy-ref bench/compress/testdata/snappy [count] [benchtime-ms] [block-bytes]
#include <snappy.h>
#include <sched.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// The corpus files, in the order of internal/corpus.Snappy.
static const char* kFiles[] = {
    "html",        "urls.10K",     "fireworks.jpeg", "paper-100k.pdf", "alice29.txt",
    "asyoulik.txt", "lcet10.txt",  "plrabn12.txt",   "geo.protodata",  "kppkn.gtb",
};

static double now_ns() {
  return std::chrono::duration<double, std::nano>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Runs `count` samples of at least `ms` milliseconds of whole passes of
// pass(), printing one benchmark line per sample.
template <typename Pass>
static void bench(const std::string& name, int count, double ms, size_t blocks, size_t bytes,
                  const char* extra, Pass pass) {
  pass();  // warm-up
  for (int s = 0; s < count; s++) {
    long n = 0;
    double start = now_ns(), elapsed = 0;
    do {
      pass();
      n++;
      elapsed = now_ns() - start;
    } while (elapsed < ms * 1e6);
    std::printf("%s\t%8ld\t%10.1f ns/op\t%8.2f MB/s%s\n", name.c_str(), n,
                elapsed / double(n * blocks), double(bytes) * n / elapsed * 1e3, extra);
  }
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s corpus-dir [count] [benchtime-ms] [block-bytes]\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  int count = argc > 2 ? std::atoi(argv[2]) : 10;
  double ms = argc > 3 ? std::atof(argv[3]) : 100;
  size_t size = argc > 4 ? std::strtoul(argv[4], nullptr, 10) : 1024;
  if (count <= 0 || ms <= 0 || size == 0) {
    std::fprintf(stderr, "bad count, bench time or block size\n");
    return 2;
  }

  // Cut every file into full blocks, dropping a shorter tail, as corpus.Blocks does.
  std::vector<std::string> blocks;
  for (const char* f : kFiles) {
    std::ifstream in(dir + "/" + f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot open %s/%s\n", dir.c_str(), f);
      return 1;
    }
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t off = 0; off + size <= data.size(); off += size) blocks.push_back(data.substr(off, size));
  }
  size_t in_bytes = blocks.size() * size;

  std::vector<char> out(snappy::MaxCompressedLength(size));
  std::vector<std::string> comp(blocks.size());
  size_t want = 0;
  for (size_t i = 0; i < blocks.size(); i++) {
    size_t n;
    snappy::RawCompress(blocks[i].data(), size, out.data(), &n);
    comp[i].assign(out.data(), n);
    want += n;
    std::string back;
    if (!snappy::Uncompress(comp[i].data(), n, &back) || back != blocks[i]) {
      std::fprintf(stderr, "block %zu does not round-trip\n", i);
      return 1;
    }
  }

  cpu_set_t set;
  int procs = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
  std::string suffix = "/block=" + std::to_string(size >> 10) + "KiB/file=all";
  if (procs > 1) suffix += "-" + std::to_string(procs);  // as Go names results for GOMAXPROCS
  char extra[64];
  std::snprintf(extra, sizeof extra, "\t%8.4g ratio", double(in_bytes) / double(want));
  // To stderr: a configuration line in the results would split benchstat's tables.
  std::fprintf(stderr, "libsnappy %d.%d.%d, %zu blocks of %zu bytes\n", SNAPPY_MAJOR, SNAPPY_MINOR,
               SNAPPY_PATCHLEVEL, blocks.size(), size);

  bench("BenchmarkCompress/codec=snappy-cpp" + suffix, count, ms, blocks.size(), in_bytes, extra, [&] {
    size_t total = 0;
    for (const std::string& b : blocks) {
      size_t n;
      snappy::RawCompress(b.data(), b.size(), out.data(), &n);
      total += n;
    }
    if (total != want) {
      std::fprintf(stderr, "compressed %zu bytes, want %zu\n", total, want);
      std::exit(1);
    }
  });

  std::vector<char> dec(size);
  bench("BenchmarkDecompress/codec=snappy-cpp" + suffix, count, ms, blocks.size(), in_bytes, "", [&] {
    for (const std::string& c : comp) {
      if (!snappy::RawUncompress(c.data(), c.size(), dec.data())) {
        std::fprintf(stderr, "decompression failed\n");
        std::exit(1);
      }
    }
  });
  return 0;
}
