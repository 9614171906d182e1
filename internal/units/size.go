package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// binary are the units a size in bytes is written in, largest first.
var binary = []unit{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// Bytes formats a size in bytes with binary units and a space, rounded to
// n significant digits: Bytes(1<<20, 3) is "1 MiB", Bytes(1.25*(1<<20), 3)
// "1.25 MiB", Bytes(512, 3) "512 B". It is the format of prose and labels;
// Name is that of names and facts.
func Bytes(b float64, n int) string {
	u := pick(binary, b)
	return plain(RoundSig(b/u.size, n)) + " " + u.name
}

// Name formats a size in bytes as sub-benchmark names and machine facts
// write it, with binary units and no space, and one decimal at most:
// "4KiB", "1.5MiB", "512MiB", "64B".
func Name(b int) string {
	u := pick(binary, float64(b))
	f := float64(b) / u.size
	if f != math.Trunc(f) {
		return strconv.FormatFloat(f, 'f', 1, 64) + u.name
	}
	return plain(f) + u.name
}

// ParseBytes reads a size as Name writes it: "48KiB", "1.5MiB", "512B",
// or a bare count of bytes, "4096". A size is more than 0; anything else,
// such as "not reported", "-1KiB" or "NaNKiB", is an error.
func ParseBytes(s string) (float64, error) {
	num, mult := s, 1.0
	for _, u := range binary[:4] {
		if strings.HasSuffix(s, u.name) {
			num, mult = strings.TrimSuffix(s, u.name), u.size
			break
		}
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(num, "B"), 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad size %q: want a number more than 0 and B, KiB, MiB, GiB or TiB", s)
	}
	return f * mult, nil
}

// ParseKernelSize reads a size as Linux's sysfs writes it, a whole number
// and K, M or G for KiB, MiB or GiB ("48K", "1024K", "32M"), or a plain
// count of bytes ("4096").
func ParseKernelSize(s string) (int, error) {
	s = strings.TrimSpace(s)
	num, mult := s, 1
	for _, u := range binary[1:4] { // GiB, MiB, KiB: G, M, K
		if k := u.name[:1]; strings.HasSuffix(s, k) {
			num, mult = strings.TrimSuffix(s, k), int(u.size)
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("bad size %q", num)
	}
	return n * mult, nil
}

// byteNames are the units ByteUnit reads, by lower-case name.
var byteNames = map[string]float64{
	"b": 1, "byte": 1, "bytes": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// ByteUnit returns the size in bytes of a unit a person may write after a
// size, in any case: B, byte or bytes; KB, MB, GB or TB (powers of 1000);
// KiB, MiB, GiB or TiB (powers of 1024).
func ByteUnit(name string) (bytes float64, ok bool) {
	bytes, ok = byteNames[strings.ToLower(name)]
	return bytes, ok
}
