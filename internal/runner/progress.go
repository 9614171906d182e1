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

// progress shows which benchmark runs, how many are left and the elapsed
// time: a bar on a terminal, one line per benchmark otherwise (CI logs).
type progress struct {
	w       io.Writer
	bar     *progressbar.ProgressBar
	total   int
	current string
	results int
	begin   time.Time
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, begin: time.Now()}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetWidth(20),
			progressbar.OptionShowCount(),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionFullWidth(),
			progressbar.OptionClearOnFinish(),
		)
	}
	return p
}

func (p *progress) start(i int, name string) {
	p.current, p.results = name, 0
	if p.bar != nil {
		_ = p.bar.Set(i)
		p.bar.Describe(name)
		return
	}
	fmt.Fprintf(p.w, "[%d/%d %s] %s\n", i+1, p.total, time.Since(p.begin).Round(time.Second), name)
}

// result notes one finished sample of a (sub-)benchmark.
func (p *progress) result(name string) {
	p.results++
	if p.bar != nil {
		sub := strings.TrimPrefix(name, "Benchmark")
		p.bar.Describe(fmt.Sprintf("%s (%d samples)", sub, p.results))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
