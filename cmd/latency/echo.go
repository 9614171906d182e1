package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/latency-numbers/latency/internal/echo"
)

// cmdEcho is `latency echo`: it runs an echo.Server until ctx is done (the
// caller cancels it on Ctrl-C) or until -duration has passed, then prints
// what it served. Another machine running `latency run -peer host:port`
// measures its round trips to it.
//
//	latency echo [-addr 127.0.0.1:7777] [-max-msg 16384] [-max-conns 64]
//	             [-idle 30s] [-write-timeout 2s] [-duration 0] [-udp=true]
//	             [-hold 0]
//
// -hold delays every reply, so that a peer on the same machine (another
// network namespace, a container) stands as far away as a real one would:
// for tests and demonstrations only. A round trip measured against it is
// the hold plus the real path, and says nothing of a real network.
//
// # Example
//
// On the machine to be reached, listening on its address 192.0.2.10:
//
//	$ latency echo -addr 192.0.2.10:7777
//
// and on the other:
//
//	$ latency run -peer 192.0.2.10:7777
func cmdEcho(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("echo", stderr, "[flags]")
	d := echo.DefaultConfig
	addr := fs.String("addr", d.Addr, "`host:port` to serve TCP and UDP on; an empty host means 127.0.0.1, other interfaces must be named (0.0.0.0:7777)")
	maxMsg := fs.Int("max-msg", d.MaxMsg, "largest message echoed, in `bytes` (UDP datagrams above it are dropped; TCP is echoed in chunks of at most this)")
	maxConns := fs.Int("max-conns", d.MaxConns, "most concurrent TCP connections; at the cap the stalest is closed")
	idle := fs.Duration("idle", d.IdleTimeout, "close a TCP connection silent this long")
	writeTimeout := fs.Duration("write-timeout", d.WriteTimeout, "close a TCP connection whose peer does not read its reply within this")
	duration := fs.Duration("duration", 0, "stop after this long (0: run until interrupted)")
	udp := fs.Bool("udp", true, "serve UDP on the same port as TCP")
	hold := fs.Duration("hold", 0, "hold every reply this long before sending it (at most 10s), to make a peer on this machine look far away: for tests and demonstrations only, never a real network's figure")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: latency echo [flags]\n\nServe a bounded TCP and UDP echo for peer-mode round trips.\n\n")
		fs.PrintDefaults()
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("echo: unexpected argument %q", fs.Arg(0))
	}
	switch {
	case *maxMsg < 1 || *maxMsg > echo.MaxUDPPayload:
		return fmt.Errorf("echo: -max-msg %d out of range 1..%d", *maxMsg, echo.MaxUDPPayload)
	case *maxConns < 1:
		return fmt.Errorf("echo: -max-conns %d: must be at least 1", *maxConns)
	case *idle <= 0 || *writeTimeout <= 0:
		return errors.New("echo: -idle and -write-timeout must be positive")
	case *duration < 0:
		return fmt.Errorf("echo: -duration %v is negative", *duration)
	case *hold < 0 || *hold > echo.MaxHold:
		return fmt.Errorf("echo: -hold %v out of range 0..%v", *hold, echo.MaxHold)
	}
	s, err := echo.Listen(echo.Config{Addr: *addr, MaxMsg: *maxMsg, MaxConns: *maxConns,
		IdleTimeout: *idle, WriteTimeout: *writeTimeout, NoUDP: !*udp, Hold: *hold})
	if err != nil {
		return fmt.Errorf("echo: %w", err)
	}
	if a := s.AddrPort().Addr(); !a.IsLoopback() {
		printLine(stderr, fmt.Sprintf("latency echo: warning: listening on %s, not loopback: anyone who can reach it can use it", a))
	}
	cfg := s.Config()
	printLine(stdout, echoServing(s.Addr(), cfg))
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	start := time.Now()
	err = s.Serve(ctx)
	printLine(stdout, echoStopped(time.Since(start), s.Stats()))
	if err != nil {
		return fmt.Errorf("echo: %w", err)
	}
	return nil
}

// echoServing is the line echo prints when it starts serving on addr.
func echoServing(addr string, cfg echo.Config) string {
	protos := "TCP and UDP"
	if cfg.NoUDP {
		protos = "TCP"
	}
	held := ""
	if cfg.Hold > 0 {
		held = fmt.Sprintf(", every reply held %v: for tests and demonstrations", cfg.Hold)
	}
	return fmt.Sprintf("latency echo: serving %s on %s (messages up to %d B, at most %d connections, idle %v%s)",
		protos, addr, cfg.MaxMsg, cfg.MaxConns, cfg.IdleTimeout, held)
}

// echoStopped is the line echo prints when it stops, after serving for
// took.
func echoStopped(took time.Duration, st echo.Stats) string {
	return fmt.Sprintf("latency echo: stopped after %v: %d TCP connections (%d displaced, %d timed out), %d B echoed; %d UDP datagrams echoed (%d B), %d dropped as too long",
		took.Round(time.Millisecond), st.Conns, st.Evicted, st.TimedOut, st.TCPBytes, st.Datagrams, st.UDPBytes, st.UDPDropped)
}
