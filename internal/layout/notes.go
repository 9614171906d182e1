package layout

import (
	"fmt"
	"io"
	"strings"

	"github.com/latency-numbers/latency/internal/textwidth"
)

// Notes are the notes under a table, to which its rows refer by number:
// "[5]".
type Notes []string

// Add appends a note and returns the reference to it.
func (n *Notes) Add(note string) string {
	*n = append(*n, note)
	return fmt.Sprintf("[%d]", len(*n))
}

// Write prints the notes after a blank line, each under its number and
// wrapped to width: "[5]  main_memory_reference: …". Nothing when there
// are none.
func (n Notes) Write(w io.Writer, width int) {
	if len(n) == 0 {
		return
	}
	fmt.Fprintln(w)
	digits := len(fmt.Sprint(len(n)))
	for i, note := range n {
		first := fmt.Sprintf("[%d]%s ", i+1, strings.Repeat(" ", digits-len(fmt.Sprint(i+1))))
		textwidth.Fprint(w, note, width, first, strings.Repeat(" ", len(first)))
	}
}
