// Package ansible holds the playbook of deploy/ansible; its test checks
// the playbook's syntax with ansible-playbook where Ansible is installed.
package ansible

import (
	"os/exec"
	"testing"
)

func TestPlaybookSyntax(t *testing.T) {
	ap, err := exec.LookPath("ansible-playbook")
	if err != nil {
		t.Skip("ansible-playbook not installed (apt-get install ansible-core): the playbook's syntax is not checked")
	}
	out, err := exec.Command(ap, "--syntax-check", "-i", "inventory.example.ini", "playbook.yml").CombinedOutput()
	if err != nil {
		t.Fatalf("ansible-playbook --syntax-check: %v\n%s", err, out)
	}
}
