package fleet

import "testing"

func TestIndexedNodes(t *testing.T) {
	for _, tc := range []struct {
		name, entry string
		n           int
		want        string // "" when an error is wanted
	}{
		{"three pods", "p-{i}=p-{i}.p:7777", 3, "p-0=p-0.p:7777,p-1=p-1.p:7777,p-2=p-2.p:7777"},
		{"with a zone", "n{i}=10.0.0.{i}:7777@z1", 2, "n0=10.0.0.0:7777@z1,n1=10.0.0.1:7777@z1"},
		{"no index", "p=p.p:7777", 3, ""},
		{"a list", "p-{i}=p-{i}.p:7777,q=q:7777", 3, ""},
		{"no pods", "p-{i}=p-{i}.p:7777", 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := IndexedNodes(tc.entry, tc.n)
			if tc.want == "" {
				if err == nil {
					t.Errorf("IndexedNodes(%q, %d) = %q, want an error", tc.entry, tc.n, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("IndexedNodes(%q, %d) = %q, %v; want %q", tc.entry, tc.n, got, err, tc.want)
			}
			nodes, err := ParseNodes(got)
			if err != nil || len(nodes) != tc.n {
				t.Errorf("ParseNodes(%q) = %v, %v; want %d nodes", got, nodes, err, tc.n)
			}
		})
	}
}
