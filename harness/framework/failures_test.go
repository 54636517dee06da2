package framework

import (
	"strings"
	"testing"
)

func TestTransportFailuresNameTheirCause(t *testing.T) {
	for msg, want := range map[string]string{
		`Post "http://x/users": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`: "request timeout (IMCONF_TIMEOUT)",
		`Get "http://x/users": context deadline exceeded`:                                                    "request timeout (IMCONF_TIMEOUT)",
		`read tcp 127.0.0.1:1->127.0.0.1:2: read: connection reset by peer`:                                  "reset",
		`Post "http://x/users": EOF`:                                                                         "without answering",
		`failed to read response body: unexpected EOF`:                                                       "cut short",
	} {
		got := explainFailure(msg)
		first, _, _ := strings.Cut(got, "\n")
		if !strings.Contains(first, want) || !strings.Contains(got, msg) {
			t.Errorf("%q explained as %q", msg, got)
		}
	}
	if got := explainFailure("expected 400, got 200"); got != "expected 400, got 200" {
		t.Errorf("an assertion message changed: %q", got)
	}
}
