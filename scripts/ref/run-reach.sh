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
#                                  fio --ioengine=io_uring on the same file
#                                  (needs fio, jq; LATENCY_SCRATCH as for
#                                  the suite, LATENCY_SCRATCH_SIZE)
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
qd)
	# One benchmark worker (package benchmain) keeps its scratch file open
	# between commands; fio reads that very file through /proc/PID/fd by
	# turns with the worker's samples.
	command -v fio >/dev/null && command -v jq >/dev/null || { echo "qd needs fio and jq" >&2; exit 1; }
	dir=$(cd "${LATENCY_SCRATCH:-.}" && pwd)
	go test -c -o "$tmp/storage.test" ./bench/storage
	mkfifo "$tmp/in" "$tmp/out"
	(cd bench/storage && LATENCY_WORKER=1 LATENCY_SCRATCH=$dir exec "$tmp/storage.test" -test.run '^$' -test.v -test.timeout 10m) <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
	worker=$!
	exec 3>"$tmp/in" 4<"$tmp/out"
	trap 'exec 3>&-; wait "$worker" 2>/dev/null; rm -rf "$tmp"' EXIT
	sample() { # sample COUNT: one command to the worker, its result lines to stdout
		echo "run $1 100ms ^BenchmarkRandomRead4KQD\$" >&3
		while IFS= read -r line <&4; do
			case $line in latency-worker-done*) break ;; Benchmark*) echo "$line" ;; esac
		done
	}
	sample 1 >/dev/null # creates, fills and warms up the file
	file=$(ls -l "/proc/$worker/fd" | awk '/\.latency-scratch-.*\(deleted\)/ {print $9; exit}')
	[ -n "$file" ] || { echo "no scratch file open in the worker" >&2; cat "$tmp/err" >&2; exit 1; }
	size=$(stat -L -c %s "/proc/$worker/fd/$file")
	fiojob() { # fiojob DEPTH OUT
		fio --name=qd --filename="/proc/$worker/fd/$file" --size="$size" --direct=1 --ioengine=io_uring \
			--iodepth="$1" --rw=randread --bs=4k --randrepeat=0 --runtime=1 --time_based --ramp_time=200ms \
			--lat_percentiles=1 --output-format=json --output="$2"
	}
	for r in $(seq "$rounds"); do
		sample 3 >"$tmp/go.$r"
		for qd in 1 32; do
			metric "RandomRead4KQD/qd=$qd/engine=io_uring/file=[0-9A-Za-z]+" IOPS <"$tmp/go.$r" >>"$tmp/go-iops-$qd"
			metric "RandomRead4KQD/qd=$qd/engine=io_uring/file=[0-9A-Za-z]+" p50-ns <"$tmp/go.$r" >>"$tmp/go-p50-$qd"
			fiojob "$qd" "$tmp/fio.$qd.$r.json"
			jq -r '.jobs[0].read.iops' "$tmp/fio.$qd.$r.json" >>"$tmp/fio-iops-$qd"
			jq -r '.jobs[0].read.lat_ns.percentile["50.000000"]' "$tmp/fio.$qd.$r.json" >>"$tmp/fio-p50-$qd"
		done
	done
	[ -s "$tmp/go-iops-32" ] || { echo "no io_uring results (threads engine?):" >&2; cat "$tmp/go.1" >&2; exit 1; }
	header "4 KiB random reads, $size-byte file"
	for qd in 1 32; do
		row "IOPS at QD$qd (io_uring)" "$tmp/go-iops-$qd" "$tmp/fio-iops-$qd"
		row "latency p50 ns at QD$qd" "$tmp/go-p50-$qd" "$tmp/fio-p50-$qd"
	done
	;;
*)
	echo "usage: run-reach.sh c2c|bw|qd" >&2
	exit 2
	;;
esac
