package framework

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/redact"
)

// SendStalled sends a request to the app's API (path like "/users") with the
// app token, declaring a body of declared bytes but sending only sent: the
// rest never comes until the spec ends. It returns what the server answers
// while it waits for the rest (a server with a read timeout gives up and
// answers). The request bypasses httpexpect, whose printer reads a body
// before sending it, and is logged and counted like any other.
func (f *Framework) SendStalled(method, path, contentType string, sent []byte, declared int) *httpexpect.Response {
	GinkgoHelper()
	if declared <= len(sent) {
		Fail(fmt.Sprintf("SendStalled: declared %d bytes, but %d are sent; declare more than are sent", declared, len(sent)))
	}
	ctx, cancel := context.WithTimeout(client.WithStream(context.Background()), suite.target.Timeout)
	// The rest of the body never comes; it is abandoned when the request
	// ends or times out (the transport waits for the body writer before it
	// gives up on a timed-out request, so the writer must not block longer).
	defer cancel()
	body := io.MultiReader(bytes.NewReader(sent), stalled{ctx.Done()})
	req, err := http.NewRequestWithContext(ctx, method, suite.client.AppURL()+path, body)
	if err != nil {
		Fail("SendStalled: " + err.Error())
	}
	req.ContentLength = int64(declared)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.AppToken())

	shown := req.Clone(ctx)
	shown.Body, shown.GetBody = nil, nil
	x := client.Exchange{Method: method, Path: req.URL.Path, Curl: redact.String(fmt.Sprintf("%s -H 'Content-Length: %d' --data-binary @stalled-body  # %d of %d bytes sent, then nothing",
		client.Curl(shown), declared, len(sent), declared))}
	start := time.Now()
	resp, err := suite.client.HTTP().Do(req)
	x.Elapsed = time.Since(start).Round(time.Millisecond).String()
	if err != nil {
		x.Body = "(no answer: " + redact.String(err.Error()) + ")"
		f.session.Record(req, x)
		Fail(fmt.Sprintf("no answer to a request whose body stalled after %d of %d bytes within the client timeout %s: %s",
			len(sent), declared, suite.target.Timeout, redact.String(err.Error())))
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	x.Status, x.Body, x.Server = resp.StatusCode, redact.String(string(data)), resp.Header.Get("Server")
	f.session.Record(req, x)
	return httpexpect.NewResponse(ginkgoReporter{}, resp)
}

// stalled is a reader that blocks until done is closed, then fails.
type stalled struct{ done <-chan struct{} }

func (s stalled) Read([]byte) (int, error) {
	<-s.done
	return 0, errors.New("the stalled body was abandoned")
}
