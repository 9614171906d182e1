#!/usr/bin/env bash
# run-snappy.sh: Go snappy (bench/compress) against the C++ libsnappy on the
# same blocks of the same corpus (1 KiB, the row, and 64 KiB), interleaved
# under the measurement lock, then benchstat with the codecs side by side.
#
# Needs g++ and libsnappy-dev (apt-get install -y g++ libsnappy-dev).
# Usage: scripts/ref/run-snappy.sh [count] [benchtime-ms]    (default 10 100)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
count=${1:-10}
ms=${2:-100}
if ! [[ $count =~ ^[1-9][0-9]*$ && $ms =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 [count] [benchtime-ms]" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

g++ -O2 -Wall -o "$tmp/snappy-ref" "$root/scripts/ref/snappy.cc" -lsnappy
(cd "$root" && go test -c -o "$tmp/compress.test" ./bench/compress)

cd "$root/bench/compress"
# One sample of each in turn, count times: on a shared machine any drift then
# hits both implementations alike.
flock /tmp/latency-measure.lock bash -c '
	for ((i = 0; i < $2; i++)); do
		"$1/compress.test" -test.run "^$" -test.count 1 -test.benchtime "${3}ms" \
			-test.bench "^Benchmark(Compress|Decompress)$/^codec=snappy$/^block=(1|64)KiB$/^file=all$"
		"$1/snappy-ref" testdata/snappy 1 "$3" 1024
		"$1/snappy-ref" testdata/snappy 1 "$3" 65536
	done
' bash "$tmp" "$count" "$ms" | tee "$tmp/results.txt"
echo
cd "$root" && go run golang.org/x/perf/cmd/benchstat -col /codec "$tmp/results.txt"
