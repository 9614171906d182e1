package runner

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows which benchmark runs, how many steps are left, the
// elapsed time and an estimate of the time left: one bar line on a
// terminal, kept within its width; one line per step otherwise (CI logs).
//
// Note: every round runs every benchmark once in a shuffled order, so after
// the first round the steps done so far are a fair sample of those left and
// the bar's rate-based estimate holds.
type progress struct {
	w     io.Writer
	fd    int
	bar   *progressbar.ProgressBar
	total int
	done  int
	name  string
	begin time.Time
}

// barWidth is the bar itself; barFixed is the rest of the line beside the
// description: percentage, brackets, count and times.
const barWidth, barFixed = 10, 44

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, begin: time.Now(), fd: -1}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.fd = int(f.Fd())
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetWidth(barWidth),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// start notes the step that starts now.
func (p *progress) start(name string) {
	if p.done > 0 && p.bar != nil {
		_ = p.bar.Add(1)
	}
	p.done++
	p.name = name
	if p.bar != nil {
		p.bar.Describe(fit(name, p.width()-barFixed))
		return
	}
	fmt.Fprintf(p.w, "[%d/%d %s] %s\n", p.done, p.total, time.Since(p.begin).Round(time.Second), name)
}

// result notes one finished sample of a (sub-)benchmark.
func (p *progress) result(name string) {
	if p.bar != nil {
		sub := strings.TrimPrefix(name, "Benchmark")
		if i := strings.LastIndexByte(sub, '-'); i > 0 {
			sub = sub[:i]
		}
		p.bar.Describe(fit(p.name+" "+sub[strings.IndexByte(sub+"/", '/'):], p.width()-barFixed))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// width is the terminal's width now (it may change during a run).
func (p *progress) width() int {
	if w, _, err := term.GetSize(p.fd); err == nil && w > 0 {
		return w
	}
	return 80
}

// fit shortens s to at most n runes, marking the cut.
func fit(s string, n int) string {
	r := []rune(s)
	switch {
	case n <= 0:
		return ""
	case len(r) <= n:
		return s
	case n == 1:
		return "…"
	}
	return string(r[:n-1]) + "…"
}
