//go:build linux || darwin

package network

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/echo"
	"github.com/latency-numbers/latency/internal/env"
)

// BenchmarkPeerRTT is peer mode: the round trip to the `latency echo`
// server named by LATENCY_PEER (host:port), over TCP and UDP, from the
// blocking system call path. It skips when no peer is set, when the peer
// cannot be reached, and when it is too busy to serve one more client.
//
// Note: the client thread is locked but not pinned: the wire and the other
// machine dominate, and its CPU placement is the user's to choose
// (taskset). The peer's server runs Go's net path.
func BenchmarkPeerRTT(b *testing.B) {
	peer := env.Peer()
	if peer == "" {
		benchmain.Skip(b, "no peer: set LATENCY_PEER or -peer")
	}
	for _, proto := range []string{"tcp", "udp"} {
		for _, size := range []int{1, 64} {
			b.Run(fmt.Sprintf("proto=%s/size=%dB", proto, size), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				p, err := dialPeer(proto, peer, size)
				if err != nil {
					benchmain.Skipf(b, "peer %s %v", peer, err)
				}
				defer p.Close()
				pingPong(b, p, proto == "udp")
			})
		}
	}
}

// peerTries bounds the connections dialPeer opens before it calls the
// peer saturated; between them it waits 10 ms, then twice as long each
// time (0.3 s in all).
const peerTries = 6

// dialPeer connects to an echo server and completes a first round trip.
// Its errors read after the peer's address: "unreachable: ..." when there
// is no server to answer (connection refused, no UDP reply), "saturated:
// ..." when the server keeps closing the new connection before its first
// echo.
//
// Note: at its connection cap `latency echo` closes the stalest connection
// to admit a new one, and a connection that has not completed an echo yet
// is the stalest of all (see echo.Server): with many active clients a new
// one can be closed before its first reply. Once it has completed a round
// trip it is served, so it reconnects, backing off, until one does. For
// UDP there is no connection: a datagram refused (ICMP port unreachable)
// or unanswered says the same as a TCP connection refused.
func dialPeer(proto, peer string, size int) (echo.Pinger, error) {
	var last error
	backoff := 10 * time.Millisecond
	for try := range peerTries {
		if try > 0 {
			time.Sleep(backoff)
			backoff *= 2
		}
		p, err := echo.DialRaw(proto, peer, size, timeout)
		if err != nil {
			return nil, fmt.Errorf("unreachable: %w", err)
		}
		err = p.Ping()
		if err == nil {
			return p, nil
		}
		p.Close()
		if proto != "tcp" || !closedByPeer(err) {
			return nil, fmt.Errorf("unreachable: %w", err)
		}
		last = err
	}
	return nil, fmt.Errorf("saturated: its server closed %d new connections in a row before their first reply (%v); "+
		"it serves at most its -max-conns clients at once: is something else using it?", peerTries, last)
}

// closedByPeer reports whether a TCP round trip failed because the server
// closed the connection.
func closedByPeer(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrUnexpectedEOF)
}
