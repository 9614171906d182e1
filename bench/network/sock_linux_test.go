package network

import "golang.org/x/sys/unix"

// tcpSocket opens a blocking IPv4 TCP socket, closed on exec.
func tcpSocket() (int, error) {
	return unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
}

// acceptCloexec accepts a connection, closed on exec.
func acceptCloexec(fd int) (int, error) {
	nfd, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC)
	return nfd, err
}

// wakeAccept does nothing: on Linux, shutdown wakes a thread blocked in
// accept.
func wakeAccept(string) {}
