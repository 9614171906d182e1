package workers

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// fakePackage makes a package directory with test data and a "test
// binary" beside it.
func fakePackage(t *testing.T, short string, testdata bool) Package {
	t.Helper()
	dir := filepath.Join(t.TempDir(), short)
	if testdata {
		if err := os.MkdirAll(filepath.Join(dir, "testdata", "corpus"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "testdata", "corpus", "alice.txt"), []byte("down the rabbit hole"), 0o644); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), short+".test")
	if err := os.WriteFile(bin, []byte("binary of "+short), 0o755); err != nil {
		t.Fatal(err)
	}
	return Package{Path: ModulePath + "/bench/" + short, Short: short, Dir: dir, Bin: bin}
}

func pack(t *testing.T, m Manifest, pkgs ...Package) Archive {
	t.Helper()
	var buf bytes.Buffer
	if err := Pack(&buf, m, pkgs); err != nil {
		t.Fatal(err)
	}
	return Archive{Data: buf.Bytes()}
}

var here = Manifest{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}

// TestPackPrepare packs two packages and unpacks them: each package's
// directory holds its executable test binary and its test data, and the
// packages come back with their paths.
func TestPackPrepare(t *testing.T) {
	a := pack(t, here, fakePackage(t, "compress", true), fakePackage(t, "cpu", false))
	m, err := a.Manifest()
	if err != nil || m.GOOS != runtime.GOOS || len(m.Packages) != 2 || m.Packages[0].Dir != "" {
		t.Fatalf("manifest %+v, %v", m, err)
	}
	dir := t.TempDir()
	var log bytes.Buffer
	pkgs, err := a.Prepare(context.Background(), dir, &log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "unpacking 2 embedded benchmark packages") {
		t.Errorf("log %q", log.String())
	}
	for i, short := range []string{"compress", "cpu"} {
		p := pkgs[i]
		want := Package{Path: ModulePath + "/bench/" + short, Short: short, Dir: filepath.Join(dir, short), Bin: filepath.Join(dir, short, short+".test")}
		if p != want {
			t.Errorf("package %d: got %+v, want %+v", i, p, want)
		}
		st, err := os.Stat(p.Bin)
		if err != nil || st.Mode().Perm() != 0o755 {
			t.Errorf("%s: %v, mode %v; want an executable file", p.Bin, err, st.Mode())
		}
		if b, _ := os.ReadFile(p.Bin); string(b) != "binary of "+short {
			t.Errorf("%s holds %q", p.Bin, b)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "compress", "testdata", "corpus", "alice.txt")); err != nil || string(b) != "down the rabbit hole" {
		t.Errorf("test data: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cpu", "testdata")); err == nil {
		t.Error("cpu has test data it never had")
	}
}

func TestPrepareRefuses(t *testing.T) {
	other := Manifest{GOOS: "plan9", GOARCH: "mips", Go: runtime.Version()}
	if _, err := pack(t, other, fakePackage(t, "cpu", false)).Prepare(context.Background(), t.TempDir(), io.Discard); err == nil || !strings.Contains(err.Error(), "the embedded workers are for plan9/mips") {
		t.Errorf("another platform's archive: got %v", err)
	}

	// An archive with an entry outside its directory.
	var buf bytes.Buffer
	zw, _ := zstd.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	js := []byte(`{"goos":"` + runtime.GOOS + `","goarch":"` + runtime.GOARCH + `"}`)
	tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o644, Size: int64(len(js))})
	tw.Write(js)
	tw.WriteHeader(&tar.Header{Name: "../escaped", Mode: 0o755, Size: 1})
	tw.Write([]byte("x"))
	tw.Close()
	zw.Close()
	dir := filepath.Join(t.TempDir(), "workers")
	os.Mkdir(dir, 0o755)
	if _, err := (Archive{Data: buf.Bytes()}).Prepare(context.Background(), dir, io.Discard); err == nil || !strings.Contains(err.Error(), "not a local path") {
		t.Errorf("an escaping entry: got %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "escaped")); err == nil {
		t.Error("the escaping entry was written")
	}

	if _, err := (Archive{Data: []byte("not zstd")}).Prepare(context.Background(), t.TempDir(), io.Discard); err == nil {
		t.Error("garbage unpacked")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pack(t, here, fakePackage(t, "cpu", false)).Prepare(ctx, t.TempDir(), io.Discard); err == nil {
		t.Error("unpacked after the context was cancelled")
	}
}

// Without the embedworkers tag the workers are built.
func TestDefault(t *testing.T) {
	if got := Default().Kind(); got != KindBuilt {
		t.Errorf("Default().Kind() = %q, want %q in a test binary", got, KindBuilt)
	}
	if got := (Archive{}).Kind(); got != KindEmbedded {
		t.Errorf("Archive.Kind() = %q", got)
	}
}

// Build's commit is git's HEAD of the module, with -dirty for changes.
func TestBuildCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Run(); err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	hash := regexp.MustCompile(`^[0-9a-f]{40}(-dirty)?$`)
	if got := (&Build{}).Commit(); !hash.MatchString(got) {
		t.Errorf("Commit() before Prepare = %q, want the hash of the module around the current directory", got)
	}
	if got := (&Build{root: root}).Commit(); !hash.MatchString(got) {
		t.Errorf("Commit() = %q, want a hash", got)
	}
	if got := (&Build{root: t.TempDir()}).Commit(); got != "" {
		t.Errorf("Commit() outside a repository = %q, want \"\"", got)
	}
}
