package scratch

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// oDirect is 0: macOS has no O_DIRECT; noCache sets F_NOCACHE after open.
const oDirect = 0

// noCache turns the unified buffer cache off for f's reads and writes
// (fcntl F_NOCACHE), macOS's counterpart of O_DIRECT.
//
// Note: unlike O_DIRECT, F_NOCACHE is advice the kernel may not follow for
// data already cached, and it requires no alignment; the benchmarks still
// use page-aligned buffers and offsets so the same I/O reaches the device.
func noCache(f *os.File) error {
	if _, err := unix.FcntlInt(f.Fd(), unix.F_NOCACHE, 1); err != nil {
		return fmt.Errorf("fcntl F_NOCACHE: %w", err)
	}
	return nil
}
