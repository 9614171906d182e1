package report

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/latency-numbers/latency/internal/layout"
	"github.com/latency-numbers/latency/internal/results"
	"github.com/latency-numbers/latency/internal/rows"
	"github.com/latency-numbers/latency/internal/textwidth"
)

// MovedLimit is the change between two runs, in percent, that a stability
// check counts as a row having moved.
const MovedLimit = 10.0

// A StabilityCheck sets two runs of one machine side by side and asks
// whether they agree within their own intervals: the test a user's
// back-to-back runs must pass before anyone compares machines.
type StabilityCheck struct {
	A, B *Report
	Rows []StabilityRow
}

// A StabilityRow is one measured row of both runs, from the same benchmark.
type StabilityRow struct {
	ID, Operation string
	A, B          Line
	AHoldsB       bool    // A's interval holds B's median
	BHoldsA       bool    // B's interval holds A's median
	MovedPct      float64 // B's median over A's, minus one, in percent
	Flagged       bool    // unstable in at least one of the runs
}

// Moved reports whether the row moved by more than MovedLimit.
func (r StabilityRow) Moved() bool { return math.Abs(r.MovedPct) > MovedLimit }

// CheckStability builds the check of run b against run a.
func CheckStability(a, b *results.Run, table []rows.Row) *StabilityCheck {
	c := &StabilityCheck{A: Build(a, table), B: Build(b, table)}
	la := append(slices.Clip(c.A.Rows), c.A.Extra...)
	lb := append(slices.Clip(c.B.Rows), c.B.Extra...)
	for i := range la {
		x, y := la[i], lb[i]
		if x.Kind != rows.Measured || y.Kind != rows.Measured || x.Bench != y.Bench || x.Unit != y.Unit ||
			math.IsNaN(x.Lo) || math.IsNaN(y.Lo) || x.Measured <= 0 {
			continue
		}
		c.Rows = append(c.Rows, StabilityRow{ID: x.ID, Operation: x.Operation, A: x, B: y,
			AHoldsB:  x.Lo <= y.Measured && y.Measured <= x.Hi,
			BHoldsA:  y.Lo <= x.Measured && x.Measured <= y.Hi,
			MovedPct: (y.Measured/x.Measured - 1) * 100,
			Flagged:  x.Unstable || y.Unstable})
	}
	return c
}

// Counts returns how many rows each test passed: A's interval holds B's
// median, B's holds A's, moved more than MovedLimit, and moved and flagged.
func (c *StabilityCheck) Counts() (aHoldsB, bHoldsA, moved, movedFlagged int) {
	for _, r := range c.Rows {
		if r.AHoldsB {
			aHoldsB++
		}
		if r.BHoldsA {
			bHoldsA++
		}
		if r.Moved() {
			moved++
			if r.Flagged {
				movedFlagged++
			}
		}
	}
	return
}

// Write prints the rows that failed a test, then the summary, no line
// wider than width columns (0: DefaultWidth; less than MinWidth: MinWidth),
// laid out as WriteNarrow lays the report out.
func (c *StabilityCheck) Write(w io.Writer, width int) {
	width = Narrow{Width: width}.width()
	t := layout.Table{Width: width, Cols: []layout.Col{{Name: "Row", Wrap: true, Whole: true}, {Name: "A", Right: true}, {Name: "B", Right: true},
		{Name: "Moved", Right: true}, {Name: "A holds B"}, {Name: "B holds A"}, {Name: "Flagged (why)", Wrap: true}}}
	mark := func(ok bool) string {
		if ok {
			return "yes"
		}
		return "NO"
	}
	for _, r := range c.Rows {
		if r.AHoldsB && r.BHoldsA && !r.Moved() && !r.Flagged {
			continue
		}
		why := ""
		for _, l := range []Line{r.A, r.B} {
			if l.Unstable {
				why = l.Why.String()
				break
			}
		}
		flag := "no"
		if r.Flagged {
			flag = "yes: " + why
		}
		t.Add(r.ID, figure(r.A), figure(r.B), fmt.Sprintf("%+.1f %%", r.MovedPct), mark(r.AHoldsB), mark(r.BHoldsA), flag)
	}
	if len(t.Rows) > 0 {
		textwidth.Fprint(w, fmt.Sprintf("Rows that moved, fell outside the other run's interval, or were flagged (A = %s, B = %s):", c.A.Label, c.B.Label), width, "", "  ")
		t.Render(w)
		fmt.Fprintln(w)
	}
	n := len(c.Rows)
	ab, ba, moved, flagged := c.Counts()
	pct := func(k int) float64 { return 100 * float64(k) / float64(max(n, 1)) }
	for _, line := range []string{
		fmt.Sprintf("%d rows measured in both runs by the same benchmark.", n),
		fmt.Sprintf("A's 95%% interval holds B's median: %d of %d (%.0f %%)", ab, n, pct(ab)),
		fmt.Sprintf("B's 95%% interval holds A's median: %d of %d (%.0f %%)", ba, n, pct(ba)),
		fmt.Sprintf("moved more than %.0f %%: %d, of which flagged unstable in at least one run: %d", MovedLimit, moved, flagged),
	} {
		textwidth.Fprint(w, line, width, "", "  ")
	}
	for _, msg := range Clocks([]*Report{c.A, c.B}) {
		textwidth.Fprint(w, "Note: "+msg+".", width, "", "  ")
	}
}
