//go:build !linux && !darwin

package mem

import (
	"fmt"
	"runtime"
)

var kinds = []Pages{Small}

var errNoMap = fmt.Errorf("the memory benchmarks map memory on linux and darwin only, not %s", runtime.GOOS)

func mmap(n int) ([]byte, error) { return nil, errNoMap }

func munmap(b []byte) error { return errNoMap }

func addr(b []byte) uintptr { return 0 }

func advise(b []byte, pages Pages) error { return nil }

// HugeFraction is not known here.
func (b *Buffer) HugeFraction() (float64, error) { return 0, errNoMap }

// collapse does nothing: there are no huge pages to ask for here.
func (b *Buffer) collapse() {}

// populate writes to every page: there is no MADV_POPULATE_WRITE here.
func populate(b []byte) { touch(b) }

func hugeTLB(int) (*Buffer, error) { return nil, errNoHugeTLB }
