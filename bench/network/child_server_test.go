//go:build linux

package network

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/affinity"
	"github.com/latency-numbers/latency/internal/echo"
)

// TestChildServer checks the benchmarks' server processes: each echoes on
// its path and protocol and runs on the CPU asked for: on path=net every
// thread, on path=syscall the serving thread.
func TestChildServer(t *testing.T) {
	allowed, err := affinity.AllowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	cpu := allowed[len(allowed)-1]
	for _, path := range []string{"net", "syscall"} {
		for _, proto := range []string{"tcp", "udp"} {
			t.Run(path+"/"+proto, func(t *testing.T) {
				c, err := startChild(nil, fmt.Sprintf("server %s %s %d", path, proto, cpu))
				if err != nil {
					t.Fatal(err)
				}
				defer func() {
					if err := c.stop(); err != nil {
						t.Errorf("stopping the child: %v", err)
					}
				}()
				p, err := echo.DialRaw(proto, c.addr, 64, 2*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				defer p.Close()
				for i := range 10 {
					if err := p.Ping(); err != nil {
						t.Fatalf("ping %d: %v", i, err)
					}
				}
				lists, err := threadCPUs(c.cmd.Process.Pid)
				if err != nil {
					t.Fatal(err)
				}
				pinned := 0
				for tid, list := range lists {
					if list == fmt.Sprint(cpu) {
						pinned++
					} else if path == "net" {
						t.Errorf("thread %s may run on CPUs %s, want %d", tid, list, cpu)
					}
				}
				if pinned == 0 {
					t.Errorf("no thread pinned to CPU %d: %v", cpu, lists)
				}
			})
		}
	}
}

// threadCPUs reads Cpus_allowed_list of every thread of pid.
func threadCPUs(pid int) (map[string]string, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(tasks) == 0 {
		return nil, fmt.Errorf("no threads for pid %d: %v", pid, err)
	}
	out := map[string]string{}
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
				out[filepath.Base(filepath.Dir(f))] = strings.TrimSpace(v)
			}
		}
	}
	return out, nil
}

func TestRunChildRejectsBadSpecs(t *testing.T) {
	for _, spec := range []string{"server net tcp", "server net tcp x", "server ipx tcp 0", "serve"} {
		c, err := startChild(nil, spec)
		if err == nil {
			c.stop()
			t.Errorf("spec %q: child started, want an error", spec)
		}
	}
}
