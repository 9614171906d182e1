package fleet

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/results"
)

// Marker lines frame a results file in a log (the Kubernetes Jobs of
// deploy/kubernetes print them around the file they wrote):
//
//	=== latency-results node=NODE kind=suite|pairs begin ===
//	... the results file ...
//	=== latency-results node=NODE kind=suite|pairs end ===
//
// `kubectl logs --prefix` puts "[pod/NAME/CONTAINER] " before every line;
// lines are sorted to their file by that prefix, so the logs of several
// pods may be interleaved.
const markerTag = "=== latency-results "

var markerLine = regexp.MustCompile(`^=== latency-results node=(\S+) kind=(suite|pairs) (begin|end) ===$`)
var prefixed = regexp.MustCompile(`^(\[[^\]\s]+\]) (.*)$`)

// Kinds of gathered file: a run of the suite, or a node's part of the
// matrix (latency pairs).
const (
	KindSuite = "suite"
	KindPairs = "pairs"
)

// A Part is one results file found in a log or a directory.
type Part struct {
	Node, Kind string
	Source     string // where it was found: "log:12" or a path
	Data       []byte
}

// SplitLog returns the results files framed by marker lines in a log.
// Lines outside the markers (the progress a run prints) are passed over.
// A begin without its end, an end without its begin, or a file that does
// not read as results is an error naming the log's line.
func SplitLog(r io.Reader, name string) ([]Part, error) {
	type open struct {
		node, kind string
		line       int
		buf        bytes.Buffer
	}
	openBy := map[string]*open{} // by kubectl prefix ("" when none)
	var parts []Part
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		prefix := ""
		if m := prefixed.FindStringSubmatch(line); m != nil {
			prefix, line = m[1], m[2]
		}
		o := openBy[prefix]
		if !strings.HasPrefix(line, markerTag) {
			if o != nil {
				o.buf.WriteString(line)
				o.buf.WriteByte('\n')
			}
			continue
		}
		m := markerLine.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("%s:%d: malformed marker line %q: want %q", name, n, line, "=== latency-results node=NODE kind=suite|pairs begin|end ===")
		}
		node, kind, edge := m[1], m[2], m[3]
		if err := CheckName(node); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		switch {
		case edge == "begin" && o != nil:
			return nil, fmt.Errorf("%s:%d: node %s's results begin before node %s's (line %d) end", name, n, node, o.node, o.line)
		case edge == "begin":
			openBy[prefix] = &open{node: node, kind: kind, line: n}
		case o == nil || o.node != node || o.kind != kind:
			return nil, fmt.Errorf("%s:%d: end of node %s's %s results, which did not begin", name, n, node, kind)
		default:
			parts = append(parts, Part{Node: node, Kind: kind, Source: fmt.Sprintf("%s:%d", name, o.line), Data: bytes.Clone(o.buf.Bytes())})
			delete(openBy, prefix)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	for _, o := range openBy {
		return nil, fmt.Errorf("%s:%d: node %s's results begin but never end (a pod still running, or a log cut short?)", name, o.line, o.node)
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("%s: no results between %q marker lines: is this the log of the latency Jobs?", name, markerTag+"node=… kind=… begin ===")
	}
	return parts, nil
}

// Classify reads a results file and says whose it is and what kind: its
// node fact (else fallback, a name from its path), pairs if every result is
// NodeRTT.
func Classify(data []byte, source, fallback string) (Part, *results.Run, error) {
	run, err := results.Read(bytes.NewReader(data), source)
	if err != nil {
		return Part{}, nil, err
	}
	if len(run.Benches) == 0 && len(run.Skips) == 0 {
		return Part{}, nil, fmt.Errorf("%s: no benchmark results", source)
	}
	kind := KindPairs
	for _, b := range run.Benches {
		if !strings.HasPrefix(b.Name, Bench+"/") {
			kind = KindSuite
		}
	}
	node := cmpOr(run.Fact(fact.NodeName), run.Fact(fact.Node), fallback)
	if err := CheckName(node); err != nil {
		return Part{}, nil, fmt.Errorf("%s: %w (give the node a name with -fact node-name=NAME)", source, err)
	}
	return Part{Node: node, Kind: kind, Source: source, Data: data}, run, nil
}

func cmpOr(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// MergePairs joins the nodes' pairs files into one matrix file: the facts
// they agree on, then every pair's results with src and dst renamed to the
// nodes' names (a node-name fact renames the name it measured under, as a
// Job's pod index) and zone marked from the nodes' zone facts where the
// measuring node did not know it. zones gives zones known from elsewhere
// (the suite files), by node.
func MergePairs(w io.Writer, runs []*results.Run, zones map[string]string) error {
	rename := map[string]string{}
	zone := map[string]string{}
	for k, v := range zones {
		zone[k] = v
	}
	for _, r := range runs {
		as, real := r.Fact(fact.Node), cmpOr(r.Fact(fact.NodeName), r.Fact(fact.Node))
		rename[as] = real
		if z := r.Fact(fact.Zone); z != "" {
			zone[real] = z
		}
	}
	name := func(n string) string { return cmpOr(rename[n], n) }
	// Facts every file has with one value; the date is the earliest.
	var facts []fact.Fact
	for _, f := range runs[0].Facts {
		same := true
		for _, r := range runs[1:] {
			same = same && r.Fact(f.Key) == f.Value
		}
		if f.Key == fact.Date {
			v := f.Value
			for _, r := range runs {
				v = min(v, r.Fact(fact.Date))
			}
			facts = append(facts, fact.Fact{Key: fact.Date, Value: v})
			continue
		}
		if same && !slices.Contains([]string{fact.Node, fact.NodeName, fact.Zone}, f.Key) && !strings.HasPrefix(f.Key, NodeFactPrefix) {
			facts = append(facts, f)
		}
	}
	if w0 := runs[0].Fact(fact.PeerWhere); w0 != "" {
		for _, r := range runs {
			if r.Fact(fact.PeerWhere) != w0 {
				return fmt.Errorf("%s says the nodes are in %q, %s in %q: measure them as one fleet", runs[0].File, w0, r.File, r.Fact(fact.PeerWhere))
			}
		}
	}
	var nodes []string
	for _, r := range runs {
		nodes = append(nodes, name(r.Fact(fact.Node)))
	}
	slices.Sort(nodes)
	facts = append(facts, fact.Fact{Key: NodesFact, Value: strings.Join(nodes, " ")})
	for _, n := range nodes {
		if z := zone[n]; z != "" {
			facts = append(facts, fact.Fact{Key: ZoneFact(n), Value: z})
		}
	}
	var res []Result
	for _, r := range runs {
		for _, b := range r.Benches {
			src, dst, z := name(namePart(b.Name, "src")), name(namePart(b.Name, "dst")), namePart(b.Name, "zone")
			if z == UnknownZone {
				z = ZoneMark(zone[src], zone[dst])
			}
			out := Result{Src: src, Dst: dst, Zone: z}
			vs := b.Values
			for i := range vs["p50-ns"] {
				s := Sample{Pings: 1, P50: vs["p50-ns"][i]}
				if i < len(vs["p99-ns"]) {
					s.P99 = vs["p99-ns"][i]
				}
				if i < len(vs["ns/op"]) {
					s.Mean = vs["ns/op"][i]
				}
				out.Samples = append(out.Samples, s)
			}
			res = append(res, out)
		}
		for k, why := range r.Skips {
			if rest, ok := strings.CutPrefix(k, strings.ToLower(Bench)+"/"); ok {
				src, dst := name(namePart(rest, "src")), name(namePart(rest, "dst"))
				res = append(res, Result{Src: src, Dst: dst, Zone: ZoneMark(zone[src], zone[dst]), Err: why})
			}
		}
	}
	return Write(w, facts, res)
}

func namePart(name, key string) string {
	for _, p := range strings.Split(name, "/") {
		if k, v, ok := strings.Cut(p, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// Marked writes a results file to w between the marker lines SplitLog
// reads, for a log to carry it (a Kubernetes Job's pod has no other way
// out).
func Marked(w io.Writer, node, kind string, data []byte) error {
	if err := CheckName(node); err != nil {
		return err
	}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		data = append(data, '\n')
	}
	_, err := fmt.Fprintf(w, "%snode=%s kind=%s begin ===\n%s%snode=%s kind=%s end ===\n", markerTag, node, kind, data, markerTag, node, kind)
	return err
}
