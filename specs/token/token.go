// Package token holds the specs of the token endpoint rows.
package token

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("POST /{org}/{app}/token", func() {
	f := framework.New()

	framework.ConformanceIt("token.invalid-grant",
		"answers 400 invalid_grant to a password grant with a wrong password", func(ctx SpecContext) {
			u := f.CreateUser()
			resp := f.Anonymous().POST("/token").WithJSON(map[string]string{
				"grant_type": "password", "username": u.Username, "password": "Wrong-" + u.Password,
			}).Expect()
			f.ExpectDocumentedError(resp, "token.invalid-grant", nil)
		})
})
