package affinity

import (
	"runtime"
	"testing"
)

// TestPreferFast checks that the thread's QoS class is raised to
// user-interactive and put back to default.
func TestPreferFast(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread() // keep the thread whatever undo does
		undo := PreferFast()
		if c, err := qosClass(); err != nil || c != qosUserInteractive {
			t.Errorf("QoS class after PreferFast: %#x, %v; want %#x", c, err, qosUserInteractive)
		}
		undo()
		if c, err := qosClass(); err != nil || c != qosDefault {
			t.Errorf("QoS class after undo: %#x, %v; want %#x", c, err, qosDefault)
		}
	}()
	<-done
}
