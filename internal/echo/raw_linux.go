package echo

import (
	"net/netip"

	"golang.org/x/sys/unix"
)

// socketCloexec opens a blocking socket closed on exec.
func socketCloexec(family, typ int) (int, error) {
	return unix.Socket(family, typ|unix.SOCK_CLOEXEC, 0)
}

// acceptCloexec accepts a connection, closed on exec.
func acceptCloexec(fd int) (int, error) {
	nfd, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC)
	return nfd, err
}

// wake does nothing: on Linux, shutdown wakes a thread blocked in accept
// or recvfrom.
func wake(netip.AddrPort, bool) {}
