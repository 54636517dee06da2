package catalog

import (
	"fmt"
	"net/http"
	"strings"
)

// Endpoint is one documented REST operation (endpoints.tsv).
type Endpoint struct {
	Method string
	// Path is the documented path template, e.g. /{org}/{app}/users/{username}.
	Path string
	Area string
	// API is the operation's name in the documentation.
	API string
	// Auth is the token the documentation asks for: AuthApp, AuthUser or AuthNone.
	Auth string
	// Rows are the catalogue IDs the operation's error table lists.
	Rows   []string
	Source string

	segments []string // Path after /{org}/{app}
}

// Values of the endpoints' auth column.
const (
	AuthApp  = "app"
	AuthUser = "user"
	AuthNone = "none"
)

// Key names the operation: "GET /{org}/{app}/users/{username}".
func (e Endpoint) Key() string { return e.Method + " " + e.Path }

// AppPath is the path template below the app, e.g. /users/{username}.
func (e Endpoint) AppPath() string { return "/" + strings.Join(e.segments, "/") }

// Segments are the path template's segments below the app.
func (e Endpoint) Segments() []string { return append([]string(nil), e.segments...) }

// NeedsToken reports whether the documentation asks for a token.
func (e Endpoint) NeedsToken() bool { return e.Auth == AuthApp || e.Auth == AuthUser }

var methods = map[string]bool{http.MethodGet: true, http.MethodPost: true, http.MethodPut: true, http.MethodDelete: true}

func parseEndpoints(data []byte, rows map[string]int) ([]Endpoint, error) {
	recs, err := readTSV(data, 7)
	if err != nil {
		return nil, fmt.Errorf("endpoints.tsv: %w", err)
	}
	var out []Endpoint
	seen := map[string]bool{}
	for i, rec := range recs {
		e := Endpoint{Method: rec[0], Path: rec[1], Area: rec[2], API: rec[3], Auth: rec[4], Rows: splitList(rec[5]), Source: rec[6]}
		line := i + 2
		if !methods[e.Method] {
			return nil, fmt.Errorf("endpoints.tsv line %d: method %q is not GET, POST, PUT or DELETE", line, e.Method)
		}
		segs := strings.Split(strings.Trim(e.Path, "/"), "/")
		if len(segs) < 3 || segs[0] != "{org}" || segs[1] != "{app}" {
			return nil, fmt.Errorf("endpoints.tsv line %d: path %q does not start with /{org}/{app}/", line, e.Path)
		}
		e.segments = segs[2:]
		switch e.Auth {
		case AuthApp, AuthUser, AuthNone:
		default:
			return nil, fmt.Errorf("endpoints.tsv line %d: auth %q is not app, user or none", line, e.Auth)
		}
		for _, id := range e.Rows {
			if _, ok := rows[id]; !ok {
				return nil, fmt.Errorf("endpoints.tsv line %d: row %q is not in catalog.tsv", line, id)
			}
		}
		if seen[e.Key()] {
			return nil, fmt.Errorf("endpoints.tsv line %d: %s is listed twice", line, e.Key())
		}
		seen[e.Key()] = true
		out = append(out, e)
	}
	return out, nil
}

// Endpoints returns every documented operation, in the inventory's order.
func Endpoints() []Endpoint {
	c := load()
	return append([]Endpoint(nil), c.endpoints...)
}

// EndpointByKey returns the operation named "METHOD /{org}/{app}/...".
func EndpointByKey(key string) (Endpoint, bool) {
	for _, e := range load().endpoints {
		if e.Key() == key {
			return e, true
		}
	}
	return Endpoint{}, false
}

// Match finds the documented operation a request below the app is for:
// method and the path below /{org}/{app} split into segments. Literal
// segments win over parameters (/users/batch/status over
// /users/{username}/status); of two operations of one shape that differ only
// in a parameter's name, a plural parameter ({usernames}) takes a
// comma-separated value and the singular one ({username}) any other. The
// parameters are returned by name.
func Match(method string, segments []string) (Endpoint, map[string]string, bool) {
	var best Endpoint
	var bestParams map[string]string
	bestScore := -1
	for _, e := range load().endpoints {
		if e.Method != method {
			continue
		}
		params, score, ok := matchTemplate(e.segments, segments)
		if ok && score > bestScore {
			best, bestParams, bestScore = e, params, score
		}
	}
	return best, bestParams, bestScore >= 0
}

// PathKnown reports whether some documented operation, of any method, has
// a path template that matches segments.
func PathKnown(segments []string) bool {
	for _, e := range load().endpoints {
		if _, _, ok := matchTemplate(e.segments, segments); ok {
			return true
		}
	}
	return false
}

// MatchURLPath is Match for a whole request path, /{org}/{app}/....
func MatchURLPath(method, path string) (Endpoint, map[string]string, bool) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) < 3 {
		return Endpoint{}, nil, false
	}
	return Match(method, segs[2:])
}

// matchTemplate scores a match: two points per literal segment, one for a
// parameter whose plurality fits its value.
func matchTemplate(tmpl, path []string) (map[string]string, int, bool) {
	if len(tmpl) != len(path) {
		return nil, 0, false
	}
	params := map[string]string{}
	score := 0
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") {
			if path[i] == "" {
				return nil, 0, false
			}
			name := t[1 : len(t)-1]
			params[name] = path[i]
			if strings.HasSuffix(name, "s") == strings.Contains(path[i], ",") {
				score++
			}
			continue
		}
		if t != path[i] {
			return nil, 0, false
		}
		score += 2
	}
	return params, score, true
}

// TriggerOperation is the documented operation the row's trigger names
// ("GET /{org}/{app}/users/{nonexistent}", say): the operation on which
// its own spec provokes it; false when the trigger names none ("call any
// API", a rate).
func (r Row) TriggerOperation() (Endpoint, bool) {
	method, rest, ok := strings.Cut(r.Trigger, " ")
	if !ok || !methods[method] {
		return Endpoint{}, false
	}
	// The path ends at the first space outside a <placeholder>, or at a query.
	depth, end := 0, len(rest)
	for i, ch := range rest {
		if ch == '<' {
			depth++
		} else if ch == '>' && depth > 0 {
			depth--
		} else if (ch == ' ' || ch == '?') && depth == 0 {
			end = i
			break
		}
	}
	op, _, found := MatchURLPath(method, rest[:end])
	return op, found
}
