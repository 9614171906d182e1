package scratch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Info describes the filesystem and block device under a scratch directory.
type Info struct {
	Dir        string // absolute path
	FS         string // filesystem type: "ext4", "tmpfs", ...
	Memory     bool   // contents live in RAM (tmpfs, ramfs, zram): there is no device to measure
	Device     string // block device, partitions and device-mapper layers resolved to the disk: "nvme0n1", "sda (via dm-0)"
	Model      string // the device's model string, or "virtio_blk driver, no model string"
	Rotational string // "1" or "0" as sysfs says (VMs often say 1 for flash), "" if unknown
	Scheduler  string // active I/O scheduler
	WriteErr   error  // why files cannot be created in Dir (read-only, no permission), nil if they can
	DirectErr  error  // why O_DIRECT reads cannot be done in Dir, nil if they can
}

// Facts returns the scratch directory's facts as key/value pairs for a
// results file's header: scratch-dir, scratch-fs, scratch-device,
// scratch-model, scratch-rotational, scratch-scheduler, scratch-odirect.
// Every key is always present; unknown values say so.
func Facts(dir string) [][2]string {
	in := Inspect(dir)
	odirect := "yes"
	if err := in.DirectIO(); err != nil {
		odirect = "no: " + err.Error()
	}
	return [][2]string{
		{"scratch-dir", in.Dir},
		{"scratch-fs", in.FS},
		{"scratch-device", or(in.Device, "none")},
		{"scratch-model", or(in.Model, "unknown")},
		{"scratch-rotational", or(in.Rotational, "unknown")},
		{"scratch-scheduler", or(in.Scheduler, "unknown")},
		{"scratch-odirect", odirect},
	}
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// DeviceIO returns nil if reads and writes in the directory reach a block
// device, or an error saying why not ("tmpfs at /dev/shm/x is memory, not a
// disk", "cannot create files in /x (ext4): read-only file system").
func (in Info) DeviceIO() error {
	switch {
	case in.Memory && in.Device != "":
		return fmt.Errorf("%s at %s is on %s, a RAM disk", in.FS, in.Dir, in.Device)
	case in.Memory:
		return fmt.Errorf("%s at %s is memory, not a disk", in.FS, in.Dir)
	case in.WriteErr != nil:
		return fmt.Errorf("cannot create files in %s (%s): %w", in.Dir, in.FS, in.WriteErr)
	}
	return nil
}

// DirectIO returns nil if O_DIRECT reads in the directory reach a block
// device, or an error saying why not: the reasons of DeviceIO first ("tmpfs
// at /dev/shm/x is memory, not a disk"), then "O_DIRECT unsupported on ...".
//
// Note: tmpfs accepts O_DIRECT on recent kernels, so a successful open proves
// nothing; the filesystem type decides first. A directory where no file can
// be created says nothing about O_DIRECT either.
func (in Info) DirectIO() error {
	if err := in.DeviceIO(); err != nil {
		return err
	}
	if in.DirectErr != nil {
		return fmt.Errorf("O_DIRECT unsupported on %s at %s: %w", in.FS, in.Dir, in.DirectErr)
	}
	return nil
}

// createErr sorts out a failed creation of the probe file: no file can be
// created in the directory at all, so O_DIRECT was never tried.
func createErr(err error) (writeErr, directErr error) {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is in the caller's message
	}
	return err, fmt.Errorf("not tried: %w", err)
}

// start begins Inspect on every OS: dir made absolute, and the path to look
// at, the nearest existing one (DirectErr says so when dir does not exist).
func start(dir string) (Info, string) {
	in := Info{Dir: dir}
	if abs, err := filepath.Abs(dir); err == nil {
		in.Dir = abs
	}
	probe := in.Dir
	for {
		if _, err := os.Stat(probe); err == nil || probe == "/" {
			break
		}
		probe = filepath.Dir(probe)
	}
	if probe != in.Dir {
		in.DirectErr = fmt.Errorf("not tried: %s does not exist", in.Dir)
	}
	return in, probe
}
