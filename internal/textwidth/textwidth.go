// Package textwidth measures, cuts, pads and wraps text in terminal
// display columns, and finds how wide the terminal is: the one place the
// text outputs fit their lines to a width. Package layout lays the
// tables out on it (report, compare, stability, doctor, card, estimate);
// prose, echo, chart and the run's progress line use it directly.
//
// Note: a width is display columns (go-pretty's text.StringWidth), not
// bytes or runes: "µ", "×", "–" and "±" take one column, an East Asian
// wide character two, a combining mark none.
package textwidth

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/jedib0t/go-pretty/v6/text"
	"golang.org/x/term"
)

// Ellipsis marks where Fit cut a text.
const Ellipsis = "…"

// Width is the number of terminal columns s takes.
func Width(s string) int { return text.StringWidth(s) }

// Fit returns s when it is at most width columns wide, else its longest
// start that leaves room for Ellipsis, without trailing spaces, then
// Ellipsis. It returns "" for a width below 1.
func Fit(s string, width int) string {
	switch {
	case width < 1:
		return ""
	case Width(s) <= width:
		return s
	}
	return strings.TrimRight(text.Trim(s, width-Width(Ellipsis)), " ") + Ellipsis
}

// Cut returns the longest start of s at most width columns wide, but at
// least its first rune (a rune wider than width is not dropped, so a
// loop that cuts a text into pieces always moves on).
func Cut(s string, width int) string {
	if c := text.Trim(s, width); c != "" || s == "" {
		return c
	}
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// PadRight returns s followed by spaces to make it width columns wide;
// s unchanged when it is as wide already.
func PadRight(s string, width int) string { return text.Pad(s, width, ' ') }

// PadLeft returns s after spaces that make it width columns wide; s
// unchanged when it is as wide already.
func PadLeft(s string, width int) string {
	return strings.Repeat(" ", max(width-Width(s), 0)) + s
}

// Wrap breaks s at spaces into lines at most width columns wide (at least
// one column); a word wider than that is cut into pieces. Runs of white
// space become one space. It returns at least one line.
//
// Note: go-pretty's text.WrapSoft wraps; a word wider than the line is
// cut here first, with Cut, since WrapSoft cuts it a rune at a time and
// lets a wide rune at the end of a line overrun the width by one column.
func Wrap(s string, width int) []string {
	width = max(width, 1)
	var words []string
	for _, word := range strings.Fields(s) {
		for Width(word) > width {
			piece := Cut(word, width)
			words = append(words, piece)
			word = word[len(piece):]
		}
		if word != "" {
			words = append(words, word)
		}
	}
	lines := strings.Split(text.WrapSoft(strings.Join(words, " "), width), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// WrapHang wraps s to width with a hanging indent: the first line starts
// with first, the others with hang, and each line, prefix included, is at
// most width columns wide when the prefixes leave room for a word. Empty
// text gives one line, first without its trailing spaces.
func WrapHang(s string, width int, first, hang string) []string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return []string{strings.TrimRight(first, " ")}
	}
	fw, hw := Width(first), Width(hang)
	var lines []string
	if fw == hw {
		lines = Wrap(s, width-hw)
	} else {
		// The first line has another width: wrap it on its own, then the rest.
		head := Wrap(s, width-fw)[0]
		lines = []string{head}
		if rest := strings.TrimSpace(strings.TrimPrefix(s, head)); rest != "" {
			lines = append(lines, Wrap(rest, width-hw)...)
		}
	}
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = hang + lines[i]
		}
	}
	return lines
}

// Fprint writes s wrapped to width with a hanging indent (WrapHang), each
// line without trailing spaces.
func Fprint(w io.Writer, s string, width int, first, hang string) {
	for _, l := range WrapHang(s, width, first, hang) {
		fmt.Fprintln(w, strings.TrimRight(l, " "))
	}
}

// Terminal returns the width of the terminal w writes to, and false when w
// is not a terminal (a file, a pipe, a buffer) or its size is unknown.
func Terminal(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return 0, false
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols <= 0 {
		return 0, false
	}
	return cols, true
}
