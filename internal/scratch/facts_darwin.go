package scratch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Inspect finds out what is under dir from statfs(2): the filesystem type
// and the device it is mounted from ("apfs", "disk3s1s1"). It never fails:
// what it cannot learn is left empty. macOS has no sysfs, so the disk's
// model, whether it rotates and its I/O scheduler stay unknown. DirectErr
// says whether uncached (F_NOCACHE) I/O works there; if dir does not exist,
// its nearest existing parent is inspected and DirectErr says it was not
// tried.
func Inspect(dir string) Info {
	in, probe := start(dir)
	var st unix.Statfs_t
	if unix.Statfs(probe, &st) == nil {
		in.FS = unix.ByteSliceToString(st.Fstypename[:])
		if from := unix.ByteSliceToString(st.Mntfromname[:]); strings.HasPrefix(from, "/dev/") {
			in.Device = strings.TrimPrefix(from, "/dev/")
		}
	}
	if in.FS == "" {
		in.FS = "unknown"
	}
	in.Memory = in.FS == "tmpfs" || in.FS == "devfs"
	if in.DirectErr == nil {
		in.WriteErr, in.DirectErr = tryNoCache(in.Dir)
	}
	return in
}

// tryNoCache creates an unnamed file in dir, turns caching off (F_NOCACHE)
// and writes and reads one aligned 4 KiB block. writeErr says why no file
// could be created at all, directErr why uncached I/O failed.
func tryNoCache(dir string) (writeErr, directErr error) {
	path := filepath.Join(dir, Prefix+uniq()+".nocache")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return createErr(err)
	}
	defer f.Close()
	os.Remove(path)
	if err := noCache(f); err != nil {
		return nil, err
	}
	buf := AlignedBuffer(4096)
	buf[0] = 1
	if _, err := f.WriteAt(buf, 0); err != nil {
		return nil, fmt.Errorf("write: %w", err)
	}
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return nil, nil
}

// ReadRequests is nil on macOS: no per-disk request counter is read here.
func ReadRequests(*os.File) func() (uint64, error) { return nil }
