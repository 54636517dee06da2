package auth

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/redact"
)

var _ = Describe("Authorized registration with a user token", func() {
	f := framework.New()

	framework.ConformanceIt("auth.token-illegal",
		"POST /{org}/{app}/users answers 401 unauthorized to a user's token where the app admin's belongs", func(ctx SpecContext) {
			u := f.CreateUser()
			grant := f.Anonymous().POST("/token").WithJSON(map[string]string{"grant_type": "password", "username": u.Username, "password": u.Password}).Expect()
			if grant.Raw().StatusCode != http.StatusOK {
				Fail("fixture: the password grant for " + u.Username + " answered " + grant.Raw().Status)
			}
			var body struct {
				AccessToken string `json:"access_token"`
			}
			grant.JSON().Decode(&body)
			redact.Register(body.AccessToken)
			resp := f.WithToken(body.AccessToken).POST("/users").WithJSON(map[string]string{"username": f.UnusedUsername(), "password": "Passw0rd"}).Expect()
			f.ExpectDocumentedError(resp, "auth.token-illegal", nil)
		})
})
