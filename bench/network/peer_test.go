//go:build linux || darwin

package network

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/latency-numbers/latency/internal/echo"
)

// BenchmarkPeerRTT is peer mode: the round trip to the `latency echo`
// server named by LATENCY_PEER (host:port), over TCP and UDP, from the
// blocking system call path. It skips when no peer is set.
//
// Note: the client thread is locked but not pinned: the wire and the other
// machine dominate, and its CPU placement is the user's to choose
// (taskset). The peer's server runs Go's net path.
func BenchmarkPeerRTT(b *testing.B) {
	peer := os.Getenv("LATENCY_PEER")
	if peer == "" {
		b.Skip("no peer: set LATENCY_PEER or -peer")
	}
	for _, proto := range []string{"tcp", "udp"} {
		for _, size := range []int{1, 64} {
			b.Run(fmt.Sprintf("proto=%s/size=%dB", proto, size), func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				p, err := echo.DialRaw(proto, peer, size, timeout)
				if err != nil {
					b.Skipf("peer %s unreachable: %v", peer, err)
				}
				defer p.Close()
				pingPong(b, p, proto == "udp")
			})
		}
	}
}
