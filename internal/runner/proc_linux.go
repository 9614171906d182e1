package runner

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel send the worker SIGTERM when the runner
// dies, however it dies (SIGKILL included); the storage worker removes its
// scratch files on SIGTERM.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
