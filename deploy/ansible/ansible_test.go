// Package ansible holds the playbook of deploy/ansible; its tests check
// the playbook's syntax and run it against hosts that are network
// namespaces of this machine (scripts/ansible-netns.sh).
package ansible

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/workers"
)

func TestPlaybookSyntax(t *testing.T) {
	ap, err := exec.LookPath("ansible-playbook")
	if err != nil {
		t.Skip("ansible-playbook not installed (apt-get install ansible-core): the playbook's syntax is not checked")
	}
	out, err := exec.Command(ap, "--syntax-check", "-i", "inventory.example.ini", "playbook.yml").CombinedOutput()
	if err != nil {
		t.Fatalf("ansible-playbook --syntax-check: %v\n%s", err, out)
	}
}

// TestPlaybookNetns runs the playbook, through scripts/ansible-netns.sh,
// against three hosts that are network namespaces of this machine, each
// with its own sshd and no Go on its sessions' PATH: the static file of
// make dist runs the quick profile of two rows (Syscall, Mutex) on each
// in turn, then `latency pairs` on all at once. It checks
//
//   - what was fetched: results/<host>/ holds the host's suite file (its
//     facts node-name, zone, instance-type from the inventory, its
//     workers embedded, only the rows asked for) and its pairs file;
//   - that `latency gather` makes of them a file per host and the 3 × 3
//     matrix (6 pairs, each measured, zone same or cross), which
//     `latency report` reads (the datacenter row from the median
//     same-zone pair, h1–h2) and `latency compare` compares;
//   - that no namespace, process or temporary directory of the run is
//     left.
//
// Figures are not checked: the hosts share one machine. It needs root,
// iproute2, ansible-playbook, sshd (openssh-server) and ssh, and skips
// with -short. LATENCY_DIST_FILE names a dist file to use instead of
// building one.
func TestPlaybookNetns(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped with -short: builds the dist file and runs the playbook against network namespaces")
	}
	if os.Geteuid() != 0 {
		t.Skipf("needs root to create network namespaces (running as uid %d)", os.Geteuid())
	}
	for _, c := range []struct{ cmd, pkg string }{
		{"ip", "iproute2"}, {"ansible-playbook", "ansible-core"}, {"ssh", "openssh-client"}, {"ssh-keygen", "openssh-client"},
	} {
		if _, err := exec.LookPath(c.cmd); err != nil {
			t.Skipf("needs %s (apt-get install -y %s)", c.cmd, c.pkg)
		}
	}
	if _, err := exec.LookPath("sshd"); err != nil {
		if _, err := os.Stat("/usr/sbin/sshd"); err != nil {
			t.Skip("needs sshd (apt-get install -y openssh-server)")
		}
	}
	id := fmt.Sprintf("%d%02d", os.Getpid()%100000, time.Now().UnixNano()%100)
	probe := "latf-probe-" + id
	if out, err := exec.Command("ip", "netns", "add", probe).CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here: %v: %s", err, strings.TrimSpace(string(out)))
	}
	exec.Command("ip", "netns", "del", probe).Run()

	root, err := workers.ModuleRoot()
	if err != nil {
		t.Skipf("no module to run the script from: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bin := distFile(t, ctx, root)

	out := filepath.Join(t.TempDir(), "out")
	start := time.Now()
	c := exec.CommandContext(ctx, filepath.Join(root, "scripts", "ansible-netns.sh"), out)
	c.Env = append(os.Environ(), "LATENCY_FILE="+bin, "LATENCY_NETNS_ID="+id)
	// On timeout, TERM: the script's trap removes what it made.
	c.Cancel = func() error { return c.Process.Signal(syscall.SIGTERM) }
	c.WaitDelay = 30 * time.Second
	log, err := c.CombinedOutput()
	t.Logf("scripts/ansible-netns.sh took %s", time.Since(start).Round(100*time.Millisecond))
	if err != nil {
		t.Errorf("scripts/ansible-netns.sh: %v\n%s", err, log)
		if b, err := os.ReadFile(filepath.Join(out, "ansible.log")); err == nil {
			t.Logf("ansible.log:\n%s", b)
		}
	}
	checkCleanedUp(t, id)
	if t.Failed() {
		return
	}

	hosts := []struct{ name, zone string }{{"h1", "z1"}, {"h2", "z1"}, {"h3", "z2"}}
	t.Run("fetched", func(t *testing.T) {
		for _, h := range hosts {
			files, _ := filepath.Glob(filepath.Join(out, "results", h.name, "*.txt"))
			var suite []string
			for _, f := range files {
				if filepath.Base(f) != "pairs-"+h.name+".txt" {
					suite = append(suite, f)
				}
			}
			if len(files) != 2 || len(suite) != 1 {
				t.Errorf("results/%s: got %q, want its suite file and pairs-%s.txt", h.name, files, h.name)
				continue
			}
			r, err := results.ReadFile(suite[0])
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range map[string]string{"node-name": h.name, "zone": h.zone, "instance-type": "netns", "workers": "embedded"} {
				if got := r.Fact(k); got != want {
					t.Errorf("%s: fact %s: got %q, want %q", suite[0], k, got, want)
				}
			}
			var names []string
			for _, b := range r.Benches {
				if !strings.HasPrefix(b.Name, "Syscall/") && !strings.HasPrefix(b.Name, "Mutex/") {
					t.Errorf("%s: %s: want only the rows of -bench 'Syscall|Mutex'", suite[0], b.Name)
				}
				names = append(names, b.Name)
			}
			if len(names) == 0 {
				t.Errorf("%s: no benchmarks", suite[0])
			}
		}
	})

	fleet := filepath.Join(out, "fleet")
	matrix := filepath.Join(fleet, "pairs.txt")
	t.Run("gathered matrix", func(t *testing.T) {
		for _, h := range hosts {
			if _, err := os.Stat(filepath.Join(fleet, h.name+".txt")); err != nil {
				t.Errorf("gather: %v", err)
			}
		}
		m, err := results.ReadFile(matrix)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range m.Benches {
			got = append(got, b.Name)
		}
		for _, src := range hosts {
			for _, dst := range hosts {
				if src == dst {
					continue
				}
				zone := "cross"
				if src.zone == dst.zone {
					zone = "same"
				}
				want := fmt.Sprintf("NodeRTT/src=%s/dst=%s/zone=%s", src.name, dst.name, zone)
				b := m.Find(want)
				if b == nil {
					t.Errorf("no %s in %v (skips: %v)", want, got, m.Skips)
					continue
				}
				if s, ok := b.Summary("p50-ns"); !ok || s.Center <= 0 {
					t.Errorf("%s: no p50-ns", want)
				}
			}
		}
		if len(got) != 6 || len(m.Skips) != 0 {
			t.Errorf("got %d pairs %v and skips %v, want the 6 pairs of 3 × 3 less the diagonal", len(got), got, m.Skips)
		}
	})

	t.Run("report and compare", func(t *testing.T) {
		rep, err := exec.CommandContext(ctx, bin, "report", "-format", "json", matrix).Output()
		if err != nil {
			t.Fatalf("latency report: %v\n%s", err, stderrOf(err))
		}
		var r struct {
			Rows []row `json:"rows"`
		}
		if err := json.Unmarshal(rep, &r); err != nil {
			t.Fatalf("latency report: %v\n%s", err, rep)
		}
		i := slices.IndexFunc(r.Rows, func(r row) bool { return r.ID == "datacenter_round_trip" })
		if i < 0 {
			t.Fatalf("no datacenter_round_trip row in %s", rep)
		}
		dc := r.Rows[i]
		t.Logf("datacenter_round_trip from the matrix: %.0f ns: %s", dc.Measured, dc.Note)
		if !regexp.MustCompile(`median of 2 pair\(s\) of nodes with zone same, measured from h[12] to h[12]`).MatchString(dc.Note) {
			t.Errorf("datacenter row's note does not name the median same-zone pair: %q", dc.Note)
		}
		cmp, err := exec.CommandContext(ctx, bin, "compare", "-format", "csv", filepath.Join(fleet, "h1.txt"), filepath.Join(fleet, "h2.txt")).Output()
		if err != nil {
			t.Fatalf("latency compare: %v\n%s", err, stderrOf(err))
		}
		recs, err := csv.NewReader(strings.NewReader(string(cmp))).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("latency compare: %v\n%s", err, cmp)
		}
		col := func(name string) int { return slices.Index(recs[0], name) }
		i = slices.IndexFunc(recs, func(r []string) bool { return r[0] == "mutex_lock_unlock" })
		if i < 0 || col("h1 kind") < 0 || col("h2 kind") < 0 {
			t.Fatalf("latency compare h1 h2: no mutex_lock_unlock row or h1, h2 columns in\n%s", cmp)
		}
		if r := recs[i]; r[col("h1 kind")] != "measured" || r[col("h2 kind")] != "measured" {
			t.Errorf("latency compare h1 h2: mutex_lock_unlock: %q, want measured on both", r)
		}
	})
}

// A row is a row of `latency report -format json`.
type row struct {
	ID       string  `json:"id"`
	Measured float64 `json:"measured_ns"`
	Note     string  `json:"note"`
}

// checkCleanedUp fails t if a namespace, a process or the temporary
// directory of the script's run tagged id is left.
func checkCleanedUp(t *testing.T, id string) {
	t.Helper()
	ns, _ := exec.Command("ip", "netns", "list").Output()
	for line := range strings.Lines(string(ns)) {
		if name, _, _ := strings.Cut(strings.TrimSpace(line), " "); strings.HasPrefix(name, "latf-") && strings.HasSuffix(name, "-"+id) {
			t.Errorf("namespace %s left", name)
		}
	}
	tag := "latency-netns-" + id + "."
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), tag) {
			t.Errorf("process %s left: %s", filepath.Base(filepath.Dir(p)), strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	tmp := os.Getenv("TMPDIR")
	if tmp == "" {
		tmp = "/tmp"
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, tag+"*")); len(left) > 0 {
		t.Errorf("temporary directories left: %q", left)
	}
}

// distFile returns the static linux/amd64 file of make dist: the one
// LATENCY_DIST_FILE names, else one built now.
func distFile(t *testing.T, ctx context.Context, root string) string {
	t.Helper()
	if f := os.Getenv("LATENCY_DIST_FILE"); f != "" {
		return f
	}
	dir := t.TempDir()
	c := exec.CommandContext(ctx, "go", "run", "./scripts/dist", "-o", dir, "linux/amd64")
	c.Dir = root
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("make dist: %v\n%s", err, out)
	}
	return filepath.Join(dir, "latency-linux-amd64")
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
