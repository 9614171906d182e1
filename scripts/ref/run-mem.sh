#!/bin/sh
# run-mem.sh [RESULTS]: run the C memory reference (mem.c) over the same
# working sets as the Go suite (read from the results file's ws-* facts,
# default the newest file in results/) and print both side by side.
set -eu
cd "$(dirname "$0")/../.."
res=${1:-$(ls -t results/*.txt | head -1)}
bin=$(mktemp -d)/mem
trap 'rm -rf "$(dirname "$bin")"' EXIT
gcc -O3 -march=native -o "$bin" scripts/ref/mem.c
bytes() { # 24KiB -> 24576
	echo "$1" | awk '/KiB$/{print $1*1024; next} /MiB$/{print $1*1048576; next} /GiB$/{print $1*1073741824; next} {print $1}'
}
ref() { # median of 5 runs of the C reference: placement varies from run to run
	for i in 1 2 3 4 5; do "$bin" "$@"; done | sort -g | sed -n 3p
}
fact() { sed -n "s/^$1: //p" "$res" | head -1; }
median() { # median ns/load of one benchmark from the results file
	grep "^Benchmark$1-" "$res" | awk -v u="$2" '{for(i=3;i<NF;i++) if($(i+1)==u) print $i}' | sort -g | awk '{a[NR]=$1} END{if(NR) print a[int((NR+1)/2)]; else print "-"}'
}
printf '%-28s %12s %12s\n' row go-suite c-reference
for lv in l1 l2 l3; do
	ws=$(fact ws-$lv)
	up=$(echo $lv | tr a-z A-Z)
	printf '%-28s %12s %12s\n' "CacheRef/level=$up ($ws)" "$(median "CacheRef/level=$up" ns/load)" "$(ref chase "$(bytes "$ws")" huge)"
done
ws=$(fact ws-dram)
printf '%-28s %12s %12s\n' "MainMemory/pages=huge" "$(median MainMemory/pages=huge ns/load)" "$(ref chase "$(bytes "$ws")" huge)"
printf '%-28s %12s %12s\n' "MainMemory/pages=4KiB" "$(median MainMemory/pages=4KiB ns/load)" "$(ref chase "$(bytes "$ws")" 4k)"
printf '%-28s %12s %12s\n' "SeqRead/src=dram (ns/MiB)" "$(median SeqRead/src=dram ns/op)" "$(ref seqread "$(bytes "$ws")")"
