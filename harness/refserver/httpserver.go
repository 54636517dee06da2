package refserver

import (
	"errors"
	"net"
	"net/http"
	"time"
)

// HTTPServer returns an http.Server serving s with the timeouts s declares:
// a request whose body stalls past the read timeout is really cut off (and
// answered 408), while idle keep-alive connections stay open long enough
// that a client never reuses one the server is closing.
func (s *Server) HTTPServer() *http.Server {
	read := s.opts.Limits.ReadTimeout
	header := 10 * time.Second
	if read > 0 && read < header {
		header = read
	}
	return &http.Server{Handler: s, ReadHeaderTimeout: header, ReadTimeout: read, IdleTimeout: 2 * time.Minute}
}

// isTimeout reports whether reading the request failed because the server's
// read deadline passed (http.Server.ReadTimeout).
func isTimeout(err error) bool {
	var ne net.Error
	return err != nil && errors.As(err, &ne) && ne.Timeout()
}

// gatewayRows are the rows a client cannot provoke, by status; Options.Answers
// serves them on chosen paths.
var gatewayRows = map[int]string{
	http.StatusNotImplemented:     "http.not-implemented",
	http.StatusBadGateway:         "http.bad-gateway",
	http.StatusServiceUnavailable: "http.service-unavailable",
	http.StatusGatewayTimeout:     "http.gateway-timeout",
}

// GatewayStatuses lists the statuses Options.Answers may use.
func GatewayStatuses() []int {
	return []int{http.StatusNotImplemented, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout}
}

// serviceMethods reach Usergrid's service layer, which answers a method a
// service does not implement with 500 unsupported_service_operation (e.g.
// AbstractService.putCollection); any other method has no JAX-RS resource
// method, and Jersey answers 405 with no body (decisions.tsv).
var serviceMethods = map[string]bool{http.MethodGet: true, http.MethodPost: true, http.MethodPut: true, http.MethodDelete: true}

// methodNotSupported answers a method that the URL's API does not support.
func (c *call) methodNotSupported() {
	if serviceMethods[c.r.Method] {
		c.fail("http.unsupported-operation", nil)
		return
	}
	c.fail("http.method-not-allowed", nil)
}
