// Package estimate does napkin math with one run's figures: it answers the
// estimation questions of a system-design interview ("how long to read
// 10 GiB from SSD", "how many requests per second", "how many round trips
// fit in 200 ms") from the figures measured on this machine, and shows its
// working, naming every figure it used.
//
// # Grammar
//
// A question is a sum of terms, optionally asked as a rate or a budget:
//
//	question = sum
//	         | "qps" ["per request" [":"]] sum      requests per second
//	         | "budget" DURATION ["for" | ":"] sum  how many fit in DURATION
//	sum      = term { "+" term }
//	term     = [COUNT ["*" | "×" | "x"]] item
//	         | item ("*" | "×" | "x") COUNT
//	item     = ROW_ID                      one operation of a row
//	         | SIZE ["of"] ROW_ID          as many operations as SIZE takes
//	         | VERB SIZE WORDS...          a phrase (see below)
//	         | "(" sum ")"
//
// COUNT is a number: 3, 1.5, 1e6, 1_000_000, with an optional k, M, G or
// T (×10³ … ×10¹²) or "x" (3x); numbers take no commas (is 1,5 one and a
// half or fifteen?), so 1,000 is refused. SIZE is a number and a unit of
// bytes: B; KB, MB, GB, TB (powers of 1000); KiB, MiB, GiB, TiB (powers
// of 1024), with or without a space ("10GiB", "10 GiB"). DURATION is a
// number and ns, us or µs, ms, s, min or h. ROW_IDs are the report's
// (latency report -format json, or the notes of the text report). Case
// does not matter.
//
// A question is at most MaxLen bytes long and nests parentheses at most
// MaxDepth deep.
//
// The phrases, each a row and the bytes one of its operations handles:
//
//	read SIZE randomly from memory                                 64 B
//	read SIZE randomly from ssd|disk|page cache                    4 KiB
//	read SIZE sequentially from memory|ssd|disk|cache|page cache   1 MiB
//	compress SIZE with snappy|s2|zstd|deflate|gzip                 1 KiB
//	decompress SIZE with snappy                                    1 KiB
//	hash SIZE with crc32c|sha256                                   1 KiB
//	encrypt SIZE with aes-gcm                                      1 KiB
//	send SIZE over 1gbps|loopback|10gbps|25gbps|100gbps            1 KiB
//
// Other spellings are read too (ram for memory, flate for deflate). The
// rows' Phrases are the phrases; TestDocPhrases checks this table against
// them, and rewrites it with -update.
//
// Examples:
//
//	read 10 GiB sequentially from ssd
//	1e6 * ssd_random_read_4kb
//	3 * main_memory_reference + 1 * datacenter_round_trip
//	qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy
//	budget 200ms datacenter_round_trip
package estimate

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/latency-numbers/latency/internal/units"
)

// What a question asks.
type Mode int

const (
	Total  Mode = iota // how long the sum takes
	QPS                // how many times per second the sum can be done
	Budget             // how many times the sum fits in a duration
)

// A Question is a parsed question.
type Question struct {
	Text     string
	Mode     Mode
	BudgetNS float64 // for Budget
	Sum      []Term
}

// A Term is a count of an item: a row's operation, or a parenthesised sum.
type Term struct {
	Count float64 // how many times, as written (1 when not)
	// Ops is how many of the row's operations one item takes: 1, or for a
	// phrase the size over the bytes of one operation.
	Ops float64
	// Bytes, when not 0, is a size the row's operations are to cover
	// ("10 GiB of ssd_sequential_read_1mb"): the count is multiplied by
	// how many operations that takes (rows.WorkOf's Bytes each).
	Bytes float64
	// How says where the count came from when a size gave it:
	// "10 GiB ÷ 1 MiB"; for Bytes, the size: "10 GiB".
	How   string
	ID    string // the row, or "" for a group
	Group []Term
	Text  string // the term as written
	Pos   int    // where it starts in the question, in runes from 0
}

// A SyntaxError is a question that cannot be parsed: where, and why.
type SyntaxError struct {
	Question string
	Pos      int // in runes from 0
	Msg      string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s, column %d: %s", excerpt(e.Question, e.Pos), e.Pos+1, e.Msg)
}

// excerpt quotes a question for an error: whole, or when long the part
// around a rune position, with … where it is cut.
func excerpt(q string, pos int) string {
	const around = 30
	if len(q) <= 3*around {
		return strconv.Quote(q)
	}
	r := []rune(q)
	from, to := max(0, min(pos, len(r))-around), min(len(r), pos+around)
	s := strconv.Quote(string(r[from:to]))
	if from > 0 {
		s = "…" + s
	}
	if to < len(r) {
		s += "…"
	}
	return s
}

// Token kinds.
type tokKind int

const (
	tNum  tokKind = iota // a number, with its suffix: 10, 1e6, 10GiB, 200ms, 3x
	tWord                // a word: a row id, a unit, a phrase's word
	tOp                  // + * × ( ) :
	tEOF
)

type token struct {
	kind   tokKind
	text   string
	num    float64 // tNum: the number without its suffix
	suffix string  // tNum: the letters after it, as written
	pos    int
}

// Limits of a question.
//
// Note: they keep the work of a question small (parsing and answering are
// linear in its length: a question at MaxLen takes milliseconds), so
// neither looks at a context; a question pasted by mistake, a whole file,
// is refused at once rather than parsed.
const (
	MaxLen   = 64 << 10 // bytes
	MaxDepth = 100      // nested parentheses
)

// scanNumber returns where the number starting at runes[i] ends:
// [0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)? or \.[0-9]+([eE][+-]?[0-9]+)?,
// without trailing underscores; i when there is none.
func scanNumber(runes []rune, i int) int {
	digit := func(j int) bool { return j < len(runes) && runes[j] >= '0' && runes[j] <= '9' }
	j := i
	if digit(j) {
		for j < len(runes) && (digit(j) || runes[j] == '_') {
			j++
		}
		for runes[j-1] == '_' {
			j--
		}
		if j < len(runes) && runes[j] == '.' && digit(j+1) {
			j++
		}
	} else if !(runes[j] == '.' && digit(j+1)) {
		return i
	} else {
		j++
	}
	if j > i && runes[j-1] == '.' {
		for digit(j) {
			j++
		}
	}
	if j < len(runes) && (runes[j] == 'e' || runes[j] == 'E') {
		k := j + 1
		if k < len(runes) && (runes[k] == '+' || runes[k] == '-') {
			k++
		}
		if digit(k) {
			for digit(k) {
				k++
			}
			j = k
		}
	}
	return j
}

// notNumbers are words ParseFloat would take for numbers.
var notNumbers = map[string]bool{"nan": true, "inf": true, "infinity": true}

// lex splits a question into tokens.
//
// Note: it works on the question's runes, converted once, and copies only
// each token's own text: re-slicing the rest of the question for each
// number made a long sum quadratic (issue 20.1).
func lex(q string) ([]token, error) {
	var toks []token
	runes := []rune(q)
	for i := 0; i < len(runes); {
		r := runes[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case strings.ContainsRune("+*×():", r):
			toks = append(toks, token{kind: tOp, text: string(r), pos: i})
			i++
		case r >= '0' && r <= '9' || r == '.':
			j := scanNumber(runes, i)
			if j == i {
				return nil, &SyntaxError{q, i, fmt.Sprintf("%q is not a number", string(r))}
			}
			m := string(runes[i:j])
			if j+1 < len(runes) && runes[j] == ',' && runes[j+1] >= '0' && runes[j+1] <= '9' {
				k := j + 1
				for k < len(runes) && (runes[k] >= '0' && runes[k] <= '9' || runes[k] == ',') {
					k++
				}
				return nil, &SyntaxError{q, i, fmt.Sprintf("%q: numbers take no commas (write 1.5 for a decimal, 1000000, 1_000_000 or 1e6 for a large number)", string(runes[i:k]))}
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(m, "_", ""), 64)
			if err != nil || math.IsInf(v, 0) {
				return nil, &SyntaxError{q, i, fmt.Sprintf("%q is not a number this can compute with (at most 1.8e308)", m)}
			}
			k := j
			for k < len(runes) && isWordRune(runes[k]) {
				k++
			}
			toks = append(toks, token{kind: tNum, text: string(runes[i:k]), num: v, suffix: string(runes[j:k]), pos: i})
			i = k
		case isWordStart(r):
			j := i
			for j < len(runes) && isWordRune(runes[j]) {
				j++
			}
			w := string(runes[i:j])
			if notNumbers[strings.ToLower(w)] {
				return nil, &SyntaxError{q, i, fmt.Sprintf("%s is not a number: counts, sizes and durations are finite numbers such as 3 or 1e6", w)}
			}
			toks = append(toks, token{kind: tWord, text: w, pos: i})
			i = j
		default:
			return nil, &SyntaxError{q, i, fmt.Sprintf("unexpected %q (terms are joined by + and counted with *)", string(r))}
		}
	}
	return append(toks, token{kind: tEOF, pos: len(runes)}), nil
}

func isWordStart(r rune) bool { return unicode.IsLetter(r) || r == '_' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '/' || r == '.'
}

// parser reads tokens into a Question.
type parser struct {
	q     string
	runes []rune // q's
	toks  []token
	i     int
	depth int // of parentheses open
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i = min(p.i+1, len(p.toks)-1); return t }

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{p.q, pos, fmt.Sprintf(format, args...)}
}

// isWord reports whether the next token is one of the words (any case).
func (p *parser) isWord(words ...string) bool {
	t := p.peek()
	if t.kind != tWord {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

// Parse parses a question (see the package's grammar).
func Parse(q string) (*Question, error) {
	if len(q) > MaxLen {
		return nil, &SyntaxError{q, 0, fmt.Sprintf("the question is %d bytes long, more than the %d a question may have", len(q), MaxLen)}
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{q: q, runes: []rune(q), toks: toks}
	out := &Question{Text: strings.TrimSpace(q)}
	switch {
	case p.isWord("qps"):
		p.next()
		out.Mode = QPS
		if p.isWord("per") {
			p.next()
			if !p.isWord("request") {
				return nil, p.errorf(p.peek().pos, `want "per request"`)
			}
			p.next()
		}
		if t := p.peek(); t.kind == tOp && t.text == ":" {
			p.next()
		}
	case p.isWord("budget"):
		p.next()
		out.Mode = Budget
		ns, err := p.duration()
		if err != nil {
			return nil, err
		}
		out.BudgetNS = ns
		if p.isWord("for") {
			p.next()
		} else if t := p.peek(); t.kind == tOp && t.text == ":" {
			p.next()
		}
	}
	if p.peek().kind == tEOF {
		return nil, p.errorf(p.peek().pos, "nothing to estimate")
	}
	out.Sum, err = p.sum()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errorf(t.pos, "unexpected %q: join terms with +", t.text)
	}
	return out, nil
}

// sum = term { "+" term }
func (p *parser) sum() ([]Term, error) {
	var terms []Term
	for {
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		terms = append(terms, t)
		if n := p.peek(); n.kind != tOp || n.text != "+" {
			return terms, nil
		}
		p.next()
	}
}

// isTimes reports whether the next token multiplies: *, × or the word x.
func (p *parser) isTimes() bool {
	t := p.peek()
	return (t.kind == tOp && (t.text == "*" || t.text == "×")) || (t.kind == tWord && strings.EqualFold(t.text, "x"))
}

// term = [COUNT [*]] item | item * COUNT
func (p *parser) term() (Term, error) {
	start := p.peek()
	count := 1.0
	counted := false
	if start.kind == tNum && !p.sizeAhead() {
		if err := p.unknownUnit(); err != nil {
			return Term{}, err
		}
		c, err := p.count()
		if err != nil {
			return Term{}, err
		}
		count, counted = c, true
		if p.isTimes() {
			p.next()
		}
	}
	t, err := p.item()
	if err != nil {
		return Term{}, err
	}
	if p.isTimes() {
		op := p.next()
		if counted {
			return Term{}, p.errorf(op.pos, "a term has one count")
		}
		c, err := p.count()
		if err != nil {
			return Term{}, err
		}
		count = c
	}
	t.Count *= count
	if t.ID == "" {
		t.Pos = start.pos // a row's term points at its id, for errors
	}
	t.Text = p.text(start.pos, p.peek().pos)
	return t, nil
}

// text is the question between two rune positions, trimmed.
func (p *parser) text(from, to int) string {
	return strings.TrimSpace(string(p.runes[from:min(to, len(p.runes))]))
}

// countSuffix scales counts.
var countSuffix = map[string]float64{"": 1, "x": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}

// count reads a COUNT.
func (p *parser) count() (float64, error) {
	t := p.peek()
	if t.kind != tNum {
		return 0, p.errorf(t.pos, "want a count (a number such as 3 or 1e6), got %q", tokText(t))
	}
	mult, ok := countSuffix[t.suffix]
	if !ok {
		return 0, p.errorf(t.pos, "%q is not a count: a count is a number with an optional k, M, G or T", t.text)
	}
	p.next()
	v := t.num * mult
	switch {
	case math.IsInf(v, 0):
		return 0, p.errorf(t.pos, "%s is too large a count to compute with", t.text)
	case !(v > 0):
		return 0, p.errorf(t.pos, "a count must be more than 0, got %s", t.text)
	}
	return v, nil
}

func tokText(t token) string {
	if t.kind == tEOF {
		return "the end"
	}
	return t.text
}

// unitAhead returns the unit of the number at the next token, attached
// ("10GiB") or as the word after it ("10 GiB"), and how many tokens the
// number and unit take; "" when there is none.
func (p *parser) unitAhead() (string, int) {
	t := p.peek()
	if t.kind != tNum {
		return "", 0
	}
	if t.suffix != "" {
		return t.suffix, 1
	}
	if n := p.toks[min(p.i+1, len(p.toks)-1)]; n.kind == tWord {
		return n.text, 2
	}
	return "", 1
}

// sizeUnits names the byte units, for errors.
const sizeUnits = "B, KB, MB, GB, TB, KiB, MiB, GiB or TiB"

// bytesLike matches what looks like a unit of bytes: an unknown one is
// PB, EiB or ZB.
var bytesLike = regexp.MustCompile(`^(?i)[kmgtpezy]i?b$`)

// unknownUnit returns an error when the number at the next token has a
// unit that looks like one of bytes but is not known, or any unit and
// "of" after it ("1 PB of ssd_sequential_read_1mb").
func (p *parser) unknownUnit() error {
	u, n := p.unitAhead()
	if u == "" {
		return nil
	}
	_, known := units.ByteUnit(u)
	after := p.toks[min(p.i+n, len(p.toks)-1)]
	if known || !(bytesLike.MatchString(u) || after.kind == tWord && strings.EqualFold(after.text, "of")) {
		return nil
	}
	return p.errorf(p.toks[p.i+n-1].pos, "unknown unit %q: a size is a number and %s", u, sizeUnits)
}

// sizeAhead reports whether a SIZE comes next.
func (p *parser) sizeAhead() bool {
	u, _ := p.unitAhead()
	_, ok := units.ByteUnit(u)
	return ok
}

// size reads a SIZE, in bytes, and its text.
func (p *parser) size() (float64, string, error) {
	t := p.peek()
	u, n := p.unitAhead()
	mult, ok := units.ByteUnit(u)
	if !ok {
		if t.kind == tNum && u != "" && bytesLike.MatchString(u) {
			return 0, "", p.errorf(p.toks[p.i+n-1].pos, "unknown unit %q: a size is a number and %s", u, sizeUnits)
		}
		return 0, "", p.errorf(t.pos, "want a size (a number and %s), got %q", sizeUnits, tokText(t))
	}
	for range n {
		p.next()
	}
	if t.num <= 0 {
		return 0, "", p.errorf(t.pos, "a size must be more than 0")
	}
	if math.IsInf(t.num*mult, 0) {
		return 0, "", p.errorf(t.pos, "%s is too large a size to compute with", p.text(t.pos, p.peek().pos))
	}
	return t.num * mult, fmt.Sprintf("%s %s", trimNum(t.num), u), nil
}

// duration reads a DURATION, in ns.
func (p *parser) duration() (float64, error) {
	t := p.peek()
	u, n := p.unitAhead()
	mult, ok := units.DurationUnit(u)
	if !ok || t.kind != tNum {
		return 0, p.errorf(t.pos, "want a duration (a number and ns, µs, ms, s, min or h), got %q", tokText(t))
	}
	for range n {
		p.next()
	}
	if t.num <= 0 {
		return 0, p.errorf(t.pos, "a budget must be more than 0")
	}
	if math.IsInf(t.num*mult, 0) {
		return 0, p.errorf(t.pos, "%s is too long a budget to compute with", p.text(t.pos, p.peek().pos))
	}
	return t.num * mult, nil
}

// item = ROW_ID | SIZE [of] ROW_ID | VERB SIZE WORDS... | ( sum )
func (p *parser) item() (Term, error) {
	t := p.peek()
	switch {
	case t.kind == tOp && t.text == "(":
		if p.depth == MaxDepth {
			return Term{}, p.errorf(t.pos, "parentheses nested more than %d deep", MaxDepth)
		}
		p.next()
		p.depth++
		group, err := p.sum()
		p.depth--
		if err != nil {
			return Term{}, err
		}
		if c := p.next(); c.kind != tOp || c.text != ")" {
			return Term{}, p.errorf(c.pos, "want ) to close the ( at column %d, got %q", t.pos+1, tokText(c))
		}
		return Term{Count: 1, Ops: 1, Group: group}, nil
	case t.kind == tNum && p.sizeAhead():
		size, sizeText, err := p.size()
		if err != nil {
			return Term{}, err
		}
		if p.isWord("of") {
			p.next()
		}
		id := p.peek()
		if id.kind != tWord {
			return Term{}, p.errorf(id.pos, "want a row id after %s, got %q", sizeText, tokText(id))
		}
		p.next()
		return Term{Count: 1, Ops: 1, Bytes: size, How: sizeText, ID: strings.ToLower(id.text), Pos: id.pos}, nil
	case t.kind == tWord && isVerb(t.text):
		return p.phrase()
	case t.kind == tWord && p.toks[min(p.i+1, len(p.toks)-1)].kind == tNum:
		// A word before a number begins a phrase: the verb is unknown.
		msg := fmt.Sprintf("no phrase begins with %q", t.text)
		if s := suggest(strings.ToLower(t.text), verbs()); len(s) > 0 {
			msg += "; did you mean " + orList(s) + "?"
		}
		return Term{}, p.errorf(t.pos, "%s (phrases begin with %s)", msg, orList(verbs()))
	case t.kind == tWord:
		p.next()
		return Term{Count: 1, Ops: 1, ID: strings.ToLower(t.text), Pos: t.pos}, nil
	}
	return Term{}, p.errorf(t.pos, "want a row id, a phrase or (, got %q", tokText(t))
}

// phrase = VERB SIZE WORDS...
func (p *parser) phrase() (Term, error) {
	verb := p.next()
	size, sizeText, err := p.size()
	if err != nil {
		return Term{}, err
	}
	var words []string
	for {
		t := p.peek()
		if t.kind == tEOF || (t.kind == tOp && t.text != ":") || p.isTimes() {
			break
		}
		words = append(words, strings.ToLower(t.text))
		p.next()
	}
	ph, err := lookupPhrase(strings.ToLower(verb.text), words)
	if err != nil {
		return Term{}, p.errorf(verb.pos, "%v", err)
	}
	return Term{Count: 1, Ops: size / ph.bytes, How: sizeText + " ÷ " + units.Bytes(ph.bytes, 3), ID: ph.id, Pos: verb.pos}, nil
}

// trimNum formats a number without trailing zeros.
func trimNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
