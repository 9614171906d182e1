package estimate_test

import (
	"fmt"
	"log"

	"github.com/latency-numbers/latency/internal/estimate"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// How long reading 10 GiB from the SSD of a KVM guest takes, from its run.
func Example() {
	run, err := results.ReadFile("../report/testdata/vm-rounds.txt")
	if err != nil {
		log.Fatal(err)
	}
	q, err := estimate.Parse("read 10 GiB sequentially from ssd")
	if err != nil {
		log.Fatal(err)
	}
	a, err := estimate.FromReport(report.Build(run, rows.Table)).Answer(q)
	if err != nil {
		log.Fatal(err)
	}
	s := a.Steps[0]
	fmt.Printf("%s × %s (%s) = %s\n", estimate.Count(s.Count), s.Figure.ID, units.Duration(s.Figure.NS), units.Duration(a.TotalNS))
	// Output:
	// 10,240 × ssd_sequential_read_1mb (535 µs) = 5.47 s
}
