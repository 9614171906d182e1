package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/echo"
)

func TestEchoCommand(t *testing.T) {
	bad := []struct {
		name string
		args []string
		want string
	}{
		{"zero max-msg", []string{"-max-msg", "0"}, "-max-msg"},
		{"huge max-msg", []string{"-max-msg", "70000"}, "-max-msg"},
		{"zero max-conns", []string{"-max-conns", "0"}, "-max-conns"},
		{"negative idle", []string{"-idle", "-1s"}, "-idle"},
		{"negative duration", []string{"-duration", "-1s"}, "-duration"},
		{"negative hold", []string{"-hold", "-1us"}, "-hold"},
		{"hold over 10 s", []string{"-hold", "10.001s"}, "-hold"},
		{"no port", []string{"-addr", "127.0.0.1"}, "missing port"},
		{"extra argument", []string{"now"}, "unexpected argument"},
		{"unknown flag", []string{"-port", "1"}, "not defined"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := cmdEcho(context.Background(), &out, &errOut, tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error mentioning %q", err, tc.want)
			}
		})
	}

	t.Run("help", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if err := cmdEcho(context.Background(), &out, &errOut, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("got %v, want flag.ErrHelp (exit 0, as every command's -h)", err)
		}
		if !strings.Contains(errOut.String(), "-max-conns") {
			t.Errorf("usage lacks the flags: %q", errOut.String())
		}
		if !strings.Contains(errOut.String(), "for tests and demonstrations") {
			t.Errorf("usage does not say -hold is for tests and demonstrations: %q", errOut.String())
		}
	})

	t.Run("serves for a duration", func(t *testing.T) {
		var out, errOut syncBuffer
		done := make(chan error, 1)
		go func() {
			done <- cmdEcho(context.Background(), &out, &errOut, []string{"-addr", "127.0.0.1:0", "-duration", "1s"})
		}()
		addr := waitForAddr(t, &out)
		pingN(t, "tcp", addr, 64, 10)
		pingN(t, "udp", addr, 64, 10)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "stopped after") || errOut.String() != "" {
			t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
		}
	})

	t.Run("stops on cancel", func(t *testing.T) {
		var out, errOut syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- cmdEcho(ctx, &out, &errOut, []string{"-addr", "127.0.0.1:0", "-udp=false"})
		}()
		waitForAddr(t, &out)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("cmdEcho did not return after cancel")
		}
	})
}

// waitForAddr reads the address from the command's "serving ... on ADDR"
// line.
func waitForAddr(t *testing.T, out *syncBuffer) string {
	t.Helper()
	for range 500 {
		if s := out.String(); strings.Contains(s, " on ") {
			f := strings.Fields(s[strings.Index(s, " on ")+4:])
			return f[0]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the command printed no address")
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// pingN pings the echo server at addr n times with size-byte messages
// through the system call path.
func pingN(t *testing.T, network, addr string, size, n int) {
	t.Helper()
	p, err := echo.DialRaw(network, addr, size, 2*time.Second)
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
