package report_test

import (
	"fmt"
	"log"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// A report of a quick run on the development VM: the first rows of the
// guide beside the figures measured.
func Example() {
	run, err := results.ReadFile("testdata/vm-quick.txt")
	if err != nil {
		log.Fatal(err)
	}
	rep := report.Build(run, rows.Table)
	for _, l := range rep.Rows[:5] {
		fmt.Printf("%-22s guide %-8s Scott %d %-8s measured %-8s %s\n", l.Operation,
			units.Duration(l.GuideNS), rep.Year, units.Duration(l.ScottNS), units.Duration(l.Measured), report.RatioWords(l.Ratio()))
	}
	// Output:
	// L1 cache reference     guide 0.5 ns   Scott 2026 1.00 ns  measured 1.37 ns  2.7× slower
	// Branch mispredict      guide 5.00 ns  Scott 2026 3.33 ns  measured 8.55 ns  1.7× slower
	// L2 cache reference     guide 7.00 ns  Scott 2026 4.33 ns  measured 5.82 ns  1.2× faster
	// Mutex lock/unlock      guide 25.0 ns  Scott 2026 16.7 ns  measured 13.1 ns  1.9× faster
	// Main memory reference  guide 100 ns   Scott 2026 100 ns   measured 289 ns   2.9× slower
}

// Two runs side by side, the second tested against the first.
func ExampleCompare() {
	a, err := results.ReadFile("quick=testdata/vm-quick.txt")
	if err != nil {
		log.Fatal(err)
	}
	b, err := results.ReadFile("default=testdata/vm-default.txt")
	if err != nil {
		log.Fatal(err)
	}
	c, err := report.Compare([]*results.Run{a, b}, rows.Table)
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range c.Rows[:3] {
		fmt.Printf("%-20s %s\n", row.Operation, row.Delta())
	}
	// Output:
	// L1 cache reference   1.02× faster? not trustworthy: unstable in the first run (p=0.875 n=6+10)
	// Branch mispredict    1.09× faster? not trustworthy: unstable in the first run (p=0.005 n=6+10)
	// L2 cache reference   1.14× faster? not trustworthy: unstable in both runs (p=0.220 n=6+10)
}
