// bw.c: an independent C reference for BenchmarkBandwidth: THREADS threads,
// pinned to CPUs 0..THREADS-1, each sum the 64-bit words of its own part of
// a SIZE-byte buffer (2 MiB aligned, MADV_HUGEPAGE, every page written
// first), from end to end, again and again, for about MS ms; a plain read
// loop that gcc -O3 vectorises, as bw_mem rd and STREAM-like tools read.
//
// Build and run: scripts/ref/run-reach.sh bw.
// Usage: bw SIZE THREADS MS   prints GB/s, all threads together
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define HUGE (2UL << 20)
#define CHUNK (1UL << 20) // bytes between clock reads

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

struct worker {
	int cpu;
	uint64_t *p;
	size_t words;
	double ms;
	double bytes, ns;
	uint64_t sum;
	pthread_barrier_t *start;
};

static uint64_t sum(const uint64_t *p, size_t n) {
	uint64_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void *run(void *arg) {
	struct worker *w = arg;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
		fprintf(stderr, "bw: cannot pin to CPU %d\n", w->cpu);
		exit(1);
	}
	pthread_barrier_wait(w->start);
	size_t chunk = CHUNK / 8, off = 0;
	double t0 = now(), t;
	double bytes = 0;
	do {
		w->sum += sum(w->p + off, chunk);
		bytes += CHUNK;
		off += chunk;
		if (off + chunk > w->words)
			off = 0;
		t = now();
	} while (t - t0 < w->ms * 1e6);
	w->bytes = bytes;
	w->ns = t - t0;
	return NULL;
}

int main(int argc, char **argv) {
	if (argc != 4) {
		fprintf(stderr, "usage: bw SIZE THREADS MS\n");
		return 2;
	}
	size_t size = strtoull(argv[1], NULL, 10);
	int threads = atoi(argv[2]);
	double ms = atof(argv[3]);
	size_t n = (size + HUGE - 1) & ~(HUGE - 1);
	char *m = mmap(NULL, n + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	char *b = (char *)(((uintptr_t)m + HUGE - 1) & ~(HUGE - 1));
	madvise(b, n, MADV_HUGEPAGE);
	for (size_t i = 0; i < n; i += 4096)
		b[i] = 1;
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, threads);
	struct worker *w = calloc(threads, sizeof *w);
	pthread_t *t = calloc(threads, sizeof *t);
	size_t per = n / threads / CHUNK * CHUNK;
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){.cpu = i, .p = (uint64_t *)(b + i * per), .words = per / 8, .ms = ms, .start = &start};
		pthread_create(&t[i], NULL, run, &w[i]);
	}
	double gbps = 0;
	uint64_t s = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		gbps += w[i].bytes / w[i].ns;
		s += w[i].sum;
	}
	printf("%.3f\n", gbps);
	return s == 42; // keep the sums
}
