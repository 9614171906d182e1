#!/bin/sh
# run-mem.sh: compare the Go memory rows with the C reference (mem.c, the
# lmbench/tinymembench method) on the same working sets, Go and C
# interleaved round by round so that drift in a shared VM hits both alike.
# Prints the median of ROUNDS rounds (default 5) of each.
set -eu
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O3 -march=native -o "$tmp/mem" scripts/ref/mem.c
go test -c -o "$tmp/mem.test" ./bench/memory
# Working sets as the Go suite sizes them (machine.WorkingSets), via the test binary.
ws=$(cd bench/memory && "$tmp/mem.test" -test.run '^TestPrintWorkingSets$' -test.v 2>/dev/null | sed -n 's/^ *ws: //p')
[ -n "$ws" ] || { echo "could not read working sets" >&2; exit 1; }
set -- $ws # l1 l2 l3 dram in bytes
l1=$1 l2=$2 l3=$3 dram=$4
gobench() { # gobench NAME UNIT: one Go sample
	(cd bench/memory && "$tmp/mem.test" -test.run '^$' -test.bench "^Benchmark$1\$" -test.count 1 -test.benchtime 200ms) |
		awk -v u="$2" '/^Benchmark/{for(i=3;i<NF;i++) if($(i+1)==u) print $i}'
}
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
row() { # row LABEL GONAME UNIT C-ARGS...
	label=$1 name=$2 unit=$3
	shift 3
	: >"$tmp/go"
	: >"$tmp/c"
	for _ in $(seq "$rounds"); do
		gobench "$name" "$unit" >>"$tmp/go"
		"$tmp/mem" "$@" >>"$tmp/c"
	done
	g=$(median <"$tmp/go")
	c=$(median <"$tmp/c")
	printf '%-34s %12s %12s %+7.1f%%\n' "$label" "$g" "$c" "$(echo "$g $c" | awk '{print ($1/$2-1)*100}')"
}
printf '%-34s %12s %12s %8s\n' "row (ns/load; ns per MiB)" go-suite c-reference go-vs-c
row "L1 ($l1 B)" CacheRef/level=L1 ns/load chase "$l1" huge
row "L2 ($l2 B)" CacheRef/level=L2 ns/load chase "$l2" huge
row "L3 ($l3 B)" CacheRef/level=L3 ns/load chase "$l3" huge
row "DRAM huge pages ($dram B)" MainMemory/pages=huge ns/load chase "$dram" huge
row "DRAM 4 KiB pages" MainMemory/pages=4KiB ns/load chase "$dram" 4k
row "1 MiB sequential read from DRAM" SeqRead/src=dram ns/op seqread "$dram"
