package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/refserver"
)

// answerFlag is serve's repeatable --answer PATH=STATUS: a path the
// reference answers with a gateway status no client can provoke.
type answerFlag map[string]int

func (a answerFlag) String() string {
	var out []string
	for _, p := range a.paths() {
		out = append(out, fmt.Sprintf("%s=%d", p, a[p]))
	}
	return strings.Join(out, ",")
}

func (a answerFlag) Set(v string) error {
	path, status, ok := strings.Cut(v, "=")
	if !ok || !strings.HasPrefix(path, "/") {
		return fmt.Errorf("%q is not PATH=STATUS with PATH starting with /, like /imconform/reference/users=503", v)
	}
	n, err := strconv.Atoi(status)
	allowed := refserver.GatewayStatuses()
	if err != nil || !contains(allowed, n) {
		return fmt.Errorf("%q: STATUS must be one of %v", v, allowed)
	}
	a[path] = n
	return nil
}

func (a answerFlag) paths() []string {
	var out []string
	for p := range a {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func contains(list []int, n int) bool {
	for _, v := range list {
		if v == n {
			return true
		}
	}
	return false
}
