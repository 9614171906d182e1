#!/bin/sh
# cpu-compare.sh: the CPU rows of bench/cpu beside scripts/ref/cpu.c (the
# same methods in C: a branch over random vs sorted bytes with its cmov-free
# loop checked, raw getppid, pipes between pinned threads, ...), taking
# turns ROUNDS times (default 5) so that drift on a shared VM hits both
# alike, and printing the median of each side.
#
#   flock -x /tmp/latency-measure.lock scripts/ref/cpu-compare.sh
#
# The mutex rows differ by design (Go's sync.Mutex fast path against
# glibc's pthread mutex); they are shown, not compared.
set -eu
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
gcc -O2 -Wall -o "$tmp/cpu" scripts/ref/cpu.c -lpthread
if objdump -d --no-show-raw-insn "$tmp/cpu" | awk '/<count_above[^>]*>:/,/^$/' | grep -q cmov; then
	echo "cpu-compare.sh: the C branch loop was compiled to cmov" >&2
	exit 1
fi
go test -c -o "$tmp/cpu.test" ./bench/cpu
# go NAME UNIT: the Go figure of one benchmark in the last turn's output.
go_fig() { awk -v n="$1" -v u="$2" '$1 ~ "^Benchmark"n"-[0-9]+$" {for(i=3;i<NF;i++) if($(i+1)==u) print $i}' "$tmp/go.turn"; }
c_fig() { awk -v n="$1" '$1==n {print $2}' "$tmp/c.turn"; }
rows="Clock:ns/cycle:clock
BranchMispredict:ns/mispredict:branch-mispredict
Syscall/call=getppid:ns/op:syscall-getppid
AtomicAdd:ns/op:atomic-add
PageFault:ns/fault:page-fault
ContextSwitch/cpus=1:ns/switch:ctx-switch-1cpu
ContextSwitch/cpus=2:ns/switch:ctx-switch-2cpu
CacheLinePingPong:ns/roundtrip:cacheline-pingpong
Mutex/contended=no:ns/op:mutex-uncontended"
for _ in $(seq "$rounds"); do
	(cd bench/cpu && "$tmp/cpu.test" -test.run '^$' -test.bench '^Benchmark(Clock|BranchMispredict|Syscall|AtomicAdd|PageFault|ContextSwitch|CacheLinePingPong|Mutex)$' \
		-test.count 1 -test.benchtime 200ms) >"$tmp/go.turn"
	"$tmp/cpu" >"$tmp/c.turn"
	echo "$rows" | while IFS=: read -r g u c; do
		echo "$c $(go_fig "$g" "$u") $(c_fig "$c")" >>"$tmp/all"
	done
done
median() { sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
printf '%-22s %12s %12s %8s   (%s turns each, medians)\n' row go-suite c-reference go-vs-c "$rounds"
echo "$rows" | while IFS=: read -r g u c; do
	gm=$(awk -v c="$c" '$1==c && NF==3 {print $2}' "$tmp/all" | median)
	cm=$(awk -v c="$c" '$1==c && NF==3 {print $3}' "$tmp/all" | median)
	printf '%-22s %12s %12s %+7.1f%%  %s\n' "$c" "$gm" "$cm" "$(echo "$gm $cm" | awk '{print ($1/$2-1)*100}')" "$u"
done
