package echo

import (
	"net"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"
)

// socketCloexec opens a blocking socket closed on exec (macOS has no
// SOCK_CLOEXEC: the flag is set after the fact).
func socketCloexec(family, typ int) (int, error) {
	fd, err := unix.Socket(family, typ, 0)
	if err != nil {
		return -1, err
	}
	unix.CloseOnExec(fd)
	return fd, nil
}

// acceptCloexec accepts a connection, closed on exec (macOS has no
// accept4).
func acceptCloexec(fd int) (int, error) {
	nfd, _, err := unix.Accept(fd)
	if err != nil {
		return -1, err
	}
	unix.CloseOnExec(nfd)
	return nfd, nil
}

// wake unblocks a server thread waiting in accept or recvfrom on addr.
//
// Note: on macOS shutdown(2) fails on a listening or unconnected socket
// (ENOTCONN) and wakes nobody, so the server is sent a connection or a
// datagram instead; it then sees that it is stopping.
func wake(addr netip.AddrPort, udp bool) {
	network := "tcp"
	if udp {
		network = "udp"
	}
	c, err := net.DialTimeout(network, addr.String(), time.Second)
	if err != nil {
		return
	}
	c.Write([]byte{0})
	c.Close()
}
