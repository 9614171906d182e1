package scratch

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Inspect finds out what is under dir. It never fails: what it cannot learn
// is left empty. If dir does not exist, its nearest existing parent is
// inspected and DirectErr says that O_DIRECT was not tried.
func Inspect(dir string) Info {
	in, probe := start(dir)
	if real, err := filepath.EvalSymlinks(probe); err == nil {
		probe = real
	}

	var sfs unix.Statfs_t
	magic := int64(-1)
	if unix.Statfs(probe, &sfs) == nil {
		magic = int64(sfs.Type)
	}
	var st unix.Stat_t
	unix.Stat(probe, &st)
	m, _ := findMount(probe, unix.Major(st.Dev), unix.Minor(st.Dev))

	in.FS = m.fstype
	if in.FS == "" {
		in.FS = fsName(magic)
	}
	in.Memory = magic == unix.TMPFS_MAGIC || magic == unix.RAMFS_MAGIC || in.FS == "tmpfs" || in.FS == "ramfs"

	major, minor := m.major, m.minor
	if major == 0 && strings.HasPrefix(m.source, "/dev/") {
		// btrfs and others report an anonymous device; the mount source names the real one.
		var dst unix.Stat_t
		if unix.Stat(m.source, &dst) == nil && dst.Mode&unix.S_IFMT == unix.S_IFBLK {
			major, minor = unix.Major(dst.Rdev), unix.Minor(dst.Rdev)
		}
	}
	if major != 0 {
		if sys, via := blockDevice(fmt.Sprintf("/sys/dev/block/%d:%d", major, minor)); sys != "" {
			name := filepath.Base(sys)
			in.Device = name
			if len(via) > 0 {
				in.Device += " (via " + strings.Join(via, ", ") + ")"
			}
			in.Model = model(sys)
			in.Rotational = readLine(filepath.Join(sys, "queue/rotational"))
			in.Scheduler = scheduler(readLine(filepath.Join(sys, "queue/scheduler")))
			if strings.HasPrefix(name, "zram") || strings.HasPrefix(name, "ram") {
				in.Memory = true
			}
		}
	}
	if in.DirectErr == nil {
		in.WriteErr, in.DirectErr = tryDirect(in.Dir)
	}
	return in
}

// A mount is one line of /proc/self/mountinfo.
type mount struct {
	major, minor uint32
	point        string
	fstype       string
	source       string
}

// findMount returns the mount holding path: the one with the path's device
// numbers and the longest mount point that contains it, or failing a device
// match, just the longest mount point.
func findMount(path string, major, minor uint32) (mount, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return mount{}, fmt.Errorf("reading mounts: %w", err)
	}
	defer f.Close()
	var byDev, byPath mount
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m, ok := parseMountinfo(sc.Text())
		if !ok || !within(path, m.point) {
			continue
		}
		if len(m.point) >= len(byPath.point) {
			byPath = m
		}
		if m.major == major && m.minor == minor && len(m.point) >= len(byDev.point) {
			byDev = m
		}
	}
	if byDev.point != "" {
		return byDev, sc.Err()
	}
	return byPath, sc.Err()
}

// parseMountinfo parses a line of /proc/self/mountinfo:
//
//	36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
func parseMountinfo(line string) (mount, bool) {
	pre, post, ok := strings.Cut(line, " - ")
	f, g := strings.Fields(pre), strings.Fields(post)
	if !ok || len(f) < 5 || len(g) < 2 {
		return mount{}, false
	}
	maj, min, ok := strings.Cut(f[2], ":")
	a, err1 := strconv.ParseUint(maj, 10, 32)
	b, err2 := strconv.ParseUint(min, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		return mount{}, false
	}
	return mount{major: uint32(a), minor: uint32(b), point: unescape(f[4]), fstype: g[0], source: unescape(g[1])}, true
}

// unescape undoes mountinfo's octal escapes (\040 for a space).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func within(path, dir string) bool {
	return dir == "/" || path == dir || strings.HasPrefix(path, dir+"/")
}

// blockDevice resolves a /sys/dev/block/M:m link to the sysfs directory of
// the whole disk under it: a partition to its disk, a device-mapper or md
// device with a single member to that member. via lists what was passed.
func blockDevice(link string) (sys string, via []string) {
	sys, err := filepath.EvalSymlinks(link)
	if err != nil {
		return "", nil
	}
	for range 8 { // stacks are shallow; bound the walk anyway
		if _, err := os.Stat(filepath.Join(sys, "partition")); err == nil {
			via = append(via, filepath.Base(sys))
			sys = filepath.Dir(sys)
			continue
		}
		slaves, _ := os.ReadDir(filepath.Join(sys, "slaves"))
		if len(slaves) != 1 {
			break
		}
		next, err := filepath.EvalSymlinks(filepath.Join(sys, "slaves", slaves[0].Name()))
		if err != nil {
			break
		}
		via = append(via, filepath.Base(sys))
		sys = next
	}
	return sys, via
}

// model returns the disk's model string, or names its driver when the
// device has none (virtio disks).
func model(sys string) string {
	for _, f := range []string{"device/model", "device/name"} {
		if s := readLine(filepath.Join(sys, f)); s != "" {
			return s
		}
	}
	for _, d := range []string{"device/driver", "device/device/driver"} {
		if p, err := filepath.EvalSymlinks(filepath.Join(sys, d)); err == nil {
			return filepath.Base(p) + " driver, no model string"
		}
	}
	return ""
}

// scheduler picks the active one out of "none [mq-deadline] kyber bfq".
func scheduler(s string) string {
	if i := strings.IndexByte(s, '['); i >= 0 {
		if j := strings.IndexByte(s[i:], ']'); j > 0 {
			return s[i+1 : i+j]
		}
	}
	return s
}

func readLine(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// tryDirect creates an unnamed file in dir with O_DIRECT and writes and
// reads one aligned 4 KiB block: some filesystems accept the open and
// refuse the I/O. writeErr says why no file could be created at all
// (permissions, a read-only filesystem), directErr why O_DIRECT failed.
func tryDirect(dir string) (writeErr, directErr error) {
	path := filepath.Join(dir, Prefix+uniq()+".odirect")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|syscall.O_DIRECT, 0o600)
	if err != nil {
		if errors.Is(err, unix.EINVAL) {
			return nil, errors.New("open refused (EINVAL)")
		}
		return createErr(err)
	}
	defer f.Close()
	os.Remove(path)
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

// fsName names a statfs magic number.
func fsName(magic int64) string {
	if s, ok := fsNames[magic]; ok {
		return s
	}
	if magic < 0 {
		return "unknown"
	}
	return fmt.Sprintf("unknown (0x%x)", magic)
}

var fsNames = map[int64]string{
	unix.EXT4_SUPER_MAGIC:      "ext2/3/4",
	unix.XFS_SUPER_MAGIC:       "xfs",
	unix.BTRFS_SUPER_MAGIC:     "btrfs",
	unix.F2FS_SUPER_MAGIC:      "f2fs",
	unix.BCACHEFS_SUPER_MAGIC:  "bcachefs",
	unix.TMPFS_MAGIC:           "tmpfs",
	unix.RAMFS_MAGIC:           "ramfs",
	unix.OVERLAYFS_SUPER_MAGIC: "overlay",
	unix.NFS_SUPER_MAGIC:       "nfs",
	unix.CIFS_SUPER_MAGIC:      "cifs",
	unix.SMB2_SUPER_MAGIC:      "smb2",
	unix.FUSE_SUPER_MAGIC:      "fuse",
	unix.V9FS_MAGIC:            "9p",
	unix.EXFAT_SUPER_MAGIC:     "exfat",
	unix.MSDOS_SUPER_MAGIC:     "vfat",
	0x2fc12fc1:                 "zfs",
}

// ReadRequests returns a counter of the read requests completed by the disk
// that holds f (the first field of its sysfs stat file: what reached the
// device after the block layer merged and split requests), or nil where
// that disk cannot be found (tmpfs, network filesystems). The counter sees
// every process's reads of that disk, not only this one's.
func ReadRequests(f *os.File) func() (uint64, error) {
	var st unix.Stat_t
	if unix.Fstat(int(f.Fd()), &st) != nil || unix.Major(st.Dev) == 0 {
		return nil
	}
	sys, _ := blockDevice(fmt.Sprintf("/sys/dev/block/%d:%d", unix.Major(st.Dev), unix.Minor(st.Dev)))
	if sys == "" {
		return nil
	}
	path := filepath.Join(sys, "stat")
	read := func() (uint64, error) {
		fields := strings.Fields(readLine(path))
		if len(fields) == 0 {
			return 0, fmt.Errorf("reading %s: no fields", path)
		}
		return strconv.ParseUint(fields[0], 10, 64)
	}
	if _, err := read(); err != nil {
		return nil
	}
	return read
}
