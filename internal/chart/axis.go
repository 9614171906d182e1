package chart

import (
	"math"
	"strings"

	"gonum.org/v1/plot"

	"github.com/latency-numbers/latency/internal/units"
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
					tick.Label = units.DurationSig(v, 3)
				}
			}
			ticks = append(ticks, tick)
		}
	}
	return ticks
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
			t.Label = units.Bytes(t.Value, 3)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// parseBytes reads a size as the suite writes it, "48KiB", "1.5MiB", or
// "32MiB (sysfs)" (only the first word counts). ok is false for anything
// else, such as "not reported".
func parseBytes(s string) (n float64, ok bool) {
	s, _, _ = strings.Cut(strings.TrimSpace(s), " ")
	n, err := units.ParseBytes(s)
	return n, err == nil
}
