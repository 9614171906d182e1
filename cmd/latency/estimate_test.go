package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/latency-numbers/latency/internal/units"
)

// TestEstimate runs estimate as the issue checks it: reading 1 GiB from
// SSD is 1024 × the measured 1 MiB read, naming that row; an unknown term
// exits non-zero with the row ids and a suggestion.
func TestEstimate(t *testing.T) {
	file := testdata + "vm-rounds.txt"
	var js, stderr bytes.Buffer
	if err := run(context.Background(), &js, &stderr, []string{"report", "-format", "json", file}); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Rows []struct {
			ID         string  `json:"id"`
			MeasuredNS float64 `json:"measured_ns"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(js.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	var mib float64
	for _, r := range rep.Rows {
		if r.ID == "ssd_sequential_read_1mb" {
			mib = r.MeasuredNS
		}
	}
	if mib == 0 {
		t.Fatal("no ssd_sequential_read_1mb in the report")
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  []string // in stdout
		err  []string // in stderr
	}{
		{"read 1 GiB", []string{"-from", file, "read 1 GiB sequentially from ssd"}, 0,
			[]string{"1,024 × ssd_sequential_read_1mb", "= " + units.Duration(1024*mib) + "\n", "ssd_sequential_read_1mb", "Read 1 MB sequentially from SSD: measured"}, nil},
		{"words as arguments", []string{"-from", file, "read", "1", "GiB", "sequentially", "from", "ssd"}, 0,
			[]string{"= " + units.Duration(1024*mib) + "\n"}, nil},
		{"qps", []string{"-from", file, "qps per request: 2 * ssd_random_read_4kb + 1 * compress_1kb_snappy"}, 0,
			[]string{"requests/s per core", "requests/s per machine (× 2 CPUs"}, nil},
		{"budget", []string{"-from", file, "budget", "200ms", "datacenter_round_trip"}, 0,
			[]string{"fit in 200 ms"}, nil},
		{"guide", []string{"-from", file, "disk_seek"}, 0, []string{"10.0 ms (guide)", "the guide's 2012 figure"}, nil},
		{"unknown", []string{"-from", file, "3 * ssd_randm"}, 1, nil,
			[]string{`unknown row "ssd_randm"; did you mean ssd_random_read_4kb`, "row ids:", "l1_cache_reference,"}},
		{"syntax", []string{"-from", file, "3 ** l1_cache_reference"}, 1, nil, []string{"column 4"}},
		{"no question", []string{"-from", file}, 1, nil, []string{"usage: latency estimate", "no question given"}},
		{"no file", []string{"-from", "nope.txt", "l1_cache_reference"}, 1, nil, []string{"nope.txt"}},
		// Issue 20: overflow, commas, NaN and unknown units are errors
		// (exit 1), not blank or wrong answers.
		{"overflow", []string{"-from", file, "1e308 * wan_round_trip_ca_nl"}, 1, nil, []string{"too large to compute with"}},
		{"budget overflow", []string{"-from", file, "budget 1e308h l1_cache_reference"}, 1, nil, []string{"too long a budget"}},
		{"size overflow", []string{"-from", file, "read 1e300 TB sequentially from ssd"}, 1, nil, []string{"too large a size"}},
		{"rate overflow", []string{"-from", file, "qps 1e-300 * l1_cache_reference"}, 1, nil, []string{"too short to compute a rate"}},
		{"huge", []string{"-from", file, "1e25 * l1_cache_reference"}, 0, []string{"= 1.42e+16 s ("}, nil},
		{"commas", []string{"-from", file, "1,5 * l1_cache_reference"}, 1, nil, []string{"numbers take no commas"}},
		{"NaN", []string{"-from", file, "NaN * l1_cache_reference"}, 1, nil, []string{"column 1: NaN is not a number"}},
		{"unknown unit", []string{"-from", file, "1 PB of ssd_sequential_read_1mb"}, 1, nil, []string{`unknown unit "PB"`, "TiB"}},
		{"too long", []string{"-from", file, strings.Repeat("l1_cache_reference + ", 40000) + "l1_cache_reference"}, 1, nil, []string{"more than the 65536"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx := context.Background()
			code := exitCode(ctx, run(ctx, &stdout, &stderr, append([]string{"estimate"}, tc.args...)), &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			for _, s := range tc.out {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
			for _, s := range tc.err {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
}
