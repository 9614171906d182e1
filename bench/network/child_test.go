//go:build linux || darwin

package network

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/benchmain"
	"github.com/latency-numbers/latency/internal/echo"
)

// The loopback round trips run their echo server in a child process: this
// test binary run again with childEnv set, as sockperf and qperf run a
// server process beside the client process.
//
// Note: switching between two threads of one process keeps the address
// space, switching between two processes does not, and costs more where the
// kernel isolates page tables (e.g. about 6 µs more per round trip on a
// 2-vCPU guest with page-table isolation on). A client and a server on one
// machine are two processes; two processes is also what sockperf measures,
// so the figures compare.
const childEnv = "LATENCY_NETWORK_CHILD"

// childLifetime bounds a child that its parent forgot: it exits on its own.
const childLifetime = 10 * time.Minute

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(runChild(spec))
	}
	code := benchmain.Run(m) // once, or once per round in a worker: servers persist
	for _, c := range servers {
		c.stop()
	}
	os.Exit(code)
}

// runChild is the child's main. spec is "server PATH PROTO CPU" for a
// benchmark's echo server, or "echo ADDR" for the server `latency echo
// -addr ADDR -max-conns 8 -duration 90s` runs. The child prints
// "... on ADDR ..." once it listens and stops when its standard input
// closes.
func runChild(spec string) int {
	ctx, cancel := context.WithTimeout(context.Background(), childLifetime)
	defer cancel()
	go func() {
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	f := strings.Fields(spec)
	var err error
	switch {
	case len(f) == 2 && f[0] == "echo":
		err = servePeer(ctx, f[1])
	case len(f) == 4 && f[0] == "server":
		var cpu int
		if cpu, err = strconv.Atoi(f[3]); err == nil {
			err = serveChild(ctx, f[1], f[2], cpu)
		}
	default:
		err = fmt.Errorf("bad %s=%q", childEnv, spec)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "network child: %v\n", err)
		return 1
	}
	return 0
}

// serveChild runs the echo server of path (net or syscall) for proto on
// 127.0.0.1 until ctx is done: on path=syscall its serving thread pinned
// to cpu, on path=net the whole process, with GOMAXPROCS=1 (see
// loopbackRTT); cpu < 0 pins nothing.
func serveChild(ctx context.Context, path, proto string, cpu int) error {
	switch path {
	case "syscall":
		s, err := echo.ListenRaw(proto, cpu)
		if err != nil {
			return err
		}
		fmt.Printf("serving %s on %s\n", proto, s.Addr())
		<-ctx.Done()
		return s.Close()
	case "net":
		if cpu >= 0 {
			if _, err := affinity.PinProcess(cpu); err != nil {
				return err
			}
		}
		runtime.GOMAXPROCS(1)
		s, err := echo.Listen(echo.Config{Addr: "127.0.0.1:0", MaxMsg: 1024, NoUDP: proto == "tcp"})
		if err != nil {
			return err
		}
		fmt.Printf("serving %s on %s\n", proto, s.Addr())
		return s.Serve(ctx)
	}
	return fmt.Errorf("path %q: want net or syscall", path)
}

// servePeer runs, until ctx is done or for at most 90 s, the echo server
// `latency echo -addr addr -max-conns 8 -duration 90s` runs: the command's
// defaults (Config's zero fields), TCP and UDP.
func servePeer(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	s, err := echo.Listen(echo.Config{Addr: addr, MaxConns: 8})
	if err != nil {
		return err
	}
	fmt.Printf("serving TCP and UDP on %s\n", s.Addr())
	return s.Serve(ctx)
}

// A child is a running child process and the address it serves on.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	addr  string
}

// servers caches the benchmarks' server processes by spec across the
// -count repetitions; TestMain stops them.
var servers = map[string]*child{}

// serverAddr returns the address of a child echo server for path, proto
// and cpu, starting it on first use.
func serverAddr(b *testing.B, path, proto string, cpu int) string {
	spec := fmt.Sprintf("server %s %s %d", path, proto, cpu)
	if c, ok := servers[spec]; ok {
		return c.addr
	}
	c, err := startChild(nil, spec)
	if err != nil {
		b.Fatal(err)
	}
	servers[spec] = c
	return c.addr
}

// startChild runs this test binary as a child with spec, under the command
// prefix (e.g. ip netns exec NAME), and waits for the address it prints.
func startChild(prefix []string, spec string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	args := append(append([]string{}, prefix...), exe)
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), childEnv+"="+spec)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %q: %w", spec, err)
	}
	c := &child{cmd: cmd, stdin: stdin}
	addrs := make(chan string, 1)
	go func() {
		defer close(addrs)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), " on "); ok {
				if f := strings.Fields(rest); len(f) > 0 {
					addrs <- f[0]
					break
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case addr, ok := <-addrs:
		if ok {
			c.addr = addr
			return c, nil
		}
		c.stop()
		return nil, fmt.Errorf("child %q exited without serving", spec)
	case <-time.After(10 * time.Second):
		c.stop()
		return nil, fmt.Errorf("child %q printed no address in 10 s", spec)
	}
}

// stop closes the child's standard input, which ends it, and waits for it;
// it kills a child that does not end within 5 s.
func (c *child) stop() error {
	c.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		c.cmd.Process.Kill()
		<-done
		return errors.New("child did not stop; killed")
	}
}
