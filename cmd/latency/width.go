package main

import (
	"fmt"
	"io"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// A textLayout says how the text format is laid out: the wide table, or
// the narrow one within a width, with or without its numbered notes.
type textLayout struct {
	wide  bool
	width int // 0: the terminal's, else report.DefaultWidth
	notes bool
}

// narrow returns the narrow layout's options for output to w.
func (l textLayout) narrow(w io.Writer) report.Narrow {
	return report.Narrow{Width: textWidth(w, l.width), Notes: l.notes}
}

// textWidth is the width text output is laid out in: asked, when asked
// (> 0); else the terminal's when w is one; else report.DefaultWidth.
//
// Note: $COLUMNS is not read. It is a shell variable, rarely exported, and
// when it is, it is stale after a resize; the terminal itself knows its
// size, and output to a file or pipe should not depend on the window the
// command was typed in.
func textWidth(w io.Writer, asked int) int {
	if asked > 0 {
		return asked
	}
	if cols, ok := textwidth.Terminal(w); ok {
		return cols
	}
	return report.DefaultWidth
}

// checkWidth refuses a -width that cannot be had: a negative one, or one
// narrower than report.MinWidth. 0 means the terminal's.
func checkWidth(width int) error {
	switch {
	case width < 0:
		return fmt.Errorf("bad -width %d: want a number of columns (or no -width: the terminal's)", width)
	case width > 0 && width < report.MinWidth:
		return fmt.Errorf("bad -width %d: the text layout needs at least %d columns", width, report.MinWidth)
	}
	return nil
}

// printLine writes a status line: wrapped with a hanging indent within the
// terminal when w is one, else as one line, so that a log or a pipe keeps
// one line per event.
func printLine(w io.Writer, s string) {
	cols, _ := textwidth.Terminal(w)
	printWithin(w, cols, s)
}

// printWithin writes s wrapped with a hanging indent within width columns;
// as one line when width is 0.
func printWithin(w io.Writer, width int, s string) {
	if width <= 0 {
		fmt.Fprintln(w, s)
		return
	}
	textwidth.Fprint(w, s, width, "", "  ")
}
