// Package kubernetes holds the kustomize manifests of deploy/kubernetes;
// its test renders them and decodes them into the k8s.io/api types.
package kubernetes

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// render returns the manifests' documents: `kubectl kustomize` of this
// directory where kubectl is installed, else the files the kustomization
// lists, read directly.
func render(t *testing.T) (docs [][]byte, how string) {
	t.Helper()
	var all []byte
	if kubectl, err := exec.LookPath("kubectl"); err == nil {
		out, err := exec.Command(kubectl, "kustomize", ".").Output()
		if err != nil {
			t.Fatalf("kubectl kustomize: %v\n%s", err, stderr(err))
		}
		all, how = out, "kubectl kustomize"
	} else {
		var k struct{ Resources []string }
		if err := yaml.Unmarshal(readFile(t, "kustomization.yaml"), &k); err != nil {
			t.Fatal(err)
		}
		for _, r := range k.Resources {
			all = append(append(all, readFile(t, r)...), "\n---\n"...)
		}
		how = "the files (no kubectl: not rendered with kustomize)"
	}
	for doc := range strings.SplitSeq(string(all), "\n---\n") {
		if strings.TrimSpace(doc) != "" {
			docs = append(docs, []byte(doc))
		}
	}
	return docs, how
}

func TestManifests(t *testing.T) {
	docs, how := render(t)
	t.Logf("decoding %d documents from %s", len(docs), how)
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
		args := ps.Containers[0].Args
		n := int(*pairs.Spec.Completions)
		i := slices.Index(args, "-nodes")
		if args[0] != "pairs" || i < 0 || len(strings.Split(args[i+1], ",")) != n {
			t.Errorf("pairs Job: args %q: want pairs with a -nodes list of %d nodes (its completions)", args, n)
		}
		for k := range n {
			if want := fmt.Sprintf("latency-pairs-%d=latency-pairs-%d.%s:7777", k, k, ps.Subdomain); i >= 0 && !strings.Contains(args[i+1], want) {
				t.Errorf("pairs Job: -nodes lacks %s", want)
			}
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
