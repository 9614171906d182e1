//go:build !linux && !darwin

package echo

import (
	"fmt"
	"runtime"
	"time"
)

var errNoRaw = fmt.Errorf("the system call path is implemented for linux and darwin only, not %s", runtime.GOOS)

// DialRaw is implemented on Linux and macOS only.
func DialRaw(network, addr string, size int, timeout time.Duration) (Pinger, error) {
	return nil, errNoRaw
}

// A RawServer is implemented on Linux and macOS only.
type RawServer struct{}

// ListenRaw is implemented on Linux and macOS only.
func ListenRaw(network string, cpu int) (*RawServer, error) { return nil, errNoRaw }

// Addr is the server's host:port.
func (s *RawServer) Addr() string { return "" }

// Close stops the server.
func (s *RawServer) Close() error { return nil }
