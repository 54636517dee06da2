// Package sweep holds the sweep family: every documented operation that
// takes a token answers the documented 401 to a request without one. One
// request each, no fixtures; the specs are made from the endpoint inventory
// (harness/catalog/endpoints.tsv), so a new documented operation is swept
// the moment the inventory lists it.
package sweep

import (
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/framework"
)

// noTokenRow is the row an operation answers without a token: registration
// while it is closed, the missing-token row (documented together with the
// expired token) for everything else.
func noTokenRow(op catalog.Endpoint) string {
	if op.Key() == "POST /{org}/{app}/users" {
		return "users.register.closed"
	}
	return "auth.token-expired"
}

// inertQuery keeps a request harmless should a server wrongly run it
// without a token: the bulk delete of users is asked to delete none. (The
// app-wide POSTs carry an empty body, which no server can act on.)
var inertQuery = map[string][2]string{
	"DELETE /{org}/{app}/users": {"limit", "0"},
}

// otherAnswer are the operations whose answer to a request without a token
// another catalogue row documents, so they are not swept.
var otherAnswer = map[string]string{
	// Without an admin token the user proves the old password instead.
	"PUT /{org}/{app}/users/{username}/password": "users.password.missing-oldpassword",
}

var _ = Describe("Every documented operation that takes a token, called without one", func() {
	f := framework.New()
	for _, op := range catalog.Endpoints() {
		if _, other := otherAnswer[op.Key()]; other || !op.NeedsToken() {
			continue
		}
		row := noTokenRow(op)
		framework.SweepIt(op, row, "answers 401 "+catalog.MustGet(row).Error, func(ctx SpecContext) {
			if row == "users.register.closed" && f.Target().Registration == config.RegistrationOpen {
				f.SkipDeclared("the target declares open registration (IMCONF_REGISTRATION=open), so registering without a token is allowed there")
			}
			req := f.Anonymous().Request(op.Method, concretePath(f, op))
			if q, ok := inertQuery[op.Key()]; ok {
				req = req.WithQuery(q[0], q[1])
			}
			if op.Method == http.MethodPost || op.Method == http.MethodPut {
				body := map[string]any{}
				if row == "users.register.closed" {
					body = map[string]any{"username": f.UnusedUsername(), "password": "Passw0rd"}
				}
				req = req.WithJSON(body)
			}
			f.ExpectDocumentedError(req.Expect(), row, nil)
		})
	}
})

// concretePath fills the operation's path parameters with values that name
// nothing on the target: fresh names of the suite's shape (which cleanup
// tools recognise), unused numeric IDs, a valid history hour.
func concretePath(f *framework.Framework, op catalog.Endpoint) string {
	segs := op.Segments()
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		name := s[1 : len(s)-1]
		switch {
		case name == "time":
			segs[i] = "2018020912"
		case name == "usernames": // a list, so the request is for the list form of the operation
			segs[i] = f.UniqueName("u") + "," + f.UniqueName("u")
		case strings.Contains(name, "name") || name == "member" || name == "owner" || name == "peer":
			segs[i] = f.UniqueName("u")
		case strings.HasSuffix(name, "id") || strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "uuid"):
			segs[i] = f.UnusedGroupID()
		default:
			segs[i] = "imconform"
		}
	}
	return "/" + strings.Join(segs, "/")
}
