package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/latency-numbers/latency/internal/fact"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/view"
)

// runFormats are the report formats run can print after the suite.
var runFormats = append(append(view.Set{}, report.Formats...), view.HTML)

// checkRunFlags checks what run's flags name before anything is measured:
// a mistake found only after the suite has run would lose its measurements.
// It returns the facts the peer flags add to the results file: where the
// user says the peer is (peer-where) and the address its name resolved to
// (peer-addr).
func checkRunFlags(ctx context.Context, format view.Format, peer, peerWhere, out string) ([]fact.Fact, error) {
	if err := runFormats.Check(format); err != nil {
		return nil, fmt.Errorf("bad -format: %w", err)
	}
	var facts []fact.Fact
	if peerWhere != "" {
		if !contains(rows.PeerWhere, peerWhere) {
			return nil, fmt.Errorf("bad -peer-where: %q (want %s)", peerWhere, strings.Join(rows.PeerWhere, ", "))
		}
		if peer == "" {
			return nil, errors.New("-peer-where says where the -peer machine is, but no -peer (or LATENCY_PEER) is given")
		}
		facts = append(facts, fact.Fact{Key: fact.PeerWhere, Value: peerWhere})
	}
	if peer != "" {
		addr, err := checkPeer(ctx, peer)
		if err != nil {
			return nil, fmt.Errorf("bad -peer (or LATENCY_PEER): %w", err)
		}
		facts = append(facts, fact.Fact{Key: fact.PeerAddr, Value: addr})
	}
	if err := checkOutDir(out); err != nil {
		return nil, fmt.Errorf("bad -o: %w", err)
	}
	return facts, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkPeer checks that peer is host:port with a host that resolves and a
// valid port, and returns the address the benchmark will reach (an IPv4
// one if the name has any, as the benchmark's resolver prefers).
func checkPeer(ctx context.Context, peer string) (string, error) {
	host, port, err := net.SplitHostPort(peer)
	if err != nil {
		return "", fmt.Errorf("%q: want host:port of a 'latency echo' server (%w)", peer, err)
	}
	if host == "" || strings.ContainsAny(host, " \t/") {
		return "", fmt.Errorf("%q: want host:port of a 'latency echo' server, with a host name or address", peer)
	}
	if p, err := net.LookupPort("tcp", port); err != nil || p == 0 {
		return "", fmt.Errorf("%q: port %q is not a port number", peer, port)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.String(), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return "", fmt.Errorf("%q: resolving %s: %v", peer, host, err)
	}
	for _, a := range addrs {
		if a.Unmap().Is4() {
			return a.Unmap().String(), nil
		}
	}
	return addrs[0].String(), nil
}

// checkOutDir checks that the results can be saved in dir: it is a
// directory, or can be made one, and a file can be created in it. It
// creates nothing that outlives the check.
func checkOutDir(dir string) error {
	probe := dir
	for {
		st, err := os.Stat(probe)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("%s is not a directory", probe)
			}
			break
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
		parent := filepath.Dir(probe)
		if parent == probe {
			return err
		}
		probe = parent
	}
	f, err := os.CreateTemp(probe, ".latency-write-check-*")
	if err != nil {
		if probe != dir {
			return fmt.Errorf("cannot create %s: %w", dir, err)
		}
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}
