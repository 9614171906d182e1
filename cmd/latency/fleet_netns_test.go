//go:build linux

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/workers"
)

// TestFleetNetns measures a fleet of three hosts on one machine: each host
// a network namespace joined to the others by a veth pair and a bridge (in
// a fourth namespace), running the static linux/amd64 file of make dist
// with no Go on PATH, its `latency echo` holding every reply 500 µs
// (these kernels have no netem). It checks that
//
//   - `latency run -peer … -peer-where datacenter` from one host reports the
//     datacenter row at 500 µs plus the veth round trip, named with the
//     peer (480–620 µs by hand on a 2-vCPU guest; the test allows a
//     busy CI host up to 5 ms, as timings are for benchmarks to judge);
//   - `latency pairs` on the three hosts, gathered, gives the 3 × 3 matrix
//     (6 pairs), its heatmap, and the datacenter row from its median
//     same-zone pair, named by its nodes.
//
// It needs root and iproute2, and skips with -short. LATENCY_DIST_FILE
// names a dist file to use instead of building one.
//
// Note: the addresses are from 198.18.0.0/15 (RFC 2544, benchmarking);
// they exist only in the namespaces this test creates and deletes.
// The bounds on a round trip to an echo holding each reply 500 µs: the
// hold is a floor; a busy host may add milliseconds.
const minHeld, maxHeld = 480e3, 5e6

func TestFleetNetns(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: builds the dist file and starts processes in network namespaces")
	}
	if os.Geteuid() != 0 {
		t.Skipf("needs root to create network namespaces (running as uid %d)", os.Geteuid())
	}
	ip, err := exec.LookPath("ip")
	if err != nil {
		t.Skip("needs ip from iproute2 (apt-get install -y iproute2)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	ipRun := func(args ...string) error {
		out, err := exec.CommandContext(ctx, ip, args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	id := fmt.Sprintf("%d%03d", os.Getpid()%10000, time.Now().UnixNano()%1000)
	hub := "lat-hub-" + id
	if err := ipRun("netns", "add", hub); err != nil {
		t.Skipf("cannot create a network namespace here: %v", err)
	}
	t.Cleanup(func() { exec.Command(ip, "netns", "del", hub).Run() })

	bin := distFile(t, ctx)

	// The hosts: h1..h3, 198.18.9.1..3/24 on one bridge.
	const nHosts = 3
	for _, args := range [][]string{
		{"-n", hub, "link", "add", "br0", "type", "bridge"},
		{"-n", hub, "link", "set", "br0", "up"},
	} {
		if err := ipRun(args...); err != nil {
			t.Fatal(err)
		}
	}
	hosts := make([]string, nHosts)
	addrs := make([]string, nHosts)
	for i := range nHosts {
		ns := fmt.Sprintf("lat-h%d-%s", i+1, id)
		hosts[i], addrs[i] = ns, fmt.Sprintf("198.18.9.%d", i+1)
		if err := ipRun("netns", "add", ns); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := exec.Command(ip, "netns", "del", ns).Run(); err != nil {
				t.Errorf("deleting namespace %s: %v", ns, err)
			}
		})
		in, out := fmt.Sprintf("lh%d%s", i+1, id), fmt.Sprintf("lb%d%s", i+1, id)
		for _, args := range [][]string{
			{"link", "add", in, "netns", ns, "type", "veth", "peer", "name", out, "netns", hub},
			{"-n", hub, "link", "set", out, "master", "br0"},
			{"-n", hub, "link", "set", out, "up"},
			{"-n", ns, "addr", "add", addrs[i] + "/24", "dev", in},
			{"-n", ns, "link", "set", "lo", "up"},
			{"-n", ns, "link", "set", in, "up"},
		} {
			if err := ipRun(args...); err != nil {
				t.Fatal(err)
			}
		}
	}
	// exec runs the dist file in host i's namespace with no Go on PATH, in
	// directory dir.
	exe := func(i int, dir string, args ...string) *exec.Cmd {
		c := exec.CommandContext(ctx, ip, append([]string{"netns", "exec", hosts[i], "env", "-i", "PATH=/usr/bin:/bin", "HOME=" + dir, bin}, args...)...)
		c.Dir = dir
		return c
	}
	for i := range nHosts {
		startEcho(t, exe(i, t.TempDir(), "echo", "-addr", addrs[i]+":7777", "-hold", "500us", "-duration", "3m"))
	}

	t.Run("datacenter row from a peer", func(t *testing.T) {
		dir := t.TempDir()
		c := exe(0, dir, "run", "-peer", addrs[1]+":7777", "-peer-where", "datacenter",
			"-profile", "quick", "-bench", "PeerRTT", "-budget", "40s", "-charts=false", "-o", dir, "-format", "json")
		out, err := c.Output()
		if err != nil {
			t.Fatalf("run: %v\n%s", err, stderrOf(err))
		}
		dc := datacenterRow(t, out)
		t.Logf("datacenter_round_trip: %.0f ns: %s", dc.Measured, dc.Note)
		t.Logf("datacenter row measured %.0f ns (500 µs hold + the veth round trip)", dc.Measured)
		if dc.Measured < minHeld || dc.Measured > maxHeld {
			t.Errorf("datacenter row measured %.0f ns, want the 500 µs hold plus a round trip (%g–%g ns)", dc.Measured, minHeld, maxHeld)
		}
		if !strings.Contains(dc.Note, "measured to "+addrs[1]+":7777") {
			t.Errorf("datacenter row's note does not name the peer %s: %q", addrs[1], dc.Note)
		}
	})

	t.Run("3×3 matrix", func(t *testing.T) {
		var list []string
		zones := []string{"z1", "z1", "z2"}
		for i := range nHosts {
			list = append(list, fmt.Sprintf("h%d=%s:7777@%s", i+1, addrs[i], zones[i]))
		}
		start := time.Now().Add(3 * time.Second).UTC().Format(time.RFC3339Nano)
		dir := t.TempDir()
		var cmds []*exec.Cmd
		for i := range nHosts {
			c := exe(i, dir, "pairs", "-node", fmt.Sprintf("h%d", i+1), "-nodes", strings.Join(list, ","),
				"-start", start, "-slot", "1s", "-samples", "6", "-pings", "20", "-where", "datacenter",
				"-o", fmt.Sprintf("h%d.txt", i+1))
			c.Stderr = &strings.Builder{}
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, c)
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Fatalf("pairs on h%d: %v\n%s", i+1, err, c.Stderr)
			}
		}
		gathered := filepath.Join(dir, "fleet")
		var stdout, stderr strings.Builder
		if err := run(ctx, &stdout, &stderr, []string{"gather", "-o", gathered,
			filepath.Join(dir, "h1.txt"), filepath.Join(dir, "h2.txt"), filepath.Join(dir, "h3.txt")}); err != nil {
			t.Fatalf("gather: %v\n%s", err, stderr.String())
		}
		matrix := filepath.Join(gathered, "pairs.txt")
		m, err := results.ReadFile(matrix)
		if err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, b := range m.Benches {
			pairs = append(pairs, b.Name)
			s, _ := b.Summary("p50-ns")
			t.Logf("%s: %.0f ns", b.Name, s.Center)
			if s.Center < minHeld || s.Center > maxHeld {
				t.Errorf("%s: %.0f ns, want the 500 µs hold plus a round trip (%g–%g ns)", b.Name, s.Center, minHeld, maxHeld)
			}
		}
		if len(pairs) != nHosts*(nHosts-1) {
			t.Errorf("got %d pairs %v, want %d (3 × 3 less the diagonal)", len(pairs), pairs, nHosts*(nHosts-1))
		}
		for _, want := range []string{"NodeRTT/src=h1/dst=h2/zone=same", "NodeRTT/src=h3/dst=h1/zone=cross"} {
			if m.Find(want) == nil {
				t.Errorf("no %s in %v", want, pairs)
			}
		}
		stdout.Reset()
		if err := run(ctx, &stdout, &stderr, []string{"report", "-format", "json", matrix}); err != nil {
			t.Fatal(err)
		}
		dc := datacenterRow(t, []byte(stdout.String()))
		t.Logf("matrix datacenter_round_trip: %.0f ns: %s", dc.Measured, dc.Note)
		if !regexp.MustCompile(`median of 2 pair\(s\) of nodes with zone same, measured from h[12] to h[12]`).MatchString(dc.Note) {
			t.Errorf("datacenter row's note does not name the median same-zone pair: %q", dc.Note)
		}
		if err := run(ctx, &stdout, &stderr, []string{"chart", "-o", gathered, matrix}); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(filepath.Join(gathered, "pairs-node-matrix.svg")); err != nil || st.Size() == 0 {
			t.Errorf("no heatmap: %v", err)
		}
	})
}

// distFile returns the static linux/amd64 file of make dist: the one
// LATENCY_DIST_FILE names, else one built now.
func distFile(t *testing.T, ctx context.Context) string {
	t.Helper()
	if f := os.Getenv("LATENCY_DIST_FILE"); f != "" {
		return f
	}
	root, err := workers.ModuleRoot()
	if err != nil {
		t.Skipf("no module to build the dist file from: %v", err)
	}
	dir := t.TempDir()
	c := exec.CommandContext(ctx, "go", "run", "./scripts/dist", "-o", dir, "linux/amd64")
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("make dist: %v\n%s", err, out)
	}
	return filepath.Join(dir, "latency-linux-amd64")
}

// startEcho starts a `latency echo` and waits until it serves; it is
// stopped when the test ends.
func startEcho(t *testing.T, c *exec.Cmd) {
	t.Helper()
	r, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil || !strings.Contains(line, "serving") || !strings.Contains(line, "held 500µs") {
		t.Fatalf("echo: %q, %v", line, err)
	}
	go io.Copy(io.Discard, r)
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

type jsonRow struct {
	ID       string  `json:"id"`
	Measured float64 `json:"measured_ns"`
	Note     string  `json:"note"`
}

// datacenterRow returns the datacenter row of a JSON report.
func datacenterRow(t *testing.T, out []byte) jsonRow {
	t.Helper()
	var rep struct {
		Rows []jsonRow `json:"rows"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	for _, r := range rep.Rows {
		if r.ID == "datacenter_round_trip" {
			return r
		}
	}
	t.Fatalf("no datacenter_round_trip row in %s", out)
	return jsonRow{}
}
