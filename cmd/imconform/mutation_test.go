package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/mutation"
)

// Bad flags stop the command before it builds anything, with one line.
func TestMutationRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--jobs=0"}, {"--timeout=-1s"}, {"--nope"}, {"extra"}, {"--rows=users.get.not-found,no.such.row"}} {
		var out, errOut bytes.Buffer
		code := run(append([]string{"mutation"}, args...), &out, &errOut)
		msg := errOut.String()
		if code != 2 || strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "imconform mutation: ") || out.Len() != 0 {
			t.Errorf("mutation %v: exit %d, stderr %q, stdout %q; want exit 2 and one line on stderr", args, code, msg, out.String())
		}
	}
}

func TestPrintNotApplicableGroupsKindsByRowAndReason(t *testing.T) {
	var out bytes.Buffer
	printNotApplicable(&out, []mutation.Entry{
		{ID: "http.method-not-allowed", Mutation: "text", Detail: "no body"},
		{ID: "http.method-not-allowed", Mutation: "non-json", Detail: "no body"},
		{ID: "presence.sub-self", Mutation: "error-type", Detail: "no error type"},
	})
	want := "not applicable: http.method-not-allowed text,non-json: no body\nnot applicable: presence.sub-self error-type: no error type\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}
