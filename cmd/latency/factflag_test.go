package main

import (
	"strings"
	"testing"
)

func TestFactFlag(t *testing.T) {
	var f factFlags
	for _, ok := range []string{"node-name=ip-10-0-0-1.ec2.internal", "instance-type=m7i.large", "zone=us-east-1a"} {
		if err := f.Set(ok); err != nil {
			t.Errorf("Set(%q): %v", ok, err)
		}
	}
	if err := f.Set("rack="); err != nil || len(f) != 3 {
		t.Errorf("an empty value: got %v and %d facts, want it passed over", err, len(f))
	}
	if got := f.String(); got != "node-name=ip-10-0-0-1.ec2.internal,instance-type=m7i.large,zone=us-east-1a" {
		t.Errorf("got %q", got)
	}
	for _, tc := range []struct{ in, want string }{
		{"zone", "want key=value"},
		{"Zone=a", "fact key"},
		{"zone=b", "given twice"},
		{"date=2020-01-01", "writes itself"},
		{"skip-x=y", "writes itself"},
		{"suite-version=v9", "writes itself"},
		{"rack=a\nb", "one line"},
	} {
		if err := f.Set(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q): got %v, want an error saying %q", tc.in, err, tc.want)
		}
	}
}
