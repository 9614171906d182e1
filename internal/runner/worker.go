package runner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/latency-numbers/latency/internal/benchmain"
)

// A worker is one package's test binary kept running for the whole suite
// (package benchmain): each round sends it one command per benchmark, and
// what the package set up in an earlier round (a filled scratch file, a
// pointer-chase ring, echo servers) is still there.
type worker struct {
	pkg    pkg
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  *bufio.Scanner
	stderr *tail
}

// startWorker starts p's test binary as a worker.
func startWorker(ctx context.Context, p pkg, env []string) (*worker, error) {
	cmd := exec.CommandContext(ctx, p.bin, "-test.run", "^$", "-test.timeout", "10m",
		"-test.v=test2json") // benchmain reads the reason a benchmark gives when it skips from this framing
	cmd.Dir = p.dir
	cmd.Env = append(env, benchmain.EnvWorker+"=1")
	// Interrupt rather than kill, so benchmarks remove their scratch files.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGINT) }
	cmd.WaitDelay = 15 * time.Second
	dieWithParent(cmd)
	w := &worker{pkg: p, cmd: cmd, stderr: &tail{max: 16 << 10}}
	cmd.Stderr = w.stderr
	var err error
	if w.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", p.short, err)
	}
	w.lines = bufio.NewScanner(stdout)
	w.lines.Buffer(make([]byte, 64<<10), 1<<20)
	return w, nil
}

// errWorkerDied reports a worker that exited in the middle of a command.
var errWorkerDied = errors.New("benchmark process exited")

// do sends c and passes each event to event until the command is done;
// lines that are no event are passed over. It returns the command's exit
// code (non-zero when a benchmark failed).
func (w *worker) do(c benchmain.Command, event func(benchmain.Event)) (int, error) {
	w.stderr.reset()
	if _, err := fmt.Fprintln(w.stdin, c.String()); err != nil {
		return 0, fmt.Errorf("%w: %v", errWorkerDied, err)
	}
	for w.lines.Scan() {
		e, ok, err := benchmain.ParseEvent(w.lines.Text())
		switch {
		case err != nil:
			return 0, fmt.Errorf("%s: %w", w.pkg.short, err)
		case !ok:
		case e.Action == benchmain.ActionDone:
			return e.Code, nil
		default:
			event(e)
		}
	}
	return 0, errWorkerDied
}

// stop closes the worker's input, which ends it, and waits for it.
func (w *worker) stop() error {
	w.stdin.Close()
	return w.cmd.Wait()
}

// tail keeps the last max bytes written to it: a worker's stderr.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

func (t *tail) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = t.b[:0]
}

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// binDirPID names the file in a run's binary directory that holds the
// runner's pid, so a later run can remove the directory of a dead one.
const binDirPID = "owner.pid"

// cleanStaleBins removes latency-bin-* directories in tmp whose runner is
// gone (killed with SIGKILL, say, before it could remove them itself).
func cleanStaleBins(tmp string) {
	dirs, _ := os.ReadDir(tmp)
	for _, d := range dirs {
		if !d.IsDir() || !strings.HasPrefix(d.Name(), "latency-bin-") {
			continue
		}
		dir := tmp + string(os.PathSeparator) + d.Name()
		b, err := os.ReadFile(dir + string(os.PathSeparator) + binDirPID)
		if err != nil {
			continue // not ours to judge (or being created right now)
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || processAlive(pid) {
			continue
		}
		os.RemoveAll(dir)
	}
}
