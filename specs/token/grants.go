package token

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("POST /{org}/{app}/token: app and user token errors", func() {
	f := framework.New()

	// clientGrant is a client_credentials body; a nil field is left out.
	clientGrant := func(id, secret *string) map[string]string {
		body := map[string]string{"grant_type": "client_credentials"}
		if id != nil {
			body["client_id"] = *id
		}
		if secret != nil {
			body["client_secret"] = *secret
		}
		return body
	}
	wrong := "YXA6imconform-not-this-app"

	DescribeTable("client_credentials grant",
		func(ctx SpecContext, id string, body func(t framework.Target) map[string]string) {
			defer f.Interruptible(ctx)()
			f.RequireClientCredentials("send the app's own client_id or client_secret")
			resp := f.Anonymous().POST("/token").WithJSON(body(f.Target())).Expect()
			f.ExpectDocumentedError(resp, id, nil)
		},
		Entry("answers 400 illegal_argument without client_id", framework.Row("token.app.missing-client-id"), "token.app.missing-client-id",
			func(t framework.Target) map[string]string { return clientGrant(nil, &t.ClientSecret) }),
		Entry("answers 400 illegal_argument without client_secret", framework.Row("token.app.missing-client-secret"), "token.app.missing-client-secret",
			func(t framework.Target) map[string]string { return clientGrant(&t.ClientID, nil) }),
		Entry("answers 400 invalid_grant to another client_id", framework.Row("token.app.client-id-mismatch"), "token.app.client-id-mismatch",
			func(t framework.Target) map[string]string { return clientGrant(&wrong, &t.ClientSecret) }),
		Entry("answers 400 invalid_grant to another client_secret", framework.Row("token.app.client-secret-mismatch"), "token.app.client-secret-mismatch",
			func(t framework.Target) map[string]string { return clientGrant(&t.ClientID, &wrong) }),
	)

	framework.ConformanceIt("token.user.not-found",
		"answers 404 invalid_grant to a password grant for an unregistered user", func(ctx SpecContext) {
			resp := f.Anonymous().POST("/token").WithJSON(map[string]string{
				"grant_type": "password", "username": f.UniqueName("u"), "password": "Passw0rd",
			}).Expect()
			f.ExpectDocumentedError(resp, "token.user.not-found", nil)
		})

	framework.ConformanceIt("token.user.not-activated",
		"answers 400 invalid_grant to a password grant for a deactivated user", func(ctx SpecContext) {
			u := f.CreateUser()
			if resp := f.App().POST("/users/{username}/deactivate", u.Username).Expect(); resp.Raw().StatusCode != http.StatusOK {
				Fail("fixture: deactivating " + u.Username + " answered " + resp.Raw().Status)
			}
			resp := f.Anonymous().POST("/token").WithJSON(map[string]string{
				"grant_type": "password", "username": u.Username, "password": u.Password,
			}).Expect()
			f.ExpectDocumentedError(resp, "token.user.not-activated", nil)
		})
})

var _ = Describe("POST /{org}/{app}/token: the inherit grant", func() {
	f := framework.New()

	framework.ConformanceIt("token.inherit.user-not-found",
		"answers 404 entity_not_found to the inherit grant for an unregistered user without autoCreateUser", func(ctx SpecContext) {
			// UnusedUsername: deleted after the spec in case the server
			// creates the user all the same.
			resp := f.App().POST("/token").WithJSON(map[string]any{
				"grant_type": "inherit", "username": f.UnusedUsername(), "autoCreateUser": false,
			}).Expect()
			f.ExpectDocumentedError(resp, "token.inherit.user-not-found", nil)
		})
})
