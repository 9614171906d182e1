package estimate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/latency-numbers/latency/internal/rows"
)

// A phrase is the English for a row's work (rows.Row.Phrases): "read SIZE
// sequentially from ssd" is ssd_sequential_read_1mb, 1 MiB a read.
type phrase struct {
	verb  string
	rest  string  // the words after the size, lower case
	id    string  // the row
	bytes float64 // bytes one of the row's operations handles
	alias bool    // another spelling of a phrase before it, not shown in suggestions
}

// grammar lists the verbs of the phrases, in the order a list of phrases
// shows them.
var grammar = []string{"read", "compress", "decompress", "hash", "encrypt", "send"}

// phrases lists every phrase of the rows, by verb, then by the word after
// the size ("randomly", "sequentially"), then in the table's order.
var phrases = phrasesOf(rows.Table)

// phrasesOf returns the phrases of the rows of table in the order phrases
// lists them. Each operation handles the row's PhraseBytes, else its
// Work.Bytes. A phrase whose verb is not in grammar is left out
// (TestPhrases fails on it).
func phrasesOf(table []rows.Row) []phrase {
	var out []phrase
	for _, r := range table {
		b := r.PhraseBytes
		if b == 0 {
			b = r.Work.Bytes
		}
		for i, text := range r.Phrases {
			verb, rest, _ := strings.Cut(text, " SIZE ")
			if slices.Contains(grammar, verb) {
				out = append(out, phrase{verb: verb, rest: rest, id: r.ID, bytes: b, alias: i > 0})
			}
		}
	}
	first := func(s string) string { w, _, _ := strings.Cut(s, " "); return w }
	slices.SortStableFunc(out, func(p, q phrase) int {
		if c := slices.Index(grammar, p.verb) - slices.Index(grammar, q.verb); c != 0 {
			return c
		}
		return strings.Compare(first(p.rest), first(q.rest))
	})
	return out
}

// verbs lists the phrases' verbs, in order.
func verbs() []string {
	var vs []string
	for _, p := range phrases {
		if !slices.Contains(vs, p.verb) {
			vs = append(vs, p.verb)
		}
	}
	return vs
}

func isVerb(w string) bool {
	w = strings.ToLower(w)
	return slices.ContainsFunc(phrases, func(p phrase) bool { return p.verb == w })
}

// gbit joins a link speed to its unit and drops filler words: "over 10
// gbit/s" → "over 10gbps"; "from the ssd" → "from ssd".
var gbit = regexp.MustCompile(`\b([0-9]+) ?(gbps|gbit/s|gb/s|gbit|g)\b`)

// lookupPhrase finds the phrase of verb and the words after its size.
func lookupPhrase(verb string, words []string) (phrase, error) {
	var kept []string
	for _, w := range words {
		if w != "the" && w != "a" && w != "an" && w != ":" {
			kept = append(kept, w)
		}
	}
	rest := gbit.ReplaceAllString(strings.Join(kept, " "), "${1}gbps")
	rest = strings.ReplaceAll(rest, "pagecache", "page cache")
	for _, p := range phrases {
		if p.verb == verb && p.rest == rest {
			return p, nil
		}
	}
	var known, rests []string
	for _, p := range phrases {
		if p.verb == verb && !p.alias {
			known = append(known, p.verb+" SIZE "+p.rest)
			rests = append(rests, p.rest)
		}
	}
	msg := fmt.Sprintf("no phrase %q", verb+" SIZE "+rest)
	if s := suggest(rest, rests); len(s) > 0 {
		for i := range s {
			s[i] = verb + " SIZE " + s[i]
		}
		msg += "; did you mean " + orList(s) + "?"
	}
	return phrase{}, fmt.Errorf("%s (phrases with %s: %s)", msg, verb, strings.Join(known, "; "))
}

// suggest returns the candidates nearest to s, nearest first, at most
// three: those within an edit distance of a third of its length (at least
// 2) of the candidate or of the candidate's start (a shortened id with a
// typo), and those with every word of s (split at _ and spaces) at the
// start of one of theirs.
func suggest(s string, candidates []string) []string {
	s = strings.ToLower(s)
	type scored struct {
		c string
		d int
	}
	var near []scored
	n := len([]rune(s))
	if n > 100 {
		return nil // no id or phrase is near so long a word
	}
	limit := max(2, n/3)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := distance(s, lc)
		if r := []rune(lc); len(r) > n {
			d = min(d, distance(s, string(r[:n]))+1)
		}
		if d > limit && hasWords(lc, s) {
			d = limit + 1
		}
		if d <= limit+1 && (d <= limit || hasWords(lc, s)) {
			near = append(near, scored{c, d})
		}
	}
	slices.SortStableFunc(near, func(a, b scored) int { return a.d - b.d })
	var out []string
	for _, n := range near[:min(len(near), 3)] {
		out = append(out, n.c)
	}
	return out
}

// hasWords reports whether every word of s begins a word of c.
func hasWords(c, s string) bool {
	split := func(x string) []string {
		return strings.FieldsFunc(x, func(r rune) bool { return r == '_' || r == ' ' })
	}
	cw := split(c)
	sw := split(s)
	if len(sw) == 0 {
		return false
	}
	for _, w := range sw {
		if !slices.ContainsFunc(cw, func(x string) bool { return strings.HasPrefix(x, w) }) {
			return false
		}
	}
	return true
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// orList joins words as "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
