package tokens

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/redact"
)

func TestClientCredentialsCachesAndRenews(t *testing.T) {
	var issued atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/org/app/token" || r.Method != http.MethodPost {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		n := issued.Add(1)
		fmt.Fprintf(w, `{"access_token":"YWMt-token-number-%d","expires_in":100,"application":"x"}`, n)
	}))
	defer srv.Close()
	now := time.Unix(1000, 0)
	src := &ClientCredentials{HTTP: srv.Client(), AppURL: srv.URL + "/org/app", ClientID: "id", ClientSecret: "secret", Now: func() time.Time { return now }}
	ctx := context.Background()
	a, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := src.Token(ctx)
	if a != b || issued.Load() != 1 {
		t.Fatalf("token not cached: %q %q after %d requests", a, b, issued.Load())
	}
	now = now.Add(89 * time.Second)
	if c, _ := src.Token(ctx); c != a {
		t.Fatal("renewed too early")
	}
	now = now.Add(2 * time.Second) // 91s of 100s: inside the last tenth
	if c, _ := src.Token(ctx); c == a || issued.Load() != 2 {
		t.Fatal("not renewed before expiry")
	}
	if strings.Contains(redact.String("x "+a), a) {
		t.Fatal("issued token not registered for redaction")
	}
}

func TestRequestErrorNamesTheSettingsAndHidesTheSecret(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"client_secret does not match","client_secret":"s3cr3t-value"}`)
	}))
	defer srv.Close()
	_, err := Request(context.Background(), srv.Client(), srv.URL+"/o/a", "id", "s3cr3t-value", 0)
	if err == nil || !strings.Contains(err.Error(), "IMCONF_CLIENT_SECRET") || strings.Contains(err.Error(), "s3cr3t-value") {
		t.Fatalf("got %v", err)
	}
}

// A 404 from the token endpoint means the org/app does not exist there; it
// names the App Key, not the credentials.
func TestAnUnknownAppNamesTheAppKey(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"organization_application_not_found","error_description":"Could not find application for acme/mock from URI: acme/mock/token"}`))
	}))
	defer srv.Close()
	_, err := Request(context.Background(), srv.Client(), srv.URL+"/acme/mock", "id", "secret", 0)
	if err == nil || !strings.Contains(err.Error(), "knows no app acme#mock; check IMCONF_ORG and IMCONF_APP") || strings.Contains(err.Error(), "IMCONF_CLIENT_SECRET") {
		t.Fatalf("got %v", err)
	}
}
