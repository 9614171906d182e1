// cpu.c: an independent C reference for the CPU rows of bench/cpu, using
// the methods of lmbench (lat_syscall, lat_pipe/lat_ctx) and the classic
// sorted-versus-random branch loop. Build and run with run-cpu.sh.
//
// Every figure is the median (and the fastest) of SAMPLES timed samples,
// each doing many operations, in ns per operation, and the median in core
// cycles (from the add chain's fastest sample, the truest clock reading).
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define SAMPLES 15

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double cycle_ns; // the clock's fastest ns per cycle, once measured

// report prints the median and minimum of n samples, and the median in
// cycles once the clock is known.
static void report(const char *name, double *s, int n, const char *unit) {
	qsort(s, n, sizeof *s, cmp_double);
	printf("%-22s %12.3f %12.3f", name, s[n / 2], s[0]);
	if (cycle_ns > 0)
		printf(" %10.1f", s[n / 2] / cycle_ns);
	else
		printf(" %10s", "");
	printf("  %s\n", unit);
}

static void pin(int cpu) {
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (pthread_setaffinity_np(pthread_self(), sizeof set, &set) != 0) {
		perror("pthread_setaffinity_np");
		exit(1);
	}
}

// ---- clock: a chain of dependent one-cycle adds (register operand) ----

#define ADD10 "add %[s], %[x]\n\t" "add %[s], %[x]\n\t" "add %[s], %[x]\n\t" "add %[s], %[x]\n\t" \
	"add %[s], %[x]\n\t" "add %[s], %[x]\n\t" "add %[s], %[x]\n\t" "add %[s], %[x]\n\t" \
	"add %[s], %[x]\n\t" "add %[s], %[x]\n\t"

static uint64_t add_chain(long passes, uint64_t step) {
	uint64_t x = 0;
	for (long i = 0; i < passes; i++)
		__asm__ volatile(ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10 ADD10
				 : [x] "+r"(x) : [s] "r"(step));
	return x;
}

// Note: samples are short (100,000 adds, ~30 µs) so that most see no
// interrupt; millisecond samples read a few per cent slow in a guest.
#define CLOCK_SAMPLES 2000

static void bench_clock(void) {
	static double s[CLOCK_SAMPLES];
	const long passes = 1000;
	add_chain(100 * passes, 1);
	for (int i = 0; i < CLOCK_SAMPLES; i++) {
		double t0 = now_ns();
		if (add_chain(passes, 1) != (uint64_t)passes * 100) abort();
		s[i] = (now_ns() - t0) / (passes * 100.0);
	}
	report("clock", s, CLOCK_SAMPLES, "ns/cycle");
	cycle_ns = s[0];
	printf("%-22s %12.3f %12.3f %10s  GHz\n", "clock-ghz", 1 / s[CLOCK_SAMPLES / 2], 1 / s[0], "");
}

// ---- branch mispredict: the same loop over random and sorted bytes ----

#define BRANCH_BYTES (256 << 10)

// count_above keeps its branch: the empty volatile asm in the taken path
// stops gcc from if-converting it to CMOV/SETcc or vectorising the loop.
// run-cpu.sh checks the object code for cmov.
__attribute__((noinline)) static long count_above(const uint8_t *d, long n, uint8_t t, long *sum) {
	long c = 0, s = 0;
	for (long i = 0; i < n; i++) {
		if (d[i] >= t) {
			__asm__ volatile("");
			c++;
			s += d[i];
		}
	}
	*sum = s;
	return c;
}

static int cmp_u8(const void *a, const void *b) {
	return *(const uint8_t *)a - *(const uint8_t *)b;
}

static void bench_branch(void) {
	uint8_t *rnd = malloc(BRANCH_BYTES), *srt = malloc(BRANCH_BYTES);
	uint64_t x = 88172645463325252ull; // xorshift64
	for (long i = 0; i < BRANCH_BYTES; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		rnd[i] = x >> 56;
	}
	memcpy(srt, rnd, BRANCH_BYTES);
	qsort(srt, BRANCH_BYTES, 1, cmp_u8);
	long sum1, sum2, taken = count_above(srt, BRANCH_BYTES, 128, &sum2);
	double p = (double)taken / BRANCH_BYTES, rate = p < 0.5 ? p : 1 - p;
	double mis[SAMPLES], r[SAMPLES], so[SAMPLES];
	for (int w = 0; w < 4; w++) // let the predictor see the patterns first, as Go's ramp-up does
		count_above(rnd, BRANCH_BYTES, 128, &sum1), count_above(srt, BRANCH_BYTES, 128, &sum2);
	for (int i = 0; i < SAMPLES; i++) {
		double tr = 0, ts = 0;
		for (int k = 0; k < 8; k++) {
			double t0 = now_ns();
			long a = count_above(rnd, BRANCH_BYTES, 128, &sum1);
			double t1 = now_ns();
			long b = count_above(srt, BRANCH_BYTES, 128, &sum2);
			double t2 = now_ns();
			if (a != taken || b != taken || sum1 != sum2) abort();
			tr += t1 - t0, ts += t2 - t1;
		}
		double n = 8.0 * BRANCH_BYTES;
		r[i] = tr / n, so[i] = ts / n, mis[i] = (tr - ts) / (n * rate);
	}
	printf("%-22s %12.4f %12s %10s  taken fraction\n", "branch-taken", p, "", "");
	report("branch-random", r, SAMPLES, "ns/branch");
	report("branch-sorted", so, SAMPLES, "ns/branch");
	report("branch-mispredict", mis, SAMPLES, "ns/mispredict");
	free(rnd), free(srt);
}

// ---- system call: lmbench lat_syscall null (getppid) ----

static void bench_syscall(void) {
	double s[SAMPLES];
	const int calls = 20000;
	pid_t want = getppid(), got = 0;
	for (int i = 0; i < SAMPLES; i++) {
		double t0 = now_ns();
		for (int k = 0; k < calls; k++)
			got = getppid();
		s[i] = (now_ns() - t0) / calls;
	}
	if (got != want) abort();
	report("syscall-getppid", s, SAMPLES, "ns/op");
}

// ---- mutex and atomic add, uncontended ----

static struct { char pad1[128]; pthread_mutex_t mu; char pad2[128]; } padded_mu = {.mu = PTHREAD_MUTEX_INITIALIZER};
static struct { char pad1[128]; long v; char pad2[128]; } padded_ctr;

static void bench_mutex_atomic(void) {
	double s[SAMPLES];
	const int ops = 1000000;
	for (int i = 0; i < SAMPLES; i++) {
		double t0 = now_ns();
		for (int k = 0; k < ops; k++) {
			pthread_mutex_lock(&padded_mu.mu);
			pthread_mutex_unlock(&padded_mu.mu);
		}
		s[i] = (now_ns() - t0) / ops;
	}
	report("mutex-uncontended", s, SAMPLES, "ns/op (lock+unlock)");
	for (int i = 0; i < SAMPLES; i++) {
		double t0 = now_ns();
		for (int k = 0; k < ops; k++)
			__atomic_fetch_add(&padded_ctr.v, 1, __ATOMIC_SEQ_CST);
		s[i] = (now_ns() - t0) / ops;
	}
	if (padded_ctr.v != (long)ops * SAMPLES) abort();
	report("atomic-add", s, SAMPLES, "ns/op");
}

// ---- cache line ping-pong between two pinned threads ----

static struct { char pad1[128]; volatile long v; char pad2[128]; } line;
static int cpu_b;

static void *pong_line(void *arg) {
	(void)arg;
	pin(cpu_b);
	for (;;) {
		long v = __atomic_load_n(&line.v, __ATOMIC_ACQUIRE);
		if (v < 0) return NULL;
		if (v & 1) __atomic_store_n(&line.v, v + 1, __ATOMIC_RELEASE);
	}
}

static void bench_pingpong(int a, int b) {
	double s[SAMPLES];
	const int rounds = 20000;
	pthread_t t;
	cpu_b = b;
	line.v = 0;
	pin(a);
	pthread_create(&t, NULL, pong_line, NULL);
	long v = 0;
	for (int i = 0; i < SAMPLES; i++) {
		double t0 = now_ns();
		for (int k = 0; k < rounds; k++, v += 2) {
			__atomic_store_n(&line.v, v + 1, __ATOMIC_RELEASE);
			while (__atomic_load_n(&line.v, __ATOMIC_ACQUIRE) != v + 2)
				;
		}
		s[i] = (now_ns() - t0) / rounds;
	}
	__atomic_store_n(&line.v, -1, __ATOMIC_RELEASE);
	pthread_join(t, NULL);
	report("cacheline-pingpong", s, SAMPLES, "ns/roundtrip");
}

// ---- context switch: lmbench lat_pipe between two pinned threads ----

static int ping[2], pong[2];

static void *echo(void *arg) {
	(void)arg;
	pin(cpu_b);
	char c;
	while (read(ping[0], &c, 1) == 1)
		if (write(pong[1], &c, 1) != 1) break;
	return NULL;
}

static void bench_ctx(int a, int b, const char *name, int rounds) {
	double s[SAMPLES];
	pthread_t t;
	if (pipe(ping) || pipe(pong)) { perror("pipe"); exit(1); }
	cpu_b = b;
	pin(a);
	pthread_create(&t, NULL, echo, NULL);
	char c = 'x';
	for (int i = 0; i < SAMPLES; i++) {
		double t0 = now_ns();
		for (int k = 0; k < rounds; k++)
			if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1) abort();
		s[i] = (now_ns() - t0) / rounds / 2;
	}
	close(ping[1]);
	pthread_join(t, NULL);
	close(ping[0]), close(pong[0]), close(pong[1]);
	report(name, s, SAMPLES, "ns/switch (round trip / 2)");
}

// ---- page fault: first write to fresh anonymous 4 KiB pages ----

static void bench_fault(void) {
	double s[SAMPLES];
	const size_t size = 2 << 20;
	long page = sysconf(_SC_PAGESIZE);
	long faults = 0, pages = 0;
	for (int i = 0; i < SAMPLES; i++) {
		double total = 0;
		for (int k = 0; k < 4; k++) {
			char *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m == MAP_FAILED || madvise(m, size, MADV_NOHUGEPAGE)) { perror("mmap"); exit(1); }
			struct rusage r0, r1;
			getrusage(RUSAGE_THREAD, &r0);
			double t0 = now_ns();
			for (size_t off = 0; off < size; off += page)
				((volatile char *)m)[off] = 1;
			total += now_ns() - t0;
			getrusage(RUSAGE_THREAD, &r1);
			faults += r1.ru_minflt - r0.ru_minflt, pages += size / page;
			munmap(m, size);
		}
		s[i] = total / (4.0 * size / page);
	}
	report("page-fault", s, SAMPLES, "ns/fault (per page)");
	printf("%-22s %12.3f %12s %10s  faults/page\n", "page-fault-count", (double)faults / pages, "", "");
}

static void *nothing(void *arg) { return arg; }

int main(void) {
	// glibc skips the atomic operations of pthread_mutex_lock/unlock while a
	// process has only ever had one thread; start one so the mutex figure is
	// the real, thread-safe lock and unlock.
	pthread_t t;
	pthread_create(&t, NULL, nothing, NULL);
	pthread_join(t, NULL);

	cpu_set_t set;
	sched_getaffinity(0, sizeof set, &set);
	int cpus[2], n = 0;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set)) cpus[n++] = c;
	printf("%-22s %12s %12s %10s  unit\n", "# row", "median", "min", "cycles");
	bench_clock();
	bench_branch();
	bench_syscall();
	bench_mutex_atomic();
	bench_fault();
	bench_ctx(cpus[0], cpus[0], "ctx-switch-1cpu", 2000);
	if (n == 2) {
		bench_ctx(cpus[0], cpus[1], "ctx-switch-2cpu", 100);
		bench_pingpong(cpus[0], cpus[1]);
	}
	return 0;
}
