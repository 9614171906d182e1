package echo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
)

// startServer runs a Server on an ephemeral loopback port until the test
// ends.
func startServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	s, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return s
}

type dialFunc func(network, addr string, size int, timeout time.Duration) (Pinger, error)

func pingN(t *testing.T, dial dialFunc, network, addr string, size, n int) {
	t.Helper()
	p, err := dial(network, addr, size, 2*time.Second)
	if err != nil {
		t.Fatalf("dial %s %s: %v", network, addr, err)
	}
	defer p.Close()
	for i := range n {
		if err := p.Ping(); err != nil {
			t.Fatalf("%s ping %d of %d B: %v", network, i, size, err)
		}
	}
}

func TestServerEchoes(t *testing.T) {
	s := startServer(t, Config{})
	for _, dial := range []struct {
		name string
		f    dialFunc
	}{{"net", DialNet}, {"syscall", DialRaw}} {
		for _, network := range []string{"tcp", "udp"} {
			for _, size := range []int{1, 64, 1000} {
				t.Run(dial.name+"/"+network, func(t *testing.T) {
					pingN(t, dial.f, network, s.Addr(), size, 50)
				})
			}
		}
	}
	// The server counts a reply after sending it: give the last one time.
	wantBytes := int64(2 * 50 * (1 + 64 + 1000))
	st := s.Stats()
	for i := 0; i < 100 && (st.TCPBytes != wantBytes || st.UDPBytes != wantBytes); i++ {
		time.Sleep(10 * time.Millisecond)
		st = s.Stats()
	}
	if st.TCPBytes != wantBytes || st.UDPBytes != wantBytes {
		t.Errorf("echoed tcp %d B, udp %d B; want %d each", st.TCPBytes, st.UDPBytes, wantBytes)
	}
}

func TestListenAddr(t *testing.T) {
	tests := []struct {
		addr, want string
		wantErr    bool
	}{
		{addr: ":7777", want: "127.0.0.1:7777"},
		{addr: "127.0.0.1:0", want: "127.0.0.1:0"},
		{addr: "[::1]:80", want: "[::1]:80"},
		{addr: "0.0.0.0:7777", want: "0.0.0.0:7777"},
		{addr: "7777", wantErr: true},
		{addr: "127.0.0.1:http-nope", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			got, err := ListenAddr(tc.addr)
			if tc.wantErr {
				if err == nil {
					t.Errorf("got %v, want an error", got)
				}
				return
			}
			if err != nil || got.String() != tc.want {
				t.Errorf("got %v, %v; want %s", got, err, tc.want)
			}
		})
	}
	// An empty host binds loopback, never every interface.
	s := startServer(t, Config{Addr: ":0"})
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") {
		t.Errorf("empty host bound %s, want 127.0.0.1", s.Addr())
	}
}

func TestNeverAmplifies(t *testing.T) {
	const maxMsg = 512
	s := startServer(t, Config{MaxMsg: maxMsg})

	t.Run("tcp", func(t *testing.T) {
		c, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		rng := rand.New(rand.NewPCG(1, 2))
		sent := make([]byte, 20_000) // many times MaxMsg, in odd-sized writes
		for i := range sent {
			sent[i] = byte(rng.Uint32())
		}
		go func() {
			for b := sent; len(b) > 0; {
				n := min(len(b), 1+rng.IntN(3*maxMsg))
				c.Write(b[:n])
				b = b[n:]
			}
		}()
		got := make([]byte, len(sent))
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := io.ReadFull(c, got); err != nil {
			t.Fatalf("reading the echo: %v", err)
		}
		if !bytes.Equal(got, sent) {
			t.Fatal("echoed bytes differ from the bytes sent")
		}
		// Nothing more than what was sent comes back.
		c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if n, err := c.Read(make([]byte, 1)); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("extra read: got %d bytes, %v; want none", n, err)
		}
	})

	t.Run("udp", func(t *testing.T) {
		c, err := net.Dial("udp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		buf := make([]byte, 2*maxMsg)
		for _, size := range []int{maxMsg + 1, 2 * maxMsg, maxMsg, 1} {
			if _, err := c.Write(make([]byte, size)); err != nil {
				t.Fatal(err)
			}
			c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			n, err := c.Read(buf)
			if size > maxMsg {
				if err == nil {
					t.Errorf("%d B datagram over the %d B limit: got a %d B reply, want none", size, maxMsg, n)
				}
				continue
			}
			if err != nil || n != size {
				t.Errorf("%d B datagram: got %d B, %v; want %d B back", size, n, err, size)
			}
		}
		st := s.Stats()
		for i := 0; i < 100 && st.Datagrams != 2; i++ { // counted just after the reply
			time.Sleep(10 * time.Millisecond)
			st = s.Stats()
		}
		if st.UDPDropped != 2 || st.Datagrams != 2 {
			t.Errorf("got %d dropped, %d echoed; want 2 and 2", st.UDPDropped, st.Datagrams)
		}
	})
}

// TestFloodKeepsServing floods a small server with idle connections,
// clients that send garbage and never read, and junk datagrams, while a
// well-behaved client pings it: every one of its pings must succeed.
func TestFloodKeepsServing(t *testing.T) {
	s := startServer(t, Config{MaxMsg: 1024, MaxConns: 16, IdleTimeout: 5 * time.Second, WriteTimeout: 200 * time.Millisecond})
	addr := s.Addr()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var held []net.Conn
	hold := func(c net.Conn) {
		mu.Lock()
		held = append(held, c)
		mu.Unlock()
	}
	defer func() {
		mu.Lock()
		for _, c := range held {
			c.Close()
		}
		mu.Unlock()
	}()

	// Idle and half-sent connections, more than the cap, opened all along.
	wg.Go(func() {
		for i := 0; i < 200 && ctx.Err() == nil; i++ {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				continue
			}
			hold(c)
			if i%2 == 1 {
				c.Write([]byte("GET / HTTP/1.1\r\nHost:")) // never finished, never read
			}
			if i >= 16 { // fill the cap at once, then keep coming
				time.Sleep(5 * time.Millisecond)
			}
		}
	})
	// Garbage senders that never read their echo.
	for g := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			junk := make([]byte, 64<<10)
			for i := range junk {
				junk[i] = byte(rng.Uint32())
			}
			for ctx.Err() == nil {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					continue
				}
				hold(c)
				c.SetWriteDeadline(time.Now().Add(500 * time.Millisecond))
				for sent := 0; sent < 64<<20 && ctx.Err() == nil; sent += len(junk) {
					if _, err := c.Write(junk); err != nil {
						break
					}
				}
			}
		})
	}
	// Junk datagrams, some over the size limit.
	wg.Go(func() {
		c, err := net.Dial("udp", addr)
		if err != nil {
			return
		}
		defer c.Close()
		for i := 0; i < 20_000 && ctx.Err() == nil; i++ {
			c.Write(make([]byte, 1+i%2048))
		}
	})

	time.Sleep(150 * time.Millisecond) // let the flood fill the cap (16 slots, 4 garbage senders + an idle one every 5 ms)
	for _, network := range []string{"tcp", "udp"} {
		// Until its first echo a new connection looks like the flood's and
		// may be displaced (Server.admit); a client that reconnects, as real
		// clients do, must then be served without a single failure.
		var p Pinger
		var err error
		for attempt := 0; attempt < 5; attempt++ {
			if p, err = DialNet(network, addr, 64, 2*time.Second); err == nil {
				if err = p.Ping(); err == nil {
					break
				}
				p.Close()
			}
		}
		if err != nil {
			t.Fatalf("well-behaved %s client: 5 connection attempts failed: %v", network, err)
		}
		for i := range 500 {
			if err := p.Ping(); err != nil {
				t.Fatalf("well-behaved %s client: ping %d after its first echo: %v", network, i, err)
			}
		}
		p.Close()
	}
	cancel()
	wg.Wait()
	st := s.Stats()
	t.Logf("flood: %+v", st)
	if st.Evicted == 0 {
		t.Error("no connection was displaced: the flood never reached the cap")
	}
	if st.ActiveConns > 16 {
		t.Errorf("%d connections open, cap is 16", st.ActiveConns)
	}
}

// lossyPeer is a UDP peer that drops the first datagram and answers the
// second twice.
func lossyPeer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 100)
		for i := 0; ; i++ {
			n, from, err := pc.ReadFromUDPAddrPort(buf)
			if err != nil {
				return
			}
			if i == 0 {
				continue // lost
			}
			pc.WriteToUDPAddrPort(buf[:n], from)
			if i == 1 {
				pc.WriteToUDPAddrPort(buf[:n], from) // duplicated
			}
		}
	}()
	return pc.LocalAddr().String()
}

// TestUDPLossAndStaleReplies: the pinger must resend the lost datagram and
// not take the duplicate reply for the next ping's.
func TestUDPLossAndStaleReplies(t *testing.T) {
	for _, dial := range []struct {
		name string
		f    dialFunc
	}{{"net", DialNet}, {"syscall", DialRaw}} {
		t.Run(dial.name, func(t *testing.T) {
			p, err := dial.f("udp", lossyPeer(t), 16, 50*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			for i := range 3 {
				if err := p.Ping(); err != nil {
					t.Fatalf("ping %d: %v", i, err)
				}
			}
			if p.Lost() != 1 {
				t.Errorf("lost %d, want 1", p.Lost())
			}
		})
	}
}

func TestDialErrors(t *testing.T) {
	for _, dial := range []dialFunc{DialNet, DialRaw} {
		if _, err := dial("tcp", "127.0.0.1:1", 0, time.Second); err == nil {
			t.Error("size 0: got no error")
		}
		if _, err := dial("sctp", "127.0.0.1:1", 8, time.Second); err == nil {
			t.Error("network sctp: got no error")
		}
		// Port 1 on loopback is closed: refused, not hung.
		if _, err := dial("tcp", "127.0.0.1:1", 8, time.Second); err == nil {
			t.Error("closed port: got no error")
		}
	}
}

func TestRawServer(t *testing.T) {
	placements := []int{-1} // not pinned
	if cpus, err := affinity.AllowedCPUs(); err == nil {
		placements = append(placements, cpus[len(cpus)-1])
	} else {
		t.Logf("unpinned only: %v", err)
	}
	for _, network := range []string{"tcp", "udp"} {
		for _, cpu := range placements {
			s, err := ListenRaw(network, cpu)
			if err != nil {
				t.Fatal(err)
			}
			pingN(t, DialRaw, network, s.Addr(), 64, 20)
			pingN(t, DialNet, network, s.Addr(), 1, 20)
			// Close wakes the thread even with a client connected and idle.
			p, err := DialRaw(network, s.Addr(), 8, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Ping(); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Errorf("%s Close: %v", network, err)
			}
			p.Close()
		}
	}
	if _, err := ListenRaw("sctp", -1); err == nil {
		t.Error("network sctp: got no error")
	}
}

// TestHold checks that a server with Hold never replies sooner than the
// hold after a request, over TCP and UDP, and refuses holds out of range.
func TestHold(t *testing.T) {
	const hold = 2 * time.Millisecond
	s := startServer(t, Config{Hold: hold})
	for _, network := range []string{"tcp", "udp"} {
		t.Run(network, func(t *testing.T) {
			p, err := DialNet(network, s.Addr(), 64, 2*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			for i := range 20 {
				t0 := time.Now()
				if err := p.Ping(); err != nil {
					t.Fatalf("ping %d: %v", i, err)
				}
				if d := time.Since(t0); d < hold {
					t.Fatalf("ping %d took %v, want at least the hold, %v", i, d, hold)
				}
			}
		})
	}
	for _, bad := range []time.Duration{-time.Microsecond, MaxHold + time.Nanosecond} {
		if _, err := Listen(Config{Addr: "127.0.0.1:0", Hold: bad}); err == nil {
			t.Errorf("Listen with Hold %v: no error, want one", bad)
		}
	}
}
