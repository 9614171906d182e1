package main

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/results"
)

// factFlags is a repeatable -fact key=value flag: facts the machine cannot
// tell about itself (a Kubernetes node's name, instance type and zone from
// the downward API, an inventory's host name), written into the results
// file as configuration lines, so `benchstat -col instance-type` groups by
// them.
type factFlags []fact.Fact

var factKey = regexp.MustCompile(`^[a-z][a-z0-9._-]*$`)

// reservedFact reports whether key is one the suite writes itself: a
// user's fact must not pass for the machine's or the runner's.
func reservedFact(key string) bool {
	for _, p := range []string{results.SkipPrefix, results.FailPrefix, results.StopPrefix} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	switch key {
	case fact.Date, "pkg", "goos", "goarch", "cpu", fact.Node, results.SuiteVersionFact, results.SuiteCommitFact, results.WorkersFact,
		fact.Peer, fact.PeerAddr, fact.PeerWhere, results.SamplingFact:
		return true
	}
	return false
}

func (f *factFlags) String() string {
	var s []string
	for _, x := range *f {
		s = append(s, x.Key+"="+x.Value)
	}
	return strings.Join(s, ",")
}

func (f *factFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	val = strings.TrimSpace(val)
	switch {
	case !ok:
		return fmt.Errorf("%q: want key=value", v)
	case !factKey.MatchString(k) || len(k) > 64:
		return fmt.Errorf("fact key %q: want lower-case letters, digits, '.', '_' or '-', starting with a letter", k)
	case reservedFact(k):
		return fmt.Errorf("fact key %q is one the suite writes itself", k)
	case val == "":
		// Note: an empty value is a fact not known here (a downward API
		// field the cluster leaves empty, as the zone label on a pod
		// where the node has none): passed over, not refused.
		return nil
	case strings.ContainsAny(val, "\n\r") || len(val) > 1024:
		return fmt.Errorf("fact %s: the value must be one line of at most 1024 bytes", k)
	}
	for _, x := range *f {
		if x.Key == k {
			return fmt.Errorf("fact %s given twice", k)
		}
	}
	*f = append(*f, fact.Fact{Key: k, Value: val})
	return nil
}

// get returns the value of fact key, or "".
func (f factFlags) get(key string) string {
	for _, x := range f {
		if x.Key == key {
			return x.Value
		}
	}
	return ""
}

// logResults prints the results file at path to w between the marker
// lines `latency gather` reads, named by the node-name fact, else the
// host name.
func logResults(w io.Writer, path, kind string, facts factFlags) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	node := facts.get(fact.NodeName)
	if node == "" {
		if node, err = os.Hostname(); err != nil {
			return err
		}
	}
	return fleet.Marked(w, node, kind, data)
}
