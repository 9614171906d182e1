package container

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

// TestWriteReadBack writes an image of a tiny "binary" and reads the
// tarball back both ways a loader does: as docker save's manifest.json
// and as an OCI image layout. Either way it is one valid image whose
// entrypoint is the binary, which its one layer holds, executable.
func TestWriteReadBack(t *testing.T) {
	bin := []byte("\x7fELF not really, but a file")
	img, err := Build(Options{Binary: bin, Arch: "amd64",
		Labels: map[string]string{"org.opencontainers.image.version": "v0.4.0"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "image.tar")
	if err := Write(path, img, "latency:latest"); err != nil {
		t.Fatal(err)
	}

	// docker load's reading: manifest.json.
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(path) })
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 1 || !slices.Equal(m[0].RepoTags, []string{"latency:latest"}) {
		t.Errorf("manifest.json: %+v, want one image tagged latency:latest", m)
	}
	fromDocker, err := tarball.ImageFromPath(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "manifest.json", fromDocker, bin)

	// An OCI loader's reading: the image layout.
	dir := t.TempDir()
	untar(t, path, dir)
	for _, f := range []string{"oci-layout", "index.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the layout has no %s: %v", f, err)
		}
	}
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 {
		t.Fatalf("index.json lists %d images, want 1", len(im.Manifests))
	}
	d := im.Manifests[0]
	if d.Annotations["org.opencontainers.image.ref.name"] != "latest" || d.Annotations["io.containerd.image.name"] != "docker.io/library/latency:latest" {
		t.Errorf("annotations %v", d.Annotations)
	}
	fromOCI, err := idx.Image(d.Digest)
	if err != nil {
		t.Fatal(err)
	}
	check(t, "OCI layout", fromOCI, bin)
	a, _ := fromDocker.ConfigName()
	b, _ := fromOCI.ConfigName()
	if a != b {
		t.Errorf("manifest.json's config %s, the layout's %s: two images", a, b)
	}
}

func check(t *testing.T, how string, img v1.Image, bin []byte) {
	t.Helper()
	if err := validate.Image(img); err != nil {
		t.Errorf("%s: invalid image: %v", how, err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	if cfg.OS != "linux" || cfg.Architecture != "amd64" || !slices.Equal(c.Entrypoint, []string{Entrypoint}) ||
		!slices.Equal(c.Cmd, []string{"run"}) || c.WorkingDir != WorkDir || c.Labels["org.opencontainers.image.version"] != "v0.4.0" {
		t.Errorf("%s: config %s/%s %+v", how, cfg.OS, cfg.Architecture, c)
	}
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("%s: %d layers, %v; want 1", how, len(layers), err)
	}
	files := map[string]*tar.Header{}
	var content []byte
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = h
		if h.Name == Entrypoint[1:] {
			content, _ = io.ReadAll(tr)
		}
	}
	if h := files[Entrypoint[1:]]; h == nil || h.Mode != 0o755 || !bytes.Equal(content, bin) {
		t.Errorf("%s: the layer's %s: %+v, %q; want the binary, mode 0755", how, Entrypoint, h, content)
	}
	if h := files["tmp/"]; h == nil || h.Typeflag != tar.TypeDir || h.Mode != 0o1777 {
		t.Errorf("%s: the layer's /tmp: %+v, want a directory with mode 01777", how, h)
	}
	if h := files[WorkDir[1:]+"/"]; h == nil || h.Typeflag != tar.TypeDir {
		t.Errorf("%s: the layer has no %s", how, WorkDir)
	}
}

func untar(t *testing.T, path, dir string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if !filepath.IsLocal(h.Name) {
			t.Fatalf("entry %q outside the archive", h.Name)
		}
		name := filepath.Join(dir, h.Name)
		if h.Typeflag == tar.TypeDir {
			os.MkdirAll(name, 0o755)
			continue
		}
		os.MkdirAll(filepath.Dir(name), 0o755)
		b, _ := io.ReadAll(tr)
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWriteRefusesBadNames(t *testing.T) {
	img, err := Build(Options{Binary: []byte("x"), Arch: "amd64"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"latency", ":latest", "latency:", "example.com/latency:latest"} {
		if err := Write(filepath.Join(t.TempDir(), "i.tar"), img, name); err == nil {
			t.Errorf("name %q accepted", name)
		}
	}
}
