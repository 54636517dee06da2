package client

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"

	"github.com/imconform/imconform/harness/redact"
)

func TestSessionLogsRedactedCurlAndKeepsEvidence(t *testing.T) {
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := new(bytes.Buffer)
		buf.ReadFrom(r.Body)
		got = buf.Bytes()
		w.Header().Set("Server", "test-server")
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":"illegal_argument","access_token":"YWMt-leaked"}`)
	}))
	defer srv.Close()
	redact.Register("app-token-secret")
	c := New(srv.URL, "org", "app", 5*time.Second)
	var log bytes.Buffer
	s := c.NewSession(&log, httpexpect.NewAssertReporter(t))
	s.App("app-token-secret").POST("/users").WithJSON(map[string]string{"username": "u1", "password": "hunter2"}).Expect().Status(400)

	if !strings.Contains(string(got), `"password":"hunter2"`) {
		t.Fatalf("the body did not reach the server intact: %q", got)
	}
	out := log.String()
	for _, leak := range []string{"app-token-secret", "hunter2", "YWMt-leaked"} {
		if strings.Contains(out, leak) {
			t.Errorf("log holds %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{"→ curl -X POST '" + srv.URL + "/org/app/users'", "-H 'Authorization: Bearer ***'", `--data-raw '{"password":"***","username":"u1"}'`, "← 400 Bad Request"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	x := s.Exchanges()
	if len(x) != 1 || x[0].Status != 400 || x[0].Server != "test-server" || !strings.Contains(x[0].Body, `"access_token":"***"`) {
		t.Fatalf("evidence: %+v", x)
	}
	if c.Requests() != 1 {
		t.Fatalf("counted %d requests", c.Requests())
	}
}

func TestCurlQuotesShellMetacharacters(t *testing.T) {
	req, _ := http.NewRequest("PUT", "http://h/o/a/users/it's", strings.NewReader(`{"nickname":"it's"}`))
	line := Curl(req)
	if !strings.Contains(line, `'{"nickname":"it'\''s"}'`) {
		t.Fatalf("%s", line)
	}
	// The body is still there to be sent.
	buf := new(bytes.Buffer)
	buf.ReadFrom(req.Body)
	if buf.String() != `{"nickname":"it's"}` {
		t.Fatalf("body consumed: %q", buf)
	}
}

// A server that echoes a secret into its status line's reason phrase: the
// console shows the status line masked, as it shows the body.
func TestTheStatusLineIsRedacted(t *testing.T) {
	const secret = "YXA6-reason-phrase-secret"
	redact.Register(secret)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				http.ReadRequest(bufio.NewReader(conn))
				body := `{"error":"x"}`
				fmt.Fprintf(conn, "HTTP/1.1 404 Not Found %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", secret, len(body), body)
			}()
		}
	}()
	c := New("http://"+ln.Addr().String(), "org", "app", 5*time.Second)
	var log bytes.Buffer
	s := c.NewSession(&log, httpexpect.NewAssertReporter(t))
	s.App("").GET("/users/u").Expect().Status(404)
	if strings.Contains(log.String(), secret) || !strings.Contains(log.String(), "← 404 Not Found ***") {
		t.Fatalf("the status line is not masked:\n%s", log.String())
	}
}
