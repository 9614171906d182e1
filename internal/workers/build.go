package workers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
)

// A Build builds the workers from the module in the current directory
// with the go command: one `go test -c -o DIR/` of every package under
// bench/, which builds them in parallel.
type Build struct {
	Env   []string // added to the go command's environment, e.g. GOOS=linux GOARCH=arm64 CGO_ENABLED=0 (make dist)
	Flags []string // added to go test -c, e.g. -trimpath

	root string // the module's directory, once found
}

// Kind is KindBuilt.
func (b *Build) Kind() string { return KindBuilt }

// Prepare builds every bench package's test binary into dir as
// <name>.test; each package runs in its source directory.
func (b *Build) Prepare(ctx context.Context, dir string, log io.Writer) ([]Package, error) {
	root, err := ModuleRoot()
	if err != nil {
		return nil, err
	}
	b.root = root
	pkgs, err := b.list(ctx)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "building %d benchmark packages...\n", len(pkgs))
	// With -o naming a directory each test binary is written there as
	// <name>.test.
	args := append([]string{"test", "-c", "-o", dir + string(os.PathSeparator)}, b.Flags...)
	for _, p := range pkgs {
		args = append(args, p.Path)
	}
	if out, err := b.goCmd(ctx, args...).CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return nil, errors.New("interrupted while building: nothing saved")
		}
		return nil, fmt.Errorf("building the benchmarks: %w\n%s", err, out)
	}
	for i := range pkgs {
		pkgs[i].Bin = filepath.Join(dir, path.Base(pkgs[i].Path)+".test")
	}
	return pkgs, nil
}

// Commit asks git for the module's commit, "-dirty" appended when tracked
// files have changed; "" without git or outside a repository. Before
// Prepare it looks for the module in the current directory.
//
// Note: untracked files are left out of "dirty": the results files a run
// writes into results/ would otherwise make every later run dirty.
func (b *Build) Commit() string {
	if b.root == "" {
		if b.root, _ = ModuleRoot(); b.root == "" {
			return ""
		}
	}
	rev, err := exec.Command("git", "-C", b.root, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	c := strings.TrimSpace(string(rev))
	st, err := exec.Command("git", "-C", b.root, "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil {
		return c
	}
	if len(strings.TrimSpace(string(st))) > 0 {
		c += "-dirty"
	}
	return c
}

func (b *Build) goCmd(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = b.root
	if len(b.Env) > 0 {
		cmd.Env = append(os.Environ(), b.Env...)
	}
	return cmd
}

// list finds the packages under bench/ with go list, in the environment
// of the build (build tags pick each target's files).
func (b *Build) list(ctx context.Context) ([]Package, error) {
	out, err := b.goCmd(ctx, "list", "-f", "{{.ImportPath}}\t{{.Dir}}", "./bench/...").Output()
	if err != nil {
		return nil, fmt.Errorf("listing benchmark packages: %w", err)
	}
	var ps []Package
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		ps = append(ps, Package{Path: path, Dir: dir, Short: filepath.Base(dir)})
	}
	return ps, nil
}

// ModuleRoot returns the directory of the latency module that holds the
// current directory, or says why there is none.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module (is Go installed? a latency binary from make dist needs neither Go nor a clone): %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the latency module: run from the repository (make bench), or use a latency binary from make dist")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if mod := modfile.ModulePath(data); mod != ModulePath {
		return "", fmt.Errorf("%s is module %q, not %s: run latency from the latency repository (make bench)", gomod, mod, ModulePath)
	}
	return filepath.Dir(gomod), nil
}
