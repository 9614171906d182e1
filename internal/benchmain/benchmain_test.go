package benchmain

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Command
		bad  bool
	}{
		{line: "run 1 100ms ^BenchmarkCacheRef$", want: Command{1, "100ms", "^BenchmarkCacheRef$"}},
		{line: "run 2 1x ^BenchmarkA$|^BenchmarkB c$", want: Command{2, "1x", "^BenchmarkA$|^BenchmarkB c$"}},
		{line: "run 0 100ms x", bad: true},
		{line: "run 1 soon x", bad: true},
		{line: "walk 1 1s x", bad: true},
		{line: "run 1 1s", bad: true},
	} {
		got, err := ParseCommand(tc.line)
		if tc.bad {
			if err == nil {
				t.Errorf("ParseCommand(%q) = %+v, want an error", tc.line, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseCommand(%q) = %+v, %v; want %+v", tc.line, got, err, tc.want)
		}
		if again, _ := ParseCommand(got.String()); again != got {
			t.Errorf("round trip of %q gave %+v", got.String(), again)
		}
	}
}

func TestServe(t *testing.T) {
	var seen []string
	run := func() int {
		seen = append(seen, flag.Lookup("test.bench").Value.String()+" "+flag.Lookup("test.count").Value.String())
		if len(seen) == 2 {
			return 1 // a failed benchmark: the worker goes on
		}
		return 0
	}
	in := strings.NewReader("run 1 100ms ^BenchmarkA$\n\nrun 3 20ms ^BenchmarkB$\nnonsense\nrun 1 1x ^BenchmarkC$\n")
	var out, errw bytes.Buffer
	code := serve(run, in, &out, &errw)
	if code != 1 {
		t.Errorf("exit code %d, want 1 (the first failure)", code)
	}
	want := []string{"^BenchmarkA$ 1", "^BenchmarkB$ 3", "^BenchmarkC$ 1"}
	if strings.Join(seen, ";") != strings.Join(want, ";") {
		t.Errorf("ran %q, want %q", seen, want)
	}
	if got := strings.Count(out.String(), Done+" "); got != 4 {
		t.Errorf("%d done lines, want one per command (4):\n%s", got, out.String())
	}
	for _, w := range []string{Done + " 0", Done + " 1", Done + " 2"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
	if !strings.Contains(errw.String(), "bad command") {
		t.Errorf("stderr lacks the bad command: %q", errw.String())
	}
}
