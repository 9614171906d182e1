package workers

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/klauspost/compress/zstd"

	"github.com/latency-numbers/latency/internal/version"
)

// An Archive holds the workers of one platform, as Pack writes them: a tar
// file compressed with zstd, its first entry manifestName, then for every
// package <short>/<short>.test and <short>/testdata/... when the package
// has test data.
//
// Note: compressed, the test binaries take about a third of their size,
// which matters for a file meant to be copied to other machines; unpacking
// them takes a fraction of a second, once per run.
type Archive struct {
	Data []byte
}

// A Manifest says what an archive holds.
type Manifest struct {
	GOOS     string    `json:"goos"`
	GOARCH   string    `json:"goarch"`
	Go       string    `json:"go"`       // the toolchain that built the binaries
	Packages []Package `json:"packages"` // Path and Short; Dir and Bin are set by Prepare
}

const manifestName = "manifest.json"

// Kind is KindEmbedded.
func (Archive) Kind() string { return KindEmbedded }

// Commit is the commit the latency binary, and so its archive, was built
// from (make dist builds both from one tree).
func (Archive) Commit() string { return version.Commit() }

// Manifest reads the archive's manifest.
func (a Archive) Manifest() (Manifest, error) {
	var m Manifest
	err := a.walk(context.Background(), func(h *tar.Header, r io.Reader) error {
		if h.Name != manifestName {
			return fmt.Errorf("workers archive: first entry %q, want %s", h.Name, manifestName)
		}
		if err := json.NewDecoder(r).Decode(&m); err != nil {
			return fmt.Errorf("workers archive: %s: %w", manifestName, err)
		}
		return errStop
	})
	return m, err
}

var errStop = errors.New("stop")

// walk calls f for every entry of the archive, in order, until f returns
// an error (errStop ends the walk without one) or ctx is done.
func (a Archive) walk(ctx context.Context, f func(*tar.Header, io.Reader) error) error {
	zr, err := zstd.NewReader(bytes.NewReader(a.Data), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("workers archive: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("workers archive: %w", err)
		}
		if err := f(h, tr); err != nil {
			if err == errStop {
				return nil
			}
			return err
		}
	}
}

// Prepare unpacks the archive into dir: each package's directory, its
// test binary and test data. It refuses an archive for another platform.
func (a Archive) Prepare(ctx context.Context, dir string, log io.Writer) ([]Package, error) {
	m, err := a.Manifest()
	if err != nil {
		return nil, err
	}
	if m.GOOS != runtime.GOOS || m.GOARCH != runtime.GOARCH {
		return nil, fmt.Errorf("the embedded workers are for %s/%s, this is %s/%s", m.GOOS, m.GOARCH, runtime.GOOS, runtime.GOARCH)
	}
	fmt.Fprintf(log, "unpacking %d embedded benchmark packages (%s/%s, %s)...\n", len(m.Packages), m.GOOS, m.GOARCH, m.Go)
	err = a.walk(ctx, func(h *tar.Header, r io.Reader) error {
		if h.Name == manifestName {
			return nil
		}
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("workers archive: entry %q is not a local path", h.Name)
		}
		name := filepath.Join(dir, filepath.FromSlash(h.Name))
		switch h.Typeflag {
		case tar.TypeDir:
			return os.MkdirAll(name, 0o755)
		case tar.TypeReg:
			return writeFile(name, r, fs.FileMode(h.Mode).Perm())
		}
		return fmt.Errorf("workers archive: entry %q is neither a file nor a directory", h.Name)
	})
	if err != nil {
		return nil, err
	}
	pkgs := m.Packages
	for i, p := range pkgs {
		if !filepath.IsLocal(p.Short) || strings.ContainsAny(p.Short, `/\`) {
			return nil, fmt.Errorf("workers archive: bad package name %q", p.Short)
		}
		pkgs[i].Dir = filepath.Join(dir, p.Short)
		pkgs[i].Bin = filepath.Join(pkgs[i].Dir, p.Short+".test")
		if _, err := os.Stat(pkgs[i].Bin); err != nil {
			return nil, fmt.Errorf("workers archive: %w", err)
		}
	}
	return pkgs, nil
}

func writeFile(name string, r io.Reader, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("unpacking %s: %w", name, err)
	}
	return f.Close()
}

// Pack writes the archive of pkgs, whose Bin is the test binary and Dir
// the source directory (its testdata/, if any, goes along); m says which
// platform and toolchain they were built for (its Packages are filled in
// from pkgs).
func Pack(w io.Writer, m Manifest, pkgs []Package) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBetterCompression))
	if err != nil {
		return err
	}
	tw := tar.NewWriter(zw)
	m.Packages = nil
	for _, p := range pkgs {
		m.Packages = append(m.Packages, Package{Path: p.Path, Short: p.Short})
	}
	js, err := json.MarshalIndent(m, "", "\t")
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o644, Size: int64(len(js)), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	if _, err := tw.Write(js); err != nil {
		return err
	}
	for _, p := range pkgs {
		if err := tw.WriteHeader(&tar.Header{Name: p.Short + "/", Mode: 0o755, Typeflag: tar.TypeDir}); err != nil {
			return err
		}
		if err := addFile(tw, p.Bin, path.Join(p.Short, p.Short+".test"), 0o755); err != nil {
			return err
		}
		td := filepath.Join(p.Dir, "testdata")
		if _, err := os.Stat(td); err != nil {
			continue
		}
		err := filepath.WalkDir(td, func(file string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(p.Dir, file)
			if err != nil {
				return err
			}
			name := path.Join(p.Short, filepath.ToSlash(rel))
			if d.IsDir() {
				return tw.WriteHeader(&tar.Header{Name: name + "/", Mode: 0o755, Typeflag: tar.TypeDir})
			}
			if !d.Type().IsRegular() {
				return fmt.Errorf("%s: not a regular file", file)
			}
			return addFile(tw, file, name, 0o644)
		})
		if err != nil {
			return fmt.Errorf("packing %s: %w", td, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return zw.Close()
}

// addFile copies file into the archive as name.
func addFile(tw *tar.Writer, file, name string, mode int64) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: st.Size(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}
