//go:build linux

package network

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/env"
)

// TestPeerModeNetns runs peer mode end to end on a real second network
// stack: two network namespaces joined by a veth pair, `latency echo`'s
// server in one, the PeerRTT benchmark in the other. It needs root and
// iproute2.
//
// Note: the addresses are from 198.18.0.0/15, the range RFC 2544 sets
// aside for benchmarking; they exist only inside the two namespaces this
// test creates and deletes, so no packet can leave the machine.
func TestPeerModeNetns(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skipf("needs root to create network namespaces (running as uid %d)", os.Geteuid())
	}
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Skip("needs ip from iproute2 (apt-get install -y iproute2)")
	}
	if testing.Short() {
		t.Skip("skipped with -short: starts processes in network namespaces")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ipRun := func(args ...string) error {
		out, err := exec.CommandContext(ctx, ip, args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
		}
		return nil
	}

	id := os.Getpid() % 1_000_000
	nsServer, nsClient := fmt.Sprintf("latency-srv-%d", id), fmt.Sprintf("latency-cli-%d", id)
	vethServer, vethClient := fmt.Sprintf("lts%d", id), fmt.Sprintf("ltc%d", id)
	const serverIP, clientIP = "198.18.0.1", "198.18.0.2"
	for _, ns := range []string{nsServer, nsClient} {
		if err := ipRun("netns", "add", ns); err != nil {
			t.Skipf("cannot create a network namespace here: %v", err)
		}
		t.Cleanup(func() {
			if err := exec.Command(ip, "netns", "del", ns).Run(); err != nil {
				t.Errorf("deleting namespace %s: %v", ns, err)
			}
		})
	}
	for _, args := range [][]string{
		{"link", "add", vethServer, "netns", nsServer, "type", "veth", "peer", "name", vethClient, "netns", nsClient},
		{"-n", nsServer, "addr", "add", serverIP + "/30", "dev", vethServer},
		{"-n", nsClient, "addr", "add", clientIP + "/30", "dev", vethClient},
		{"-n", nsServer, "link", "set", "lo", "up"},
		{"-n", nsClient, "link", "set", "lo", "up"},
		{"-n", nsServer, "link", "set", vethServer, "up"},
		{"-n", nsClient, "link", "set", vethClient, "up"},
	} {
		if err := ipRun(args...); err != nil {
			t.Fatal(err)
		}
	}

	// The server: `latency echo`'s on the server side's address.
	srv, err := startChild([]string{ip, "netns", "exec", nsServer}, "echo "+serverIP+":7777")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	if srv.addr != serverIP+":7777" {
		t.Fatalf("echo serves on %s, want %s:7777", srv.addr, serverIP)
	}

	// The client: the PeerRTT benchmark from the other namespace.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	const pings = 50
	cmd := exec.CommandContext(ctx, ip, "netns", "exec", nsClient, exe, "-test.run=^$",
		"-test.bench=^BenchmarkPeerRTT$", fmt.Sprintf("-test.benchtime=%dx", pings), "-test.count=1")
	cmd.Env = append(os.Environ(), env.PeerVar+"="+srv.addr, env.ProfileVar+"=test")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("PeerRTT from %s: %v\n%s", nsClient, err, out)
	}
	t.Logf("PeerRTT from %s to %s:\n%s", nsClient, srv.addr, out)
	for _, name := range []string{"proto=tcp/size=1B", "proto=tcp/size=64B", "proto=udp/size=1B", "proto=udp/size=64B"} {
		if !hasResult(string(out), "BenchmarkPeerRTT/"+name, "p50-ns") {
			t.Errorf("no PeerRTT/%s result with p50-ns in:\n%s", name, out)
		}
	}

	// The round trips crossed the veth: the server side received them.
	rx, err := rxPackets(ctx, ip, nsServer, vethServer)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(4 * pings); rx < want {
		t.Errorf("%s received %d packets, want at least %d", vethServer, rx, want)
	}
}

// hasResult reports whether go test -bench output has a result line for
// bench carrying unit.
func hasResult(out, bench, unit string) bool {
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) > 2 && strings.HasPrefix(f[0], bench) && strings.Contains(line, " "+unit) {
			return true
		}
	}
	return false
}

// rxPackets reads the packets received by dev in namespace ns.
func rxPackets(ctx context.Context, ip, ns, dev string) (int64, error) {
	out, err := exec.CommandContext(ctx, ip, "-n", ns, "-s", "-j", "link", "show", "dev", dev).Output()
	if err != nil {
		return 0, fmt.Errorf("ip -s link show %s: %w", dev, err)
	}
	var links []struct {
		Stats struct {
			RX struct {
				Packets int64 `json:"packets"`
			} `json:"rx"`
		} `json:"stats64"`
	}
	if err := json.Unmarshal(out, &links); err != nil || len(links) != 1 {
		return 0, fmt.Errorf("parsing ip -j output %q: %v", out, err)
	}
	return links[0].Stats.RX.Packets, nil
}
