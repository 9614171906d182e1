// Package echo is the network rows' two ends: a bounded TCP and UDP echo
// server (the one `latency echo` runs, and the loopback benchmarks' server on
// Go's net path) and the ping-pong clients that time round trips to it,
// either through Go's net package or through blocking system calls on a
// locked OS thread (package bench/network, and peer mode).
//
// The server is safe to leave running: it binds 127.0.0.1 unless told
// otherwise, never sends more than it received (one reply of the same size
// per request), bounds message size, time and connections, and keeps
// serving well-behaved clients through floods of garbage and idle
// connections.
package echo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// MaxUDPPayload is the largest UDP payload over IPv4 (65535 - 8 - 20).
const MaxUDPPayload = 65507

// Config bounds what a Server accepts. Zero fields take the defaults of
// DefaultConfig.
type Config struct {
	// Addr is host:port to listen on, for TCP and UDP alike. An empty host
	// means 127.0.0.1: other interfaces must be named explicitly
	// (0.0.0.0:7777, [::]:7777, or one address).
	Addr string
	// MaxMsg is the largest message echoed. A TCP connection is read at
	// most MaxMsg bytes at a time and each read is written back whole; a
	// UDP datagram longer than MaxMsg is dropped.
	MaxMsg int
	// MaxConns caps concurrent TCP connections. At the cap a new
	// connection displaces the stalest one (see Server.admit).
	MaxConns int
	// IdleTimeout closes a TCP connection that sends nothing for this long.
	IdleTimeout time.Duration
	// WriteTimeout closes a TCP connection whose peer does not take its
	// reply within this time (a client that sends but never reads).
	WriteTimeout time.Duration
	// NoUDP serves TCP only.
	NoUDP bool
	// Hold delays every reply by this long after its request was read
	// (0: reply at once), so that a machine or a network namespace on the
	// same host looks as far away as a real one: for tests and
	// demonstrations, never for a figure that claims to be a network's.
	// At most MaxHold.
	Hold time.Duration
}

// MaxHold bounds Config.Hold.
const MaxHold = 10 * time.Second

// DefaultConfig is what `latency echo` uses without flags.
var DefaultConfig = Config{
	Addr:         "127.0.0.1:7777",
	MaxMsg:       16 << 10,
	MaxConns:     64,
	IdleTimeout:  30 * time.Second,
	WriteTimeout: 2 * time.Second,
}

func (c Config) withDefaults() Config {
	d := DefaultConfig
	if c.Addr == "" {
		c.Addr = d.Addr
	}
	if c.MaxMsg == 0 {
		c.MaxMsg = d.MaxMsg
	}
	if c.MaxConns == 0 {
		c.MaxConns = d.MaxConns
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = d.IdleTimeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = d.WriteTimeout
	}
	return c
}

func (c Config) validate() error {
	switch {
	case c.MaxMsg < 1 || c.MaxMsg > MaxUDPPayload:
		return fmt.Errorf("message size limit %d out of range 1..%d", c.MaxMsg, MaxUDPPayload)
	case c.MaxConns < 1:
		return fmt.Errorf("connection limit %d: must be at least 1", c.MaxConns)
	case c.IdleTimeout < 0 || c.WriteTimeout < 0:
		return errors.New("timeouts must be positive")
	case c.Hold < 0 || c.Hold > MaxHold:
		return fmt.Errorf("hold %v out of range 0..%v", c.Hold, MaxHold)
	}
	return nil
}

// ListenAddr resolves the address a server will bind: an empty host
// becomes 127.0.0.1, a host name must resolve to one address.
func ListenAddr(addr string) (netip.AddrPort, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	ta, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("address %q: %w", addr, err)
	}
	ap := ta.AddrPort()
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()), nil
}

// Stats counts what a server did.
type Stats struct {
	Conns       int64 // TCP connections accepted
	Evicted     int64 // TCP connections closed to make room at the cap
	TimedOut    int64 // TCP connections closed by a read or write deadline
	TCPBytes    int64 // bytes echoed over TCP (equal in and out)
	Datagrams   int64 // UDP datagrams echoed
	UDPDropped  int64 // UDP datagrams dropped as too long
	UDPBytes    int64 // bytes echoed over UDP
	ActiveConns int64 // TCP connections open now
}

// A Server echoes TCP and UDP on one port within the bounds of its Config.
type Server struct {
	cfg  Config
	addr netip.AddrPort
	ln   *net.TCPListener
	pc   *net.UDPConn // nil with NoUDP

	mu     sync.Mutex
	conns  map[*conn]struct{}
	closed bool
	wg     sync.WaitGroup

	conns64, evicted, timedOut, tcpBytes, datagrams, udpDropped, udpBytes atomic.Int64
}

// A conn is one TCP connection and when it last completed an echo.
type conn struct {
	c       *net.TCPConn
	started int64        // accept time, unix ns
	last    atomic.Int64 // end of the last echo written back, unix ns; 0 = none yet
}

// Listen binds cfg.Addr for TCP and, unless cfg.NoUDP, UDP on the same
// port. With port 0 the kernel picks a port free for both.
func Listen(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ap, err := ListenAddr(cfg.Addr)
	if err != nil {
		return nil, err
	}
	// A port 0 TCP listener may get a port whose UDP twin is taken;
	// try a few.
	for try := 0; ; try++ {
		ln, err := net.ListenTCP("tcp", net.TCPAddrFromAddrPort(ap))
		if err != nil {
			return nil, fmt.Errorf("listening on tcp %s: %w", ap, err)
		}
		s := &Server{cfg: cfg, ln: ln, conns: map[*conn]struct{}{}}
		s.addr = ln.Addr().(*net.TCPAddr).AddrPort()
		s.addr = netip.AddrPortFrom(s.addr.Addr().Unmap(), s.addr.Port())
		if cfg.NoUDP {
			return s, nil
		}
		pc, err := net.ListenUDP("udp", net.UDPAddrFromAddrPort(s.addr))
		if err == nil {
			s.pc = pc
			return s, nil
		}
		ln.Close()
		if ap.Port() != 0 || try == 4 {
			return nil, fmt.Errorf("listening on udp %s: %w", s.addr, err)
		}
	}
}

// Addr is the bound address, host:port.
func (s *Server) Addr() string { return s.addr.String() }

// AddrPort is the bound address.
func (s *Server) AddrPort() netip.AddrPort { return s.addr }

// Config is the server's configuration with defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	active := int64(len(s.conns))
	s.mu.Unlock()
	return Stats{
		Conns: s.conns64.Load(), Evicted: s.evicted.Load(), TimedOut: s.timedOut.Load(),
		TCPBytes: s.tcpBytes.Load(), Datagrams: s.datagrams.Load(), UDPDropped: s.udpDropped.Load(),
		UDPBytes: s.udpBytes.Load(), ActiveConns: active,
	}
}

// Serve echoes until ctx is done, then closes every socket and returns nil
// once all its goroutines have stopped. It returns an error if accepting
// fails for another reason.
func (s *Server) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, s.closeAll)
	if s.pc != nil {
		s.wg.Go(s.serveUDP)
	}
	err := s.acceptLoop()
	stop()
	s.closeAll()
	s.wg.Wait()
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// closeAll closes the listeners and every connection; admit closes any
// connection that arrives after it.
func (s *Server) closeAll() {
	s.ln.Close()
	if s.pc != nil {
		s.pc.Close()
	}
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.c.Close()
	}
	s.mu.Unlock()
}

func (s *Server) acceptLoop() error {
	var backoff time.Duration
	for {
		c, err := s.ln.AcceptTCP()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// Out of file descriptors and the like: wait and retry, as
			// net/http does.
			var ne net.Error
			if errors.As(err, &ne) && backoff < time.Second {
				backoff = max(5*time.Millisecond, 2*backoff)
				time.Sleep(backoff)
				continue
			}
			return fmt.Errorf("accepting: %w", err)
		}
		backoff = 0
		s.conns64.Add(1)
		cc := &conn{c: c, started: time.Now().UnixNano()}
		s.admit(cc)
		s.wg.Go(func() { s.serveConn(cc) })
	}
}

// admit registers c, first closing one connection if the cap is reached.
//
// Note: the connection displaced is the one that has never completed an
// echo and was accepted first, or else the one whose last echo is the
// oldest. A flood of idle ("half-open") connections therefore displaces
// itself, and a client that sends but never reads stops completing echoes
// (its writes block) and goes stale; an active ping-pong client completes
// an echo every round trip and is the last to go. Before its first echo a
// new client cannot be told from the flood and may be displaced; once it
// reconnects and completes a round trip it is served (TestFloodKeepsServing).
func (s *Server) admit(c *conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		c.c.Close()
		return
	}
	if len(s.conns) >= s.cfg.MaxConns {
		var victim *conn
		for o := range s.conns {
			if victim == nil || stalerThan(o, victim) {
				victim = o
			}
		}
		victim.c.Close()
		delete(s.conns, victim)
		s.evicted.Add(1)
	}
	s.conns[c] = struct{}{}
}

// stalerThan reports whether a should be displaced before b.
func stalerThan(a, b *conn) bool {
	la, lb := a.last.Load(), b.last.Load()
	switch {
	case la == 0 && lb == 0:
		return a.started < b.started
	case la == 0 || lb == 0:
		return la == 0
	}
	return la < lb
}

func (s *Server) serveConn(c *conn) {
	defer func() {
		c.c.Close()
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
	}()
	c.c.SetNoDelay(true)
	buf := make([]byte, s.cfg.MaxMsg)
	var rd, wd deadline
	for {
		rd.extend(c.c.SetReadDeadline, s.cfg.IdleTimeout)
		n, err := c.c.Read(buf)
		if n > 0 {
			s.hold(time.Now())
			wd.extend(c.c.SetWriteDeadline, s.cfg.WriteTimeout)
			if _, werr := c.c.Write(buf[:n]); werr != nil {
				s.countTimeout(werr)
				return
			}
			s.tcpBytes.Add(int64(n))
			c.last.Store(time.Now().UnixNano())
		}
		if err != nil {
			s.countTimeout(err)
			return
		}
	}
}

func (s *Server) countTimeout(err error) {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		s.timedOut.Add(1)
	}
}

func (s *Server) serveUDP() {
	buf := make([]byte, s.cfg.MaxMsg+1)
	for {
		n, from, err := s.pc.ReadFromUDPAddrPort(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue // ICMP errors surfaced as read errors; keep serving
		}
		if n > s.cfg.MaxMsg || from.Port() == 0 {
			s.udpDropped.Add(1)
			continue
		}
		s.hold(time.Now())
		if _, err := s.pc.WriteToUDPAddrPort(buf[:n], from); err == nil {
			s.datagrams.Add(1)
			s.udpBytes.Add(int64(n))
		}
	}
}

// holdSpin is how much of a hold is spent spinning on the clock rather
// than asleep.
const holdSpin = 2 * time.Millisecond

// hold waits until Config.Hold has passed since read, the moment a request
// was read.
//
// Note: a timer sleep can overshoot by a millisecond (the Go runtime's
// timers wake through the network poller, whose wait has millisecond
// resolution on Linux: e.g. a 100 µs sleep took 1.1 ms on a 2-vCPU guest),
// which would swamp a 500 µs hold; so the last holdSpin of a hold spins on
// the monotonic clock, yielding to other goroutines. That costs up to 2 ms
// of one CPU per reply, acceptable for the test and demonstration servers
// -hold is for.
// UDP replies are held one after another (one goroutine serves UDP): a
// ping-pong client has one request outstanding at a time.
func (s *Server) hold(read time.Time) {
	if s.cfg.Hold <= 0 {
		return
	}
	until := read.Add(s.cfg.Hold)
	if d := time.Until(until) - holdSpin; d > 0 {
		time.Sleep(d)
	}
	for time.Now().Before(until) {
		runtime.Gosched()
	}
}

// A deadline renews a socket deadline only when half of its timeout has
// passed, so a busy ping-pong does not pay for a timer update per message.
// The effective timeout is between d/2 and d.
type deadline struct{ renewAt time.Time }

func (dl *deadline) extend(set func(time.Time) error, d time.Duration) {
	if d <= 0 {
		return
	}
	now := time.Now()
	if now.Before(dl.renewAt) {
		return
	}
	set(now.Add(d))
	dl.renewAt = now.Add(d / 2)
}
