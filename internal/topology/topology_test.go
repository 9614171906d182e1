package topology

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fakeSysfs writes a sysfs tree for cpus under a temporary root.
func fakeSysfs(t *testing.T, cpus []CPU, llcList func(CPU) string) string {
	t.Helper()
	root := t.TempDir()
	for _, c := range cpus {
		dir := filepath.Join(root, "devices/system/cpu", fmt.Sprintf("cpu%d", c.ID))
		files := map[string]string{
			"topology/physical_package_id":        fmt.Sprint(c.Package),
			"topology/core_id":                    fmt.Sprint(c.Core),
			"cache/index0/level":                  "1",
			"cache/index0/shared_cpu_list":        fmt.Sprint(c.ID),
			"cache/index3/level":                  "3",
			"cache/index3/shared_cpu_list":        llcList(c),
			fmt.Sprintf("node%d/cpulist", c.Node): "",
		}
		for name, v := range files {
			p := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(v+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return root
}

// machine builds packages × llcs × cores × threads CPUs numbered as Linux
// numbers them: the first threads of every core, then the second threads.
func machine(packages, llcs, cores, threads int) []CPU {
	perThread := packages * llcs * cores
	var out []CPU
	for th := range threads {
		for p := range packages {
			for l := range llcs {
				for c := range cores {
					first := (p*llcs+l)*cores + c // the core's first thread
					out = append(out, CPU{ID: th*perThread + first, Package: p, Core: l*cores + c,
						LLC: (p*llcs + l) * cores, Node: p})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b CPU) int { return a.ID - b.ID })
	return out
}

func TestRead(t *testing.T) {
	want := machine(2, 2, 2, 2) // 16 CPUs
	root := fakeSysfs(t, want, func(c CPU) string {
		var ids []int
		for _, o := range want {
			if o.LLC == c.LLC {
				ids = append(ids, o.ID)
			}
		}
		return list(ids)
	})
	var ids []int
	for _, c := range want {
		ids = append(ids, c.ID)
	}
	got := Read(root, ids)
	if !slices.Equal(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if c := Read(t.TempDir(), []int{3}); c[0] != (CPU{ID: 3, Package: -1, Core: -1, LLC: -1, Node: -1}) {
		t.Errorf("without sysfs: got %+v, want every field -1", c[0])
	}
}

// list writes ids as a sysfs list of single CPUs.
func list(ids []int) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += fmt.Sprint(id)
	}
	return s
}

func TestRelate(t *testing.T) {
	m := machine(2, 2, 2, 2)
	byID := map[int]CPU{}
	for _, c := range m {
		byID[c.ID] = c
	}
	for _, tc := range []struct {
		a, b int
		want Relation
	}{
		{0, 8, SMT}, {0, 1, LLC}, {0, 2, Package}, {0, 4, Remote}, {9, 3, Package},
	} {
		if got := Relate(byID[tc.a], byID[tc.b]); got != tc.want {
			t.Errorf("Relate(%d, %d) = %s, want %s", tc.a, tc.b, got, tc.want)
		}
	}
	twoNodesOnePackage := []CPU{{ID: 0, Package: 0, Core: 0, LLC: -1, Node: 0}, {ID: 1, Package: 1, Core: 0, LLC: -1, Node: 0}}
	if got := Relate(twoNodesOnePackage[0], twoNodesOnePackage[1]); got != Node {
		t.Errorf("two packages on one node: got %s, want %s", got, Node)
	}
	if got := Relate(CPU{ID: 0, Package: -1}, CPU{ID: 1, Package: -1}); got != Unknown {
		t.Errorf("no topology: got %s, want %s", got, Unknown)
	}
}

func TestPairs(t *testing.T) {
	if got := Pairs(machine(1, 1, 1, 1), 20); len(got) != 0 {
		t.Errorf("one CPU: got pairs %v, want none", got)
	}
	for _, tc := range []struct {
		name      string
		cpus      []CPU
		max       int
		atLeast   int        // and at most max
		relations []Relation // must all be present
	}{
		{"two CPUs", machine(1, 1, 2, 1), 1, 1, []Relation{LLC}},
		{"four CPUs, every pair", machine(1, 1, 2, 2), 6, 6, []Relation{SMT, LLC}},
		{"zen-like, bounded", machine(1, 4, 8, 2), 20, 15, []Relation{SMT, LLC, Package}},
		{"two sockets, bounded", machine(2, 1, 16, 2), 20, 15, []Relation{SMT, LLC, Remote}},
		{"two sockets, tight", machine(2, 1, 16, 2), 3, 3, []Relation{SMT, LLC, Remote}},
		{"no topology", []CPU{{ID: 0, Package: -1}, {ID: 1, Package: -1}, {ID: 2, Package: -1}}, 3, 3, []Relation{Unknown}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Pairs(tc.cpus, tc.max)
			if len(got) < tc.atLeast || len(got) > tc.max {
				t.Errorf("got %d pairs %v, want %d to %d", len(got), got, tc.atLeast, tc.max)
			}
			ids := map[int]bool{}
			for _, c := range tc.cpus {
				ids[c.ID] = true
			}
			seen := map[Pair]bool{}
			rels := map[Relation]bool{}
			for i, p := range got {
				if p.A >= p.B || !ids[p.A] || !ids[p.B] || seen[p] {
					t.Errorf("pair %v: want A < B, both CPUs of the machine, once", p)
				}
				if i > 0 && (got[i-1].A > p.A || got[i-1].A == p.A && got[i-1].B > p.B) {
					t.Errorf("pairs out of order: %v", got)
				}
				seen[p] = true
				rels[p.Relation] = true
			}
			for _, r := range tc.relations {
				if !rels[r] {
					t.Errorf("no %s pair in %v", r, got)
				}
			}
		})
	}
}

func TestPairsSpreadOverTheMachine(t *testing.T) {
	m := machine(2, 1, 16, 2) // 64 CPUs
	got := Pairs(m, 20)
	used := map[int]bool{}
	for _, p := range got {
		used[p.A], used[p.B] = true, true
	}
	// The evenly spaced CPUs reach the last quarter of the machine.
	far := false
	for id := range used {
		far = far || id >= 48
	}
	if !far {
		t.Errorf("pairs %v never reach CPUs 48-63", got)
	}
}
