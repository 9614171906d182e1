package mem

var kinds = []Pages{Small}

// advise does nothing: macOS offers no transparent huge pages to ask for.
func advise(b []byte, pages Pages) error { return nil }

// HugeFraction is 0 on macOS: every page is a base page (16 KiB on Apple
// Silicon, 4 KiB on Intel).
func (b *Buffer) HugeFraction() (float64, error) { return 0, nil }

// collapse does nothing: there are no huge pages to ask for here.
func (b *Buffer) collapse() {}

// populate writes to every page: there is no MADV_POPULATE_WRITE here.
func populate(b []byte) { touch(b) }

func hugeTLB(int) (*Buffer, error) { return nil, errNoHugeTLB }
