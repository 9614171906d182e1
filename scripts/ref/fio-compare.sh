#!/bin/sh
# fio-compare.sh runs the storage benchmarks and fio by turns on the same
# directory, with the same block sizes, file size, queue depth (1) and I/O
# pattern, and prints their medians side by side.
#
#   scripts/ref/fio-compare.sh [dir]     (default $LATENCY_SCRATCH, else .)
#
# Environment: LATENCY_SCRATCH_SIZE (default 1GiB), ROUNDS (turns of each
# tool, default 3), COUNT (benchmark samples of 100 ms per turn, default 5),
# FIO_RUNTIME (seconds per fio turn, default 2). Needs go, fio and jq
# (apt-get install fio jq). On a shared machine, run it under
# flock /tmp/latency-measure.lock. KEEP=1 keeps the raw results.
set -eu

dir=$(cd "${1:-${LATENCY_SCRATCH:-.}}" && pwd)
size=${LATENCY_SCRATCH_SIZE:-1GiB}
rounds=${ROUNDS:-3}
count=${COUNT:-5}
runtime=${FIO_RUNTIME:-2}
repo=$(cd "$(dirname "$0")/../.." && pwd)

work=$(mktemp -d "$dir/.latency-fio-XXXXXX")
hp_old=
cleanup() {
	[ -z "$hp_old" ] || echo "$hp_old" >/proc/sys/vm/nr_hugepages
	if [ -n "${KEEP:-}" ]; then rm -f "$work/big" "$work/wal"; echo "results kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ours BENCH: run a benchmark, output to $work/BENCH.N.txt.
ours() {
	(cd "$repo/bench/storage" && LATENCY_SCRATCH=$dir LATENCY_SCRATCH_SIZE=$size \
		go test -run '^$' -bench "^Benchmark$1\$" -count "$count" -benchtime 100ms) >"$work/$1.$round.txt"
}

# fio_job NAME FILE SIZE ARGS...: run one fio turn, JSON to $work/NAME.N.json.
# fio lays FILE out once; later turns reuse it. --mem=mmap gives fio a fresh
# mapping for its buffer, as Go's heap gives the benchmarks: with malloc's
# recycled pages, a 1 MiB buffer can span more physical segments than a
# virtio disk takes in one request (254 here) and each read goes out as two.
fio_job() {
	name=$1 file=$2 fsize=$3
	shift 3
	fio --name="$name" --filename="$work/$file" --size="$fsize" --direct=1 --ioengine=psync \
		--iodepth=1 --mem=mmap --runtime="$runtime" --time_based --ramp_time=300ms \
		--output-format=json --output="$work/$name.$round.json" "$@"
}

# The benchmark reads 1 MiB into a huge-page buffer (physically contiguous:
# one request per MiB). Give fio the same with a hugetlbfs page
# (--mem=mmaphuge), reserving two 2 MiB pages for the run when we may.
seq_mem=
hp=/proc/sys/vm/nr_hugepages
if [ -w "$hp" ]; then
	hp_old=$(cat "$hp")
	[ "$hp_old" -ge 2 ] || echo 2 >"$hp"
	[ "$(cat "$hp")" -ge 2 ] && seq_mem=--mem=mmaphuge
fi
[ -n "$seq_mem" ] || echo "fio-compare: no huge pages for fio's buffer: its 1 MiB reads may be split in two" >&2

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2) }'; }

# mine BENCH UNIT: the median of a metric over all samples of a benchmark.
# (Percentiles other than the median are per 100 ms sample: not comparable
# with fio's, which are over a whole turn.)
mine() {
	awk -v name="^Benchmark$1" -v unit="$2" \
		'$1 ~ name { for (i = 3; i < NF; i++) if ($(i+1) == unit) print $i }' "$work/${1%%/*}".*.txt | median
}

# pooled BENCH: the median over turns of the mean time per operation of a
# turn (fio's mean is over all operations of a turn, not a median of means).
pooled() {
	for f in "$work/$1".*.txt; do
		awk -v name="^Benchmark$1" '$1 ~ name { t += $2 * $3; n += $2 } END { print t / n }' "$f"
	done | median
}

# theirs NAME FILTER: the median over fio's turns of a figure of its JSON.
theirs() { for f in "$work/$1".*.json; do jq -r ".jobs[0] | $2" "$f"; done | median; }

echo "dir $dir, file $size, $rounds turns each: $count benchmark samples of 100 ms, fio for ${runtime} s"
fio_size=$(echo "$size" | sed 's/iB$//; s/B$//')
# Lay fio's file out as the benchmarks lay out theirs (scratch.NewFile):
# random data in 1 MiB O_DIRECT writes from a contiguous buffer, then fsync.
# On a virtual disk the layout below the guest changes sequential reads by
# a third or more, so both sides must read the same kind of file.
round=0
fio_job layout big "$fio_size" --rw=write --bs=1m --refill_buffers --end_fsync=1 $seq_mem \
	--runtime=600 --time_based=0 --ramp_time=0
for round in $(seq "$rounds"); do
	ours RandomRead4K
	fio_job randread big "$fio_size" --rw=randread --bs=4k --randrepeat=0
	ours SeqRead1M
	fio_job seqread big "$fio_size" --rw=read --bs=1m $seq_mem
	# The sync jobs write through the page cache, as BenchmarkWriteSync does.
	ours WriteSync
	fio_job fdatasync wal 16m --rw=write --bs=4k --direct=0 --fdatasync=1
	fio_job fsync wal 16m --rw=write --bs=4k --direct=0 --fsync=1
done

printf '\n%-34s %12s %12s %8s\n' "ns (median of turns)" latency fio diff
row() { printf '%-34s %12.0f %12.0f %+7.1f%%\n' "$1" "$2" "$3" "$(echo "($2 - $3) * 100 / $3" | bc -l)"; }
p50='clat_ns.percentile["50.000000"]'
row "4 KiB random read, p50" "$(mine RandomRead4K p50-ns)" "$(theirs randread ".read.$p50")"
row "4 KiB random read, mean" "$(pooled RandomRead4K)" "$(theirs randread .read.lat_ns.mean)"
row "1 MiB sequential read, mean" "$(pooled SeqRead1M)" "$(theirs seqread .read.lat_ns.mean)"
row "1 MiB sequential read, p50" "$(mine SeqRead1M p50-ns)" "$(theirs seqread ".read.$p50")"
# Device requests per 1 MiB read: ours from the disk's counter around each
# sample, fio's from its disk_util (requests the disk completed) over its
# reads; fio's count includes its ramp time, so it can read a little high.
reqs() { printf '%-34s %12.2f %12.2f\n' "$1" "$2" "$3"; }
reqs "1 MiB read: device requests/read" "$(mine SeqRead1M requests/op)" \
	"$(for f in "$work"/seqread.*.json; do jq -r '(.disk_util[0].read_ios // 0) / .jobs[0].read.total_ios' "$f"; done | median)"
row "4 KiB write + fdatasync, p50" "$(mine WriteSync/sync=fdatasync p50-ns)" "$(theirs fdatasync ".write.$p50 + .sync.lat_ns.percentile[\"50.000000\"]")"
row "4 KiB write + fsync, p50" "$(mine WriteSync/sync=fsync p50-ns)" "$(theirs fsync ".write.$p50 + .sync.lat_ns.percentile[\"50.000000\"]")"
