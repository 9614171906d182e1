package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/fleet"
	"github.com/latency-numbers/latency/internal/results"
)

// cmdGather is `latency gather`: it turns what a fleet's measurements left
// (the `kubectl logs` of deploy/kubernetes' Jobs, or the files Ansible
// fetched) into one results file per node, NODE.txt, and the node × node
// matrix, pairs.txt, in a new or empty directory.
//
//	latency gather -o DIR [LOG|FILE|DIR|-]...
//
// A log holds results files between marker lines
// ("=== latency-results node=NODE kind=suite|pairs begin ===" … "end ==="),
// with or without kubectl's --prefix; a directory is searched for *.txt
// results files, each named by its node or node-name fact, else by its
// directory. Nothing is overwritten.
//
// # Example
//
//	$ kubectl logs -n latency --prefix --tail=-1 -l app.kubernetes.io/name=latency > fleet.log
//	$ latency gather -o fleet fleet.log
//	$ latency compare fleet/node-a.txt fleet/node-b.txt
//	$ go tool benchstat -table "" -row /src@alpha -col /dst@alpha -filter .unit:p50-ns fleet/pairs.txt
func cmdGather(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("gather", stderr, "-o DIR [LOG|FILE|DIR|-]...")
	out := fs.String("o", "", "`directory` for NODE.txt and pairs.txt (created; must hold none of them)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("gather: -o is required")
	}
	if fs.NArg() == 0 {
		return errors.New("gather: give the logs, files or directories to gather (- for stdin)")
	}
	var parts []fleet.Part
	for _, arg := range fs.Args() {
		ps, err := gatherArg(arg)
		if err != nil {
			return fmt.Errorf("gather: %w", err)
		}
		parts = append(parts, ps...)
	}
	// Read every part, one suite file per node.
	suites := map[string]fleet.Part{}
	zones := map[string]string{}
	var pairs []*results.Run
	pairsFrom := map[string]string{}
	for _, p := range parts {
		cp, run, err := fleet.Classify(p.Data, p.Source, p.Node)
		if err != nil {
			return fmt.Errorf("gather: %w", err)
		}
		if p.Kind != "" && p.Kind != cp.Kind {
			return fmt.Errorf("gather: %s is marked %s but holds %s results", p.Source, p.Kind, cp.Kind)
		}
		if p.Node != "" && p.Kind != "" && cp.Node != p.Node && run.Fact(fact.NodeName) == "" && run.Fact(fact.Node) != p.Node {
			return fmt.Errorf("gather: %s is marked node %s but says node %s", p.Source, p.Node, cp.Node)
		}
		switch cp.Kind {
		case fleet.KindSuite:
			if old, ok := suites[cp.Node]; ok {
				return fmt.Errorf("gather: two runs of node %s: %s and %s", cp.Node, old.Source, cp.Source)
			}
			suites[cp.Node] = cp
			if z := run.Fact(fact.Zone); z != "" {
				zones[cp.Node] = z
			}
		case fleet.KindPairs:
			if old, ok := pairsFrom[cp.Node]; ok {
				return fmt.Errorf("gather: two pairs files of node %s: %s and %s", cp.Node, old, cp.Source)
			}
			pairsFrom[cp.Node] = cp.Source
			pairs = append(pairs, run)
		}
	}
	// Every output is checked before any is written.
	var matrix bytes.Buffer
	if len(pairs) > 0 {
		if err := fleet.MergePairs(&matrix, pairs, zones); err != nil {
			return fmt.Errorf("gather: %w", err)
		}
	}
	files := map[string][]byte{}
	for node, p := range suites {
		files[node+".txt"] = p.Data
	}
	if matrix.Len() > 0 {
		if _, clash := files["pairs.txt"]; clash {
			return errors.New("gather: a node named pairs would clash with pairs.txt")
		}
		files["pairs.txt"] = matrix.Bytes()
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("gather: %w", err)
	}
	for name := range files {
		if _, err := os.Lstat(filepath.Join(*out, name)); err == nil {
			return fmt.Errorf("gather: %s already exists: gather into a new directory", filepath.Join(*out, name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(*out, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("gather: %w", err)
		}
		_, err = f.Write(files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("gather: writing %s: %w", path, err)
		}
		fmt.Fprintln(stdout, path)
	}
	return nil
}

// gatherArg returns the results files of one argument: a log with marker
// lines, a results file, or a directory of them.
func gatherArg(arg string) ([]fleet.Part, error) {
	if arg == "-" {
		return fleet.SplitLog(os.Stdin, "stdin")
	}
	st, err := os.Stat(arg)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		data, err := readCapped(arg)
		if err != nil {
			return nil, err
		}
		if bytes.Contains(data, []byte("=== latency-results ")) {
			return fleet.SplitLog(bytes.NewReader(data), arg)
		}
		return []fleet.Part{{Source: arg, Data: data, Node: nodeFromPath(arg)}}, nil
	}
	var parts []fleet.Part
	err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
			return err
		}
		data, err := readCapped(path)
		if err != nil {
			return err
		}
		parts = append(parts, fleet.Part{Source: path, Data: data, Node: nodeFromPath(path)})
		return nil
	})
	if err == nil && len(parts) == 0 {
		err = fmt.Errorf("%s: no .txt results files", arg)
	}
	return parts, err
}

// nodeFromPath names a file's node when its facts do not: Ansible's fetch
// puts a host's files under a directory named after the host.
func nodeFromPath(path string) string {
	return filepath.Base(filepath.Dir(path))
}

// readCapped reads a file of at most 256 MiB, the cap results.Read keeps.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 256<<20+1))
	if err == nil && len(data) > 256<<20 {
		err = fmt.Errorf("%s: over 256 MiB", path)
	}
	return data, err
}
