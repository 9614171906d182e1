package report

import "strings"

// A ReasonKind says what a stability reason is about, so that code can
// ask for one kind without matching its words.
type ReasonKind int

// The kinds of stability reason.
const (
	// WideInterval: the 95 % interval is wider than the limit.
	WideInterval ReasonKind = iota + 1
	// WideSpread: the samples spread widely across the run (files made before
	// adaptive sampling).
	WideSpread
	// HalvesDisagree: the two halves of the run's samples disagree.
	HalvesDisagree
	// Steal: the hypervisor stole time during some samples.
	Steal
	// OtherProcesses: other processes kept the CPUs busy during some
	// samples.
	OtherProcesses
	// Retaken: samples were disturbed and taken again.
	Retaken
	// ClockVaried: the core clock varied over the run.
	ClockVaried
	// TooFew: what was seen is too little to make the row unstable.
	TooFew
)

// A Reason is one thing the stability verdict of a row rests on: its kind
// and what it says ("core clock varied from 3.10 to 4.20 GHz over the
// run").
type Reason struct {
	Kind ReasonKind
	Text string
}

// Reasons are a row's reasons, in the order they are said.
type Reasons []Reason

// Has reports whether one of rs is of kind k.
func (rs Reasons) Has(k ReasonKind) bool {
	for _, r := range rs {
		if r.Kind == k {
			return true
		}
	}
	return false
}

// String is the reasons' texts joined by "; ", as the report prints them.
func (rs Reasons) String() string {
	texts := make([]string, len(rs))
	for i, r := range rs {
		texts[i] = r.Text
	}
	return strings.Join(texts, "; ")
}
