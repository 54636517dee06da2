package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestAnswerFlag(t *testing.T) {
	a := answerFlag{}
	if err := a.Set("/o/a/users=503"); err != nil || a["/o/a/users"] != 503 {
		t.Fatalf("Set: %v %v", err, a)
	}
	for _, bad := range []string{"/o/a/users", "o/a/users=503", "/o/a/users=500", "/o/a/users=abc"} {
		if err := a.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
}

func TestServeRejectsABadAnswerInOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"serve", "--answer", "/o/a/users=418"}, &stdout, &stderr)
	if code == 0 || strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 || !strings.Contains(stderr.String(), "501 502 503 504") {
		t.Fatalf("exit %d, stderr %q: want a non-zero exit and one line naming the allowed statuses", code, stderr.String())
	}
}

func TestRequestsRejectsAMissingReportInOneLine(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"requests", "/nonexistent/report.json"}, &stdout, &stderr)
	if code == 0 || strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
		t.Fatalf("exit %d, stderr %q: want a non-zero exit and one line", code, stderr.String())
	}
}
