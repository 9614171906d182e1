package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/latency-numbers/latency/internal/estimate"
	"github.com/latency-numbers/latency/internal/results"
)

func cmdEstimate(ctx context.Context, stdout, stderr io.Writer, args []string) error {
	fs := newFlags("estimate", stderr, "[-from FILE] [-width N] QUESTION   (e.g. 'read 10 GiB sequentially from ssd', 'qps per request: 2 * ssd_random_read_4kb', 'budget 200ms datacenter_round_trip')")
	from := fs.String("from", "", "results `file` whose figures to use (default: the newest in -dir)")
	dir := fs.String("dir", "results", "`directory` searched for the newest results file when -from is not given")
	width := fs.Int("width", 0, "lay the answer out within this many `columns` (default: the terminal's; 100 when not a terminal)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkWidth(*width); err != nil {
		return err
	}
	question := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(question) == "" {
		fs.Usage()
		return errors.New("estimate: no question given")
	}
	q, err := estimate.Parse(question)
	if err != nil {
		return fmt.Errorf("estimate: %w", err)
	}
	file := *from
	if file == "" {
		if file, err = results.Newest(*dir); err != nil {
			return err
		}
	}
	_, rep, err := load(ctx, file)
	if rep == nil || (err != nil && rep.FromFile() == 0) {
		return err
	}
	// Parsing and answering are bounded (estimate.MaxLen), so the context
	// is looked at only between the steps.
	if err := ctx.Err(); err != nil {
		return err
	}
	a, err := estimate.FromReport(rep).Answer(q)
	if err != nil {
		return fmt.Errorf("estimate: %w", err)
	}
	return a.Write(stdout, textWidth(stdout, *width))
}
