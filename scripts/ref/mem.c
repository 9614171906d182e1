// mem.c: an independent C reference for the memory rows, using the method of
// lmbench's lat_mem_rd / tinymembench: a dependent pointer chase over a
// single random cycle (Sattolo) of 64-byte lines in a 2 MiB-aligned mmap'd
// buffer with MADV_HUGEPAGE or MADV_NOHUGEPAGE, and a 1 MiB sequential read
// (glibc memchr over a fresh MiB of a large buffer each time).
//
// Build and run: scripts/ref/run-mem.sh (gcc -O2).
// Usage: mem chase SIZE huge|4k      prints ns/load (median of blocks of 4096 loads)
//        mem seqread SIZE            prints ns per MiB for 1 MiB reads from a SIZE buffer
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define LINE 64
#define HUGE (2UL << 20)

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void) { // xorshift64*
	rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static char *map(size_t size, int huge) {
	size_t n = (size + HUGE - 1) & ~(HUGE - 1);
	char *m = mmap(NULL, n + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) { perror("mmap"); exit(1); }
	char *b = (char *)(((uintptr_t)m + HUGE - 1) & ~(HUGE - 1));
	madvise(b, n, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	for (size_t i = 0; i < n; i += 4096) b[i] = 1;
	return b;
}

static int cmp(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n) { qsort(v, n, sizeof v[0], cmp); return v[n / 2]; }

static void chase(size_t size, int huge) {
	size_t n = size / LINE;
	char *b = map(n * LINE, huge);
	uint32_t *p = malloc(n * sizeof *p);
	for (size_t i = 0; i < n; i++) p[i] = i;
	for (size_t i = n - 1; i > 0; i--) { // Sattolo: j < i gives one cycle
		size_t j = next() % i;
		uint32_t t = p[i]; p[i] = p[j]; p[j] = t;
	}
	for (size_t i = 0; i < n; i++) *(void **)(b + i * LINE) = b + (size_t)p[i] * LINE;
	free(p);
	void **q = (void **)b;
	size_t warm = n < (1 << 17) ? n : (1 << 17);
	for (size_t i = 0; i < warm; i++) q = *q;
	// Time blocks of 4096 loads and keep the median block, as the Go suite
	// does: hypervisor interference only ever slows a block down.
	enum { STEPS = 4096 };
	int blocks = size > (64 << 20) ? 201 : 2001;
	double *t = malloc(blocks * sizeof *t);
	for (int k = 0; k < blocks; k++) {
		double t0 = now();
		for (long i = 0; i < STEPS; i += 16) {
#define S q = (void **)*q;
			S S S S S S S S S S S S S S S S
		}
		t[k] = (now() - t0) / STEPS;
	}
	if (q == NULL) puts("");
	printf("%.3f\n", median(t, blocks));
	free(t);
}

static void seqread(size_t size) {
	const size_t mib = 1 << 20;
	char *b = map(size, 1);
	size_t chunks = size / mib, c = 0;
	double t[11];
	for (int k = 0; k < 11; k++) {
		double t0 = now();
		for (int i = 0; i < 64; i++, c++) {
			// glibc's vectorised memchr reads every byte of the MiB looking
			// for a value that is not there (the buffer holds only 0 and 1).
			if (memchr(b + (c % chunks) * mib, 0xff, mib) != NULL) {
				fprintf(stderr, "found a byte that is not there\n");
				exit(1);
			}
		}
		t[k] = (now() - t0) / 64;
	}
	printf("%.0f\n", median(t, 11));
}

int main(int argc, char **argv) {
	if (argc >= 4 && !strcmp(argv[1], "chase")) {
		chase(strtoull(argv[2], NULL, 0), !strcmp(argv[3], "huge"));
	} else if (argc >= 3 && !strcmp(argv[1], "seqread")) {
		seqread(strtoull(argv[2], NULL, 0));
	} else {
		fprintf(stderr, "usage: mem chase SIZE huge|4k | mem seqread SIZE\n");
		return 2;
	}
	return 0;
}
