// Package scott is Colin Scott's model of how the latency table changes with
// the year: the formulas behind "Numbers Every Programmer Should Know By
// Year" (repository colin-scott/interactive_latencies, file
// interactive_latency.html, read at commit 78b827da99f9953e5e7ec0d1ba402514604fe358).
//
// The page fits each figure of Norvig's 2002 table to an exponential trend
// (cycle time, DRAM, NIC, SSD and disk bandwidth, disk seek) or holds it
// constant (datacenter and WAN round trips), then evaluates the trend at a
// year. For 2020 it gives L1 1 ns, branch mispredict 3.3 ns, L2 4.3 ns,
// mutex 17 ns, main memory 100 ns, Snappy 1 KB 2 µs, SSD random read 16 µs,
// disk seek 2.5 ms.
//
// Note: the functions copy the page's JavaScript literally, including its
// rounded exponents (0.33 for 1/3) and the SSD latency formula's use of the
// year in its constant; the page's figures are only reproduced that way.
// Like the page's first render (which uses the current year, whatever its
// slider's 1990-2020 range), the trends are extrapolated past 2020.
package scott

import "math"

// shift indexes a year from 1982, "the year the PC came out", as the page
// does to keep 2^year from overflowing.
func shift(year int) float64 { return float64(year - 1982) }

const (
	payloadBytes        = 1e6 // "Read 1 MB sequentially": getPayloadBytes
	networkPayloadBytes = 2e3 // "Send 2,000 bytes over commodity network": getNetworkPayloadBytes
)

// Cycle is the CPU cycle time in ns: clock rate doubling every ~2 years
// until it stopped at 3 GHz in 2005 (getCycle).
func Cycle(year int) float64 {
	hz := 3e9
	if year <= 2005 {
		a := 3e9 / math.Pow(2, shift(2005)*0.5)
		b := math.Pow(2, 1.0/2)
		hz = a * math.Pow(b, shift(year))
	}
	return 1e9 / hz
}

// MemLatency is a main memory reference in ns: falling 7% a year until 100
// ns in 2000, flat since (getMemLatency).
func MemLatency(year int) float64 {
	if year <= 2000 {
		b := 0.93
		a := 100.0 / math.Pow(0.93, shift(2000))
		return a * math.Pow(b, shift(year))
	}
	return 100
}

// NICTransmission is the time in ns to put payload bytes on a NIC whose
// bandwidth was 1 Gbit/s in 2003 and doubles every 2 years
// (getNICTransmissionDelay).
func NICTransmission(year int, payload float64) float64 {
	a := 125e6 / math.Pow(2, shift(2003)*0.5)
	b := math.Pow(2, 1.0/2)
	bw := a * math.Pow(b, shift(year))
	return payload / (bw / 1e9)
}

// BusTransmission is the time in ns to read payload bytes from DRAM, 4 GB/s
// in 2001 and doubling every 3 years (getBusTransmissionDelay).
func BusTransmission(year int, payload float64) float64 {
	a := 4e9 / math.Pow(2, shift(2001)*0.33)
	b := math.Pow(2, 1.0/3)
	bw := a * math.Pow(b, shift(year))
	return payload / (bw / 1e9)
}

// SSDLatency is an SSD random read in ns: a 20× fall over 4.5 years to 2014,
// then flat at 16 µs (getSSDLatency).
func SSDLatency(year int) float64 {
	if year <= 2014 {
		a := 2e4 / math.Pow(1.0/20, shift(year)*0.22)
		b := math.Pow(1.0/20, 1.0/4.5)
		return a * math.Pow(b, shift(year))
	}
	return 16000
}

// SSDTransmission is the time in ns to read payload bytes sequentially from
// an SSD, 3 GB/s in 2012 and doubling every 3 years
// (getSSDTransmissionDelay).
func SSDTransmission(year int, payload float64) float64 {
	a := 3e9 / math.Pow(2, shift(2012)*0.33)
	b := math.Pow(2, 1.0/3)
	bw := a * math.Pow(b, shift(year))
	return payload / (bw / 1e9)
}

// Seek is a disk seek plus rotational delay in ns, 10 ms in 2000 and
// halving every 10 years (getSeek).
func Seek(year int) float64 {
	a := 1e7 / math.Pow(0.5, shift(2000)*0.1)
	b := math.Pow(0.5, 0.1)
	return a * math.Pow(b, shift(year))
}

// DiskTransmission is the time in ns to read payload bytes sequentially
// from a disk: 100 MB/s in 2002, doubling every 2 years before and every 5
// years after (getDiskTransmissionDelay).
func DiskTransmission(year int, payload float64) float64 {
	var bw float64
	if year <= 2002 {
		a := 1e8 / math.Pow(2, shift(2002)*0.5)
		b := math.Pow(2, 1.0/2)
		bw = a * math.Pow(b, shift(year))
	} else {
		a := 1e8 / math.Pow(2, shift(2002)*0.2)
		b := math.Pow(2, 1.0/5)
		bw = a * math.Pow(b, shift(year))
	}
	return payload / (bw / 1e9)
}

// DCRoundTrip is a round trip within a datacenter in ns, held at 500 µs
// (getDCRTT).
func DCRoundTrip(int) float64 { return 500_000 }

// WANRoundTrip is a packet round trip California-Netherlands in ns, held at
// 150 ms (getWanRTT).
func WANRoundTrip(int) float64 { return 150_000_000 }

// Metrics maps the page's metrics, by the page's own names (as getMetrics
// labels them, "Compress 1KB wth Zippy" typo and all), to their figure in
// ns for a year. A row of the table names the metric it sits beside
// (rows.Row.Scott).
//
// Note: the page's network row sends 2,000 bytes over a NIC of the year, not
// 1 KB over 1 Gbit/s as the guide's row does; its figure is shown as the
// page gives it.
var Metrics = map[string]func(year int) float64{
	"L1 cache reference":                            cycles(3),
	"Branch mispredict":                             cycles(10),
	"L2 cache reference":                            cycles(13),
	"Mutex lock/unlock":                             cycles(50),
	"Main memory reference":                         MemLatency,
	"Compress 1KB wth Zippy":                        cycles(6000),
	"Send 2,000 bytes over commodity network":       payload(NICTransmission, networkPayloadBytes),
	"SSD random read":                               SSDLatency,
	"Read 1,000,000 bytes sequentially from memory": payload(BusTransmission, payloadBytes),
	"Round trip in same datacenter":                 DCRoundTrip,
	"Read 1,000,000 bytes sequentially from SSD":    payload(SSDTransmission, payloadBytes),
	"Disk seek":                                     Seek,
	"Read 1,000,000 bytes sequentially from disk":   payload(DiskTransmission, payloadBytes),
	"Packet roundtrip CA to Netherlands":            WANRoundTrip,
}

// NS returns the figure in ns of the page's metric of that name for a year,
// and false when the page has no such metric (as for the name "").
func NS(metric string, year int) (float64, bool) {
	f, ok := Metrics[metric]
	if !ok {
		return 0, false
	}
	return f(year), true
}

func cycles(n float64) func(int) float64 {
	return func(year int) float64 { return n * Cycle(year) }
}

func payload(f func(int, float64) float64, bytes float64) func(int) float64 {
	return func(year int) float64 { return f(year, bytes) }
}
