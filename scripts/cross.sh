#!/bin/sh
# cross.sh: prove the suite on the platforms it supports without owning them.
#
#  1. go build and go vet (which type-checks the tests; deploy/ aside) for linux/arm64,
#     darwin/arm64, darwin/amd64 and windows/amd64; make test covers
#     linux/amd64. On Windows only the report tools do anything: the
#     benchmarks' files are left out by build tags.
#  2. Compile and link every package's test binary for darwin/arm64.
#  3. Build the linux/arm64 test binaries of bench/... and of the packages
#     with arm64 code, and run each once under qemu-user: unit tests
#     (-test.short) and every benchmark once. Functional only: timings
#     under emulation mean nothing and nothing here looks at them, beyond
#     that the clock, pointer-chase and branch benchmarks produced a figure
#     and the report turned it into cycles.
#  4. Build the linux/arm64 file of make dist (the workers embedded) and run
#     its quick profile under qemu-user in an empty directory, with no Go on
#     PATH; check that the results file says the workers were embedded and
#     that the report reads it. The whole quick profile: its six first
#     rounds take about 1.5 min under emulation here, well within CI's
#     time; if it grows too slow, give it -bench with the guide's rows
#     only. Its test binaries are built with -trimpath, as step 3's are,
#     so the build cache serves them.
#
# Needs qemu-aarch64 (Debian: qemu-user). bench/network starts child
# processes from its test binary; they run only if the kernel hands arm64
# binaries to qemu (binfmt_misc, Debian: qemu-user-static), otherwise that
# package is reported as skipped. Set QEMU to another emulator binary.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
QEMU=${QEMU:-qemu-aarch64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t0=$(date +%s)
step() { printf '%s\n' "cross: [$(($(date +%s) - t0)) s] $*" >&2; }

# linux/amd64 is make test's own platform; the others build and vet here.
# go vet type-checks the test files too. deploy/ is left out: its tests
# read manifests and a playbook, the same on every platform, and make test
# runs them; vetting them would compile k8s.io/api once more per platform
# (about 30 s each).
pkgs=$($GO list ./... | grep -v '/deploy/')
for t in linux/arm64 darwin/arm64 darwin/amd64 windows/amd64; do
	step "build and vet $t"
	GOOS=${t%/*} GOARCH=${t#*/} $GO build ./...
	GOOS=${t%/*} GOARCH=${t#*/} $GO vet $pkgs
done

step "test binaries for darwin/arm64"
mkdir -p "$tmp/darwin"
GOOS=darwin GOARCH=arm64 $GO test -c -o "$tmp/darwin/" $pkgs >/dev/null

step "linux/arm64 test binaries, run once under $QEMU"
command -v "$QEMU" >/dev/null || { echo "cross: $QEMU not found (apt-get install qemu-user)" >&2; exit 1; }
bin=$tmp/linux-arm64
mkdir -p "$bin"
GOOS=linux GOARCH=arm64 CGO_ENABLED=0 $GO test -c -trimpath -o "$bin/" ./bench/... ./internal/clock ./internal/chase ./internal/codegen ./internal/machine ./internal/mem >/dev/null
binfmt=no
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && binfmt=yes
out=$tmp/arm64.txt
: >"$out"
for dir in bench/* internal/clock internal/chase internal/codegen internal/machine internal/mem; do
	name=$(basename "$dir")
	if [ "$name" = network ] && [ "$binfmt" = no ]; then
		step "$dir: skipped, its child processes need binfmt_misc for arm64 (apt-get install qemu-user-static)"
		continue
	fi
	start=$(date +%s)
	# Tests run from their package directory, as go test runs them.
	# TestEstimateUnits wants a clock between 0.3 and 10 GHz: a speed, and
	# emulation has none worth the name. LATENCY_EMULATED turns the branch
	# benchmark's timing check (random dearer than sorted) into a log line.
	if ! (cd "$dir" && LATENCY_PROFILE=test LATENCY_EMULATED=1 "$QEMU" "$bin/$name.test" -test.short -test.run . -test.skip '^TestEstimateUnits$' \
		-test.bench . -test.benchtime 1x) >"$tmp/$name.out" 2>&1; then
		cat "$tmp/$name.out" >&2
		echo "cross: $dir failed under $QEMU" >&2
		exit 1
	fi
	grep -v '^PASS$' "$tmp/$name.out" >>"$out" || true
	step "$dir: ok ($(($(date +%s) - start)) s)"
done

# The arm64 rows the clock makes into cycles must all have figures.
for b in BenchmarkClock BenchmarkBranchMispredict BenchmarkCacheRef/level=L1 BenchmarkMainMemory/pages=; do
	grep -q "^$b.*-[0-9]* .*ns/" "$out" || { echo "cross: no $b result under $QEMU" >&2; exit 1; }
done
$GO run ./cmd/latency report -format csv "$out" >"$tmp/report.csv"
cycles() { awk -F, -v id="$1" '$1 == id && $11 != "" { found = 1 } END { exit !found }' "$tmp/report.csv"; }
for id in cpu_cycle l1_cache_reference main_memory_reference; do
	cycles "$id" || { echo "cross: the report of the arm64 run has no cycles for $id" >&2; exit 1; }
done
# Under emulation the random pass may cost no more than the sorted one: the
# branch row then has no figure to turn into cycles, and the log says why.
if ! cycles branch_mispredict; then
	grep -q "not enforced" "$tmp/cpu.out" || { echo "cross: the report of the arm64 run has no cycles for branch_mispredict" >&2; exit 1; }
	step "branch_mispredict: no figure under emulation (random pass not dearer than sorted); not enforced"
fi
step "arm64 report has cycles for the clock, chase and branch rows"

step "make dist's linux/arm64 file: the quick profile under $QEMU, no Go on PATH"
if [ "$binfmt" = no ]; then
	step "skipped: the file starts its arm64 workers as child processes, which needs binfmt_misc for arm64 (apt-get install qemu-user-static)"
	exit 0
fi
$GO run ./scripts/dist -o "$tmp/dist" linux/arm64
mkdir "$tmp/run"
start=$(date +%s)
if ! (cd "$tmp/run" && env -i PATH=/usr/bin:/bin HOME="$tmp/run" "$tmp/dist/latency-linux-arm64" run -profile quick -charts=false) >"$tmp/dist.out" 2>&1; then
	cat "$tmp/dist.out" >&2
	echo "cross: the linux/arm64 dist file failed its quick profile under $QEMU" >&2
	exit 1
fi
res=$(ls "$tmp"/run/results/*.txt)
for fact in 'workers: embedded' 'goarch: arm64' 'suite-version: v'; do
	grep -q "^$fact" "$res" || { echo "cross: the arm64 dist run's results lack \"$fact\"" >&2; exit 1; }
done
$GO run ./cmd/latency report "$res" >/dev/null
step "linux/arm64 dist file: quick profile ok ($(($(date +%s) - start)) s), results read"
