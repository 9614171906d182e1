//go:build linux || darwin

package echo

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/latency-numbers/latency/internal/affinity"
)

// DialRaw connects to an echo server at addr with blocking system calls
// (golang.org/x/sys/unix: socket, connect, write, read), no netpoller. The
// caller times Ping on a goroutine locked to its OS thread, typically
// pinned with PinThread, so that a round trip costs two system calls and
// the kernel's wake-ups and nothing of the Go scheduler. network is "tcp"
// (TCP_NODELAY set) or "udp"; no call blocks longer than timeout.
func DialRaw(network, addr string, size int, timeout time.Duration) (Pinger, error) {
	if err := checkSize(size); err != nil {
		return nil, err
	}
	typ, err := sockType(network)
	if err != nil {
		return nil, err
	}
	ua, err := net.ResolveUDPAddr("udp", addr) // resolves a host:port for either protocol
	if err != nil {
		return nil, err
	}
	ap := ua.AddrPort()
	fd, err := socket(ap.Addr(), typ)
	if err != nil {
		return nil, err
	}
	tv := unix.NsecToTimeval(timeout.Nanoseconds())
	if err := setTimeouts(fd, tv); err != nil {
		unix.Close(fd)
		return nil, err
	}
	if err := connect(fd, sockaddr(ap), time.Now().Add(timeout)); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("connect %s: %w", ap, err)
	}
	return newPinger(fdConn(fd), typ == unix.SOCK_DGRAM, size), nil
}

func sockType(network string) (int, error) {
	switch network {
	case "tcp":
		return unix.SOCK_STREAM, nil
	case "udp":
		return unix.SOCK_DGRAM, nil
	}
	return 0, fmt.Errorf("network %q: want tcp or udp", network)
}

// socket opens a blocking socket of the family of a, with TCP_NODELAY for
// a stream.
func socket(a netip.Addr, typ int) (int, error) {
	family := unix.AF_INET
	if a.Is6() && !a.Is4In6() {
		family = unix.AF_INET6
	}
	fd, err := socketCloexec(family, typ)
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	if typ == unix.SOCK_STREAM {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1); err != nil {
			unix.Close(fd)
			return -1, fmt.Errorf("setting TCP_NODELAY: %w", err)
		}
	}
	return fd, nil
}

func setTimeouts(fd int, tv unix.Timeval) error {
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		return fmt.Errorf("setting SO_RCVTIMEO: %w", err)
	}
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_SNDTIMEO, &tv); err != nil {
		return fmt.Errorf("setting SO_SNDTIMEO: %w", err)
	}
	return nil
}

func sockaddr(ap netip.AddrPort) unix.Sockaddr {
	a := ap.Addr()
	if a.Is4() || a.Is4In6() {
		return &unix.SockaddrInet4{Port: int(ap.Port()), Addr: a.Unmap().As4()}
	}
	return &unix.SockaddrInet6{Port: int(ap.Port()), Addr: a.As16()}
}

// connect is a blocking connect bounded by SO_SNDTIMEO, resumed when a
// signal interrupts it (the Go runtime's preemption signals do).
func connect(fd int, sa unix.Sockaddr, deadline time.Time) error {
	err := unix.Connect(fd, sa)
	for err == unix.EINTR || err == unix.EALREADY {
		if time.Now().After(deadline) {
			return errTimeout
		}
		if err == unix.EALREADY {
			time.Sleep(time.Millisecond)
		}
		err = unix.Connect(fd, sa)
	}
	switch err {
	case nil, unix.EISCONN:
		return nil
	case unix.EINPROGRESS, unix.EAGAIN:
		return errTimeout
	}
	return err
}

// fdConn is a blocking socket. Reads and writes restart after a signal:
// with SO_RCVTIMEO/SO_SNDTIMEO set, Linux returns EINTR even for
// SA_RESTART handlers (signal(7)).
type fdConn int

func (c fdConn) Read(p []byte) (int, error) {
	return retry(func() (int, error) { return unix.Read(int(c), p) })
}

func (c fdConn) Write(p []byte) (int, error) {
	return retry(func() (int, error) { return unix.Write(int(c), p) })
}

// retry repeats a read or write interrupted by a signal and maps a socket
// timeout (EAGAIN with SO_RCVTIMEO/SO_SNDTIMEO) to errTimeout.
func retry(op func() (int, error)) (int, error) {
	for {
		n, err := op()
		switch err {
		case nil:
			return n, nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return 0, errTimeout
		}
		return 0, err
	}
}

func (c fdConn) Close() error { return unix.Close(int(c)) }

// A RawServer is the echo server of the system call path: one OS thread,
// optionally pinned to a CPU, doing blocking accept, read and write (TCP,
// one connection at a time) or recvfrom and sendto (UDP) on 127.0.0.1.
// It exists for benchmarks, which want both ends of a round trip on the
// same path; `latency echo` serves with Server.
type RawServer struct {
	fd       int // listening (TCP) or bound (UDP) socket
	addr     netip.AddrPort
	udp      bool
	stopping atomic.Bool
	done     chan struct{}

	mu   sync.Mutex
	conn int // accepted TCP connection being served, or -1
}

// ListenRaw starts a RawServer for network "tcp" or "udp" on an ephemeral
// 127.0.0.1 port, its thread pinned to cpu (cpu < 0: not pinned). Message
// sizes are bounded by MaxUDPPayload.
func ListenRaw(network string, cpu int) (*RawServer, error) {
	typ, err := sockType(network)
	if err != nil {
		return nil, err
	}
	lo := netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 0)
	fd, err := socket(lo.Addr(), typ)
	if err != nil {
		return nil, err
	}
	s := &RawServer{fd: fd, udp: typ == unix.SOCK_DGRAM, done: make(chan struct{}), conn: -1}
	if err := s.bind(lo); err != nil {
		unix.Close(fd)
		return nil, err
	}
	ready := make(chan error, 1)
	go s.serve(cpu, ready)
	if err := <-ready; err != nil {
		<-s.done
		unix.Close(fd)
		return nil, err
	}
	return s, nil
}

func (s *RawServer) bind(ap netip.AddrPort) error {
	if err := unix.Bind(s.fd, sockaddr(ap)); err != nil {
		return fmt.Errorf("bind %s: %w", ap, err)
	}
	if !s.udp {
		if err := unix.Listen(s.fd, 16); err != nil {
			return fmt.Errorf("listen: %w", err)
		}
	}
	sa, err := unix.Getsockname(s.fd)
	if err != nil {
		return fmt.Errorf("getsockname: %w", err)
	}
	s.addr = netip.AddrPortFrom(ap.Addr(), uint16(sa.(*unix.SockaddrInet4).Port))
	return nil
}

// Addr is the server's host:port.
func (s *RawServer) Addr() string { return s.addr.String() }

// serve runs on its own locked thread. It never unlocks: when it returns,
// the pinned thread exits with it instead of going back to the scheduler.
func (s *RawServer) serve(cpu int, ready chan<- error) {
	defer close(s.done)
	runtime.LockOSThread()
	if cpu >= 0 {
		if _, err := affinity.PinThread(cpu); err != nil {
			ready <- err
			return
		}
	}
	ready <- nil
	buf := make([]byte, MaxUDPPayload)
	if s.udp {
		s.serveUDP(buf)
		return
	}
	for !s.stopping.Load() {
		nfd, err := acceptCloexec(s.fd)
		if err == unix.EINTR || err == unix.ECONNABORTED {
			continue
		}
		if err != nil {
			return // shut down by Close
		}
		unix.SetsockoptInt(nfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		s.mu.Lock()
		if s.stopping.Load() {
			s.mu.Unlock()
			unix.Close(nfd)
			return
		}
		s.conn = nfd
		s.mu.Unlock()
		echoStream(fdConn(nfd), buf)
		s.mu.Lock()
		unix.Close(nfd)
		s.conn = -1
		s.mu.Unlock()
	}
}

// echoStream writes back every read until EOF or an error.
func echoStream(c fdConn, buf []byte) {
	for {
		n, err := c.Read(buf)
		if err != nil || n <= 0 {
			return
		}
		if writeFull(c, buf[:n]) != nil {
			return
		}
	}
}

func (s *RawServer) serveUDP(buf []byte) {
	for !s.stopping.Load() {
		n, from, err := unix.Recvfrom(s.fd, buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || s.stopping.Load() {
			return
		}
		if from == nil {
			continue
		}
		for unix.Sendto(s.fd, buf[:n], 0, from) == unix.EINTR {
		}
	}
}

// Close stops the server and waits for its thread to finish.
//
// Note: closing a descriptor does not wake a thread blocked on it; shutdown
// does (accept fails, read and recvfrom return 0), so Close shuts the
// sockets down first and closes them once the thread is out.
func (s *RawServer) Close() error {
	if s.stopping.Swap(true) {
		<-s.done
		return nil
	}
	unix.Shutdown(s.fd, unix.SHUT_RDWR)
	s.mu.Lock()
	if s.conn >= 0 {
		unix.Shutdown(s.conn, unix.SHUT_RDWR)
	}
	s.mu.Unlock()
	wake(s.addr, s.udp)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		return errors.New("raw echo server: thread did not stop")
	}
	return unix.Close(s.fd)
}
