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

// progress shows which benchmark runs, the round, the elapsed time and the
// run's budget: one bar line on a terminal, kept within its width, filled
// as the budget is spent; one line per step otherwise (CI logs).
//
// Note: sampling is adaptive, so the number of steps is not known ahead;
// the budget is, and a run ends by it at the latest.
type progress struct {
	w      io.Writer
	fd     int
	bar    *progressbar.ProgressBar
	budget time.Duration
	done   int
	name   string
	begin  time.Time
}

// barWidth is the bar itself; barFixed is the rest of the line beside the
// description: percentage, brackets, count and times.
const barWidth, barFixed = 10, 44

func newProgress(w io.Writer, begin time.Time, budget time.Duration) *progress {
	p := &progress{w: w, budget: budget, begin: begin, fd: -1}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.fd = int(f.Fd())
		p.bar = progressbar.NewOptions(int(budget.Seconds()),
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetWidth(barWidth),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

// start notes the step that starts now.
func (p *progress) start(name string) {
	p.done++
	p.name = name
	el := time.Since(p.begin)
	if p.bar != nil {
		_ = p.bar.Set(min(int(el.Seconds()), int(p.budget.Seconds())))
		p.bar.Describe(fit(name, p.width()-barFixed))
		return
	}
	fmt.Fprintf(p.w, "[%d %s/%s] %s\n", p.done, el.Round(time.Second), p.budget.Round(time.Second), name)
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
