//go:build linux || darwin

package network

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/echo"
)

// BenchmarkLoopbackRTT is the round trip of a small message over loopback,
// TCP and UDP, on Go's net path and on the blocking system call path, with
// client and server on one CPU or on two.
func BenchmarkLoopbackRTT(b *testing.B) {
	for _, path := range []string{"net", "syscall"} {
		for _, proto := range []string{"tcp", "udp"} {
			for _, size := range []int{1, 64} {
				for _, cpus := range placements() {
					name := fmt.Sprintf("path=%s/proto=%s/size=%dB/cpus=%s", path, proto, size, placementName(cpus))
					b.Run(name, func(b *testing.B) { loopbackRTT(b, path, proto, size, cpus) })
				}
			}
		}
	}
}

// loopbackRTT pings a child echo server process of path for proto, the
// client and server on the same CPU (cpus=1) or two (cpus=2), or where the
// scheduler puts them (cpus=any, where threads cannot be pinned).
//
// Note: on path=syscall only the two threads that do the round trip are
// pinned. Pinning every thread of a Go process puts the runtime's helper
// threads on the same CPU, where they delay a third of the round trips by
// tens of µs (e.g. on a 2-vCPU guest, p90 70 µs instead of 20 µs);
// sockperf, one thread per side, has no such helpers. On path=net
// goroutines cannot be pinned, so each side's whole process is, with
// GOMAXPROCS=1: that cost is then part of what Go's net path costs on one
// CPU.
func loopbackRTT(b *testing.B, path, proto string, size, cpus int) {
	clientCPU, serverCPU := cpuPair(b, cpus)
	addr := serverAddr(b, path, proto, serverCPU)
	var p echo.Pinger
	var err error
	if path == "net" {
		if clientCPU != anyCPU {
			restore, perr := affinity.PinProcess(clientCPU)
			if perr != nil {
				benchmain.Skip(b, perr)
			}
			defer restore()
		}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		p, err = echo.DialNet(proto, addr, size, timeout)
	} else {
		defer lockAndPin(b, clientCPU)()
		p, err = echo.DialRaw(proto, addr, size, timeout)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	pingPong(b, p, proto == "udp")
}

// BenchmarkTCPConnect is the TCP three-way handshake on loopback: the time
// connect() blocks, from the SYN to the SYN-ACK's processing (p50-ns,
// p99-ns). ns/op is the whole cycle: socket, connect, close.
//
// Note: the client closes with SO_LINGER 0, which sends a RST instead of a
// FIN, so no connection lingers in TIME_WAIT and the ephemeral ports do
// not run out over thousands of connections.
func BenchmarkTCPConnect(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	ap := ln.Addr().(*net.TCPAddr).AddrPort()
	sa := &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}
	cpu := anyCPU
	if affinity.Pinning() == nil {
		cpu, _ = cpuPair(b, 1)
	}
	defer lockAndPin(b, cpu)()
	linger := &unix.Linger{Onoff: 1, Linger: 0}
	samples.Reset()
	for b.Loop() {
		fd, err := tcpSocket()
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		err = unix.Connect(fd, sa)
		samples.Add(time.Since(t0))
		if err != nil {
			unix.Close(fd)
			b.Fatalf("connect %s: %v", ap, err)
		}
		unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, linger)
		unix.Close(fd)
	}
	samples.Report(b, 0.5, 0.99)
}

// BenchmarkHTTPRoundTrip is one HTTP/1.1 GET through net/http on loopback
// over a kept-alive connection, the body ("ok") read to the end, with the
// default GOMAXPROCS and scheduling.
func BenchmarkHTTPRoundTrip(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true, ResponseHeaderTimeout: timeout}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: timeout}
	get := func() {
		resp, err := client.Get(srv.URL)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || n != 2 || resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: status %d, %d bytes, %v", srv.URL, resp.StatusCode, n, err)
		}
	}
	for range warmups() {
		get()
	}
	samples.Reset()
	for b.Loop() {
		t0 := time.Now()
		get()
		samples.Add(time.Since(t0))
	}
	samples.Report(b, 0.5, 0.99)
}

// BenchmarkStream1KiB pushes 1 KiB writes through a TCP loopback
// connection to a reader that drains it, both on blocking system calls,
// writer and reader pinned to two CPUs when there are two (cpus=any where
// threads cannot be pinned: the scheduler places them). ns/op is the
// time per KiB up to the last byte read by the other end.
//
// Note: ns/op is reported by hand because the last writes sit in socket
// buffers when the loop ends; the drain is waited for and counted, so
// buffering cannot flatter the figure.
func BenchmarkStream1KiB(b *testing.B) {
	cpus := anyCPU
	if affinity.Pinning() == nil {
		allowed, err := affinity.AllowedCPUs()
		if err != nil {
			benchmain.Skip(b, err)
		}
		cpus = min(2, len(allowed))
	}
	b.Run("cpus="+placementName(cpus), func(b *testing.B) {
		writerCPU, readerCPU := cpuPair(b, cpus)
		addr, total, stop := startSink(b, readerCPU)
		defer stop()
		defer lockAndPin(b, writerCPU)()
		fd := dialStream(b, addr)
		defer unix.Close(fd)
		chunk := make([]byte, 1024)
		b.SetBytes(int64(len(chunk)))
		start := time.Now()
		for b.Loop() {
			for c := chunk; len(c) > 0; {
				n, err := unix.Write(fd, c)
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					b.Fatalf("write: %v", err)
				}
				c = c[n:]
			}
		}
		unix.Shutdown(fd, unix.SHUT_WR)
		var got int64
		select {
		case got = <-total:
		case <-time.After(timeout):
			b.Fatal("the reader did not finish")
		}
		elapsed := time.Since(start)
		if want := int64(b.N) * int64(len(chunk)); got != want {
			b.Fatalf("reader got %d bytes, want %d", got, want)
		}
		b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N), "ns/op")
	})
}

// dialStream opens a blocking TCP socket to addr (Nagle on, as a plain
// stream sender has it) with send and receive timeouts.
func dialStream(b *testing.B, addr string) int {
	ap := netip.MustParseAddrPort(addr)
	fd, err := tcpSocket()
	if err != nil {
		b.Fatal(err)
	}
	tv := unix.NsecToTimeval(timeout.Nanoseconds())
	unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv)
	if err := unix.Connect(fd, &unix.SockaddrInet4{Port: int(ap.Port()), Addr: ap.Addr().As4()}); err != nil {
		unix.Close(fd)
		b.Fatalf("connect %s: %v", addr, err)
	}
	return fd
}

// startSink starts a reader on a locked thread pinned to cpu that accepts
// connections on 127.0.0.1 and reads each to its end, sending the byte
// count of each on total. stop shuts it down.
func startSink(b *testing.B, cpu int) (addr string, total <-chan int64, stop func()) {
	lfd, err := tcpSocket()
	if err != nil {
		b.Fatal(err)
	}
	lo := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := unix.Bind(lfd, lo); err != nil {
		b.Fatal(err)
	}
	if err := unix.Listen(lfd, 4); err != nil {
		b.Fatal(err)
	}
	sa, _ := unix.Getsockname(lfd)
	addr = fmt.Sprintf("127.0.0.1:%d", sa.(*unix.SockaddrInet4).Port)
	counts := make(chan int64, 4)
	done := make(chan struct{})
	var stopping atomic.Bool
	go func() {
		defer close(done)
		runtime.LockOSThread() // never unlocked: the pinned thread exits with this goroutine
		if cpu != anyCPU {
			if _, err := affinity.PinThread(cpu); err != nil {
				return
			}
		}
		buf := make([]byte, 256<<10)
		for {
			fd, err := acceptCloexec(lfd)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return
			}
			if stopping.Load() {
				unix.Close(fd)
				return
			}
			var n int64
			for {
				m, err := unix.Read(fd, buf)
				if err == unix.EINTR {
					continue
				}
				if err != nil || m <= 0 {
					break
				}
				n += int64(m)
			}
			unix.Close(fd)
			select {
			case counts <- n:
			default:
			}
		}
	}()
	stop = func() {
		stopping.Store(true)
		unix.Shutdown(lfd, unix.SHUT_RDWR)
		wakeAccept(addr)
		select {
		case <-done:
		case <-time.After(timeout):
		}
		unix.Close(lfd)
	}
	return addr, counts, stop
}
