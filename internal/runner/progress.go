package runner

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/latency-numbers/latency/internal/textwidth"
)

// progress shows which benchmark runs, the round, the elapsed time and the
// run's budget: one bar line on a terminal, kept within its width, filled
// as the budget is spent; one line per step otherwise (CI logs).
//
// Note: sampling is adaptive, so the number of steps is not known ahead;
// the budget is, and a run ends by it at the latest.
type progress struct {
	w        io.Writer
	cols     func() int // the terminal's width now (it may change during a run)
	bar      *progressbar.ProgressBar
	barWidth int
	budget   time.Duration
	done     int
	name     string
	begin    time.Time
}

// Widths of the bar line, in columns: the bar itself at most, and the
// least room kept for the description before the bar is narrowed.
const maxBar, minDescription = 10, 24

func newProgress(w io.Writer, begin time.Time, budget time.Duration) *progress {
	if _, ok := textwidth.Terminal(w); ok {
		return newBar(w, begin, budget, func() int {
			cols, _ := textwidth.Terminal(w)
			return cols
		})
	}
	return &progress{w: w, budget: budget, begin: begin}
}

// newBar returns the progress of a run shown as a bar line that fits
// cols() columns.
func newBar(w io.Writer, begin time.Time, budget time.Duration, cols func() int) *progress {
	p := &progress{w: w, cols: cols, budget: budget, begin: begin}
	p.barWidth = min(maxBar, max(1, p.width()-p.fixed(0)-minDescription))
	p.bar = progressbar.NewOptions(int(budget.Seconds()),
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(p.barWidth),
		progressbar.OptionShowCount(),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionClearOnFinish(),
	)
	return p
}

// start notes the step that starts now.
func (p *progress) start(name string) {
	p.done++
	p.name = name
	el := time.Since(p.begin)
	if p.bar != nil {
		_ = p.bar.Set(min(int(el.Seconds()), int(p.budget.Seconds())))
		p.describe(name)
		return
	}
	fmt.Fprintf(p.w, "[%d %s/%s] %s\n", p.done, el.Round(time.Second), p.budget.Round(time.Second), name)
}

// result notes one finished sample of a (sub-)benchmark, named as a
// results.Result names it: "CacheRef/level=L1".
func (p *progress) result(name string) {
	if p.bar != nil {
		p.describe(p.name + " " + name[strings.IndexByte(name+"/", '/'):])
	}
}

// describe sets the bar's description, cut to the room the rest of the
// line leaves.
func (p *progress) describe(s string) {
	p.bar.Describe(textwidth.Fit(s, p.width()-p.fixed(p.barWidth)))
}

// fixed is the width of the bar line without its description, the bar
// barWidth columns wide: "%4d%% |bar| (done/max) [elapsed] ", as
// progressbar draws it.
//
// Note: the elapsed time is the bar's, counted from its first drawing, so
// at most ours; one second more covers a tick between now and the drawing.
func (p *progress) fixed(barWidth int) int {
	budget := len(strconv.Itoa(int(p.budget.Seconds())))
	elapsed := len((time.Since(p.begin).Truncate(time.Second) + time.Second).String())
	return len("100% ") + barWidth + len("|| (/) [] ") + 2*budget + elapsed
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// width is the terminal's width now, 80 when it cannot be told.
func (p *progress) width() int {
	if w := p.cols(); w > 0 {
		return w
	}
	return 80
}
