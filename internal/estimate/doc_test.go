package estimate

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/golden"
	"github.com/latency-numbers/latency/internal/units"
)

// docTableHead is the line of the package comment (parse.go) before the
// phrase table, and the blank comment line after it.
const docTableHead = "// The phrases, each a row and the bytes one of its operations handles:\n//\n"

// TestDocPhrases checks the phrase table of the package comment against
// the rows' phrases (rows.Row.Phrases, the table's source), so the doc
// cannot go stale; -update rewrites the table in parse.go.
func TestDocPhrases(t *testing.T) {
	src, err := os.ReadFile("parse.go")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(src, []byte(docTableHead))
	if i < 0 {
		t.Fatalf("parse.go: no line %q in the package comment", strings.TrimSpace(docTableHead))
	}
	start := i + len(docTableHead)
	n := bytes.Index(src[start:], []byte("\n//\n"))
	if n < 0 {
		t.Fatal("parse.go: the phrase table has no blank comment line after it")
	}
	end := start + n + 1
	got, want := string(src[start:end]), phraseTable(phrases)
	if got == want {
		return
	}
	if golden.Update() {
		out := slices.Concat(src[:start], []byte(want), src[end:])
		if err := os.WriteFile("parse.go", out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the phrase table of parse.go's package comment is not the rows' phrases "+
		"(go test ./internal/estimate -run TestDocPhrases -update rewrites it):\n%s", lineDiff(got, want))
}

// phraseTable is the doc comment's table of ps, a line for the phrases of
// one verb and words that handle the same bytes, their last words (what is
// read, the codec, the link) joined by "|"; aliases are left out.
//
//	read SIZE sequentially from memory|ssd   1 MiB
func phraseTable(ps []phrase) string {
	type line struct {
		head    string // "read SIZE sequentially from"
		objects []string
		bytes   float64
	}
	var lines []*line
	for _, p := range ps {
		if p.alias {
			continue
		}
		head, object := p.verb+" SIZE "+p.rest, ""
		words := strings.Fields(p.rest)
		if k := slices.IndexFunc(words, func(w string) bool { return w == "from" || w == "with" || w == "over" }); k >= 0 {
			head = p.verb + " SIZE " + strings.Join(words[:k+1], " ")
			object = strings.Join(words[k+1:], " ")
		}
		i := slices.IndexFunc(lines, func(l *line) bool { return l.head == head && l.bytes == p.bytes })
		if i < 0 {
			lines = append(lines, &line{head: head, bytes: p.bytes})
			i = len(lines) - 1
		}
		if object != "" {
			lines[i].objects = append(lines[i].objects, object)
		}
	}
	texts := make([]string, len(lines))
	width := 0
	for i, l := range lines {
		texts[i] = strings.TrimSpace(l.head + " " + strings.Join(l.objects, "|"))
		width = max(width, len(texts[i]))
	}
	var b strings.Builder
	for i, l := range lines {
		fmt.Fprintf(&b, "//\t%-*s   %s\n", width, texts[i], units.Bytes(l.bytes, 3))
	}
	return b.String()
}

// lineDiff lists the lines of got that want lacks ("-") and the lines of
// want that got lacks ("+").
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for _, l := range g {
		if !slices.Contains(w, l) {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range w {
		if !slices.Contains(g, l) {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	return b.String()
}

func TestPhraseTable(t *testing.T) {
	ps := []phrase{
		{verb: "read", rest: "sequentially from memory", bytes: 1 << 20},
		{verb: "read", rest: "sequentially from ram", bytes: 1 << 20, alias: true},
		{verb: "read", rest: "sequentially from page cache", bytes: 1 << 20},
		{verb: "read", rest: "randomly from memory", bytes: 64},
		{verb: "read", rest: "randomly from ssd", bytes: 4096},
		{verb: "send", rest: "over 1gbps", bytes: 1024},
	}
	want := "//\tread SIZE sequentially from memory|page cache   1 MiB\n" +
		"//\tread SIZE randomly from memory                  64 B\n" +
		"//\tread SIZE randomly from ssd                     4 KiB\n" +
		"//\tsend SIZE over 1gbps                            1 KiB\n"
	if got := phraseTable(ps); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
