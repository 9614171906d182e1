// Package topology reads how a machine's CPUs sit relative to each other
// (SMT siblings, a shared last-level cache, a package, a NUMA node) from
// Linux sysfs, and chooses which pairs of CPUs a core-to-core latency
// matrix measures: every pair on a small machine, a bounded sample on a
// large one that always includes the pairs the topology makes interesting.
package topology

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/latency-numbers/latency/internal/host"
)

// A CPU is one logical CPU and where it sits (host.CPU).
type CPU = host.CPU

// Read returns the topology of the given CPUs from sysfs under root
// (normally "/sys"). A CPU whose files are missing gets -1 fields; that is
// not an error, as many VMs and containers expose only part of sysfs.
func Read(root string, cpus []int) []CPU {
	out := make([]CPU, 0, len(cpus))
	for _, id := range cpus {
		out = append(out, host.ReadCPU(root, id))
	}
	return out
}

// Relation says what two CPUs share, closest first.
type Relation string

const (
	SMT     Relation = "smt"     // two threads of one core
	LLC     Relation = "llc"     // two cores sharing the last-level cache
	Package Relation = "package" // one package, different last-level caches
	Node    Relation = "node"    // one NUMA node, different packages
	Remote  Relation = "remote"  // different packages and NUMA nodes
	Unknown Relation = "unknown" // sysfs does not say
)

// Relate returns what a and b share.
func Relate(a, b CPU) Relation {
	switch {
	case a.Package < 0 || b.Package < 0:
		return Unknown
	case a.Package == b.Package && a.Core == b.Core && a.Core >= 0:
		return SMT
	case a.LLC >= 0 && a.LLC == b.LLC:
		return LLC
	case a.Package == b.Package:
		return Package
	case a.Node >= 0 && a.Node == b.Node:
		return Node
	case a.Node >= 0 && b.Node >= 0:
		return Remote
	}
	return Unknown
}

// A Pair is two CPUs to measure between, A < B.
type Pair struct {
	A, B     int
	Relation Relation
}

func (p Pair) String() string { return fmt.Sprintf("%d-%d", p.A, p.B) }

// Pairs chooses at most max pairs (max >= 1) of cpus to measure. With few
// enough CPUs it returns every pair. Otherwise it returns, from the first
// CPU, one pair of each relation the machine has (an SMT sibling, a core
// sharing its last-level cache, one across caches, packages, nodes), and
// then every pair among evenly spaced CPUs (every n-th) as far as max
// allows, so the matrix samples the whole machine. Pairs are in order of
// A, then B.
//
// Note: the round trip between two CPUs is the same whichever starts it,
// so one ordering of each pair is measured, as nviennot/core-to-core-latency
// prints a triangle.
func Pairs(cpus []CPU, max int) []Pair {
	cpus = slices.SortedFunc(slices.Values(cpus), func(a, b CPU) int { return cmp.Compare(a.ID, b.ID) })
	n := len(cpus)
	if n < 2 || max < 1 {
		return nil
	}
	seen := map[[2]int]bool{}
	var out []Pair
	add := func(a, b CPU) {
		if a.ID > b.ID {
			a, b = b, a
		}
		if k := [2]int{a.ID, b.ID}; a.ID != b.ID && !seen[k] && len(out) < max {
			seen[k] = true
			out = append(out, Pair{a.ID, b.ID, Relate(a, b)})
		}
	}
	if n*(n-1)/2 > max {
		// One pair of each relation, from the first CPU.
		first := cpus[0]
		found := map[Relation]bool{}
		for _, c := range cpus[1:] {
			if r := Relate(first, c); r != Unknown && !found[r] {
				found[r] = true
				add(first, c)
			}
		}
	}
	// Then every pair among s evenly spaced CPUs, s as large as fits.
	s := n
	for s > 2 && len(out)+s*(s-1)/2 > max {
		s--
	}
	var even []CPU
	for i := range s {
		even = append(even, cpus[i*n/s])
	}
	for i, a := range even {
		for _, b := range even[i+1:] {
			add(a, b)
		}
	}
	slices.SortFunc(out, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return out
}
