// Package redact removes secrets from everything the suite prints or writes:
// known secret values (registered as they become known), Authorization
// headers, and the values of secret-bearing JSON fields and query parameters.
package redact

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Mask replaces every secret.
const Mask = "***"

var (
	mu     sync.RWMutex
	values = map[string]struct{}{}
)

// minSecretLen keeps short, common strings (say "1") from being treated as
// secrets and masking unrelated text.
const minSecretLen = 6

// Register adds values that must never be printed: client secrets, tokens.
func Register(secrets ...string) {
	mu.Lock()
	defer mu.Unlock()
	for _, s := range secrets {
		if len(s) >= minSecretLen {
			values[s] = struct{}{}
		}
	}
}

// fieldPattern matches JSON string members whose name marks a secret.
var fieldPattern = regexp.MustCompile(`("(?i:client_secret|password|newpassword|oldpassword|access_token|app_token|token|secret|certificate|pin)"\s*:\s*")((?:[^"\\]|\\.)*)(")`)

// headerPattern matches Authorization values in header dumps and curl lines.
var headerPattern = regexp.MustCompile(`(?i)(authorization:\s*(?:bearer|basic)?\s*)([^\s'"\r\n]+)`)

// queryPattern matches secret-bearing query parameters and form fields.
var queryPattern = regexp.MustCompile(`(?i)([?&](?:access_token|client_secret|password|token)=)([^&\s'"]+)`)

// String returns s with every secret replaced by Mask.
func String(s string) string {
	s = fieldPattern.ReplaceAllString(s, "${1}"+Mask+"${3}")
	s = headerPattern.ReplaceAllString(s, "${1}"+Mask)
	s = queryPattern.ReplaceAllString(s, "${1}"+Mask)
	return Known(s)
}

// Known masks only the registered secret values. Unlike String it is safe on
// escaped text (HTML, XML, JSON files), where the field and header patterns
// could cut an escape sequence in half.
func Known(s string) string {
	mu.RLock()
	known := make([]string, 0, len(values))
	for v := range values {
		known = append(known, v)
	}
	mu.RUnlock()
	// Longest first, so a secret that contains another is masked whole.
	sort.Slice(known, func(i, j int) bool { return len(known[i]) > len(known[j]) })
	for _, v := range known {
		s = strings.ReplaceAll(s, v, Mask)
	}
	return s
}
