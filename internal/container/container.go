// Package container builds the suite's container image: FROM scratch,
// with the static latency binary as its entrypoint, written with
// github.com/google/go-containerregistry, so no Docker daemon is needed.
//
// The tarball is an OCI image layout (oci-layout, index.json,
// blobs/sha256/...) with docker save's manifest.json beside it, as `docker
// save` itself has written since Docker 25: `docker load` (old and new)
// and `podman load` read it.
package container

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The image's layout: the binary at Entrypoint, run in WorkDir.
//
// Note: WorkDir is where results/ and the storage rows' scratch file go by
// default, so one volume there (on a real disk: overlayfs is not the disk
// being measured) keeps the results and measures that disk. /tmp, where
// the workers are unpacked, is in the image: a scratch image has no
// directories of its own.
const (
	Entrypoint = "/latency"
	WorkDir    = "/out"
)

// Options describe the image.
type Options struct {
	Binary []byte            // a statically linked linux latency binary
	Arch   string            // its GOARCH: amd64, arm64
	Labels map[string]string // OCI labels, e.g. org.opencontainers.image.version
}

// Build returns the image: one layer with the binary, /tmp and WorkDir;
// entrypoint the binary, command "run".
func Build(o Options) (v1.Image, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, h := range []*tar.Header{
		{Name: "tmp/", Typeflag: tar.TypeDir, Mode: 0o1777},
		{Name: strings.TrimPrefix(WorkDir, "/") + "/", Typeflag: tar.TypeDir, Mode: 0o777},
		{Name: strings.TrimPrefix(Entrypoint, "/"), Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(o.Binary))},
	} {
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
	}
	if _, err := tw.Write(o.Binary); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(buf.Bytes())), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.AppendLayers(base, layer)
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", o.Arch
	cfg.Config.Entrypoint = []string{Entrypoint}
	cfg.Config.Cmd = []string{"run"}
	cfg.Config.WorkingDir = WorkDir
	cfg.Config.Env = []string{"TMPDIR=/tmp"}
	cfg.Config.Labels = o.Labels
	return mutate.ConfigFile(img, cfg)
}

// Write writes img, named name (repository:tag), as a tarball to path.
func Write(path string, img v1.Image, name string) error {
	repo, tag, ok := strings.Cut(name, ":")
	if !ok || repo == "" || tag == "" || strings.Contains(repo, "/") {
		return fmt.Errorf("image name %q: want repository:tag, as latency:latest", name)
	}
	dir, err := os.MkdirTemp("", "latency-image-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return err
	}
	// The annotations docker save writes: containerd takes the full name,
	// the OCI one the tag.
	err = p.AppendImage(img, layout.WithAnnotations(map[string]string{
		"io.containerd.image.name":          "docker.io/library/" + name,
		"org.opencontainers.image.ref.name": tag,
	}))
	if err != nil {
		return err
	}
	cfg, err := img.ConfigName()
	if err != nil {
		return err
	}
	m := tarball.Manifest{{Config: blob(cfg), RepoTags: []string{name}}}
	layers, err := img.Layers()
	if err != nil {
		return err
	}
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			return err
		}
		m[0].Layers = append(m[0].Layers, blob(d))
	}
	js, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), js, 0o644); err != nil {
		return err
	}
	return writeTar(path, dir)
}

// blob is the path of a blob in the layout.
func blob(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }

// writeTar writes the tree under dir as a tar file at path, through a
// temporary file so that a failure leaves no half-written image.
func writeTar(path, dir string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	tw := tar.NewWriter(f)
	if err := tw.AddFS(os.DirFS(dir)); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
