package memory

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/env"
	"github.com/latency-numbers/latency/internal/units"
)

// TestNamesCarryWorkingSet runs the row benchmarks once (test profile) and
// checks that each name carries the working set it really used.
func TestNamesCarryWorkingSet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts benchmark runs")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^Benchmark(CacheRef|MainMemory|SeqRead)$", "-test.benchtime=1x")
	cmd.Env = append(os.Environ(), env.ProfileVar+"=test")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ws := workingSets
	used := func(n int) string { return units.Name(min(n, 64<<20)) } // the test profile's cap
	dram := used(ws.DRAM)
	for _, name := range []string{
		"CacheRef/level=L1/size=" + used(ws.L1),
		"CacheRef/level=L2/size=" + used(ws.L2),
		"CacheRef/level=L3/size=" + used(ws.L3),
		"MainMemory/pages=huge/size=" + dram,
		"MainMemory/pages=4KiB/size=" + dram,
		"SeqRead/src=dram/size=" + dram,
		"SeqRead/src=cache/size=1MiB",
	} {
		if !strings.Contains(string(out), "\nBenchmark"+name+"-") {
			t.Errorf("no result for Benchmark%s in:\n%s", name, out)
		}
	}
}
