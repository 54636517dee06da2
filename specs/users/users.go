// Package users holds the specs of the user-system rows: registration,
// lookup, deletion, modification, password change and queries.
package users

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Users", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/users (register)", func() {
		framework.ConformanceIt("users.register.missing-username",
			"answers 400 illegal_argument when the body has no username", func(ctx SpecContext) {
				resp := f.App().POST("/users").WithJSON(map[string]string{"password": "Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.register.missing-username", nil)
			})

		DescribeTable("answers 400 illegal_argument when the password is missing or empty",
			func(ctx SpecContext, withEmptyPassword bool) {
				defer f.Interruptible(ctx)()
				body := map[string]string{"username": f.UnusedUsername()}
				if withEmptyPassword {
					body["password"] = ""
				}
				resp := f.App().POST("/users").WithJSON(body).Expect()
				f.ExpectDocumentedError(resp, "users.register.missing-password", nil)
			},
			Entry("no password property", framework.Row("users.register.missing-password"), false),
			Entry(`"password": ""`, framework.Row("users.register.missing-password"), true),
		)

		framework.ConformanceIt("users.register.illegal-username",
			"answers 400 illegal_argument when the username has a character outside a-z 0-9 _ - .", func(ctx SpecContext) {
				name := f.UnusedUsername() + "@chat.com"
				f.DeleteUserAfterSpec(name)
				resp := f.App().POST("/users").WithJSON(map[string]string{"username": name, "password": "Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.register.illegal-username", catalog.Vars{"username": name})
			})

		framework.ConformanceIt("users.register.duplicate",
			"answers 400 duplicate_unique_property_exists when the username is taken", func(ctx SpecContext) {
				u := f.SharedUser()
				resp := f.App().POST("/users").WithJSON(map[string]string{"username": u.Username, "password": "Other-Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.register.duplicate", catalog.Vars{"username": u.Username})
			})

		framework.ConformanceIt("users.register.closed",
			"answers 401 unauthorized to a registration without a token while registration is authorized", func(ctx SpecContext) {
				if f.Target().Registration == config.RegistrationOpen {
					f.SkipDeclared("the target declares open registration (IMCONF_REGISTRATION=open), so registering without a token is allowed there")
				}
				resp := f.Anonymous().POST("/users").WithJSON(map[string]string{"username": f.UnusedUsername(), "password": "Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.register.closed", nil)
			})
	})

	Describe("PUT /{org}/{app}/users/{username}/password", func() {
		framework.ConformanceIt("users.password.missing-newpassword",
			"answers 400 illegal_argument when the body has no newpassword", func(ctx SpecContext) {
				u := f.SharedUser()
				resp := f.App().PUT("/users/{username}/password", u.Username).WithJSON(map[string]string{}).Expect()
				f.ExpectDocumentedError(resp, "users.password.missing-newpassword", nil)
			})

		framework.ConformanceIt("users.password.missing-oldpassword",
			"answers 400 illegal_argument when no admin token is sent and the body has no oldpassword", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.Anonymous().PUT("/users/{username}/password", u.Username).WithJSON(map[string]string{"newpassword": "New-Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.password.missing-oldpassword", nil)
			})
	})

	Describe("PUT /{org}/{app}/users/{username}", func() {
		framework.ConformanceIt("users.modify.missing-username",
			"answers 400 required_property_not_found when the user to modify does not exist", func(ctx SpecContext) {
				resp := f.App().PUT("/users/{username}", f.UnusedUsername()).WithJSON(map[string]string{"nickname": "imconform"}).Expect()
				f.ExpectDocumentedError(resp, "users.modify.missing-username", nil)
			})
	})

	Describe("GET and DELETE /{org}/{app}/users/{username}", func() {
		framework.ConformanceIt("users.get.not-found",
			"GET answers 404 service_resource_not_found when the user does not exist", func(ctx SpecContext) {
				resp := f.App().GET("/users/{username}", f.UniqueName("u")).Expect()
				f.ExpectDocumentedError(resp, "users.get.not-found", nil)
			})

		framework.ConformanceIt("users.delete.not-found",
			"DELETE answers 404 service_resource_not_found when the user does not exist", func(ctx SpecContext) {
				resp := f.App().DELETE("/users/{username}", f.UniqueName("u")).Expect()
				f.ExpectDocumentedError(resp, "users.delete.not-found", nil)
			})
	})

	Describe("GET /{org}/{app}/users?ql=...", func() {
		framework.ConformanceIt("users.query.contains",
			"answers 500 no_full_text_index to a 'contains' query on username", func(ctx SpecContext) {
				resp := f.App().GET("/users").WithQuery("ql", fmt.Sprintf("select * where username contains '%s'", "abc")).Expect()
				f.ExpectDocumentedError(resp, "users.query.contains", nil)
			})
	})
})
