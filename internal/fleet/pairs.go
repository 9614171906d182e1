package fleet

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/perf/benchfmt"

	"github.com/latency-numbers/latency/internal/echo"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/timing"
)

// Bench is the matrix benchmark's name: results are
// BenchmarkNodeRTT/src=a/dst=b/zone=same, with p50-ns and p99-ns.
const Bench = "NodeRTT"

// Zone marks of a pair: both nodes in one zone, in two, or not known.
const (
	SameZone    = "same"
	CrossZone   = "cross"
	UnknownZone = "unknown"
)

// MsgSize is the size of a round trip's message, as peer mode's
// datacenter figure (PeerRTT/proto=tcp/size=64B).
const MsgSize = 64

// A Node is one machine of the fleet: its name (the matrix's src and dst),
// the host:port of its `latency echo` server, and its zone if known.
type Node struct{ Name, Addr, Zone string }

var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CheckName rejects a node name that cannot be a key=value part of a
// benchmark name.
func CheckName(name string) error {
	if len(name) > 253 || !validName.MatchString(name) {
		return fmt.Errorf("node name %q: want letters, digits, '.', '_' or '-' (at most 253)", name)
	}
	return nil
}

// ParseNodes parses a comma-separated list of name=host:port[@zone] and
// returns the nodes sorted by name, every node in the same order on every
// machine that parses the same list.
func ParseNodes(list string) ([]Node, error) {
	var nodes []Node
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, rest, ok := strings.Cut(item, "=")
		if !ok {
			return nil, fmt.Errorf("node %q: want name=host:port[@zone]", item)
		}
		addr, zone, _ := strings.Cut(rest, "@")
		if err := CheckName(name); err != nil {
			return nil, err
		}
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("node %s: address %q: %w", name, addr, err)
		}
		if strings.ContainsAny(zone, " \t,=/") {
			return nil, fmt.Errorf("node %s: zone %q has a space, comma, '=' or '/'", name, zone)
		}
		nodes = append(nodes, Node{Name: name, Addr: addr, Zone: zone})
	}
	slices.SortFunc(nodes, func(a, b Node) int { return cmp.Compare(a.Name, b.Name) })
	for i := 1; i < len(nodes); i++ {
		if nodes[i].Name == nodes[i-1].Name {
			return nil, fmt.Errorf("node %s is listed twice", nodes[i].Name)
		}
	}
	return nodes, nil
}

// Index is where IndexedNodes puts a pod's index.
const Index = "{i}"

// IndexedNodes returns the -nodes list of the n pods of an Indexed Job
// from one entry with Index where a pod's completion index goes:
// "p-{i}=p-{i}.p:7777" with n = 3 is "p-0=p-0.p:7777,p-1=p-1.p:7777,p-2=p-2.p:7777".
// So the Job's completion count alone sets the fleet's size.
func IndexedNodes(entry string, n int) (string, error) {
	switch {
	case n < 1:
		return "", fmt.Errorf("%d pods: want at least one", n)
	case strings.Contains(entry, ","):
		return "", fmt.Errorf("%q: want one entry, name=host:port[@zone] with %s, not a list", entry, Index)
	case !strings.Contains(entry, Index):
		return "", fmt.Errorf("%q: no %s where the pod's index goes", entry, Index)
	}
	list := make([]string, n)
	for i := range n {
		list[i] = strings.ReplaceAll(entry, Index, fmt.Sprint(i))
	}
	return strings.Join(list, ","), nil
}

// ZoneMark says whether two zones are the same, different or not known
// (either empty).
func ZoneMark(a, b string) string {
	switch {
	case a == "" || b == "":
		return UnknownZone
	case a == b:
		return SameZone
	}
	return CrossZone
}

// Name returns the benchmark name of the pair src → dst, without the
// Benchmark prefix: NodeRTT/src=a/dst=b/zone=same.
func Name(src, dst, zone string) string {
	return fmt.Sprintf("%s/src=%s/dst=%s/zone=%s", Bench, src, dst, zone)
}

// A Slot is a time during which one node measures its round trips to
// another while both are in no other pair.
type Slot struct {
	Round      int // 0-based round of the schedule
	Start, End time.Time
	Dst        Node
}

// Plan returns the slots in which the node named self measures, in order.
// Each round of Schedule takes two slots of length slot from start: in
// the first the pair's lower-named node measures to the other, in the
// second the other way, so a pair never measures both ways at once.
func Plan(self string, nodes []Node, start time.Time, slot time.Duration) ([]Slot, error) {
	me := slices.IndexFunc(nodes, func(n Node) bool { return n.Name == self })
	if me < 0 {
		return nil, fmt.Errorf("node %s is not in the node list", self)
	}
	if slot <= 0 {
		return nil, errors.New("slot length must be positive")
	}
	var plan []Slot
	for r, round := range Schedule(len(nodes)) {
		for _, p := range round {
			first := start.Add(time.Duration(2*r) * slot)
			switch me {
			case p.A:
				plan = append(plan, Slot{Round: r, Start: first, End: first.Add(slot), Dst: nodes[p.B]})
			case p.B:
				second := first.Add(slot)
				plan = append(plan, Slot{Round: r, Start: second, End: second.Add(slot), Dst: nodes[p.A]})
			}
		}
	}
	return plan, nil
}

// A Sample is one results line of a pair: the median, 99th percentile and
// mean of Pings round trips timed one by one.
type Sample struct {
	Pings          int
	P50, P99, Mean float64 // ns
}

// Measure times round trips of MsgSize-byte TCP messages to the echo
// server at addr: a few warm-ups, then up to samples samples of pings
// round trips each, stopping early at until (keeping the samples already
// complete) or when ctx is done.
//
// Note: the client is peer mode's (echo.DialRaw: blocking system calls on
// a locked OS thread), so a pair's figure is measured as peer mode's
// datacenter row is.
func Measure(ctx context.Context, addr string, samples, pings int, until time.Time) ([]Sample, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p, err := echo.DialRaw("tcp", addr, MsgSize, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", addr, err)
	}
	defer p.Close()
	for range 10 {
		if err := p.Ping(); err != nil {
			return nil, fmt.Errorf("%s: warm-up: %w", addr, err)
		}
	}
	rec := timing.NewRecorder(pings)
	var out []Sample
	for range samples {
		rec.Reset()
		for range pings {
			if ctx.Err() != nil || time.Now().After(until) {
				return out, nil
			}
			t0 := time.Now()
			if err := p.Ping(); err != nil {
				return out, fmt.Errorf("%s: %w", addr, err)
			}
			rec.Add(time.Since(t0))
		}
		out = append(out, Sample{Pings: pings, P50: rec.Quantile(0.5), P99: rec.Quantile(0.99), Mean: rec.Mean()})
	}
	return out, nil
}

// A Result is every sample of one pair, or why it has none.
type Result struct {
	Src, Dst, Zone string
	Samples        []Sample
	Err            string // why the pair was not measured (or not fully)
}

// Write writes a results file: facts as configuration lines, a skip- line
// for each pair that has no samples, then one result line per sample
// (ns/op the mean, p50-ns and p99-ns).
func Write(w io.Writer, facts []fact.Fact, res []Result) error {
	rw := results.NewWriter(w)
	rw.Facts(facts)
	for _, r := range res {
		if r.Err != "" && len(r.Samples) == 0 {
			rw.Skip(Name(r.Src, r.Dst, r.Zone), r.Err)
		}
	}
	rw.Blank()
	for _, r := range res {
		for _, s := range r.Samples {
			rw.Result(&benchfmt.Result{Name: benchfmt.Name(Name(r.Src, r.Dst, r.Zone)), Iters: s.Pings, Values: []benchfmt.Value{
				{Value: s.Mean, Unit: "ns/op"}, {Value: s.P50, Unit: "p50-ns"}, {Value: s.P99, Unit: "p99-ns"}}})
		}
	}
	return rw.Err()
}

// NodeFact is the key of the fact that records a node of the fleet in a
// pairs results file: "fleet-node-b: 10.0.0.2:7777 zone=z1".
func NodeFact(name string) string { return NodeFactPrefix + strings.ToLower(name) }

// The keys of the facts of a fleet's files: NodeFact's prefix; the nodes
// of a matrix file, "fleet-nodes: a b c" (MergePairs); and the prefix of
// ZoneFact.
const (
	NodeFactPrefix = "fleet-node-"
	NodesFact      = "fleet-nodes"
	ZoneFactPrefix = "zone-"
)

// ZoneFact is the key of the fact that records the zone of a node in a
// matrix file: "zone-b: z1".
func ZoneFact(node string) string { return ZoneFactPrefix + strings.ToLower(node) }

func (n Node) String() string {
	if n.Zone == "" {
		return n.Addr
	}
	return n.Addr + " zone=" + n.Zone
}

// End returns when the schedule of n nodes from start ends: two slots a
// round. A node that serves echo for the others serves until then.
func End(n int, start time.Time, slot time.Duration) time.Time {
	return start.Add(time.Duration(2*len(Schedule(n))) * slot)
}
