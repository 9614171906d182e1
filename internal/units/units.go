// Package units is the one place the suite formats and parses its numbers:
// durations in ns ("12.3 µs"), sizes in bytes ("4 KiB", "48KiB"), rates
// ("1.96 GB/s") and the figures they are made of. Every view (report, card,
// chart, estimate) prints a figure through it, so a duration reads the same
// everywhere and the s/ms/µs/ns table is written once.
//
// Note: x/perf's benchunit.Scale keeps at least four significant digits and
// writes the prefix without a space ("1.500µ"), as benchstat's columns do;
// the guide's figures have three or fewer, with the unit after a space
// ("1.50 µs", "60 µs"), so this package chooses the unit itself. Like
// benchunit, it picks binary units for bytes and SI prefixes for rates.
package units

import (
	"math"
	"strconv"
)

// RoundSig rounds f to n significant digits, so values computed as 10^e × m
// print as "0.3", not "0.30000000000000004".
func RoundSig(f float64, n int) float64 {
	if f == 0 {
		return 0
	}
	p := math.Pow(10, float64(n)-math.Ceil(math.Log10(math.Abs(f))))
	return math.Round(f*p) / p
}

// Sig formats f with n significant digits, keeping trailing zeros: Sig(2.5,
// 3) is "2.50", Sig(12.34, 3) "12.3". Digits before the point are never
// dropped (Sig(1234, 3) is "1234"); below 1 it is %g's form ("0.5",
// "2e-05").
func Sig(f float64, n int) string {
	a := math.Abs(f)
	if a < 1 {
		return strconv.FormatFloat(f, 'g', n, 64)
	}
	prec := n - 1
	for p := 10.0; a >= p && prec > 0; p *= 10 {
		prec--
	}
	return strconv.FormatFloat(f, 'f', prec, 64)
}

// plain formats f without an exponent, in as few digits as give it back.
func plain(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
