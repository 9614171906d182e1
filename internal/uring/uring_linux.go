// Package uring is a minimal io_uring (Linux 5.6+) for the storage
// benchmarks: one ring, reads only, no cgo and no dependency beyond
// golang.org/x/sys/unix's system call numbers. It does what fio's io_uring
// engine does by default: no polling thread, no registered files or
// buffers; a read is queued in the submission ring, the kernel is entered
// to submit and to wait for completions, completions are read from the
// completion ring.
package uring

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrFull is returned by Read when the submission ring has no free entry.
var ErrFull = errors.New("io_uring submission queue is full")

// Layout of the kernel's structures (include/uapi/linux/io_uring.h).
type sqringOffsets struct {
	head, tail, ringMask, ringEntries, flags, dropped, array, resv1 uint32
	userAddr                                                        uint64
}

type cqringOffsets struct {
	head, tail, ringMask, ringEntries, overflow, cqes, flags, resv1 uint32
	userAddr                                                        uint64
}

type params struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFD uint32
	resv                                                                   [3]uint32
	sqOff                                                                  sqringOffsets
	cqOff                                                                  cqringOffsets
}

type sqe struct {
	opcode      uint8
	flags       uint8
	ioprio      uint16
	fd          int32
	off         uint64
	addr        uint64
	len         uint32
	rwFlags     uint32
	userData    uint64
	bufIndex    uint16
	personality uint16
	spliceFDIn  int32
	addr3       uint64
	pad         uint64
}

type cqe struct {
	userData uint64
	res      int32
	flags    uint32
}

const (
	opRead         = 22 // IORING_OP_READ
	enterGetEvents = 1  // IORING_ENTER_GETEVENTS
	featSingleMmap = 1  // IORING_FEAT_SINGLE_MMAP
	offSQRing      = 0
	offCQRing      = 0x8000000
	offSQEs        = 0x10000000
	sqeSize        = 64
	cqeSize        = 16
	paramsSize     = 120
)

// Size checks: the compiler rejects a negative array length.
var (
	_ [sqeSize - unsafe.Sizeof(sqe{})]byte
	_ [unsafe.Sizeof(sqe{}) - sqeSize]byte
	_ [cqeSize - unsafe.Sizeof(cqe{})]byte
	_ [paramsSize - unsafe.Sizeof(params{})]byte
	_ [unsafe.Sizeof(params{}) - paramsSize]byte
)

// A Ring is one io_uring instance. It is not safe for concurrent use.
type Ring struct {
	fd       int
	sqMap    []byte
	cqMap    []byte // nil when the kernel maps both rings at once
	sqeMap   []byte
	sqHead   *uint32
	sqTail   *uint32
	sqMask   uint32
	sqArray  unsafe.Pointer
	sqes     unsafe.Pointer
	cqHead   *uint32
	cqTail   *uint32
	cqMask   uint32
	cqes     unsafe.Pointer
	entries  uint32
	tail     uint32 // our copy of the submission tail
	unsent   uint32 // entries queued since the last enter
	inFlight int
}

// New sets up a ring with room for entries requests in flight (rounded up
// to a power of two by the kernel). Where io_uring is disabled
// (kernel.io_uring_disabled, a seccomp filter, an old kernel) the error
// says so, wrapping the errno (EPERM, ENOSYS).
func New(entries uint32) (*Ring, error) {
	var p params
	fd, _, errno := unix.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(&p)), 0)
	if errno != 0 {
		return nil, fmt.Errorf("io_uring_setup: %w", errno)
	}
	r := &Ring{fd: int(fd), entries: p.sqEntries}
	if err := r.mmap(&p); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

func (r *Ring) mmap(p *params) error {
	sqLen := int(p.sqOff.array + p.sqEntries*4)
	cqLen := int(p.cqOff.cqes + p.cqEntries*cqeSize)
	single := p.features&featSingleMmap != 0
	if single {
		sqLen = max(sqLen, cqLen)
	}
	var err error
	mmap := func(off int64, n int) []byte {
		if err != nil {
			return nil
		}
		var b []byte
		b, err = unix.Mmap(r.fd, off, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED|unix.MAP_POPULATE)
		if err != nil {
			err = fmt.Errorf("mapping io_uring ring at %#x: %w", off, err)
		}
		return b
	}
	r.sqMap = mmap(offSQRing, sqLen)
	cq := r.sqMap
	if !single {
		r.cqMap = mmap(offCQRing, cqLen)
		cq = r.cqMap
	}
	r.sqeMap = mmap(offSQEs, int(p.sqEntries)*sqeSize)
	if err != nil {
		return err
	}
	at := func(b []byte, off uint32) unsafe.Pointer { return unsafe.Pointer(&b[off]) }
	r.sqHead = (*uint32)(at(r.sqMap, p.sqOff.head))
	r.sqTail = (*uint32)(at(r.sqMap, p.sqOff.tail))
	r.sqMask = *(*uint32)(at(r.sqMap, p.sqOff.ringMask))
	r.sqArray = at(r.sqMap, p.sqOff.array)
	r.sqes = at(r.sqeMap, 0)
	r.cqHead = (*uint32)(at(cq, p.cqOff.head))
	r.cqTail = (*uint32)(at(cq, p.cqOff.tail))
	r.cqMask = *(*uint32)(at(cq, p.cqOff.ringMask))
	r.cqes = at(cq, p.cqOff.cqes)
	r.tail = atomic.LoadUint32(r.sqTail)
	return nil
}

// Entries is the number of submission entries the kernel gave the ring.
func (r *Ring) Entries() int { return int(r.entries) }

// InFlight is the number of reads queued or submitted and not yet reaped.
func (r *Ring) InFlight() int { return r.inFlight }

// Read queues a read of len(buf) bytes of fd at off, tagged with user. The
// kernel sees it at the next Enter. buf must stay valid, and unmoved, until
// its completion is reaped: pass memory outside the Go heap, or keep it
// referenced and pinned.
func (r *Ring) Read(fd int, buf []byte, off int64, user uint64) error {
	if r.tail-atomic.LoadUint32(r.sqHead) >= r.entries || r.inFlight >= int(r.entries) {
		return ErrFull
	}
	i := r.tail & r.sqMask
	e := (*sqe)(unsafe.Add(r.sqes, uintptr(i)*sqeSize))
	*e = sqe{opcode: opRead, fd: int32(fd), off: uint64(off), addr: uint64(uintptr(unsafe.Pointer(&buf[0]))),
		len: uint32(len(buf)), userData: user}
	*(*uint32)(unsafe.Add(r.sqArray, uintptr(i)*4)) = i
	r.tail++
	atomic.StoreUint32(r.sqTail, r.tail) // publishes the entry
	r.unsent++
	r.inFlight++
	return nil
}

// Enter submits the queued reads and, if wait > 0, blocks until at least
// wait completions are ready to be reaped.
//
// Note: the call is a raw system call, as the storage benchmarks' pread:
// the goroutine keeps its P while the kernel waits for the device, so the
// scheduler's hand-off costs no microseconds on the way back (see package
// bench/storage).
func (r *Ring) Enter(wait uint32) error {
	flags := uintptr(0)
	if wait > 0 {
		flags = enterGetEvents
	}
	for {
		n, _, errno := unix.RawSyscall6(unix.SYS_IO_URING_ENTER, uintptr(r.fd), uintptr(r.unsent), uintptr(wait), flags, 0, 0)
		switch errno {
		case 0:
			r.unsent -= uint32(n)
			return nil
		case unix.EINTR, unix.EAGAIN, unix.EBUSY:
			continue
		}
		return fmt.Errorf("io_uring_enter: %w", errno)
	}
}

// A Completion is a finished read: its tag and the bytes read, or a
// negative errno.
type Completion struct {
	User uint64
	Res  int32
}

// Reap returns the next completion, if one is ready.
func (r *Ring) Reap() (Completion, bool) {
	head := atomic.LoadUint32(r.cqHead)
	if head == atomic.LoadUint32(r.cqTail) {
		return Completion{}, false
	}
	e := (*cqe)(unsafe.Add(r.cqes, uintptr(head&r.cqMask)*cqeSize))
	c := Completion{User: e.userData, Res: e.res}
	atomic.StoreUint32(r.cqHead, head+1)
	r.inFlight--
	return c, true
}

// Err returns the error of a completion's result, nil if want bytes were
// read.
func (c Completion) Err(want int) error {
	switch {
	case c.Res < 0:
		return fmt.Errorf("io_uring read: %w", unix.Errno(-c.Res))
	case int(c.Res) != want:
		return fmt.Errorf("io_uring read: %d of %d bytes", c.Res, want)
	}
	return nil
}

// Close waits for every read in flight, then unmaps and closes the ring.
func (r *Ring) Close() error {
	var first error
	for r.fd >= 0 && r.sqMap != nil && r.inFlight > 0 {
		if err := r.Enter(1); err != nil {
			first = err
			break
		}
		for {
			if _, ok := r.Reap(); !ok {
				break
			}
		}
	}
	for _, m := range [][]byte{r.sqeMap, r.cqMap, r.sqMap} {
		if m != nil {
			if err := unix.Munmap(m); err != nil && first == nil {
				first = err
			}
		}
	}
	r.sqeMap, r.cqMap, r.sqMap = nil, nil, nil
	if r.fd >= 0 {
		if err := unix.Close(r.fd); err != nil && first == nil {
			first = err
		}
		r.fd = -1
	}
	return first
}
