package network

import (
	"net"
	"time"

	"golang.org/x/sys/unix"
)

// tcpSocket opens a blocking IPv4 TCP socket, closed on exec (macOS has no
// SOCK_CLOEXEC).
func tcpSocket() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	return fd, err
}

// acceptCloexec accepts a connection, closed on exec (macOS has no
// accept4).
func acceptCloexec(fd int) (int, error) {
	nfd, _, err := unix.Accept(fd)
	if err == nil {
		unix.CloseOnExec(nfd)
	}
	return nfd, err
}

// wakeAccept connects to addr, so that a thread blocked in accept there
// returns: on macOS, shutdown of a listening socket fails (ENOTCONN) and
// wakes nobody.
func wakeAccept(addr string) {
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
	}
}
