//go:build !linux

package runner

import "os/exec"

// dieWithParent does nothing here: without Linux's parent-death signal a
// worker notices its runner is gone when its standard input closes.
func dieWithParent(cmd *exec.Cmd) {}
