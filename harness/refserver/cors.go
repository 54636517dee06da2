package refserver

import (
	"net/http"
	"strings"
)

// corsAllowedHeaders are the request headers a browser client on another
// origin may send: those the official web SDKs (easemob-websdk 4.21,
// agora-chat 1.4 on npm) set on their REST calls (Authorization,
// Content-Type, Accept, X-Requested-With; restrict-access on uploads,
// share-secret on downloads) and the documented download header thumbnail.
// The SDKs' report headers (appid, biz, debug, sendts, token) go to the
// vendor's log service, not to this API, but are listed so that pointing
// that service at the reference does not fail its preflight either.
var corsAllowedHeaders = []string{
	"Authorization", "Content-Type", "Accept", "X-Requested-With",
	"restrict-access", "share-secret", "thumbnail",
	"appid", "biz", "debug", "sendts", "token",
}

// corsAllowedMethods are the methods the API uses.
var corsAllowedMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}

// corsExposedHeaders are the response headers a browser client may read
// besides the always-readable ones: a 429 tells it when to retry.
var corsExposedHeaders = []string{"Retry-After"}

// corsMaxAge is how long, in seconds, a browser may cache a preflight's
// answer.
const corsMaxAge = "86400"

// cors lets browser pages on any origin call the server: it sets the CORS
// headers on every answer, errors included, and answers a preflight request
// itself (true), before any route, method or auth logic could refuse the
// OPTIONS method. A plain OPTIONS, without the preflight headers, goes on
// to the API like any other method.
func cors(w http.ResponseWriter, r *http.Request) (answered bool) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	h := w.Header()
	// Any origin: a test server's clients run wherever their developer
	// serves them from. Tokens travel in Authorization, never in cookies,
	// so no credentials are allowed.
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", strings.Join(corsExposedHeaders, ", "))
	if r.Method != http.MethodOptions || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", strings.Join(corsAllowedMethods, ", "))
	h.Set("Access-Control-Allow-Headers", strings.Join(corsAllowedHeaders, ", "))
	h.Set("Access-Control-Max-Age", corsMaxAge)
	w.WriteHeader(http.StatusNoContent)
	return true
}
