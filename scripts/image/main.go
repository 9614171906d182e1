// Image writes the suite's container image (package container): FROM
// scratch, the static linux latency binary as its entrypoint, as a tarball that
// `docker load` and `podman load` read. make image builds the linux/amd64
// binary first (make dist's).
//
// Usage:
//
//	go run ./scripts/image [-o dist/latency-image.tar] [-name latency:latest] [-arch amd64] BINARY
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/latency-numbers/latency/internal/container"
)

func main() {
	out := flag.String("o", "dist/latency-image.tar", "`file` to write")
	name := flag.String("name", "latency:latest", "the image's `repository:tag`")
	arch := flag.String("arch", "amd64", "the binary's `GOARCH`")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/image [-o file] [-name repo:tag] [-arch amd64] BINARY")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *out, *name, *arch); err != nil {
		fmt.Fprintf(os.Stderr, "image: %v\n", err)
		os.Exit(1)
	}
}

func run(binPath, out, name, arch string) error {
	bin, err := os.ReadFile(binPath)
	if err != nil {
		return err
	}
	labels := map[string]string{"org.opencontainers.image.source": "https://github.com/latency-numbers/latency"}
	// The binary says which suite it is (latency version): the image's
	// labels repeat it. It runs here only when built for this machine.
	if v, err := exec.Command(binPath, "version").Output(); err == nil {
		for _, l := range strings.Split(string(v), "\n") {
			key, value, _ := strings.Cut(l, ": ")
			switch key {
			case "suite-version":
				labels["org.opencontainers.image.version"] = value
			case "suite-commit":
				labels["org.opencontainers.image.revision"] = value
			}
		}
	}
	img, err := container.Build(container.Options{Binary: bin, Arch: arch, Labels: labels})
	if err != nil {
		return err
	}
	if err := container.Write(out, img, name); err != nil {
		return err
	}
	d, err := img.Digest()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "image: wrote %s (%s, %s)\n", out, name, d)
	return nil
}
