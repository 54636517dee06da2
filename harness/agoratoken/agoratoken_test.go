package agoratoken

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"io"
	"strings"
	"testing"
	"time"
)

// Published test vectors, copied from Agora's own token builders
// (github.com/AgoraIO/Tools, DynamicKey/AgoraDynamicKey): the Go builder's
// go/src/accesstoken2/accesstoken_test.go and the Python builder's
// python3/test/AccessToken2Test.py. All use these inputs.
const (
	vecAppID       = "970CA35de60c44645bbae8a215061b33"
	vecCertificate = "5CFd2fd1755d40ecb72977518be15d3b"
	vecChannel     = "7d72365eb983485397e3e3f9d460bdda"
	vecUID         = "2882341273"
	vecUserID      = "test_user"
	vecExpire      = 600
	vecIssueTs     = 1111111
	vecSalt        = 1
)

func vecToken(services ...Service) Token {
	return Token{AppID: vecAppID, IssueTs: vecIssueTs, Expire: vecExpire, Salt: vecSalt, Services: services}
}

func privilege(p uint16) map[uint16]uint32 { return map[uint16]uint32{p: vecExpire} }

// The Go builder's vectors: this package compresses with Go's zlib, as that
// builder does, so its tokens must match byte for byte.
var goVectors = []struct {
	name  string
	token Token
	want  string
}{
	{"no service (Test_AssessToken_Build)", vecToken(),
		"007eJxSYEiJ9+zw7Gb1viNuGtMfy3JriuZNp+1h1iLu/rOePHlS91WBwdLcwNnR2DQl1cwg2cTEzMQ0KSkx1SLRyNDUwMwwydjY/YsAQwQTAwMjAwgAAgAA//+rZxiv"},
	{"RTC join (Test_AssessToken_ServiceRtc)", vecToken(Service{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}}),
		"007eJxSYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxoAAAAD//8JqJOM="},
	{"RTC uid 0 (Test_AssessToken_ServiceRtc_Uid0)", vecToken(Service{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel, ""}}),
		"007eJxSYLhzZP08Lxa1Pg57+TcXb/3cZ3wi4V6kbpbOog0G2dOYk20UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiQwMgAAAAP//Npwiag=="},
	{"RTM login (Test_AssessToken_ServiceRtm)", vecToken(Service{Type: ServiceRTM, Privileges: privilege(1), Strings: []string{vecUserID}}),
		"007eJxSYOCdJftjyTM2zxW6Xhm/5T0j5LdcUt/xYVt48fb5Mp3PX9coMFiaGzg7GpumpJoZJJuYmJmYJiUlplokGhmaGpgZJhkbu38RYIhgYmBgZABhJgZGBkYwn5OhJLW4JL60OLUIEAAA//9ZVh6A"},
}

// The Python builder's vectors, chat service included. Python's zlib
// compresses differently from Go's, so these are compared after
// decompression: the signed payload must be identical byte for byte.
var pythonVectors = []struct {
	name  string
	token Token
	want  string
}{
	{"chat app (test_service_chat_app)", vecToken(Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatApp), Strings: []string{""}}),
		"007eJxTYNDNaz3snC8huEfHWdz6s98qltq4zqy9fl99Uh0FDvy6F6DAYGlu4OxobJqSamaQbGJiZmKalJSYapFoZGhqYGaYZGzs/kWAIYKJgYGRAYRZgZgJzGdgAACt8hhr"},
	{"chat user (test_service_chat_user)", vecToken(Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatUser), Strings: []string{vecUID}}),
		"007eJxTYNAIsnbS3v/A5t2TC6feR15r+6cq8bqAvfaW+tk/Vzz+p6xTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADCrEDMCOZzMRhZWBgZmxgamRsDAB+lHrg="},
	{"RTC join (test_service_rtc)", vecToken(Service{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}}),
		"007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj"},
}

func TestEncodeMatchesTheGoBuilderByteForByte(t *testing.T) {
	for _, v := range goVectors {
		got, err := v.token.Encode(vecCertificate)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if got != v.want {
			// Compression output could differ across Go releases; the
			// payload comparison below says whether the content is right.
			if bytes.Equal(inflate(t, got), inflate(t, v.want)) {
				t.Errorf("%s: same payload, different compression: got %s", v.name, got)
			} else {
				t.Errorf("%s:\n got %s\nwant %s", v.name, got, v.want)
			}
		}
	}
}

func TestEncodeMatchesThePythonBuilderPayload(t *testing.T) {
	for _, v := range pythonVectors {
		got, err := v.token.Encode(vecCertificate)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if !bytes.Equal(inflate(t, got), inflate(t, v.want)) {
			t.Errorf("%s: payload differs from the published token\n got %x\nwant %x", v.name, inflate(t, got), inflate(t, v.want))
		}
	}
}

func TestDecodeReadsPublishedTokensAndVerifiesTheirSignature(t *testing.T) {
	all := append(append([]struct {
		name  string
		token Token
		want  string
	}{}, goVectors...), pythonVectors...)
	for _, v := range all {
		got, err := Decode(v.want)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if got.AppID != vecAppID || got.IssueTs != vecIssueTs || got.Expire != vecExpire || got.Salt != vecSalt || len(got.Services) != len(v.token.Services) {
			t.Errorf("%s: decoded %+v", v.name, got)
		}
		for i, s := range v.token.Services {
			g := got.Services[i]
			if g.Type != s.Type || len(g.Privileges) != len(s.Privileges) || strings.Join(g.Strings, "|") != strings.Join(s.Strings, "|") {
				t.Errorf("%s: service %d decoded %+v, want %+v", v.name, i, g, s)
			}
			for p, e := range s.Privileges {
				if g.Privileges[p] != e {
					t.Errorf("%s: privilege %d expires %d, want %d", v.name, p, g.Privileges[p], e)
				}
			}
		}
		if err := got.Verify(vecCertificate); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
		if err := got.Verify(strings.Repeat("0", 32)); err == nil {
			t.Errorf("%s: verified with the wrong certificate", v.name)
		}
	}
}

func TestChatAppTokenRoundTrips(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	tok := ChatApp(vecAppID, now, time.Hour)
	s, err := tok.Encode(vecCertificate)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	chat, ok := got.Service(ServiceChat)
	if !ok || chat.Privileges[PrivilegeChatApp] != 3600 || chat.Strings[0] != "" || len(got.Services) != 1 {
		t.Fatalf("not a chat app token: %+v", got)
	}
	if !got.ExpiresAt().Equal(now.Add(time.Hour)) || got.Verify(vecCertificate) != nil {
		t.Fatalf("expiry %v or signature wrong", got.ExpiresAt())
	}
	if tok.Salt < 1 || tok.Salt > 99999999 {
		t.Fatalf("salt %d out of range", tok.Salt)
	}
}

func TestTamperedTokensAreRejected(t *testing.T) {
	s, _ := vecToken(Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatApp), Strings: []string{""}}).Encode(vecCertificate)
	tok, _ := Decode(s)
	tok.Expire++ // a longer life than was signed
	if tok.Verify(vecCertificate) == nil {
		t.Fatal("a changed expiry still verifies")
	}
	for _, bad := range []string{"", "006abc", "007!!!", "007" + base64.StdEncoding.EncodeToString([]byte("not zlib")), s[:len(s)-12]} {
		if _, err := Decode(bad); err == nil {
			t.Errorf("Decode(%q) accepted", bad)
		}
	}
}

func TestEncodeRejectsMalformedIDs(t *testing.T) {
	for _, c := range []struct{ id, cert string }{{"", vecCertificate}, {"abc", vecCertificate}, {"Z70CA35de60c44645bbae8a215061b33", vecCertificate}, {vecAppID, "5CFd2fd1755d40ecb72977518be15d3Z"}} {
		if _, err := vecToken().Encode(c.cert); err == nil && c.id == vecAppID {
			t.Errorf("certificate %q accepted", c.cert)
		}
		tok := vecToken()
		tok.AppID = c.id
		if _, err := tok.Encode(c.cert); err == nil {
			t.Errorf("app ID %q / certificate %q accepted", c.id, c.cert)
		}
	}
}

func inflate(t *testing.T, token string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(token, Version))
	if err != nil {
		t.Fatal(err)
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
