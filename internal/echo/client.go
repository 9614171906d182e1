package echo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

// A Pinger times nothing itself: each Ping sends one message to an echo
// server and waits until the same bytes are back, one full round trip.
type Pinger interface {
	Ping() error
	// Lost counts UDP requests sent again because no reply came within
	// the timeout (always 0 for TCP).
	Lost() int
	Close() error
}

// udpTries bounds how often one UDP ping is sent before it fails.
const udpTries = 4

// errTimeout is what a transport returns when a read or write times out.
var errTimeout = errors.New("timed out")

// A transport is a connected socket seen as reads and writes that return
// errTimeout on their deadline.
type transport interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	Close() error
}

// pinger is the ping-pong shared by the Go net and the system call paths.
type pinger struct {
	t    transport
	udp  bool
	msg  []byte
	buf  []byte // one byte longer than msg for UDP, to see longer replies
	seq  uint64
	lost int
}

func newPinger(t transport, udp bool, size int) *pinger {
	p := &pinger{t: t, udp: udp, msg: make([]byte, size), buf: make([]byte, size)}
	if udp {
		p.buf = make([]byte, size+1)
	}
	for i := range p.msg {
		p.msg[i] = byte('a' + i%26)
	}
	return p
}

// checkSize rejects sizes the server would not echo whole.
func checkSize(size int) error {
	if size < 1 || size > MaxUDPPayload {
		return fmt.Errorf("message size %d out of range 1..%d", size, MaxUDPPayload)
	}
	return nil
}

// Ping sends one message and waits for its echo. The message carries a
// sequence number in its first bytes (up to 8) so that a late reply to an
// earlier, resent UDP datagram is not taken for this one.
func (p *pinger) Ping() error {
	p.seq++
	var seq [8]byte
	binary.LittleEndian.PutUint64(seq[:], p.seq)
	copy(p.msg, seq[:])
	if !p.udp {
		if err := writeFull(p.t, p.msg); err != nil {
			return fmt.Errorf("tcp write: %w", err)
		}
		if err := readFull(p.t, p.buf); err != nil {
			return fmt.Errorf("tcp read: %w", err)
		}
		if !bytes.Equal(p.buf, p.msg) {
			return errors.New("tcp: reply differs from request")
		}
		return nil
	}
	for range udpTries {
		if _, err := p.t.Write(p.msg); err != nil {
			return fmt.Errorf("udp write: %w", err)
		}
		// Skip stale replies, a bounded number of them.
		for range 64 {
			n, err := p.t.Read(p.buf)
			if errors.Is(err, errTimeout) {
				p.lost++
				break
			}
			if err != nil {
				return fmt.Errorf("udp read: %w", err)
			}
			if n == len(p.msg) && bytes.Equal(p.buf[:n], p.msg) {
				return nil
			}
		}
	}
	return fmt.Errorf("udp: no reply after %d tries", udpTries)
}

func (p *pinger) Lost() int    { return p.lost }
func (p *pinger) Close() error { return p.t.Close() }

func writeFull(t transport, b []byte) error {
	for len(b) > 0 {
		n, err := t.Write(b)
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

func readFull(t transport, b []byte) error {
	for len(b) > 0 {
		n, err := t.Read(b)
		if err != nil {
			return err
		}
		if n == 0 {
			return io.ErrUnexpectedEOF
		}
		b = b[n:]
	}
	return nil
}

// DialNet connects to an echo server at addr through Go's net package
// (non-blocking sockets, the runtime's netpoller, goroutines). network is
// "tcp" (with TCP_NODELAY, Go's default) or "udp"; size is the message
// size; no read or write waits longer than timeout.
func DialNet(network, addr string, size int, timeout time.Duration) (Pinger, error) {
	if err := checkSize(size); err != nil {
		return nil, err
	}
	if network != "tcp" && network != "udp" {
		return nil, fmt.Errorf("network %q: want tcp or udp", network)
	}
	c, err := net.DialTimeout(network, addr, timeout)
	if err != nil {
		return nil, err
	}
	return newPinger(&netConn{c: c, timeout: timeout}, network == "udp", size), nil
}

// netConn is a net.Conn whose deadlines are renewed lazily (see deadline).
type netConn struct {
	c       net.Conn
	timeout time.Duration
	rd, wd  deadline
}

func (c *netConn) Read(p []byte) (int, error) {
	c.rd.extend(c.c.SetReadDeadline, c.timeout)
	n, err := c.c.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.rd = deadline{} // renew on the next call
		err = errTimeout
	}
	return n, err
}

func (c *netConn) Write(p []byte) (int, error) {
	c.wd.extend(c.c.SetWriteDeadline, c.timeout)
	n, err := c.c.Write(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.wd = deadline{}
		err = errTimeout
	}
	return n, err
}

func (c *netConn) Close() error { return c.c.Close() }
