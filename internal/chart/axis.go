package chart

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/latency-numbers/latency/internal/report"
)

// nsTicks marks a log-scale axis of nanoseconds at every power of ten and,
// as minor ticks, the integers between. Label gives the mantissas that get
// a label: {1} for "1 ns", "10 ns", ...; {1, 2, 5} on short axes.
type nsTicks struct{ Label []float64 }

// Ticks implements plot.Ticker.
func (t nsTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		decade := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := decade * m
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			tick := plot.Tick{Value: v}
			for _, l := range t.Label {
				if l == m {
					tick.Label = nsLabel(v)
				}
			}
			ticks = append(ticks, tick)
		}
	}
	return ticks
}

// nsLabel writes a round number of nanoseconds in the largest unit that
// keeps it at least 1: "0.5 ns", "20 ns", "1 µs", "100 ms", "1 s".
func nsLabel(ns float64) string {
	units := []struct {
		div  float64
		name string
	}{{1e9, "s"}, {1e6, "ms"}, {1e3, "µs"}, {1, "ns"}}
	for _, u := range units {
		if ns >= u.div*(1-1e-9) || u.div == 1 {
			return strconv.FormatFloat(report.RoundSig(ns/u.div, 3), 'f', -1, 64) + " " + u.name
		}
	}
	return ""
}

// decades returns the powers of ten just below min and just above max.
func decades(min, max float64) (lo, hi float64) {
	return math.Pow(10, math.Floor(math.Log10(min))), math.Pow(10, math.Ceil(math.Log10(max)))
}

// bytesTicks marks a log-2 axis of bytes at every power of two, labelled
// "4 KiB", "1 MiB"; on long axes only every other one (the even powers, so
// 1 KiB and 1 MiB keep their labels) is labelled.
type bytesTicks struct{}

// Ticks implements plot.Ticker.
func (bytesTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := math.Ceil(math.Log2(min)), math.Floor(math.Log2(max))
	every := 1.0
	if hi-lo > 12 {
		every = 2
	}
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		t := plot.Tick{Value: math.Exp2(e)}
		if math.Mod(e, every) == 0 {
			t.Label = bytesLabel(t.Value)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// bytesLabel writes a byte count with binary units and a space: "4 KiB",
// "1.5 MiB". It is a label's format, to three significant digits ("1.25
// MiB"), not machine.Bytes's of names and facts ("1.2MiB").
func bytesLabel(n float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	return strconv.FormatFloat(report.RoundSig(n, 3), 'f', -1, 64) + " " + units[i]
}

// parseBytes reads a size as the suite writes it, "48KiB", "1.5MiB", or
// "32MiB (sysfs)" (only the first word counts). ok is false for anything
// else, such as "not reported".
func parseBytes(s string) (n float64, ok bool) {
	s, _, _ = strings.Cut(strings.TrimSpace(s), " ")
	mult := 1.0
	for i, u := range []string{"KiB", "MiB", "GiB", "TiB"} {
		if strings.HasSuffix(s, u) {
			s, mult = strings.TrimSuffix(s, u), math.Exp2(float64(10*(i+1)))
			break
		}
	}
	s = strings.TrimSuffix(s, "B")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, false
	}
	return f * mult, true
}
