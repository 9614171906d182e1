package estimate

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/golden"
	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
	"github.com/latency-numbers/latency/internal/units"
)

// vmRounds is a real run: a KVM guest, 10 rounds, with a noise record.
const vmRounds = "../report/testdata/vm-rounds.txt"

func figures(t *testing.T) *Figures {
	t.Helper()
	run, err := results.ReadFile(vmRounds)
	if run == nil {
		t.Fatal(err)
	}
	return FromReport(report.Build(run, rows.Table))
}

// flat lists a sum's terms as "count×ops id" for comparisons.
func flat(terms []Term) string {
	var parts []string
	for _, t := range terms {
		if t.Group != nil {
			parts = append(parts, plain(t.Count)+"×("+flat(t.Group)+")")
			continue
		}
		s := plain(t.Count) + "×" + plain(t.Ops) + " " + t.ID
		if t.Bytes > 0 {
			s += " bytes=" + plain(t.Bytes)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " + ")
}

func plain(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, q string
		mode    Mode
		budget  float64
		want    string
	}{
		{"row", "l1_cache_reference", Total, 0, "1×1 l1_cache_reference"},
		{"case", "L1_Cache_Reference", Total, 0, "1×1 l1_cache_reference"},
		{"count", "1e6 * ssd_random_read_4kb", Total, 0, "1000000×1 ssd_random_read_4kb"},
		{"times sign", "3 × main_memory_reference", Total, 0, "3×1 main_memory_reference"},
		{"x", "3 x main_memory_reference", Total, 0, "3×1 main_memory_reference"},
		{"3x", "3x main_memory_reference", Total, 0, "3×1 main_memory_reference"},
		{"no sign", "3 main_memory_reference", Total, 0, "3×1 main_memory_reference"},
		{"count after", "main_memory_reference * 3", Total, 0, "3×1 main_memory_reference"},
		{"suffix", "1.5k * l1_cache_reference", Total, 0, "1500×1 l1_cache_reference"},
		{"digit groups", "1_000_000 * l1_cache_reference + 1_000 * l1_cache_reference", Total, 0,
			"1000000×1 l1_cache_reference + 1000×1 l1_cache_reference"},
		{"fraction", ".5e3 * l1_cache_reference", Total, 0, "500×1 l1_cache_reference"},
		{"sum", "3 * main_memory_reference + 1 * datacenter_round_trip", Total, 0,
			"3×1 main_memory_reference + 1×1 datacenter_round_trip"},
		{"group", "2 * (disk_seek + l1_cache_reference)", Total, 0, "2×(1×1 disk_seek + 1×1 l1_cache_reference)"},
		{"phrase", "read 10 GiB sequentially from ssd", Total, 0, "1×10240 ssd_sequential_read_1mb"},
		{"phrase, unit attached", "read 10GiB sequentially from SSD", Total, 0, "1×10240 ssd_sequential_read_1mb"},
		{"phrase, decimal", "read 1 GB sequentially from the ssd", Total, 0, "1×953.67431640625 ssd_sequential_read_1mb"},
		{"phrase, random memory", "read 1 MiB randomly from memory", Total, 0, "1×16384 main_memory_reference"},
		{"phrase, page cache", "read 4 MiB randomly from page cache", Total, 0, "1×1024 page_cache_read_4kb"},
		{"phrase, link", "send 1 MiB over 10 Gbps", Total, 0, "1×1024 send_1kb_10gbps"},
		{"phrase, link attached", "send 1 MiB over 25gbps", Total, 0, "1×1024 send_1kb_25gbps"},
		{"phrase counted", "2 * compress 1 MiB with snappy", Total, 0, "2×1024 compress_1kb_snappy"},
		{"size of a row", "10 GiB of ssd_sequential_read_1mb", Total, 0, "1×1 ssd_sequential_read_1mb bytes=10737418240"},
		{"size without of", "64 KiB crc32c_1kb", Total, 0, "1×1 crc32c_1kb bytes=65536"},
		{"qps", "qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy", QPS, 0,
			"2×1 ssd_random_read_4kb + 1×1 compress_1kb_snappy"},
		{"qps, short", "qps 2 * ssd_random_read_4kb", QPS, 0, "2×1 ssd_random_read_4kb"},
		{"budget", "budget 200ms datacenter_round_trip", Budget, 200e6, "1×1 datacenter_round_trip"},
		{"budget, spaced", "budget 1.5 s for l1_cache_reference", Budget, 1.5e9, "1×1 l1_cache_reference"},
		{"budget, µs", "budget 50µs: l1_cache_reference", Budget, 50e3, "1×1 l1_cache_reference"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if q.Mode != tc.mode || q.BudgetNS != tc.budget {
				t.Errorf("mode %v budget %g, want %v %g", q.Mode, q.BudgetNS, tc.mode, tc.budget)
			}
			if got := flat(q.Sum); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, q string
		col     int // 1-based, 0: don't check
		want    string
	}{
		{"empty", "", 1, "nothing to estimate"},
		{"qps alone", "qps", 4, "nothing to estimate"},
		{"two signs", "3 ** l1_cache_reference", 4, "want a row id, a phrase or ("},
		{"two counts", "3 * l1_cache_reference * 4", 24, "a term has one count"},
		{"no plus", "l1_cache_reference l2_cache_reference", 20, "join terms with +"},
		{"minus", "l1_cache_reference - 1", 20, `unexpected "-"`},
		{"zero", "0 * l1_cache_reference", 1, "more than 0"},
		{"bad count", "3q * l1_cache_reference", 1, `"3q" is not a count`},
		{"open group", "(disk_seek", 11, "want ) to close the ( at column 1"},
		{"budget without unit", "budget 200 l1_cache_reference", 8, "want a duration"},
		{"budget without number", "budget l1_cache_reference", 8, "want a duration"},
		{"phrase without size", "read ssd", 6, "want a size"},
		{"unknown place", "read 1 GiB sequentially from tape", 1, `no phrase "read SIZE sequentially from tape"; did you mean`},
		{"unknown codec", "compress 1 GiB with snapy", 1, "did you mean compress SIZE with snappy?"},
		{"unknown verb", "compres 1 GiB with snappy", 1, "did you mean compress?"},
		{"size without row", "10 GiB", 7, "want a row id after 10 GiB"},
		{"stray character", "l1_cache_reference; drop", 19, `unexpected ";"`},
		{"decimal comma", "1,5 * l1_cache_reference", 1, `"1,5": numbers take no commas`},
		{"lakh commas", "1,00,000 * l1_cache_reference", 1, `"1,00,000": numbers take no commas`},
		{"thousands commas", "1,000,000 * l1_cache_reference", 1, "numbers take no commas (write 1.5 for a decimal, 1000000, 1_000_000 or 1e6"},
		{"comma in a size", "read 1,5 GiB sequentially from ssd", 6, "numbers take no commas"},
		{"NaN", "NaN * l1_cache_reference", 1, "NaN is not a number"},
		{"NaN after", "l1_cache_reference * nan", 22, "nan is not a number"},
		{"Inf", "Inf * l1_cache_reference", 1, "Inf is not a number"},
		{"unknown size unit", "1 PB of ssd_sequential_read_1mb", 3, `unknown unit "PB": a size is a number and B, KB, MB, GB, TB, KiB, MiB, GiB or TiB`},
		{"unknown size unit attached", "1PB of ssd_sequential_read_1mb", 1, `unknown unit "PB"`},
		{"unknown size unit without of", "2 EiB ssd_sequential_read_1mb", 3, `unknown unit "EiB"`},
		{"unknown unit before of", "2 lines of ssd_sequential_read_1mb", 3, `unknown unit "lines"`},
		{"unknown size unit in a phrase", "read 2 PB sequentially from ssd", 8, `unknown unit "PB"`},
		{"number too large", "1e309 * l1_cache_reference", 1, `"1e309" is not a number this can compute with`},
		{"count too large", "1e308k * l1_cache_reference", 1, "1e308k is too large a count"},
		{"size too large", "read 1e300 TB sequentially from ssd", 6, "1e300 TB is too large a size"},
		{"budget too long", "budget 1e308h l1_cache_reference", 8, "1e308h is too long a budget"},
		{"nested too deep", strings.Repeat("(", 101) + "disk_seek" + strings.Repeat(")", 101), 101, "parentheses nested more than 100 deep"},
		{"too long", strings.Repeat("disk_seek+", 7000) + "disk_seek", 1, "the question is 70009 bytes long, more than the 65536"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.q)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%v is not a SyntaxError", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
			if tc.col > 0 && se.Pos+1 != tc.col {
				t.Errorf("column %d, want %d (%v)", se.Pos+1, tc.col, err)
			}
		})
	}
}

func TestAnswer(t *testing.T) {
	f := figures(t)
	ns := func(id string) float64 {
		fig, ok := f.byID[id]
		if !ok {
			t.Fatalf("no figure %s", id)
		}
		return fig.NS
	}
	for _, tc := range []struct {
		name, q string
		total   func() float64
		from    map[string]string // each figure used and where it came from
	}{
		{"read 1 GiB from ssd is 1024 × the 1 MiB read", "read 1 GiB sequentially from ssd",
			func() float64 { return 1024 * ns("ssd_sequential_read_1mb") }, map[string]string{"ssd_sequential_read_1mb": FromMeasured}},
		{"same as the size of the row", "1 GiB of ssd_sequential_read_1mb",
			func() float64 { return 1024 * ns("ssd_sequential_read_1mb") }, nil},
		{"counted row", "1e6 * ssd_random_read_4kb",
			func() float64 { return 1e6 * ns("ssd_random_read_4kb") }, nil},
		{"sum", "3 * main_memory_reference + 1 * datacenter_round_trip",
			func() float64 { return 3*ns("main_memory_reference") + ns("datacenter_round_trip") }, nil},
		{"group", "2 * (l1_cache_reference + 3 * l2_cache_reference)",
			func() float64 { return 2*ns("l1_cache_reference") + 6*ns("l2_cache_reference") }, nil},
		{"guide when the run has none", "disk_seek",
			func() float64 { return 10e6 }, map[string]string{"disk_seek": FromGuide}},
		{"computed", "wan_round_trip_ca_nl",
			func() float64 { return ns("wan_round_trip_ca_nl") }, map[string]string{"wan_round_trip_ca_nl": FromComputed}},
		{"random memory in cache lines", "read 1 MiB randomly from memory",
			func() float64 { return 16384 * ns("main_memory_reference") }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.Answer(q)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.total(); math.Abs(a.TotalNS-want) > 1e-9*want {
				t.Errorf("total %g ns, want %g", a.TotalNS, want)
			}
			for _, s := range a.Steps {
				if want, ok := tc.from[s.Figure.ID]; ok && s.Figure.From != want {
					t.Errorf("%s from %s, want %s", s.Figure.ID, s.Figure.From, want)
				}
			}
		})
	}

	t.Run("qps", func(t *testing.T) {
		q, _ := Parse("qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy")
		a, err := f.Answer(q)
		if err != nil {
			t.Fatal(err)
		}
		per := 2*ns("ssd_random_read_4kb") + ns("compress_1kb_snappy")
		if math.Abs(a.PerCore-1e9/per) > 1e-6 || math.Abs(a.PerMachine-2*1e9/per) > 1e-6 {
			t.Errorf("%g per core, %g per machine; want %g and twice that (2 CPUs)", a.PerCore, a.PerMachine, 1e9/per)
		}
	})
	t.Run("budget", func(t *testing.T) {
		q, _ := Parse("budget 200ms datacenter_round_trip")
		a, err := f.Answer(q)
		if err != nil {
			t.Fatal(err)
		}
		if want := math.Floor(200e6 / ns("datacenter_round_trip")); a.Fit != want {
			t.Errorf("%g fit, want %g", a.Fit, want)
		}
	})
}

func TestAnswerErrors(t *testing.T) {
	f := figures(t)
	for _, tc := range []struct {
		name, q string
		want    []string
		suggest []string // for an UnknownError
	}{
		{"unknown", "3 * main_memory_refrence", []string{`column 5: unknown row "main_memory_refrence"`, "row ids:", "l1_cache_reference,", "or phrases:"},
			[]string{"main_memory_reference", "main_memory_reference_4k_pages"}},
		{"shortened", "ssd_randm", nil, []string{"ssd_random_read_4kb", "ssd_random_read_4kb_qd32", "ssd_random_read_4kb_qd32_latency"}},
		{"words", "ssd_read", nil, []string{"ssd_random_read_4kb", "ssd_sequential_read_1mb", "ssd_random_read_4kb_qd32"}},
		{"nothing near", "frobnicate", []string{`unknown row "frobnicate"`}, []string{}},
		{"not about bytes", "1 GiB of datacenter_round_trip", []string{"datacenter_round_trip is not about bytes"}, nil},
		{"no figure at all", "peer_rtt_tcp", []string{"peer_rtt_tcp has no figure", "no peer", "the guide has none"}, nil},
		{"overflow", "1e308 * wan_round_trip_ca_nl", []string{"column 9: so many wan_round_trip_ca_nl is too large to compute with"}, nil},
		{"overflow in a group", "1e300 * (1e300 * l1_cache_reference)", []string{"column 18: so many l1_cache_reference is too large"}, nil},
		{"overflow of the sum", "1e308 * l1_cache_reference + 1e308 * l1_cache_reference", []string{"the total is too large to compute with"}, nil},
		{"rate too large", "qps 1e-300 * l1_cache_reference", []string{"per request is too short to compute a rate from"}, nil},
		{"fit too large", "budget 1h 1e-300 * l1_cache_reference", []string{"each is too short to compute how many fit in 3600 s"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.Answer(q)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			var ue *UnknownError
			if tc.suggest != nil {
				if !errors.As(err, &ue) {
					t.Fatalf("%v is not an UnknownError", err)
				}
				if strings.Join(ue.Suggest, " ") != strings.Join(tc.suggest, " ") {
					t.Errorf("suggests %q, want %q", ue.Suggest, tc.suggest)
				}
			}
		})
	}
}

// questions are the golden answers' questions, by the golden file's name.
var questions = []struct{ name, q string }{
	{"read-ssd", "read 10 GiB sequentially from ssd"},
	{"sum", "3 * main_memory_reference + 1 * datacenter_round_trip"},
	{"qps", "qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy"},
	{"budget", "budget 200ms datacenter_round_trip"},
	{"guide", "2 * (disk_seek + 10 GiB of ssd_sequential_read_1mb)"},
	{"long", "read 1 TiB randomly from ssd"},
	{"huge", "1e25 * l1_cache_reference"},
	{"tiny", "1e-5 * l1_cache_reference"},
}

// written answers question with f and writes the answer within width.
func written(t *testing.T, f *Figures, question string, width int) (*Answer, string) {
	t.Helper()
	q, err := Parse(question)
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.Answer(q)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := a.Write(&buf, width); err != nil {
		t.Fatal(err)
	}
	return a, buf.String()
}

// TestGolden writes the answers as a pipe gets them, report.DefaultWidth
// columns wide.
func TestGolden(t *testing.T) {
	f := figures(t)
	for _, tc := range questions {
		t.Run(tc.name, func(t *testing.T) {
			_, out := written(t, f, tc.q, report.DefaultWidth)
			golden.Check(t, "./internal/estimate", tc.name, []byte(out))
		})
	}
}

// TestNarrow writes the golden answers within narrower widths: no line
// wider, every step's row and the total still there.
func TestNarrow(t *testing.T) {
	f := figures(t)
	for _, tc := range questions {
		for _, width := range []int{report.MinWidth, 40, 60, 80} {
			t.Run(fmt.Sprintf("%s/%d", tc.name, width), func(t *testing.T) {
				a, out := written(t, f, tc.q, width)
				for i, line := range strings.Split(out, "\n") {
					if w := textwidth.Width(line); w > width {
						t.Errorf("line %d is %d columns wide, want at most %d:\n%s", i+1, w, width, line)
					}
				}
				for _, s := range a.Steps {
					// A row id is a word: at 20 columns the longest are cut.
					if width >= 40 && !strings.Contains(out, s.Figure.ID) {
						t.Errorf("step %s is missing", s.Figure.ID)
					}
				}
				if total := units.Duration(a.TotalNS); !strings.Contains(out, "= "+total) {
					t.Errorf("total %s is missing", total)
				}
			})
		}
	}
}

// Every phrase of the rows is one of the grammar's, in lower case, unique,
// handles some bytes, and names a row; the two rows whose phrases work at
// a finer grain than their work say so with PhraseBytes.
func TestPhrases(t *testing.T) {
	n := 0
	seen := map[string]string{}
	for _, r := range rows.Table {
		for i, text := range r.Phrases {
			n++
			verb, rest, ok := strings.Cut(text, " SIZE ")
			if !ok || rest == "" || strings.ToLower(verb+rest) != verb+rest {
				t.Errorf("%s: phrase %q, want \"verb SIZE words\" in lower case", r.ID, text)
			}
			if !slices.Contains(grammar, verb) {
				t.Errorf("%s: phrase %q: verb %q is not one of %q", r.ID, text, verb, grammar)
			}
			if id, dup := seen[text]; dup {
				t.Errorf("%s: phrase %q is %s's too", r.ID, text, id)
			}
			seen[text] = r.ID
			p, err := lookupPhrase(verb, strings.Fields(rest))
			if err != nil || p.id != r.ID || p.alias != (i > 0) {
				t.Errorf("%s: phrase %q: got %+v, %v", r.ID, text, p, err)
			}
			if !(p.bytes > 0) {
				t.Errorf("%s: phrase %q handles %g bytes", r.ID, text, p.bytes)
			}
		}
		if r.PhraseBytes > 0 && r.Work.Bytes > 0 {
			t.Errorf("%s: PhraseBytes %g beside Work.Bytes %g: one figure", r.ID, r.PhraseBytes, r.Work.Bytes)
		}
	}
	if n != len(phrases) {
		t.Errorf("%d phrases on the rows, %d in the list", n, len(phrases))
	}
	for _, p := range phrases {
		if _, ok := rows.Lookup(p.id); !ok {
			t.Errorf("%s %s: no row %s", p.verb, p.rest, p.id)
		}
	}
	for _, tc := range []struct {
		text  string
		id    string
		bytes float64
	}{
		{"read SIZE randomly from memory", "main_memory_reference", 64},
		{"read SIZE randomly from disk", "disk_seek", 4 << 10},
		{"read SIZE sequentially from dram", "memory_sequential_read_1mb", 1 << 20},
		{"encrypt SIZE with aes", "aes_gcm_seal_1kb", 1 << 10},
	} {
		verb, rest, _ := strings.Cut(tc.text, " SIZE ")
		p, err := lookupPhrase(verb, strings.Fields(rest))
		if err != nil || p.id != tc.id || p.bytes != tc.bytes {
			t.Errorf("%s: got %s, %g bytes (%v); want %s, %g", tc.text, p.id, p.bytes, err, tc.id, tc.bytes)
		}
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		c    float64
		want string
	}{
		{10240, "10,240"}, {1e6, "1,000,000"}, {2.5, "2.5"}, {953.67431640625, "954"}, {0.125, "0.125"}, {3e15, "3e+15"},
		{1e25, "1e+25"}, {1.2345e20, "1.23e+20"}, {1e-5, "1e-05"}, {1e-300, "1e-300"},
	} {
		if got := Count(tc.c); got != tc.want {
			t.Errorf("Count(%g) = %q, want %q", tc.c, got, tc.want)
		}
	}
}

// A row whose figure is a time per MiB or per 4 KiB counts as many
// operations as a size takes, though rows.WorkOf lacks it.
func TestAnswerBytesRows(t *testing.T) {
	run, err := results.ReadFile("../rows/testdata/quick-run.txt")
	if run == nil {
		t.Fatal(err)
	}
	f := FromReport(report.Build(run, rows.Table))
	for _, tc := range []struct {
		q, id string
		ops   float64
	}{
		{"1 GB of memory_bandwidth_1core", "memory_bandwidth_1core", 1e9 / (1 << 20)},
		{"1 GB of memory_bandwidth_all_cores", "memory_bandwidth_all_cores", 1e9 / (1 << 20)},
		{"1 GiB of ssd_random_read_4kb_qd32", "ssd_random_read_4kb_qd32", 1 << 18},
	} {
		t.Run(tc.id, func(t *testing.T) {
			fig := f.byID[tc.id]
			if !(fig.NS > 0) {
				t.Fatalf("no figure for %s in the run", tc.id)
			}
			q, err := Parse(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.Answer(q)
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.ops * fig.NS; math.Abs(a.TotalNS-want) > 1e-9*want {
				t.Errorf("total %g ns, want %g (%g × %g)", a.TotalNS, want, tc.ops, fig.NS)
			}
		})
	}
}

// terms returns a sum of n copies of term.
func terms(term string, n int) string {
	return strings.Repeat(term+" + ", n-1) + term
}

// TestBounded checks that no question, however long, keeps estimate
// busy: the 40,000-term sum (1 MB) is answered or refused at
// once, as is a sum as long as a question may be.
func TestBounded(t *testing.T) {
	f := figures(t)
	for _, tc := range []struct{ name, q string }{
		{"40,000 terms", terms("l1_cache_reference", 40000)},
		{"longest question", terms("2 * syscall", (64<<10)/len("2 * syscall + "))},
		{"deepest nesting", strings.Repeat("2 * (", 100) + "syscall" + strings.Repeat(")", 100)},
		{"longest word", strings.Repeat("x", 64<<10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				q, err := Parse(tc.q)
				if err == nil {
					_, err = f.Answer(q)
				}
				if err != nil {
					_ = err.Error()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil && len(err.Error()) > 10000 {
					t.Errorf("an error of %d bytes: it quotes too much of the question", len(err.Error()))
				}
			case <-time.After(3 * time.Second):
				t.Fatal("not answered nor refused within 3 s")
			}
		})
	}
}

// TestParseLinear checks that parsing takes memory in proportion to the
// question: four times the terms, not sixteen times the bytes allocated.
func TestParseLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		q := terms("2 * syscall", n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := Parse(q); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	alloc(100) // warm up
	small, large := alloc(1000), alloc(4000)
	if ratio := float64(large) / float64(small); ratio > 8 {
		t.Errorf("4× the terms took %.1f× the bytes (%d, %d): parsing is not linear", ratio, small, large)
	}
}
