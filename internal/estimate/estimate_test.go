package estimate

import (
	"bytes"
	"errors"
	"github.com/latency-numbers/latency/internal/golden"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/report"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
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
		{"digit groups", "1,000,000 * l1_cache_reference + 1_000 * l1_cache_reference", Total, 0,
			"1000000×1 l1_cache_reference + 1000×1 l1_cache_reference"},
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

func TestGolden(t *testing.T) {
	f := figures(t)
	for _, tc := range []struct{ name, q string }{
		{"read-ssd", "read 10 GiB sequentially from ssd"},
		{"sum", "3 * main_memory_reference + 1 * datacenter_round_trip"},
		{"qps", "qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy"},
		{"budget", "budget 200ms datacenter_round_trip"},
		{"guide", "2 * (disk_seek + 10 GiB of ssd_sequential_read_1mb)"},
		{"long", "read 1 TiB randomly from ssd"},
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
			var buf bytes.Buffer
			if err := a.Write(&buf); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, "./internal/estimate", tc.name, buf.Bytes())
		})
	}
}

// Every phrase names a row, and where the row has work its bytes agree.
func TestPhrases(t *testing.T) {
	for _, p := range phrases {
		if _, ok := rows.Lookup(p.id); !ok {
			t.Errorf("%s %s: no row %s", p.verb, p.rest, p.id)
		}
		if w, ok := rows.WorkOf(p.id); ok && w.Bytes > 0 && w.Bytes != p.bytes && p.id != "disk_seek" {
			t.Errorf("%s %s: %g bytes, the row's work says %g", p.verb, p.rest, p.bytes, w.Bytes)
		}
	}
}

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		c    float64
		want string
	}{
		{10240, "10,240"}, {1e6, "1,000,000"}, {2.5, "2.5"}, {953.67431640625, "954"}, {0.125, "0.125"}, {3e15, "3e+15"},
	} {
		if got := Count(tc.c); got != tc.want {
			t.Errorf("Count(%g) = %q, want %q", tc.c, got, tc.want)
		}
	}
}
