#!/usr/bin/env bash
# net-compare.sh: the blocking-syscall TCP loopback round trip of
# bench/network beside sockperf ping-pong and qperf tcp_lat, with the same
# message size and the same CPU placement (taskset), back to back under the
# measurement lock. All figures are full round trips in µs.
#
#   scripts/ref/net-compare.sh            # 64-byte messages, 3 s per tool
#   SIZE=1 SECS=5 ROUNDS=3 scripts/ref/net-compare.sh
#
# Needs: go, sockperf, qperf, taskset (apt-get install -y sockperf qperf).
# Placements: cpus=1 runs client and server on the last CPU; cpus=2 runs
# the client on CPU 0 and the server on CPU 1. sockperf needs at least 14
# bytes per message, so SIZE=1 compares with qperf only.
set -euo pipefail

size=${SIZE:-64}
secs=${SECS:-3}
rounds=${ROUNDS:-2}
lock=${LATENCY_LOCK:-/tmp/latency-measure.lock}
if [[ -z ${NET_COMPARE_LOCKED:-} ]]; then
	export NET_COMPARE_LOCKED=1
	exec flock "$lock" "$0" "$@"
fi

cd "$(dirname "$0")/../.."
for tool in go sockperf qperf taskset; do
	command -v "$tool" >/dev/null || { echo "net-compare: $tool not found" >&2; exit 1; }
done
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

go test -c -o "$tmp/network.test" ./bench/network
ncpu=$(nproc)
last=$((ncpu - 1))

# ours CPUS: p50 and mean (ns/op) of LoopbackRTT on the syscall path.
ours() {
	(cd bench/network && "$tmp/network.test" -test.run '^$' \
		-test.bench "^BenchmarkLoopbackRTT\$/^path=syscall\$/^proto=tcp\$/^size=${size}B\$/^cpus=$1\$" \
		-test.benchtime "${secs}s" -test.count 1) |
		awk '/^BenchmarkLoopbackRTT/ { for (i = 1; i < NF; i++) { if ($(i+1) == "p50-ns") p50 = $i; if ($(i+1) == "ns/op") mean = $i }
			printf "%.2f %.2f\n", p50 / 1000, mean / 1000 }'
}

# sockperf_rtt CLIENT_CPU SERVER_CPU: p50 and average, --full-rtt.
sockperf_rtt() {
	local port=$((11000 + RANDOM % 1000))
	taskset -c "$2" sockperf server --tcp -i 127.0.0.1 -p "$port" >"$tmp/sp-server.log" 2>&1 &
	pids+=($!)
	sleep 0.5
	taskset -c "$1" sockperf ping-pong --tcp -i 127.0.0.1 -p "$port" -m "$size" -t "$secs" --full-rtt 2>&1 |
		sed 's/\x1b\[[0-9;]*m//g' >"$tmp/sp.log"
	kill "${pids[-1]}"
	awk '/percentile 50.000/ { p50 = $NF } /avg-rtt=/ { sub(/.*avg-rtt=/, ""); avg = $1 }
		END { printf "%.2f %.2f\n", p50, avg }' "$tmp/sp.log"
}

# qperf_rtt CLIENT_CPU SERVER_CPU: twice qperf's latency, which is half a
# round trip (mean).
qperf_rtt() {
	local port=$((19000 + RANDOM % 700))
	taskset -c "$2" qperf -lp "$port" >/dev/null 2>&1 &
	pids+=($!)
	sleep 0.5
	taskset -c "$1" qperf -lp "$port" -t "$secs" -m "$size" 127.0.0.1 tcp_lat >"$tmp/qp.log" 2>&1
	kill "${pids[-1]}"
	awk '/latency/ { v = $3; u = $4; if (u == "ns") v /= 1000; if (u == "ms") v *= 1000; printf "%.2f\n", 2 * v }' "$tmp/qp.log"
}

echo "TCP loopback round trip, ${size}-byte messages, ${secs} s per tool, $(date -u +%FT%TZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-7s %-20s %-22s %-18s %s\n' placement "ours p50 / mean" "sockperf p50 / avg" "qperf mean" "ours p50 vs sockperf p50, qperf"
for ((round = 0; round < rounds; round++)); do
for cpus in 1 2; do
	if ((cpus > ncpu)); then continue; fi
	if ((cpus == 1)); then c=$last s=$last; else c=0 s=1; fi
	read -r op50 omean < <(ours "$cpus")
	if ((size >= 14)); then read -r sp50 savg < <(sockperf_rtt "$c" "$s"); else sp50=nan savg=nan; fi
	qrtt=$(qperf_rtt "$c" "$s")
	ratios=$(awk -v o="$op50" -v s="$sp50" -v q="$qrtt" 'function pct(a, b) { return b == "nan" ? "n/a" : sprintf("%+.0f %%", (a/b - 1) * 100) }
		BEGIN { printf "%s, %s", pct(o, s), pct(o, q) }')
	printf 'cpus=%-2s %-20s %-22s %-18s %s\n' "$cpus" "$op50 / $omean" "$sp50 / $savg" "$qrtt" "$ratios"
done
done
echo "commands: network.test -test.bench 'LoopbackRTT/path=syscall/proto=tcp/size=${size}B/cpus=N' -test.benchtime ${secs}s;"
echo "  taskset -c S sockperf server --tcp -i 127.0.0.1 -p P & taskset -c C sockperf ping-pong --tcp -i 127.0.0.1 -p P -m $size -t $secs --full-rtt;"
echo "  taskset -c S qperf -lp P & taskset -c C qperf -lp P -t $secs -m $size 127.0.0.1 tcp_lat (latency x 2)"
