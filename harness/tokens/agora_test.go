package tokens

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/redact"
)

func TestAgoraBuildsAChatAppTokenAndRenewsIt(t *testing.T) {
	const appID, cert = "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b"
	now := time.Unix(1_700_000_000, 0)
	src := &Agora{AppID: appID, Certificate: cert, TTL: 100 * time.Second, Now: func() time.Time { return now }}
	a, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := agoratoken.Decode(a)
	if err != nil || tok.Verify(cert) != nil || tok.AppID != appID || !tok.ExpiresAt().Equal(now.Add(100*time.Second)) {
		t.Fatalf("token %+v, %v", tok, err)
	}
	if chat, ok := tok.Service(agoratoken.ServiceChat); !ok || chat.Privileges[agoratoken.PrivilegeChatApp] != 100 {
		t.Fatalf("no chat app privilege: %+v", tok.Services)
	}
	if redact.String("x "+a) != "x "+redact.Mask {
		t.Fatal("the token is not registered for redaction")
	}
	now = now.Add(89 * time.Second)
	if b, _ := src.Token(context.Background()); b != a {
		t.Fatal("renewed too early")
	}
	now = now.Add(2 * time.Second)
	if c, _ := src.Token(context.Background()); c == a || !strings.HasPrefix(c, "007") {
		t.Fatal("not renewed after nine tenths of its life")
	}
}

func TestAgoraRejectsAMalformedCertificate(t *testing.T) {
	src := &Agora{AppID: "970CA35de60c44645bbae8a215061b33", Certificate: "short", TTL: time.Hour}
	if _, err := src.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "Certificate") {
		t.Fatalf("err = %v", err)
	}
}
