package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/latency-numbers/latency/internal/report"
)

// runFormats are the report formats run can print after the suite.
var runFormats = append(append([]string{}, report.Formats...), "html")

// checkRunFlags checks what run's flags name before anything is measured:
// a mistake found only after the suite has run would lose its measurements.
func checkRunFlags(format, peer, out string) error {
	if !contains(runFormats, format) {
		return fmt.Errorf("bad -format: unknown format %q (want %s)", format, strings.Join(runFormats, ", "))
	}
	if peer != "" {
		if err := checkPeer(peer); err != nil {
			return fmt.Errorf("bad -peer (or LATENCY_PEER): %w", err)
		}
	}
	if err := checkOutDir(out); err != nil {
		return fmt.Errorf("bad -o: %w", err)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkPeer checks that peer is host:port with a host and a valid port.
// The host is resolved later, by the benchmark.
func checkPeer(peer string) error {
	host, port, err := net.SplitHostPort(peer)
	if err != nil {
		return fmt.Errorf("%q: want host:port of a 'latency echo' server (%w)", peer, err)
	}
	if host == "" || strings.ContainsAny(host, " \t/") {
		return fmt.Errorf("%q: want host:port of a 'latency echo' server, with a host name or address", peer)
	}
	if p, err := net.LookupPort("tcp", port); err != nil || p == 0 {
		return fmt.Errorf("%q: port %q is not a port number", peer, port)
	}
	return nil
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
