package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/scott"
)

func load(t *testing.T, path string) *Report {
	t.Helper()
	run, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Build(run, rows.Table)
}

func TestJSONHasEveryRow(t *testing.T) {
	var buf bytes.Buffer
	if err := load(t, "testdata/small.txt").Write(&buf, "json"); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Machine map[string]string
		Rows    []map[string]any
		Extra   []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, buf.Bytes())
	}
	ids := map[string]map[string]any{}
	for _, r := range append(out.Rows, out.Extra...) {
		ids[r["id"].(string)] = r
		for _, k := range []string{"id", "operation", "guide_ns", "measured_ns", "ci_low_ns", "ci_high_ns", "samples", "kind", "note"} {
			if _, ok := r[k]; !ok {
				t.Errorf("row %v lacks %q", r["id"], k)
			}
		}
	}
	for _, row := range rows.Table {
		if ids[row.ID] == nil {
			t.Errorf("row %s missing from JSON", row.ID)
		}
	}
	if len(out.Rows) != len(rows.Guide()) || out.Rows[0]["id"] != "l1_cache_reference" {
		t.Errorf("rows: got %d starting with %v, want the guide's %d in order", len(out.Rows), out.Rows[0]["id"], len(rows.Guide()))
	}
	l1 := ids["l1_cache_reference"]
	if l1["kind"] != "measured" || l1["measured_ns"] != 1.25 || !strings.Contains(l1["note"].(string), "24KiB") {
		t.Errorf("l1 row: got %v", l1)
	}
	ssd := ids["ssd_random_read_4kb"]
	if ssd["kind"] != "not_measured" || ssd["measured_ns"] != nil || !strings.Contains(ssd["note"].(string), "O_DIRECT unsupported on tmpfs") {
		t.Errorf("ssd row should carry the skip reason: got %v", ssd)
	}
	if out.Machine["cpu-model"] != "Test CPU" {
		t.Errorf("machine facts: got %v", out.Machine)
	}
}

func TestGuideValueNeverShownAsMeasured(t *testing.T) {
	for _, l := range load(t, "testdata/small.txt").Rows {
		if l.Kind == rows.NotMeasured && !math.IsNaN(l.Measured) {
			t.Errorf("%s: not measured but has figure %v", l.ID, l.Measured)
		}
	}
}

func TestRatioWords(t *testing.T) {
	for _, tc := range []struct {
		ratio float64
		want  string
	}{{0.25, "4.0× faster"}, {1.05, "about the same"}, {3.2, "3.2× slower"}, {0.01, "100× faster"}, {math.NaN(), ""}} {
		if got := RatioWords(tc.ratio); got != tc.want {
			t.Errorf("RatioWords(%v) = %q, want %q", tc.ratio, got, tc.want)
		}
	}
}

func TestFormats(t *testing.T) {
	rep := load(t, "testdata/small.txt")
	for _, f := range Formats {
		var buf bytes.Buffer
		if err := rep.Write(&buf, f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(buf.String(), "L1 cache reference") {
			t.Errorf("%s output lacks the L1 row:\n%s", f, buf.String())
		}
	}
	if err := rep.Write(&bytes.Buffer{}, "yaml"); err == nil {
		t.Error("unknown format: want error")
	}
}

// A source may explain a row with a related figure (no rotating disk, but
// the virtual disk's read time): the row must stay without a figure.
func TestNotMeasuredSourceHasNoFigure(t *testing.T) {
	rep := load(t, "testdata/vm-quick.txt")
	for _, l := range rep.Rows {
		if l.Kind == rows.NotMeasured && (!math.IsNaN(l.Measured) || l.Samples != 0) {
			t.Errorf("%s: not measured but has figure %v (n=%d)", l.ID, l.Measured, l.Samples)
		}
	}
}

func TestScottYear(t *testing.T) {
	for _, tc := range []struct {
		date     string
		want     int
		warnings int
	}{
		{"2015-06-01T00:00:00Z", 2015, 0},
		{"2026-11-27T12:25:47Z", 2026, 0},
		{"yesterday", time.Now().Year(), 1},
		{"0001-01-01T00:00:00Z", time.Now().Year(), 1},
		{"1970-01-01T00:00:00Z", time.Now().Year(), 1},
		{"2200-01-01T00:00:00Z", time.Now().Year(), 1},
		{time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339), time.Now().Year(), 1},
		{"", time.Now().Year(), 0},
	} {
		in := "BenchmarkCacheRef/level=L1-2 1 1 ns/load\n"
		if tc.date != "" {
			in = "date: " + tc.date + "\n" + in
		}
		run, err := results.Read(strings.NewReader(in), "x.txt")
		if err != nil {
			t.Fatal(err)
		}
		rep := Build(run, rows.Table)
		if rep.Year != tc.want || len(rep.Warnings) != tc.warnings {
			t.Errorf("date %q: got year %d, warnings %q; want %d and %d warnings", tc.date, rep.Year, rep.Warnings, tc.want, tc.warnings)
		}
		if want, _ := scott.NS("L1 cache reference", tc.want); rep.Rows[0].ScottNS != want {
			t.Errorf("date %q: Scott's L1 %v, want %v", tc.date, rep.Rows[0].ScottNS, want)
		}
	}
}

// Text from a file (a skip reason) must not break a Markdown table or
// inject HTML or terminal escapes.
func TestMarkdownEscapes(t *testing.T) {
	in := "skip-randomread4k: a | b \\| c <script>x</script> \x1b[31mred\n" +
		"BenchmarkCacheRef/level=L1-2 1 1 ns/load\n"
	run, err := results.Read(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Build(run, rows.Table).Write(&buf, "markdown"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	checkOutput(t, "markdown", buf.Bytes())
	if strings.Contains(out, "<script>") || strings.Contains(out, "\x1b") {
		t.Errorf("HTML or escape sequence passed through:\n%s", out)
	}
	if !strings.Contains(out, `a \| b \\\| c &lt;script>`) {
		t.Errorf("skip reason not escaped as expected:\n%s", out)
	}
}

func TestWarningsBounded(t *testing.T) {
	in := strings.Repeat("BenchmarkBroken-2 notanumber\n", 1000) + "BenchmarkCacheRef/level=L1-2 1 1 ns/load\n"
	run, err := results.Read(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	w := Build(run, rows.Table).Warnings
	if len(w) != maxWarnings+1 || !strings.Contains(w[maxWarnings], "980 more warnings not shown") {
		t.Errorf("got %d warnings ending %q, want %d and a count of the rest", len(w), w[len(w)-1], maxWarnings+1)
	}
}

// A computed figure is not faster or slower than the guide: the vs-guide
// column says what it is.
func TestComputedVsGuide(t *testing.T) {
	rep := load(t, "testdata/vm-quick.txt")
	want := map[string]string{"wan_round_trip_ca_nl": "physics floor", "send_1kb_1gbps": "wire time", "send_1kb_100gbps": "wire time"}
	for _, l := range append(rep.Rows, rep.Extra...) {
		switch w, ok := want[l.ID]; {
		case ok && (l.Kind != rows.Computed || l.VsGuide() != w):
			t.Errorf("%s: %s, vs guide %q; want computed, %q", l.ID, l.Kind, l.VsGuide(), w)
		case l.Kind == rows.Measured && l.GuideNS > 0 && !strings.HasSuffix(l.VsGuide(), "faster") &&
			!strings.HasSuffix(l.VsGuide(), "slower") && l.VsGuide() != "about the same":
			t.Errorf("%s: measured, vs guide %q; want faster or slower", l.ID, l.VsGuide())
		}
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, "csv"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",physics floor,computed,") {
		t.Errorf("CSV: the WAN row's vs_guide is not the physics floor:\n%s", buf.String())
	}
}

// A peer's round trip answers the guide's WAN or datacenter row only where
// the user placed the peer, and never when its address is this machine's
// or link-local; its own row always names it.
func TestPeerRows(t *testing.T) {
	const body = "BenchmarkPeerRTT/proto=tcp/size=64B-2 100 300000 ns/op 250000 p50-ns\n" +
		"BenchmarkLoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=1-2 100 20000 ns/op 13000 p50-ns\n"
	for _, tc := range []struct {
		name, facts     string
		dc, wan         rows.Kind // the datacenter row's source: Measured from the peer or not (loopback)
		dcPeer, wanPeer bool
		peerNote        string
	}{
		{"unplaced", "peer: 192.0.2.10:7777\npeer-addr: 192.0.2.10\n", rows.Measured, rows.Computed, false, false, "where the user did not say"},
		{"wan", "peer: 192.0.2.10:7777\npeer-addr: 192.0.2.10\npeer-where: wan\n", rows.Measured, rows.Measured, false, true, "across a WAN"},
		{"datacenter", "peer: dc.example:7777\npeer-addr: 192.0.2.10\npeer-where: datacenter\n", rows.Measured, rows.Computed, true, false, "in the same datacenter"},
		{"lan", "peer: 192.0.2.10:7777\npeer-where: lan\n", rows.Measured, rows.Computed, false, false, "on the same LAN"},
		{"loopback said wan", "peer: 127.0.0.1:7777\npeer-addr: 127.0.0.1\npeer-where: wan\n", rows.Measured, rows.Computed, false, false, "a loopback address"},
		{"localhost said datacenter", "peer: localhost:7777\npeer-where: datacenter\n", rows.Measured, rows.Computed, false, false, "a loopback address"},
		{"resolved to loopback", "peer: myself:7777\npeer-addr: 127.0.1.1\npeer-where: datacenter\n", rows.Measured, rows.Computed, false, false, "a loopback address"},
		{"link-local said datacenter", "peer: [fe80::1%eth0]:7777\npeer-where: datacenter\n", rows.Measured, rows.Computed, false, false, "a link-local address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := results.Read(strings.NewReader(tc.facts+"\n"+body), "peer.txt")
			if err != nil {
				t.Fatal(err)
			}
			byID := map[string]Line{}
			rep := Build(run, rows.Table)
			for _, l := range append(rep.Rows, rep.Extra...) {
				byID[l.ID] = l
			}
			dc, wan, peer := byID["datacenter_round_trip"], byID["wan_round_trip_ca_nl"], byID["peer_rtt_tcp"]
			if fromPeer := dc.Measured == 250000; dc.Kind != tc.dc || fromPeer != tc.dcPeer {
				t.Errorf("datacenter row: %s %v (%s), want %s from the peer: %v", dc.Kind, dc.Measured, dc.Note, tc.dc, tc.dcPeer)
			}
			if fromPeer := wan.Measured == 250000; wan.Kind != tc.wan || fromPeer != tc.wanPeer {
				t.Errorf("WAN row: %s %v (%s), want %s from the peer: %v", wan.Kind, wan.Measured, wan.Note, tc.wan, tc.wanPeer)
			}
			host := strings.TrimPrefix(strings.SplitN(tc.facts, "\n", 2)[0], "peer: ")
			if peer.Measured != 250000 || !strings.Contains(peer.Note, "measured to "+host+", "+tc.peerNote) {
				t.Errorf("peer row: %v %q, want the peer's round trip, named %s, %q", peer.Measured, peer.Note, host, tc.peerNote)
			}
		})
	}
}

// Notes name the working set a benchmark really used, from its name; older
// files, whose names lack it, from the facts.
func TestNotesNameWorkingSet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"ws-dram: 256MiB\nBenchmarkMainMemory/pages=huge/size=64MiB-2 1 100 ns/load\n", "dependent pointer chase over 64MiB,"},
		{"ws-dram: 256MiB\nBenchmarkMainMemory/pages=huge-2 1 100 ns/load\n", "dependent pointer chase over 256MiB,"},
		{"ws-l1: 24KiB\nBenchmarkCacheRef/level=L1/size=24KiB-2 1 1 ns/load\n", "random cycle over 24KiB (half of L1d"},
		{"BenchmarkSeqRead/src=dram/size=1GiB-2 1 30000 ns/op\n", "of a 1GiB buffer"},
	} {
		run, err := results.Read(strings.NewReader(tc.in), "x.txt")
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, l := range Build(run, rows.Table).Rows {
			notes = append(notes, l.Note)
		}
		if !strings.Contains(strings.Join(notes, "\n"), tc.want) {
			t.Errorf("%q: no note contains %q:\n%s", tc.in, tc.want, strings.Join(notes, "\n"))
		}
	}
}

func TestExpandOptional(t *testing.T) {
	run, err := results.Read(strings.NewReader("goos: linux\ncpu: x\nfact: 7\n"+
		"BenchmarkSeqRead1M/file=1GiB 	 100	 500000 ns/op	 1.02 requests/op\n"+
		"BenchmarkOld/file=1GiB 	 100	 500000 ns/op\n"), "t.txt")
	if err != nil {
		t.Fatal(err)
	}
	const note = "reads of {file}[[, {requests/op} requests per read]], {fact}[[ ({missing})]][[, {cycles} cycles]]"
	for name, want := range map[string]string{
		"SeqRead1M/file=1GiB": "reads of 1GiB, 1.02 requests per read, 7",
		"Old/file=1GiB":       "reads of 1GiB, 7",
	} {
		b := run.Find(name)
		if b == nil {
			t.Fatalf("no %s in %v", name, run)
		}
		if got := expand(note, run, b, math.NaN()); got != want {
			t.Errorf("expand(%s) = %q, want %q", name, got, want)
		}
	}
	b := run.Find("Old/file=1GiB")
	if got, want := expand("{cycles} cycles", run, b, 27.44), "27.4 cycles"; got != want {
		t.Errorf("expand with cycles = %q, want %q", got, want)
	}
}

// The node × node matrix answers the datacenter row with its median
// same-zone pair, named, when the run says the nodes share a datacenter;
// never a cross-zone pair; loopback otherwise.
func TestMatrixDatacenterRow(t *testing.T) {
	const loop = "BenchmarkLoopbackRTT/path=syscall/proto=tcp/size=64B/cpus=1-2 100 20000 ns/op 13000 p50-ns\n"
	pair := func(src, dst, zone string, p50 int) string {
		return fmt.Sprintf("BenchmarkNodeRTT/src=%s/dst=%s/zone=%s 100 %d ns/op %d p50-ns\n", src, dst, zone, p50, p50)
	}
	same := pair("a", "b", "same", 400000) + pair("b", "a", "same", 420000) + pair("c", "d", "same", 900000) +
		pair("a", "c", "cross", 1500000) + pair("c", "a", "cross", 1600000)
	unknown := pair("a", "b", "unknown", 300000) + pair("b", "a", "unknown", 310000) + pair("a", "c", "cross", 1500000)
	for _, tc := range []struct {
		name, in string
		want     float64
		note     string
	}{
		{"same zone, median of 3", "peer-where: datacenter\n" + same + loop, 420000, "median of 3 pair(s) of nodes with zone same, measured from b to a"},
		{"even count takes the faster middle", "peer-where: datacenter\n" + pair("a", "b", "same", 400000) + pair("b", "a", "same", 500000) + loop, 400000, "measured from a to b"},
		{"zones unknown", "peer-where: datacenter\n" + unknown + loop, 300000, "with zone unknown, measured from a to b"},
		{"only cross-zone pairs", "peer-where: datacenter\n" + pair("a", "c", "cross", 1500000) + loop, 13000, "loopback, not a network"},
		{"not said to be one datacenter", same + loop, 13000, "loopback, not a network"},
		{"said lan", "peer-where: lan\n" + same + loop, 13000, "loopback, not a network"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := results.Read(strings.NewReader(tc.in), "pairs.txt")
			if err != nil {
				t.Fatal(err)
			}
			rep := Build(run, rows.Table)
			var dc Line
			for _, l := range rep.Rows {
				if l.ID == "datacenter_round_trip" {
					dc = l
				}
			}
			if dc.Measured != tc.want || !strings.Contains(dc.Note, tc.note) {
				t.Errorf("got %v %q, want %v with a note saying %q", dc.Measured, dc.Note, tc.want, tc.note)
			}
		})
	}
}
