package redact

import (
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	Register("sup3r-s3cret-value", "1")
	cases := map[string]string{
		`curl -H 'Authorization: Bearer YWMtabc.def-ghi' x`:                  `curl -H 'Authorization: Bearer ***' x`,
		"Authorization: Basic dXNlcjpwYXNz\r\n":                              "Authorization: Basic ***\r\n",
		`{"grant_type":"client_credentials","client_secret":"a\"b","ttl":1}`: `{"grant_type":"client_credentials","client_secret":"***","ttl":1}`,
		`{"access_token" : "YWMt-x", "expires_in":1}`:                        `{"access_token" : "***", "expires_in":1}`,
		`{"newpassword":"p1","oldpassword":"p0","password":"p"}`:             `{"newpassword":"***","oldpassword":"***","password":"***"}`,
		`GET /x?access_token=abc&limit=1`:                                    `GET /x?access_token=***&limit=1`,
		`the value sup3r-s3cret-value leaked`:                                `the value *** leaked`,
		`count 1 stays`:                                                      `count 1 stays`,
	}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%q)\n got %q\nwant %q", in, got, want)
		}
	}
	if strings.Contains(String("xx sup3r-s3cret-value-and-more"), "sup3r") {
		t.Error("a registered secret inside a longer word was not masked")
	}
}
