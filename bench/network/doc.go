// Package network measures the network rows of the latency table on what
// one machine has: loopback round trips, a loopback stream, and, in peer
// mode, round trips to a second machine running `latency echo`. The rows
// no machine can measure alone (wire time on a real link, light to the
// Netherlands) are computed by package netphys, not here.
//
// Every round trip is a ping-pong, the method of sockperf ping-pong and
// qperf tcp_lat: send one message, wait for the same bytes back, repeat;
// each round trip is timed, and the benchmarks report the mean (ns/op) and
// the median and tails (p50-ns, p99-ns, p999-ns). They are full round
// trips, not halves.
//
// The loopback server runs in a child process (this test binary run
// again), so a round trip crosses two processes as it does between a
// client and a server, and as sockperf's does. Two paths, both ends on the
// same one, so the Go runtime's share shows beside the kernel's:
//
//   - path=net: Go's net package on both ends (non-blocking sockets, the
//     netpoller, goroutines, GOMAXPROCS=1); the server is echo.Server, the
//     one `latency echo` runs.
//   - path=syscall: blocking system calls (golang.org/x/sys/unix) on a
//     goroutine locked to its OS thread at both ends, like a C client and
//     server.
//
// CPU placement dominates a loopback ping-pong on a VM (a wake-up on the
// other vCPU costs tens of µs, on the same one a few), so it is in the
// name: cpus=1 puts client and server on the same CPU, cpus=2 on two
// different CPUs (path=syscall pins the two threads that do the round
// trip; path=net pins each side's whole process, since goroutines move
// between threads). The table's row uses path=syscall cpus=1: no cross-CPU wake-up, a
// lower bound for a round trip between two machines.
//
// Benchmarks and the rows they answer (all on 127.0.0.1):
//
//	LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=1  datacenter_round_trip (without a peer)  p50-ns
//	LoopbackRTT/path=syscall/proto=tcp/size=1B/cpus=1   loopback_rtt_tcp_1b       p50-ns
//	LoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=2  loopback_rtt_tcp_2cpu     p50-ns
//	LoopbackRTT/path=net/proto=tcp/size=64B/cpus=1      loopback_rtt_tcp_gonet    p50-ns
//	LoopbackRTT/path=syscall/proto=udp/size=64B/cpus=1  loopback_rtt_udp          p50-ns
//	LoopbackRTT/path=net/proto=udp/size=64B/cpus=1      loopback_rtt_udp_gonet    p50-ns
//	TCPConnect                                          tcp_connect_loopback      p50-ns (connect() only)
//	HTTPRoundTrip                                       http_request_loopback     p50-ns
//	Stream1KiB/cpus=N                                   send_1kib_loopback_stream ns/op = ns per KiB
//	PeerRTT/proto=tcp/size=64B                          peer_rtt_tcp; datacenter_round_trip or wan_round_trip_ca_nl per -peer-where
//	PeerRTT/proto=udp/size=64B                          peer_rtt_udp
//
// Peer mode: with LATENCY_PEER=host:port set (by `latency run -peer`),
// PeerRTT pings that `latency echo` server over TCP and UDP from the
// system call path; without it, PeerRTT skips. It skips too, saying why,
// when the peer cannot be reached (TCP and UDP alike) or stays too busy to
// complete a first round trip with a new client. Nothing here sends a packet
// anywhere but to 127.0.0.1 and to that peer, and every loop is bounded by
// the benchmark time and by socket timeouts.
package network
