package units

import "math"

// prefixes are the SI prefixes Rate writes, largest first.
var prefixes = []unit{{"T", 1e12}, {"G", 1e9}, {"M", 1e6}, {"k", 1e3}, {"", 1}}

// Rate formats a rate with three significant digits and an SI prefix:
// "1.96 GB/s" (powers of 1000, as `go test` gives MB/s), "13.0k reads/s",
// "12.0 commits/s". NaN, infinities, 0 and less give "".
func Rate(value float64, unit string) string {
	if !(value > 0) || math.IsInf(value, 0) {
		return ""
	}
	p := pick(prefixes, value)
	if unit == "B/s" {
		return Sig(value/p.size, 3) + " " + p.name + unit
	}
	return Sig(value/p.size, 3) + p.name + " " + unit
}
