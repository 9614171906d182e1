// c2c.c: an independent C reference for BenchmarkCoreToCore, with the
// method of nviennot/core-to-core-latency: two threads pinned to two CPUs
// bounce one cache line with compare-and-swap; the initiator swaps 2k for
// 2k+1, the responder 2k+1 for 2k+2, each spinning on its CAS.
//
// Build and run: scripts/ref/run-reach.sh c2c (gcc -O2 -pthread).
// Usage: c2c CPU_A CPU_B MS   prints ns per round trip over about MS ms
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static struct {
	char pad0[128];
	int64_t v;
	char pad1[128];
	int stop;
	char pad2[128];
} s __attribute__((aligned(128)));

static void pin(int cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
		fprintf(stderr, "c2c: cannot pin to CPU %d\n", cpu);
		exit(1);
	}
}

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *responder(void *arg) {
	pin(*(int *)arg);
	for (int64_t v = 1;; v += 2) {
		int64_t want = v;
		while (!__atomic_compare_exchange_n(&s.v, &want, v + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			if (__atomic_load_n(&s.stop, __ATOMIC_RELAXED))
				return NULL;
			want = v;
		}
	}
}

int main(int argc, char **argv) {
	if (argc != 4) {
		fprintf(stderr, "usage: c2c CPU_A CPU_B MS\n");
		return 2;
	}
	int a = atoi(argv[1]), b = atoi(argv[2]);
	double ms = atof(argv[3]);
	pin(a);
	pthread_t t;
	pthread_create(&t, NULL, responder, &b);
	int64_t v = 0, rounds = 0;
	double start = now(), end;
	do {
		for (int i = 0; i < 100; i++) {
			int64_t want = v;
			while (!__atomic_compare_exchange_n(&s.v, &want, v + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
				want = v;
			v += 2;
		}
		rounds += 100;
		end = now();
	} while (end - start < ms * 1e6);
	__atomic_store_n(&s.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	printf("%.2f\n", (end - start) / rounds);
	return 0;
}
