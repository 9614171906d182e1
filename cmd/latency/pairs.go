package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/latency-numbers/latency/internal/echo"
	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/version"
)

// cmdPairs is `latency pairs`: this node's part of the node × node round
// trip matrix. Every node of the fleet runs it with the same -nodes list and
// -start; the pairing schedule (fleet.Schedule) gives each node the slots in
// which it times round trips to one other node while neither is in another
// pair. It writes a results file whose lines are
// BenchmarkNodeRTT/src=<this node>/dst=<other>/zone=same|cross|unknown.
//
//	latency pairs -node NAME -nodes name=host:port[@zone],... [-indexed N] [-start TIME]
//	              [-slot 5s] [-serve addr] [-where datacenter] [-fact k=v]... [-o FILE]
//
// # Example
//
// Three machines, each running `latency echo -addr <its address>:7777`:
//
//	$ latency pairs -node a -nodes a=10.0.0.1:7777@z1,b=10.0.0.2:7777@z1,c=10.0.0.3:7777@z2 \
//	      -where datacenter -start 2026-05-01T12:00:00Z -o a.txt
//
// and the same on b and c with -node b, -node c. Then
//
//	$ latency gather -o fleet/ a.txt b.txt c.txt
//	$ go tool benchstat -table "" -row /src@alpha -col /dst@alpha -filter .unit:p50-ns fleet/pairs.txt
func cmdPairs(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("pairs", stderr, "-node NAME -nodes LIST [flags]")
	node := fs.String("node", "", "this node's `name` in -nodes")
	list := fs.String("nodes", "", "every node of the fleet, `name=host:port[@zone],...`: the address of its 'latency echo' server and, if known, its zone")
	indexed := fs.Int("indexed", 0, "the fleet is the `N` pods of an Indexed Job: -nodes is one entry with {i} where a pod's index goes, e.g. p-{i}=p-{i}.p:7777, for i = 0 … N-1")
	start := fs.String("start", "", "RFC 3339 `time` the schedule starts, the same on every node (default: the next whole minute at least 20 s away)")
	slot := fs.Duration("slot", 5*time.Second, "`time` each node has to measure one other (a round is two slots, one each way)")
	samples := fs.Int("samples", 10, "samples per pair (benchstat needs 6 for an interval)")
	pings := fs.Int("pings", 100, "round trips per sample")
	serve := fs.String("serve", "", "also serve 'latency echo' on this `host:port` while the schedule runs (a node whose echo server is not running already)")
	hold := fs.Duration("hold", 0, "with -serve: hold every reply this long, as 'latency echo -hold' (for tests and demonstrations only)")
	where := fs.String("where", "", "`place` the nodes share: datacenter, lan or wan; with datacenter the report's datacenter row takes the median same-zone pair")
	out := fs.String("o", "", "results `file` to write (must not exist; default: stdout)")
	logRes := fs.Bool("log-results", false, "with -o: also print the results file to stdout between marker lines for `latency gather` (a Kubernetes Job's log)")
	var facts factFlags
	fs.Var(&facts, "fact", "extra `key=value` fact for the results file (repeatable), e.g. instance-type=m7i.large")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("pairs takes no arguments, got %q", fs.Args())
	}
	if *indexed != 0 {
		expanded, err := fleet.IndexedNodes(*list, *indexed)
		if err != nil {
			return fmt.Errorf("pairs: -indexed: %w", err)
		}
		*list = expanded
	}
	nodes, err := fleet.ParseNodes(*list)
	switch {
	case err != nil:
		return fmt.Errorf("pairs: -nodes: %w", err)
	case len(nodes) < 2:
		return errors.New("pairs: -nodes must list at least two nodes")
	case *node == "":
		return errors.New("pairs: -node is required")
	case *slot < 100*time.Millisecond:
		return fmt.Errorf("pairs: -slot %v: at least 100ms", *slot)
	case *samples < 1 || *pings < 1:
		return errors.New("pairs: -samples and -pings must be at least 1")
	case *where != "" && !slices.Contains(rows.PeerWhere, *where):
		return fmt.Errorf("pairs: -where %q: want one of %s", *where, strings.Join(rows.PeerWhere, ", "))
	}
	begin := time.Now().Add(20 * time.Second).Truncate(time.Minute).Add(time.Minute)
	if *start != "" {
		if begin, err = time.Parse(time.RFC3339Nano, *start); err != nil {
			return fmt.Errorf("pairs: -start: %w", err)
		}
	}
	plan, err := fleet.Plan(*node, nodes, begin, *slot)
	if err != nil {
		return fmt.Errorf("pairs: %w", err)
	}
	var me fleet.Node
	for _, n := range nodes {
		if n.Name == *node {
			me = n
		}
	}
	w := stdout
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("pairs: %w", err)
		}
		defer f.Close()
		w = f
	}
	if *serve != "" {
		s, err := echo.Listen(echo.Config{Addr: *serve, Hold: *hold})
		if err != nil {
			return fmt.Errorf("pairs: -serve: %w", err)
		}
		sctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- s.Serve(sctx) }()
		defer func() { cancel(); <-done }()
		fmt.Fprintf(stderr, "latency pairs: serving echo on %s\n", s.Addr())
	}

	// Note: the margin leaves a tenth of each slot unmeasured, so that
	// clocks a little apart do not overlap two pairs on one node.
	margin := *slot / 10
	var res []fleet.Result
	for _, sl := range plan {
		r := fleet.Result{Src: me.Name, Dst: sl.Dst.Name, Zone: fleet.ZoneMark(me.Zone, sl.Dst.Zone)}
		if err := sleepUntil(ctx, sl.Start); err != nil {
			return err
		}
		if time.Now().After(sl.End.Add(-margin)) {
			r.Err = fmt.Sprintf("round %d's slot ended before this node got to it (started late?)", sl.Round+1)
		} else {
			fmt.Fprintf(stderr, "latency pairs: round %d: %s → %s (%s)\n", sl.Round+1, me.Name, sl.Dst.Name, sl.Dst.Addr)
			r.Samples, err = fleet.Measure(ctx, sl.Dst.Addr, *samples, *pings, sl.End.Add(-margin))
			if err != nil {
				r.Err = err.Error()
			}
			if len(r.Samples) < *samples && r.Err == "" {
				r.Err = fmt.Sprintf("%d of %d samples before the slot ended", len(r.Samples), *samples)
			}
		}
		if r.Err != "" {
			fmt.Fprintf(stderr, "latency pairs: warning: %s → %s: %s\n", me.Name, sl.Dst.Name, r.Err)
		}
		res = append(res, r)
	}
	if *serve != "" {
		// The others may still be measuring to this node's server.
		if err := sleepUntil(ctx, fleet.End(len(nodes), begin, *slot)); err != nil {
			return err
		}
	}
	fl := []fact.Fact{
		{Key: fact.Date, Value: begin.UTC().Format(time.RFC3339)},
		{Key: fact.Node, Value: me.Name},
		{Key: results.SuiteVersionFact, Value: version.Suite},
		{Key: results.SuiteCommitFact, Value: version.Commit()},
		{Key: "pairs-slot", Value: slot.String()},
	}
	if me.Zone != "" && !slices.ContainsFunc(facts, func(f fact.Fact) bool { return f.Key == fact.Zone }) {
		fl = append(fl, fact.Fact{Key: fact.Zone, Value: me.Zone})
	}
	if *where != "" {
		fl = append(fl, fact.Fact{Key: fact.PeerWhere, Value: *where})
	}
	for _, n := range nodes {
		fl = append(fl, fact.Fact{Key: fleet.NodeFact(n.Name), Value: n.String()})
	}
	for _, f := range facts {
		fl = append(fl, fact.Fact{Key: f.Key, Value: f.Value})
	}
	if err := fleet.Write(w, fl, res); err != nil {
		return fmt.Errorf("pairs: writing results: %w", err)
	}
	if *out != "" {
		fmt.Fprintf(stderr, "saved %s\n", *out)
		if *logRes {
			return logResults(stdout, *out, fleet.KindPairs, facts)
		}
	}
	return nil
}

// sleepUntil waits until t or until ctx is done.
func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
