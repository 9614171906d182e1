//go:build linux || darwin

package network

import (
	"net"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/latency-numbers/latency/internal/env"
)

// evictingServer is an echo server on 127.0.0.1 that closes the first
// evict connections it accepts, before any reply, as a saturated `latency
// echo` closes a newcomer, and echoes on the later ones.
func evictingServer(t *testing.T, evict int64) (addr string, accepted *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	accepted = new(atomic.Int64)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if accepted.Add(1) <= evict {
				c.Close()
				continue
			}
			go func() {
				defer c.Close()
				buf := make([]byte, 64)
				for {
					n, err := c.Read(buf)
					if err != nil {
						return
					}
					if _, err := c.Write(buf[:n]); err != nil {
						return
					}
				}
			}()
		}
	}()
	return ln.Addr().String(), accepted
}

func TestDialPeerRetriesEvictions(t *testing.T) {
	addr, accepted := evictingServer(t, 3)
	p, err := dialPeer("tcp", addr, 64)
	if err != nil {
		t.Fatalf("dialPeer: %v, want a connection after 3 evictions", err)
	}
	defer p.Close()
	if err := p.Ping(); err != nil {
		t.Error(err)
	}
	if n := accepted.Load(); n != 4 {
		t.Errorf("%d connections, want 4 (3 closed, 1 served)", n)
	}
}

func TestDialPeerSaturated(t *testing.T) {
	addr, accepted := evictingServer(t, 1<<40)
	_, err := dialPeer("tcp", addr, 64)
	if err == nil || !strings.HasPrefix(err.Error(), "saturated: its server closed 6 new connections in a row") {
		t.Errorf("got %v, want the peer called saturated", err)
	}
	if n := accepted.Load(); n != peerTries {
		t.Errorf("%d connections, want %d", n, peerTries)
	}
}

// No server at the address: TCP and UDP say the same.
func TestDialPeerUnreachable(t *testing.T) {
	for _, proto := range []string{"tcp", "udp"} {
		if _, err := dialPeer(proto, "127.0.0.1:1", 64); err == nil || !strings.HasPrefix(err.Error(), "unreachable: ") ||
			!strings.Contains(err.Error(), "connection refused") {
			t.Errorf("%s to 127.0.0.1:1: got %v, want unreachable, connection refused", proto, err)
		}
	}
}

// TestPeerRTTSkipsUnreachable runs BenchmarkPeerRTT against a port where
// nothing listens: every sub-benchmark skips, none fails.
func TestPeerRTTSkipsUnreachable(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^BenchmarkPeerRTT$", "-test.benchtime=1x", "-test.v")
	cmd.Env = append(os.Environ(), env.PeerVar+"=127.0.0.1:1", env.ProfileVar+"=test")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, name := range []string{"proto=tcp/size=1B", "proto=tcp/size=64B", "proto=udp/size=1B", "proto=udp/size=64B"} {
		if !strings.Contains(string(out), "--- SKIP: BenchmarkPeerRTT/"+name) {
			t.Errorf("BenchmarkPeerRTT/%s did not skip:\n%s", name, out)
		}
	}
	if strings.Contains(string(out), "FAIL") || strings.Count(string(out), "peer 127.0.0.1:1 unreachable: ") != 4 {
		t.Errorf("want four skips saying the peer is unreachable, no failure:\n%s", out)
	}
}
