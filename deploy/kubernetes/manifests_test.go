// Package kubernetes holds the kustomize manifests of deploy/kubernetes
// (base/, overlays/); its tests render them and decode them into the
// k8s.io/api types.
package kubernetes

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/latency-numbers/latency/internal/fleet"
)

// render returns the documents of the kustomization in dir: `kubectl
// kustomize dir` where kubectl is installed (rendered true), else the files
// base/kustomization.yaml lists, read directly, without its replacements.
func render(t *testing.T, dir string) (docs [][]byte, rendered bool) {
	t.Helper()
	var all []byte
	if kubectl, err := exec.LookPath("kubectl"); err == nil {
		out, err := exec.Command(kubectl, "kustomize", dir).Output()
		if err != nil {
			t.Fatalf("kubectl kustomize %s: %v\n%s", dir, err, stderr(err))
		}
		all, rendered = out, true
	} else {
		var k struct{ Resources []string }
		if err := yaml.Unmarshal(readFile(t, "base/kustomization.yaml"), &k); err != nil {
			t.Fatal(err)
		}
		for _, r := range k.Resources {
			if b := readFile(t, filepath.Join("base", r)); !bytes.Contains(b, []byte("config.kubernetes.io/local-config")) {
				all = append(append(all, b...), "\n---\n"...)
			}
		}
	}
	for doc := range strings.SplitSeq(string(all), "\n---\n") {
		if strings.TrimSpace(doc) != "" {
			docs = append(docs, []byte(doc))
		}
	}
	return docs, rendered
}

// manifests are the objects of a rendering, by name.
type manifests struct {
	jobs       map[string]*batchv1.Job
	daemonSets map[string]*appsv1.DaemonSet
	services   map[string]*corev1.Service
}

// decode decodes documents into the k8s.io/api types, strictly: a
// misspelt field is an error, not a field dropped.
func decode(t *testing.T, docs [][]byte) manifests {
	t.Helper()
	jobs := map[string]*batchv1.Job{}
	daemonSets := map[string]*appsv1.DaemonSet{}
	services := map[string]*corev1.Service{}
	for _, doc := range docs {
		var meta struct{ Kind, APIVersion string }
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			t.Fatal(err)
		}
		var obj any
		switch meta.APIVersion + " " + meta.Kind {
		case "batch/v1 Job":
			j := &batchv1.Job{}
			obj, jobs[name(doc)] = j, j
		case "apps/v1 DaemonSet":
			d := &appsv1.DaemonSet{}
			obj, daemonSets[name(doc)] = d, d
		case "v1 Service":
			s := &corev1.Service{}
			obj, services[name(doc)] = s, s
		case "v1 Namespace":
			obj = &corev1.Namespace{}
		default:
			t.Errorf("unexpected %s %s", meta.APIVersion, meta.Kind)
			continue
		}
		// Strict: a misspelt field is an error, not a field dropped.
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			t.Errorf("%s %s: %v", meta.Kind, name(doc), err)
		}
	}
	return manifests{jobs, daemonSets, services}
}

func TestManifests(t *testing.T) {
	docs, rendered := render(t, ".")
	t.Logf("decoding %d documents (rendered with kubectl kustomize: %v)", len(docs), rendered)
	m := decode(t, docs)
	check(t, m)
	if !rendered {
		t.Skip("no kubectl: the node count, set by kustomize's replacements, is not checked")
	}
	var cm corev1.ConfigMap
	if err := yaml.UnmarshalStrict(readFile(t, "base/nodes.yaml"), &cm); err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(cm.Data["count"])
	if err != nil {
		t.Fatalf("base/nodes.yaml: count: %v", err)
	}
	checkNodes(t, m, n)
}

// TestNodeCountOnePlace sets the count of nodes.yaml in a copy of base/
// and checks that the Jobs follow it.
func TestNodeCountOnePlace(t *testing.T) {
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl: kustomize's replacements are not rendered")
	}
	dir := t.TempDir()
	files, err := filepath.Glob("base/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b := readFile(t, f)
		if filepath.Base(f) == "nodes.yaml" {
			b = bytes.Replace(b, []byte(`count: "3"`), []byte(`count: "5"`), 1)
			if !bytes.Contains(b, []byte(`count: "5"`)) {
				t.Fatalf("base/nodes.yaml: no count: \"3\" to change")
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, _ := render(t, dir)
	checkNodes(t, decode(t, docs), 5)
}

// TestPoolExample renders overlays/pool-example: the suite Job goes only
// to nodes of one instance type, which it records as a fact; the rest is
// the base's.
func TestPoolExample(t *testing.T) {
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip("no kubectl: the overlay is not rendered")
	}
	docs, _ := render(t, "overlays/pool-example")
	m := decode(t, docs)
	check(t, m)
	checkNodes(t, m, 3)
	suite := m.jobs["latency-suite"]
	if suite == nil {
		t.Fatal("no Job latency-suite")
	}
	const key = "node.kubernetes.io/instance-type"
	ps := suite.Spec.Template.Spec
	it := ps.NodeSelector[key]
	if it == "" {
		t.Fatalf("suite Job: nodeSelector %v, want %s", ps.NodeSelector, key)
	}
	c := ps.Containers[0]
	if !strings.Contains(strings.Join(c.Args, " "), "-fact instance-type=$(INSTANCE_TYPE)") {
		t.Errorf("suite Job: args %q lack -fact instance-type=$(INSTANCE_TYPE)", c.Args)
	}
	if i := slices.IndexFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "INSTANCE_TYPE" }); i < 0 || c.Env[i].Value != it {
		t.Errorf("suite Job: INSTANCE_TYPE is not the nodeSelector's %s: %v", it, c.Env)
	}
	if sel := m.jobs["latency-pairs"].Spec.Template.Spec.NodeSelector; len(sel) != 0 {
		t.Errorf("pairs Job: nodeSelector %v: the example pins the suite only", sel)
	}
	t.Logf("suite Job pinned to %s=%s", key, it)
}

// checkNodes checks that the count of nodes is n everywhere it goes: both
// Jobs' completions and parallelism, and the pairs Job's -nodes list.
func checkNodes(t *testing.T, m manifests, n int) {
	t.Helper()
	for _, jn := range []string{"latency-suite", "latency-pairs"} {
		j := m.jobs[jn]
		if j == nil {
			t.Fatalf("no Job %s", jn)
		}
		if s := j.Spec; s.Completions == nil || s.Parallelism == nil || *s.Completions != int32(n) || *s.Parallelism != int32(n) {
			t.Errorf("%s: completions %v, parallelism %v, want %d nodes", jn, ptrString(s.Completions), ptrString(s.Parallelism), n)
		}
	}
	pairs := m.jobs["latency-pairs"]
	ps := pairs.Spec.Template.Spec
	c := ps.Containers[0]
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	args := c.Args
	i, k := slices.Index(args, "-nodes"), slices.Index(args, "-indexed")
	if i < 0 || k < 0 || args[k+1] != "$(NODES)" || env["NODES"] != strconv.Itoa(n) {
		t.Fatalf("pairs Job: args %q, NODES=%q: want -indexed $(NODES), NODES=%d and -nodes", args, env["NODES"], n)
	}
	list, err := fleet.IndexedNodes(args[i+1], n)
	if err != nil {
		t.Fatalf("pairs Job: %v", err)
	}
	nodes, err := fleet.ParseNodes(list)
	if err != nil || len(nodes) != n {
		t.Fatalf("pairs Job: -nodes %s: %d nodes, %v; want %d", list, len(nodes), err, n)
	}
	for k := range n {
		if want := fmt.Sprintf("latency-pairs-%d=latency-pairs-%d.%s:7777", k, k, ps.Subdomain); !strings.Contains(list, want) {
			t.Errorf("pairs Job: -nodes %s lacks %s", list, want)
		}
	}
}

func ptrString(p *int32) string {
	if p == nil {
		return "unset"
	}
	return strconv.Itoa(int(*p))
}

// check checks what does not depend on the node count.
func check(t *testing.T, m manifests) {
	t.Helper()
	jobs, daemonSets, services := m.jobs, m.daemonSets, m.services

	for _, jn := range []string{"latency-suite", "latency-pairs"} {
		j := jobs[jn]
		if j == nil {
			t.Fatalf("no Job %s", jn)
		}
		s := j.Spec
		if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
			t.Errorf("%s: not an Indexed Job", jn)
		}
		if s.Completions == nil || s.Parallelism == nil || *s.Completions != *s.Parallelism {
			t.Errorf("%s: completions and parallelism differ: every pod needs its own node at once", jn)
		}
		aa := s.Template.Spec.Affinity
		if aa == nil || aa.PodAntiAffinity == nil || len(aa.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) != 1 ||
			aa.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey != "kubernetes.io/hostname" {
			t.Errorf("%s: no required pod anti-affinity on kubernetes.io/hostname", jn)
		} else {
			sel := aa.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].LabelSelector.MatchLabels
			for k, v := range sel {
				if s.Template.Labels[k] != v {
					t.Errorf("%s: anti-affinity selects %s=%s, which its pods do not carry", jn, k, v)
				}
			}
		}
		c := s.Template.Spec.Containers[0]
		args := strings.Join(c.Args, " ")
		for _, want := range []string{"-log-results", "-fact node-name=$(NODE_NAME)", "-fact zone=$(ZONE)"} {
			if !strings.Contains(args, want) {
				t.Errorf("%s: args %q lack %q", jn, args, want)
			}
		}
		env := map[string]string{}
		for _, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.FieldRef != nil {
				env[e.Name] = e.ValueFrom.FieldRef.FieldPath
			}
		}
		if env["NODE_NAME"] != "spec.nodeName" || env["ZONE"] != "metadata.labels['topology.kubernetes.io/zone']" {
			t.Errorf("%s: node name and zone not from the downward API: %v", jn, env)
		}
		if !slices.ContainsFunc(s.Template.Spec.Volumes, func(v corev1.Volume) bool { return v.EmptyDir != nil }) {
			t.Errorf("%s: no emptyDir for its files", jn)
		}
	}
	if suite := jobs["latency-suite"]; suite != nil {
		if args := suite.Spec.Template.Spec.Containers[0].Args; args[0] != "run" || !slices.Contains(args, "-scratch") {
			t.Errorf("suite Job: args %q: want run with -scratch on the emptyDir", args)
		}
	}
	if pairs := jobs["latency-pairs"]; pairs != nil {
		ps := pairs.Spec.Template.Spec
		if args := ps.Containers[0].Args; args[0] != "pairs" {
			t.Errorf("pairs Job: args %q: want pairs", args)
		}
		svc := services[ps.Subdomain]
		if svc == nil || svc.Spec.ClusterIP != corev1.ClusterIPNone {
			t.Errorf("pairs Job: subdomain %q is no headless Service", ps.Subdomain)
		}
	}
	for dn, host := range map[string]bool{"latency-echo": true, "latency-echo-podnet": false} {
		d := daemonSets[dn]
		if d == nil {
			t.Errorf("no DaemonSet %s", dn)
			continue
		}
		if d.Spec.Template.Spec.HostNetwork != host {
			t.Errorf("%s: hostNetwork %v, want %v", dn, d.Spec.Template.Spec.HostNetwork, host)
		}
		if args := d.Spec.Template.Spec.Containers[0].Args; args[0] != "echo" {
			t.Errorf("%s: args %q, want echo", dn, args)
		}
		svc := services[dn]
		if svc == nil || svc.Spec.ClusterIP != corev1.ClusterIPNone {
			t.Errorf("%s: no headless Service of that name", dn)
			continue
		}
		for k, v := range svc.Spec.Selector {
			if d.Spec.Template.Labels[k] != v {
				t.Errorf("Service %s selects %s=%s, which %s's pods do not carry", dn, k, v, dn)
			}
		}
	}
}

func name(doc []byte) string {
	var m struct{ Metadata struct{ Name string } }
	yaml.Unmarshal(doc, &m)
	return m.Metadata.Name
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(path))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

func stderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
