package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/latency-numbers/latency/internal/card"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/view"
)

func cmdCard(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("card", stderr, "[-format text|markdown|svg|png] [-o FILE] [-human] [-width N] [FILE]   (default: newest file in results/)")
	format := fs.String("format", "", "card `format`: "+card.Formats.String()+" (default: text, or the -o file's extension)")
	out := fs.String("o", "", "write the card to this `file` (.txt, .md, .svg or .png) instead of stdout")
	human := fs.Bool("human", false, "add the human-scale column: every figure as if an L1 cache reference took one second")
	dir := fs.String("dir", "results", "`directory` searched for the newest results file when no FILE is given")
	width := fs.Int("width", 0, fmt.Sprintf("text: lay the card out within this many `columns`, at most %d (default: the terminal's; %d when not a terminal)", card.Width, card.Width))
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkWidth(*width); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("card takes one results file, got %d", fs.NArg())
	}
	f, err := cardFormat(view.Format(*format), *out)
	if err != nil {
		return err
	}
	if *out == "" && (f == view.PNG || f == view.SVG) {
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
	c := card.New(rep, *human)
	c.Columns = *width
	if *out == "" {
		c.Columns = textWidth(stdout, *width)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf, f); err != nil {
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
// extension, else text. An output file's extension must name a format
// (.txt, .md or .markdown, .svg, .png), and the format asked, if any.
func cardFormat(asked view.Format, out string) (view.Format, error) {
	if asked != "" {
		if err := card.Formats.Check(asked); err != nil {
			return "", fmt.Errorf("bad -format: %w", err)
		}
	}
	if out == "" {
		return cmp.Or(asked, view.Text), nil
	}
	ext := filepath.Ext(out)
	f, ok := card.Formats.ByExt(out)
	switch {
	case !ok && ext == "":
		return "", fmt.Errorf("-o %s has no extension: name the file .txt, .md, .svg or .png", out)
	case !ok:
		return "", fmt.Errorf("-o %s: unknown extension %s: name the file .txt, .md, .svg or .png", out, ext)
	case asked != "" && asked != f:
		return "", fmt.Errorf("-format %s does not match -o %s, a %s file's name: give the file a %s name, or leave -format out",
			asked, out, f, asked.Ext())
	}
	return f, nil
}
