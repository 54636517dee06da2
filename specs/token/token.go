// Package token holds the specs of the token endpoint rows.
package token

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("POST /{org}/{app}/token", func() {
	f := framework.New()

	framework.ConformanceIt("token.invalid-grant",
		"answers 400 invalid_grant to a password grant with a wrong password", framework.SendsRequests(3), func() {
			u := f.CreateUser()
			resp := f.Anonymous().POST("/token").WithJSON(map[string]string{
				"grant_type": "password", "username": u.Username, "password": "Wrong-" + u.Password,
			}).Expect()
			f.ExpectDocumentedError(resp, "token.invalid-grant", nil)
		})

	framework.ConformanceIt("token.user.not-found",
		"answers 404 invalid_grant to a password grant for a user that does not exist", framework.SendsRequests(2), func() {
			resp := f.Anonymous().POST("/token").WithJSON(map[string]string{
				"grant_type": "password", "username": f.UnusedUsername(), "password": "Any-password-1",
			}).Expect()
			f.ExpectDocumentedError(resp, "token.user.not-found", nil)
		})

	framework.ConformanceIt("token.inherit.user-not-found",
		"answers 404 entity_not_found to an inherit grant for a user that does not exist, without autoCreateUser", framework.SendsRequests(2), func() {
			resp := f.App().POST("/token").WithJSON(map[string]any{
				"grant_type": "inherit", "username": f.UnusedUsername(), "autoCreateUser": false,
			}).Expect()
			f.ExpectDocumentedError(resp, "token.inherit.user-not-found", nil)
		})
})
