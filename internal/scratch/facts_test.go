//go:build linux

package scratch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestParseMountinfo(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		want       mount
		ok         bool
	}{
		{
			name: "ext4",
			line: "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
			want: mount{major: 254, minor: 0, point: "/", fstype: "ext4", source: "/dev/vda"}, ok: true,
		},
		{
			name: "optional fields and escapes",
			line: `36 35 98:17 /mnt1 /mnt/my\040disk rw,noatime master:1 shared:7 - xfs /dev/sdb1 rw`,
			want: mount{major: 98, minor: 17, point: "/mnt/my disk", fstype: "xfs", source: "/dev/sdb1"}, ok: true,
		},
		{
			name: "btrfs anonymous device",
			line: "40 1 0:45 /@home /home rw - btrfs /dev/nvme0n1p2 rw,ssd",
			want: mount{major: 0, minor: 45, point: "/home", fstype: "btrfs", source: "/dev/nvme0n1p2"}, ok: true,
		},
		{name: "no separator", line: "26 1 254:0 / / rw ext4 /dev/vda rw"},
		{name: "bad device", line: "26 1 vda / / rw - ext4 /dev/vda rw"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseMountinfo(tc.line)
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestScheduler(t *testing.T) {
	for in, want := range map[string]string{
		"none [mq-deadline] kyber bfq": "mq-deadline",
		"[none] mq-deadline":           "none",
		"none":                         "none",
		"":                             "",
	} {
		if got := scheduler(in); got != want {
			t.Errorf("scheduler(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBlockDevice resolves links in a fake sysfs: a partition to its disk,
// a device-mapper device over a partition to the disk under both.
func TestBlockDevice(t *testing.T) {
	sys := t.TempDir()
	mk := func(dir string, files ...string) {
		if err := os.MkdirAll(filepath.Join(sys, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			os.WriteFile(filepath.Join(sys, dir, f), []byte("1\n"), 0o644)
		}
	}
	link := func(target, name string) {
		os.MkdirAll(filepath.Dir(filepath.Join(sys, name)), 0o755)
		if err := os.Symlink(filepath.Join(sys, target), filepath.Join(sys, name)); err != nil {
			t.Fatal(err)
		}
	}
	mk("devices/pci/block/nvme0n1")
	mk("devices/pci/block/nvme0n1/nvme0n1p2", "partition")
	mk("devices/virtual/block/dm-0/slaves")
	link("devices/pci/block/nvme0n1/nvme0n1p2", "devices/virtual/block/dm-0/slaves/nvme0n1p2")
	link("devices/pci/block/nvme0n1", "dev/block/259:0")
	link("devices/pci/block/nvme0n1/nvme0n1p2", "dev/block/259:2")
	link("devices/virtual/block/dm-0", "dev/block/253:0")

	for _, tc := range []struct {
		link, want, via string
	}{
		{"259:0", "nvme0n1", ""},
		{"259:2", "nvme0n1", "nvme0n1p2"},
		{"253:0", "nvme0n1", "dm-0,nvme0n1p2"},
	} {
		got, via := blockDevice(filepath.Join(sys, "dev/block", tc.link))
		if filepath.Base(got) != tc.want || strings.Join(via, ",") != tc.via {
			t.Errorf("blockDevice(%s) = %s via %v, want %s via %s", tc.link, filepath.Base(got), via, tc.want, tc.via)
		}
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	in := Inspect(dir)
	if in.Dir != dir || in.FS == "" || strings.HasPrefix(in.FS, "unknown") {
		t.Errorf("Inspect(%s) = %+v: want the directory and its filesystem", dir, in)
	}
	facts := Facts(dir)
	keys := []string{"scratch-dir", "scratch-fs", "scratch-device", "scratch-model",
		"scratch-rotational", "scratch-scheduler", "scratch-odirect"}
	if len(facts) != len(keys) {
		t.Fatalf("Facts = %v, want keys %v", facts, keys)
	}
	for i, kv := range facts {
		if kv[0] != keys[i] || kv[1] == "" {
			t.Errorf("fact %d = %q: %q, want key %s with a value", i, kv[0], kv[1], keys[i])
		}
	}
	assertEmpty(t, dir) // the O_DIRECT probe leaves nothing

	missing := filepath.Join(dir, "not", "there")
	if err := Inspect(missing).DirectIO(); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("DirectIO of a missing directory = %v, want 'does not exist'", err)
	}
}

// TestInspectTmpfs checks that tmpfs is recognised as memory although it
// accepts O_DIRECT.
func TestInspectTmpfs(t *testing.T) {
	var st unix.Statfs_t
	if unix.Statfs("/dev/shm", &st) != nil || st.Type != unix.TMPFS_MAGIC {
		t.Skip("no tmpfs at /dev/shm")
	}
	dir, err := os.MkdirTemp("/dev/shm", "scratch-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	in := Inspect(dir)
	if !in.Memory || in.FS != "tmpfs" {
		t.Errorf("Inspect(%s) = %+v, want tmpfs, memory", dir, in)
	}
	// tmpfs accepts O_DIRECT: the reason is what it is, not a refusal.
	want := "tmpfs at " + dir + " is memory, not a disk"
	if err := in.DirectIO(); err == nil || err.Error() != want {
		t.Errorf("DirectIO = %v, want %q", err, want)
	}
	if err := in.DeviceIO(); err == nil {
		t.Errorf("DeviceIO on tmpfs = nil, want an error")
	}
}

// A directory where no file can be created is not "O_DIRECT unsupported":
// both checks say files cannot be created there, and why.
func TestInspectNotWritable(t *testing.T) {
	dirs := []string{"/sys"} // sysfs: no file can be created, even by root
	if os.Geteuid() != 0 {
		ro := filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, ro)
	}
	for _, dir := range dirs {
		in := Inspect(dir)
		if in.WriteErr == nil {
			t.Logf("%s is writable here; skipped", dir)
			continue
		}
		want := "cannot create files in " + dir + " (" + in.FS + "): "
		for name, err := range map[string]error{"DeviceIO": in.DeviceIO(), "DirectIO": in.DirectIO()} {
			if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "O_DIRECT") {
				t.Errorf("%s(%s) = %v, want %q...", name, dir, err, want)
			}
		}
	}
}

func TestReadRequests(t *testing.T) {
	f, err := NewFile(t.TempDir(), 1<<20, true)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	count := ReadRequests(f)
	if count == nil {
		t.Skipf("no block device behind %s", f.Name())
	}
	before, err := count()
	if err != nil {
		t.Fatal(err)
	}
	buf := AlignedBuffer(4 << 10)
	if _, err := f.ReadAt(buf, 0); err != nil {
		t.Fatal(err)
	}
	after, err := count()
	if err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("an O_DIRECT read moved the disk's read counter from %d to %d", before, after)
	}
}

func TestReadRequestsTmpfs(t *testing.T) {
	f, err := os.CreateTemp("/dev/shm", "latency-test-")
	if err != nil {
		t.Skip(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if ReadRequests(f) != nil {
		t.Error("ReadRequests of a tmpfs file is not nil")
	}
}
