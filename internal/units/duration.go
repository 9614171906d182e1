package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A unit is a unit's name and its size in the base unit (ns, bytes).
type unit struct {
	name string
	size float64
}

// durations are the units a duration in ns is written in, largest first.
var durations = []unit{{"s", 1e9}, {"ms", 1e6}, {"µs", 1e3}, {"ns", 1}}

// pick returns the first of us, largest first, that v is at least, or
// the last.
func pick(us []unit, v float64) unit {
	for _, u := range us {
		if v >= u.size {
			return u
		}
	}
	return us[len(us)-1]
}

// Duration formats nanoseconds with three significant digits and a unit:
// "0.5 ns", "12.3 µs", "2.50 s", and 10⁶ s or more as "1.42e+16 s". NaN,
// infinities and 0 give "".
//
// Note: the unit is chosen before rounding, so 999.96 ns is "1000 ns",
// not "1.00 µs".
func Duration(ns float64) string {
	if math.IsNaN(ns) || math.IsInf(ns, 0) || ns == 0 {
		return ""
	}
	if math.Abs(ns) >= 1e15 {
		// Note: 10⁶ s and more (an estimate's 1e25 loads) in scientific
		// notation, "1.42e+16 s", not in all their digits.
		return strconv.FormatFloat(ns/1e9, 'g', 3, 64) + " s"
	}
	u := pick(durations, math.Abs(ns))
	return Sig(ns/u.size, 3) + " " + u.name
}

// DurationSig formats nanoseconds in the largest unit that keeps them at
// least 1, rounded there to n significant digits, without trailing zeros:
// DurationSig(1e4, 6) is "10 µs", DurationSig(0.1*3, 3) "0.3 ns". Beyond
// seconds it stays in seconds. NaN, infinities, 0 and less give "".
//
// Note: as in Duration, the unit is chosen before rounding: 999.95 ns to
// three digits is "1000 ns". RoundDuration rounds first.
func DurationSig(ns float64, n int) string {
	if math.IsNaN(ns) || math.IsInf(ns, 0) || ns <= 0 {
		return ""
	}
	u := pick(durations, ns)
	return plain(RoundSig(ns/u.size, n)) + " " + u.name
}

// RoundDuration rounds nanoseconds to n significant digits, then formats
// them in the largest unit that keeps the rounded figure at least 1,
// without trailing zeros: RoundDuration(64.4e3, 1) is "60 µs", and
// RoundDuration(999.6, 2) "1 µs", as the rounding carries into the next
// unit. Beyond seconds it stays in seconds ("500 s"). NaN, infinities, 0
// and less give "".
func RoundDuration(ns float64, n int) string {
	if math.IsNaN(ns) || math.IsInf(ns, 0) || ns <= 0 {
		return ""
	}
	r := RoundSig(ns, n)
	u := pick(durations, r)
	return plain(RoundSig(r/u.size, n)) + " " + u.name
}

// spans are the units Span writes, in seconds, largest first.
var spans = []unit{{"years", 365.25 * 86400}, {"days", 86400}, {"hours", 3600}, {"min", 60}, {"s", 1}}

// Span formats a duration in seconds with two significant digits in the
// largest unit that keeps it at least 1: "1 s", "3.5 min", "2.1 days",
// "4.8 years", and a million years or more as "1.4e+06 years". NaN,
// infinities, 0 and less give "".
func Span(sec float64) string {
	if math.IsNaN(sec) || math.IsInf(sec, 0) || sec <= 0 {
		return ""
	}
	u := pick(spans, sec)
	v := sec / u.size
	if v >= 1e6 {
		return fmt.Sprintf("%.1e %s", v, u.name)
	}
	return plain(RoundSig(v, 2)) + " " + u.name
}

// durationNames are the names DurationUnit reads, in ns.
var durationNames = map[string]float64{
	"ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "sec": 1e9, "min": 60e9, "h": 3600e9,
}

// DurationUnit returns the size in ns of a unit a person may write after a
// duration: ns, us, µs (micro sign or Greek mu), ms, s, sec, min or h, in
// any case.
func DurationUnit(name string) (ns float64, ok bool) {
	if ns, ok = durationNames[strings.ToLower(name)]; !ok {
		ns, ok = durationNames[name]
	}
	return ns, ok
}
