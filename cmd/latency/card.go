package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/latency-numbers/latency/internal/card"
	"github.com/latency-numbers/latency/internal/results"
)

func cmdCard(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("card", stderr, "[-format text|markdown|svg|png] [-o FILE] [-human] [FILE]   (default: newest file in results/)")
	format := fs.String("format", "", "card `format`: "+strings.Join(card.Formats, ", ")+" (default: text, or the -o file's extension)")
	out := fs.String("o", "", "write the card to this `file` (.txt, .md, .svg or .png) instead of stdout")
	human := fs.Bool("human", false, "add the human-scale column: every figure as if an L1 cache reference took one second")
	dir := fs.String("dir", "results", "`directory` searched for the newest results file when no FILE is given")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("card takes one results file, got %d", fs.NArg())
	}
	f, err := cardFormat(*format, *out)
	if err != nil {
		return err
	}
	if *out == "" && (f == "png" || f == "svg") {
		if file, ok := stdout.(*os.File); ok && term.IsTerminal(int(file.Fd())) {
			return fmt.Errorf("-format %s is a picture: write it to a file with -o card.%s (or redirect stdout)", f, f)
		}
	}
	arg := fs.Arg(0)
	if arg == "" {
		if arg, err = results.Newest(*dir); err != nil {
			return err
		}
	}
	_, rep, err := load(ctx, arg)
	if rep == nil || (err != nil && rep.FromFile() == 0) {
		return err
	}
	var buf bytes.Buffer
	if err := card.New(rep, *human).Write(&buf, f); err != nil {
		return err
	}
	if *out == "" {
		_, err = buf.WriteTo(stdout)
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the card: %w", err)
	}
	fmt.Fprintf(stderr, "wrote %s\n", *out)
	return nil
}

// cardFormat is the card's format: asked, else the output file's
// extension, else text.
func cardFormat(asked, out string) (string, error) {
	f := asked
	if f == "" {
		switch ext := strings.ToLower(filepath.Ext(out)); ext {
		case ".md", ".markdown":
			f = "markdown"
		case ".svg", ".png":
			f = ext[1:]
		default:
			f = "text"
		}
	}
	if !slices.Contains(card.Formats, f) {
		return "", fmt.Errorf("bad -format: unknown format %q (want %s)", f, strings.Join(card.Formats, ", "))
	}
	return f, nil
}
