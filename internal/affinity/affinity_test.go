//go:build linux

package affinity

import (
	"runtime"
	"testing"
)

func TestPinThread(t *testing.T) {
	cpus, err := AllowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	if len(cpus) == 0 {
		t.Fatal("no allowed CPU")
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cpu := cpus[len(cpus)-1]
		restore, err := PinThread(cpu)
		if err != nil {
			t.Error(err)
			return
		}
		got, _ := AllowedCPUs()
		if len(got) != 1 || got[0] != cpu {
			t.Errorf("pinned: allowed %v, want [%d]", got, cpu)
		}
		restore()
		if got, _ := AllowedCPUs(); len(got) != len(cpus) {
			t.Errorf("restored: allowed %v, want %v", got, cpus)
		}
	}()
	<-done
}

func TestPinProcess(t *testing.T) {
	cpus, err := AllowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	cpu := cpus[len(cpus)-1]
	restore, err := PinProcess(cpu)
	if err != nil {
		t.Fatal(err)
	}
	// A thread created after the pin inherits it.
	got := make(chan []int)
	go func() {
		runtime.LockOSThread() // a fresh thread or one that existed: pinned either way
		defer runtime.UnlockOSThread()
		c, _ := AllowedCPUs()
		got <- c
	}()
	if c := <-got; len(c) != 1 || c[0] != cpu {
		t.Errorf("pinned: a thread may use %v, want [%d]", c, cpu)
	}
	restore()
	if c, _ := AllowedCPUs(); len(c) != len(cpus) {
		t.Errorf("restored: allowed %v, want %v", c, cpus)
	}
}
