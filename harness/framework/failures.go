package framework

import "strings"

// transportCauses turn Go's transport errors into a first line a reader of
// the report understands without knowing net/http; first match wins.
var transportCauses = []struct{ has, cause string }{
	{"Client.Timeout exceeded", "no answer within the request timeout (IMCONF_TIMEOUT)"},
	{"context deadline exceeded", "no answer within the request timeout (IMCONF_TIMEOUT)"},
	{"connection reset by peer", "the connection was reset (TCP RST) before an answer came"},
	{"broken pipe", "the connection was reset or closed by the server while the request was still being sent (broken pipe)"},
	{"use of closed network connection", "the connection was reset or closed by the server while the request was still being sent"},
	{"connection refused", "nothing listens at the target's address (connection refused)"},
	{"unexpected EOF", "the answer was cut short: the connection closed before the body was complete"},
	{"EOF", "the server closed the connection without answering (EOF)"},
	{"no such host", "the target's host name does not resolve"},
	{"certificate signed by unknown authority", "the target's TLS certificate is signed by a CA this machine does not trust: set IMCONF_CA_FILE to your CA's PEM file"},
	{"x509: certificate is valid for", "the target's TLS certificate is for another host name than IMCONF_BASE_URL's"},
	{"server gave HTTP response to HTTPS client", "the target speaks plain HTTP: use http:// in IMCONF_BASE_URL"},
}

// explainFailure puts the cause of a failed exchange on the first line of
// an httpexpect failure message; other messages are returned unchanged.
func explainFailure(msg string) string {
	// httpexpect wraps long lines, which can split a cause over two lines.
	if cause := transportCause(msg); cause != "" {
		return "imconform: " + cause + "\n\n" + msg
	}
	return msg
}

// transportCause is the plain-words cause of a transport error message; ""
// when it names none.
func transportCause(msg string) string {
	flat := strings.Join(strings.Fields(msg), " ")
	for _, c := range transportCauses {
		if strings.Contains(flat, c.has) {
			return c.cause
		}
	}
	return ""
}
