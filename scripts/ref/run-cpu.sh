#!/bin/sh
# run-cpu.sh compiles scripts/ref/cpu.c with gcc -O2, checks that its branch
# loop kept a conditional jump (no cmov), and runs it. To serialise with
# other measurements: flock /tmp/latency-measure.lock scripts/ref/run-cpu.sh
set -eu
dir=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
gcc -O2 -Wall -o "$out/cpu" "$dir/cpu.c" -lpthread
body=$(objdump -d --no-show-raw-insn "$out/cpu" | awk '/<count_above[^>]*>:/,/^$/')
if [ -z "$body" ] || echo "$body" | grep -q cmov; then
	echo "run-cpu.sh: count_above has no branch (cmov or missing):" >&2
	echo "$body" >&2
	exit 1
fi
"$out/cpu"
