package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestServeRejectsAnUnknownServiceToDisableInOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve", "--disable", "reactions,groups"}, &stdout, &stderr)
	msg := strings.TrimSpace(stderr.String())
	if code == 0 || strings.Count(msg, "\n") != 0 || !strings.Contains(msg, `"groups"`) || !strings.Contains(msg, "user_metadata") {
		t.Fatalf("exit %d, stderr %q: want a non-zero exit and one line naming the bad service and the known ones", code, stderr.String())
	}
}
