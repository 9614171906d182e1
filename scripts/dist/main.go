// Dist builds the files of make dist: for each platform, one latency
// binary that carries the bench workers built for it, so that
//
//	scp dist/latency-linux-amd64 host: && ssh host ./latency-linux-amd64 run
//
// measures the whole table with no Go and no clone on the host.
//
// For each GOOS/GOARCH (default: linux/amd64, linux/arm64, darwin/arm64,
// darwin/amd64) it builds every bench package's test binary
// (CGO_ENABLED=0, -trimpath), packs them with their test data into
// internal/workers/payload/workers.tar.zst (workers.Pack), then builds
// cmd/latency with -tags embedworkers, CGO_ENABLED=0 and the commit given
// to the linker, as dist/latency-GOOS-GOARCH; the payload is removed
// afterwards. Linux files are statically linked; macOS has no static
// binaries (every program links libSystem), but the file needs nothing
// else.
//
// Usage:
//
//	go run ./scripts/dist [-o dir] [GOOS/GOARCH...]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/latency-numbers/latency/internal/workers"
)

var targets = []string{"linux/amd64", "linux/arm64", "darwin/arm64", "darwin/amd64"}

func main() {
	out := flag.String("o", "dist", "`directory` for the binaries")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./scripts/dist [-o dir] [GOOS/GOARCH...] (default %s)\n", strings.Join(targets, " "))
		flag.PrintDefaults()
	}
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *out, flag.Args()); err != nil {
		fmt.Fprintf(os.Stderr, "dist: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string, ts []string) error {
	if len(ts) == 0 {
		ts = targets
	}
	root, err := workers.ModuleRoot()
	if err != nil {
		return err
	}
	if out, err = filepath.Abs(out); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	goVersion, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return fmt.Errorf("go env GOVERSION: %w", err)
	}
	for _, t := range ts {
		goos, goarch, ok := strings.Cut(t, "/")
		if !ok {
			return fmt.Errorf("bad target %q: want GOOS/GOARCH", t)
		}
		start := time.Now()
		bin := filepath.Join(out, "latency-"+goos+"-"+goarch)
		if err := build(ctx, root, goos, goarch, strings.TrimSpace(string(goVersion)), bin); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		st, err := os.Stat(bin)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "dist: wrote %s (%s) in %s\n", bin, humanize.IBytes(uint64(st.Size())), time.Since(start).Round(time.Second))
	}
	return nil
}

// build writes the latency binary for goos/goarch, its workers inside, to
// bin.
func build(ctx context.Context, root, goos, goarch, goVersion, bin string) error {
	env := []string{"GOOS=" + goos, "GOARCH=" + goarch, "CGO_ENABLED=0"}
	tmp, err := os.MkdirTemp("", "latency-dist-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(os.Stderr, "dist: %s/%s: ", goos, goarch)
	b := &workers.Build{Env: env, Flags: []string{"-trimpath"}}
	pkgs, err := b.Prepare(ctx, tmp, os.Stderr)
	if err != nil {
		return err
	}
	payload := filepath.Join(root, "internal", "workers", "payload", "workers.tar.zst")
	if err := os.MkdirAll(filepath.Dir(payload), 0o755); err != nil {
		return err
	}
	unlock, err := lockPayload(payload + ".lock")
	if err != nil {
		return fmt.Errorf("locking the payload: %w", err)
	}
	defer unlock()
	defer os.Remove(payload)
	f, err := os.Create(payload)
	if err != nil {
		return err
	}
	m := workers.Manifest{GOOS: goos, GOARCH: goarch, Go: goVersion}
	if err := workers.Pack(f, m, pkgs); err != nil {
		f.Close()
		return fmt.Errorf("packing the workers: %w", err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	// -s -w leave out the symbol table and DWARF: the workers keep theirs
	// (not that they need them: package codegen reads the pc table).
	ldflags := "-s -w -X github.com/latency-numbers/latency/internal/version.commit=" + b.Commit()
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "embedworkers", "-trimpath", "-ldflags", ldflags, "-o", bin, "./cmd/latency")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building latency: %w", err)
	}
	return nil
}
