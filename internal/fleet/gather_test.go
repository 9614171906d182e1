package fleet

import (
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/results"
)

func TestSplitLog(t *testing.T) {
	const a = "node: a\n\nBenchmarkClock-2 1 0.25 ns/cycle\n"
	// Two pods' logs with kubectl's --prefix, interleaved line by line,
	// with progress lines around the results.
	log := "[pod/latency-suite-0-x/latency] unpacking...\n" +
		"[pod/latency-suite-0-x/latency] === latency-results node=a kind=suite begin ===\n" +
		"[pod/latency-suite-1-y/latency] === latency-results node=b kind=pairs begin ===\n" +
		"[pod/latency-suite-0-x/latency] node: a\n" +
		"[pod/latency-suite-1-y/latency] node: b\n" +
		"[pod/latency-suite-0-x/latency] \n" +
		"[pod/latency-suite-0-x/latency] BenchmarkClock-2 1 0.25 ns/cycle\n" +
		"[pod/latency-suite-1-y/latency] BenchmarkNodeRTT/src=b/dst=a/zone=same 1 5 ns/op 5 p50-ns\n" +
		"[pod/latency-suite-0-x/latency] === latency-results node=a kind=suite end ===\n" +
		"[pod/latency-suite-1-y/latency] === latency-results node=b kind=pairs end ===\n"
	parts, err := SplitLog(strings.NewReader(log), "fleet.log")
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 || parts[0].Node != "a" || parts[0].Kind != KindSuite || string(parts[0].Data) != a ||
		parts[1].Node != "b" || parts[1].Kind != KindPairs {
		t.Fatalf("got %+v", parts)
	}
	// Without a prefix: one pod after another.
	plain := "=== latency-results node=a kind=suite begin ===\n" + a + "=== latency-results node=a kind=suite end ===\n"
	if parts, err := SplitLog(strings.NewReader(plain), "a.log"); err != nil || len(parts) != 1 || string(parts[0].Data) != a {
		t.Errorf("plain log: got %+v, %v", parts, err)
	}

	for _, tc := range []struct{ name, log, want string }{
		{"no markers", "hello\n", "no results between"},
		{"no end", "=== latency-results node=a kind=suite begin ===\nx\n", "never end"},
		{"end without begin", "=== latency-results node=a kind=suite end ===\n", "did not begin"},
		{"nested", "=== latency-results node=a kind=suite begin ===\n=== latency-results node=b kind=suite begin ===\n", "before node a's"},
		{"bad node", "=== latency-results node=a/b kind=suite begin ===\n", "node name"},
		{"bad kind", "=== latency-results node=a kind=other begin ===\n", "malformed marker"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := SplitLog(strings.NewReader(tc.log), "x.log")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestMergePairsRenamesAndMarksZones(t *testing.T) {
	// A Job's pods measure under their pod names and record the node's
	// name and zone as facts.
	files := []string{
		"node: p0\nnode-name: node-a\nzone: z1\npeer-where: datacenter\n\nBenchmarkNodeRTT/src=p0/dst=p1/zone=unknown 10 5 ns/op 5 p50-ns 6 p99-ns\n",
		"node: p1\nnode-name: node-b\nzone: z2\npeer-where: datacenter\n\nBenchmarkNodeRTT/src=p1/dst=p0/zone=unknown 10 7 ns/op 7 p50-ns 8 p99-ns\n",
	}
	var runs []*results.Run
	for i, f := range files {
		_, run, err := Classify([]byte(f), "f"+string(rune('0'+i)), "")
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, run)
	}
	var b strings.Builder
	if err := MergePairs(&b, runs, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BenchmarkNodeRTT/src=node-a/dst=node-b/zone=cross", "BenchmarkNodeRTT/src=node-b/dst=node-a/zone=cross", "zone-node-a: z1", "peer-where: datacenter"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("merged matrix lacks %q:\n%s", want, b.String())
		}
	}
}
