package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/units"
)

// A Throughput is the rate a row's figure was measured at or implies
// (rows.Work says what one operation does), and the time the same work
// takes for a mebibyte and a gibibyte.
type Throughput struct {
	// Value is the rate per second, in Unit: "B/s", or operations per
	// second ("reads/s"). 0 when the row has none.
	Value float64
	Unit  string
	// Scope is what the rate is of: rows.OneCore, rows.QueueDepth1, ...
	Scope string
	// Derived is true when the rate is one over a latency (operations one
	// at a time: a median, a dependent chain) or over a computed figure,
	// not the rate at which the benchmark ran operations back to back.
	Derived bool
	// PerMiBNS and PerGiBNS are the time for 1 MiB and 1 GiB of the same
	// work at this rate, in ns; NaN when the work is not about bytes.
	PerMiBNS, PerGiBNS float64
}

// OK reports whether there is a rate.
func (t Throughput) OK() bool { return t.Value > 0 && !math.IsInf(t.Value, 0) }

// throughput returns the rate of a line with a figure whose row has work
// (see rows.WorkOf).
//
// Note: most benchmarks run their operations back to back, one after the
// other, and report the mean time per operation (ns/op, ns/switch,
// ns/fault): one over it is the rate they ran at, what `go test` turns
// into MB/s. A percentile (p50-ns: the median of single operations timed
// one at a time) and a dependent chain (ns/load: each load waits for the
// last) are latencies: one over them is the rate of doing the operations
// one at a time, a floor where they could overlap, so it is marked
// derived, as is a rate from a computed figure.
func throughput(ctx runContext, l Line) Throughput {
	t := Throughput{PerMiBNS: math.NaN(), PerGiBNS: math.NaN()}
	w, ok := rows.WorkOf(l.ID)
	if !ok || !(l.Measured > 0) || math.IsInf(l.Measured, 0) || l.Kind == rows.NotMeasured {
		return t
	}
	callers := 1.0
	if w.PerCaller != "" {
		n, ok := ctx.Value(l.Source, w.PerCaller)
		if !ok || !(n >= 1) {
			return t
		}
		callers = n
	}
	opsPerSec := callers * 1e9 / l.Measured
	t.Scope, t.Derived = w.Scope, l.Kind != rows.Measured || latencyUnit(l.Unit)
	if w.Ops != "" {
		t.Value, t.Unit = opsPerSec, w.Ops+"/s"
	} else {
		t.Value, t.Unit = opsPerSec*w.Bytes, "B/s"
	}
	if w.Bytes > 0 {
		perByte := l.Measured / callers / w.Bytes
		t.PerMiBNS, t.PerGiBNS = perByte*(1<<20), perByte*(1<<30)
	}
	return t
}

// latencyUnit reports whether a unit is the latency of single or dependent
// operations rather than a mean over independent ones run back to back.
func latencyUnit(unit string) bool {
	return unit == "ns/load" || (strings.HasPrefix(unit, "p") && strings.HasSuffix(unit, "-ns"))
}

// scopeShort names a scope in a table cell; "" for one core, the default.
var scopeShort = map[string]string{
	rows.OneCore:       "",
	rows.QueueDepth1:   "QD1",
	rows.OneConnection: "1 conn",
	rows.OneLink:       "1 link",
	rows.AllCores:      "all cores",
}

// String formats the rate for a table cell: "13.0k reads/s (QD1) †", with
// its scope unless it is one core and † when derived; "" for none.
func (t Throughput) String() string {
	if !t.OK() {
		return ""
	}
	s := units.Rate(t.Value, t.Unit)
	scope, ok := scopeShort[t.Scope]
	if !ok {
		scope = t.Scope
	}
	if scope != "" {
		s += " (" + scope + ")"
	}
	if t.Derived {
		s += " " + DerivedMark
	}
	return s
}

// DerivedMark marks a derived rate in text and Markdown.
const DerivedMark = "†"

// ThroughputNote explains the rate and size columns under a table.
var ThroughputNote = fmt.Sprintf("Throughput: the rate of one core doing the operation back to back unless marked (QD1: one request at a time to the device; 1 conn: one request at a time on one connection; 1 link: one network link; all cores: every core at once); %s derived: one over a latency or a computed figure (one operation at a time, where they could overlap), not the rate the benchmark ran at. 1 MiB, 1 GiB: the time for that much of the same work at that rate (derived).", DerivedMark)

// throughputCells are the cells of the rate and size columns.
func throughputCells(l Line) []any {
	return []any{l.Throughput.String(), units.Duration(l.Throughput.PerMiBNS), units.Duration(l.Throughput.PerGiBNS)}
}

// throughputCSV are the CSV fields of the rate and size columns.
func throughputCSV(l Line) []string {
	t := l.Throughput
	if !t.OK() {
		return []string{"", "", "", "", "", ""}
	}
	return []string{num(t.Value), t.Unit, t.Scope, fmt.Sprint(t.Derived), num(t.PerMiBNS), num(t.PerGiBNS)}
}

// throughputHeader names the CSV fields of throughputCSV.
var throughputHeader = []string{"throughput", "throughput_unit", "throughput_scope", "throughput_derived", "per_mib_ns", "per_gib_ns"}

// jsonRate is the JSON shape of a Throughput's rate.
type jsonRate struct {
	Value   float64 `json:"value"`
	Unit    string  `json:"unit"`
	Scope   string  `json:"scope"`
	Derived bool    `json:"derived"`
}

func (t Throughput) json() *jsonRate {
	if !t.OK() {
		return nil
	}
	return &jsonRate{Value: t.Value, Unit: t.Unit, Scope: t.Scope, Derived: t.Derived}
}

// throughputColumns are the text and Markdown columns of the rates.
func throughputColumns() []column {
	return []column{{name: "Throughput", right: true}, {name: "1 MiB", right: true}, {name: "1 GiB", right: true}}
}
