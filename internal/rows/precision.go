package rows

import "strings"

// Precision of a row: the half-width of its 95 % interval, in percent of
// its median, that sampling aims for (Target) and beyond which the report
// calls the row unstable (Limit).
//
// Note: CPU, memory, codec and cache rows are fixed work on one core and
// can be pinned to a few per cent; storage and network rows go through a
// virtual device or the kernel's network stack, whose service time moves
// with the host, so their aim is wider. The runner keeps sampling a row
// until its interval is within Target (or its cap or the run's budget
// ends); a row is flagged only beyond Limit, the precision a figure can be
// quoted at (a ±4 % CPU row is worth quoting; a ±12 % one is not).
type Precision struct {
	Target, Limit float64 // percent of the median
}

// PrecisionOf returns the precision of a row family.
func PrecisionOf(family string) Precision {
	switch family {
	case "storage", "network":
		return Precision{Target: 8, Limit: 10}
	default: // cpu, memory, compress, cache
		return Precision{Target: 3, Limit: 5}
	}
}

// Answering returns the first row, and its source, that a benchmark result
// named name answers (name equals Source.Bench or continues it with further
// /key=value parts, as results.Run.Find matches), ignoring the sources'
// When and OS conditions; false for a result that answers no row (a chart
// point, per-file detail).
func Answering(name string) (Row, Source, bool) {
	for _, r := range Table {
		for _, s := range r.Sources {
			if s.Kind == NotMeasured {
				continue
			}
			if name == s.Bench || strings.HasPrefix(name, s.Bench+"/") {
				return r, s, true
			}
		}
	}
	return Row{}, Source{}, false
}
