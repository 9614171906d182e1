package rows

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/latency-numbers/latency/internal/corpus"
)

// TestNoteBlockCounts checks a note's block count ("(32 blocks)") against
// the corpus the benchmark reads: every full block of every file, as
// bench/compress's allBlocks cuts them.
func TestNoteBlockCounts(t *testing.T) {
	count := regexp.MustCompile(`\((\d+) blocks\)`)
	block := regexp.MustCompile(`/block=(\d+)KiB/file=all$`)
	checked := 0
	for _, r := range Table {
		for _, s := range r.Sources {
			m := count.FindStringSubmatch(s.Note)
			if m == nil {
				continue
			}
			b := block.FindStringSubmatch(s.Bench)
			if b == nil {
				t.Errorf("%s: the note counts blocks, but %s names no block size over file=all", r.ID, s.Bench)
				continue
			}
			kib, _ := strconv.Atoi(b[1])
			want := 0
			for _, f := range corpus.Snappy {
				want += f.Size / (kib << 10)
			}
			if got, _ := strconv.Atoi(m[1]); got != want {
				t.Errorf("%s: the note says %d blocks, the corpus has %d full %d KiB blocks", r.ID, got, want, kib)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no note states a block count: the pattern no longer matches the notes' wording")
	}
}
