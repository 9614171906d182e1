#!/bin/sh
# run-reach.sh: check the rows beyond idle latency against independent
# references, Go and reference by turns so that drift on a shared VM hits
# both alike, and print the medians side by side.
#
#   scripts/ref/run-reach.sh c2c   core-to-core round trip (pair of the first
#                                  two CPUs) vs c2c.c, a C CAS ping-pong
#   scripts/ref/run-reach.sh bw    read bandwidth, one core and all cores,
#                                  vs bw.c, a plain C read loop
#   scripts/ref/run-reach.sh qd    4 KiB random reads at QD 1 and 32 vs
#                                  fio --ioengine=io_uring (needs fio, jq)
#
# Environment: ROUNDS (turns of each, default 5). On a shared machine run it
# under flock -x /tmp/latency-measure.lock; each mode takes under 2 minutes.
set -eu
cd "$(dirname "$0")/../.."
repo=$(pwd)
rounds=${ROUNDS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# metric NAME UNIT: the values of UNIT on result lines of benchmark NAME.
metric() { awk -v n="^Benchmark$1-[0-9]+\$" -v u="$2" '$1 ~ n {for(i=3;i<NF;i++) if($(i+1)==u) print $i}'; }
row() { # row LABEL GO-FILE REF-FILE
	g=$(median <"$2")
	c=$(median <"$3")
	printf '%-40s %12s %12s %+7.1f%%\n' "$1" "$g" "$c" "$(echo "$g $c" | awk '{print ($1/$2-1)*100}')"
}
header() { printf '%-40s %12s %12s %8s\n' "$1" go-suite reference go-vs-ref; }

case "${1:-}" in
c2c)
	gcc -O2 -Wall -pthread -o "$tmp/c2c" scripts/ref/c2c.c
	go test -c -o "$tmp/cpu.test" ./bench/cpu
	pair=
	for _ in $(seq "$rounds"); do
		(cd bench/cpu && "$tmp/cpu.test" -test.run '^$' -test.bench '^BenchmarkCoreToCore$' -test.count 1 -test.benchtime 100ms) >"$tmp/out"
		[ -n "$pair" ] || pair=$(sed -n 's/^BenchmarkCoreToCore\/pair=\([0-9]*-[0-9]*\)-.*/\1/p' "$tmp/out" | head -n 1)
		[ -n "$pair" ] || { cat "$tmp/out" >&2; exit 1; }
		metric "CoreToCore/pair=$pair" ns/roundtrip <"$tmp/out" >>"$tmp/go"
		"$tmp/c2c" "${pair%-*}" "${pair#*-}" 100 >>"$tmp/c"
	done
	header "ns per round trip"
	row "CAS ping-pong, CPUs $pair" "$tmp/go" "$tmp/c"
	;;
bw)
	gcc -O3 -march=native -Wall -pthread -o "$tmp/bw" scripts/ref/bw.c
	go test -c -o "$tmp/mem.test" ./bench/memory
	# The buffer as the Go suite sizes it (machine.WorkingSets), via the test binary.
	dram=$(cd bench/memory && "$tmp/mem.test" -test.run '^TestPrintWorkingSets$' -test.v 2>/dev/null | sed -n 's/^ *ws: //p' | awk '{print $4}')
	[ -n "$dram" ] || { echo "could not read working sets" >&2; exit 1; }
	threads=
	for _ in $(seq "$rounds"); do
		(cd bench/memory && "$tmp/mem.test" -test.run '^$' -test.bench '^BenchmarkBandwidth$' -test.count 1 -test.benchtime 100ms) >"$tmp/out"
		[ -n "$threads" ] || threads=$(metric Bandwidth/cores=all threads <"$tmp/out" | awk '{printf "%d", $1}')
		metric Bandwidth/cores=1 GB/s <"$tmp/out" >>"$tmp/go1"
		metric Bandwidth/cores=all GB/s <"$tmp/out" >>"$tmp/goall"
		"$tmp/bw" "$dram" 1 100 >>"$tmp/c1"
		"$tmp/bw" "$dram" "$threads" 100 >>"$tmp/call"
	done
	header "GB/s, $dram-byte buffer"
	row "read bandwidth, 1 thread" "$tmp/go1" "$tmp/c1"
	row "read bandwidth, $threads threads" "$tmp/goall" "$tmp/call"
	;;
*)
	echo "usage: run-reach.sh c2c|bw|qd" >&2
	exit 2
	;;
esac
