package agoratoken

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"io"
	"reflect"
	"slices"
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

func privileges(ps ...uint16) map[uint16]uint32 {
	m := map[uint16]uint32{}
	for _, p := range ps {
		m[p] = vecExpire
	}
	return m
}

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
	// Chat together with other services.
	{"RTC + RTM + chat user (Test_AccessToken_Build_MultipleServices)", vecToken(
		Service{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceRTM, Privileges: privilege(1), Strings: []string{vecUserID}},
		Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatUser), Strings: []string{vecUID}}),
		"007eJxSYJjqLJBlM239wwWvmBZ7tW619coNnPKSXaHayfKzZODswxMVGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMjAwMDMwgiGIr8BgnmJuZGxmmppkaWFsYmFqbGmeapxqnGaZYmJmkJSSksjFYGRhYWRsYmhkbswE18fJUJJaXBJfWpxaxAoXRFYKCAAA///aoiqr"},
	// Streaming and FCDN, three services of each type, in the order added.
	{"streaming + FCDN, repeated types (Test_ExtendedServiceNumericUidConversion)", vecToken(
		Service{Type: ServiceStreaming, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceStreaming, Privileges: privilege(2), Strings: []string{vecChannel, ""}},
		Service{Type: ServiceStreaming, Privileges: privileges(1, 2), Strings: []string{vecChannel, "stream-account"}},
		Service{Type: ServiceFCDN, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceFCDN, Privileges: privilege(2), Strings: []string{vecChannel, ""}},
		Service{Type: ServiceFCDN, Privileges: privileges(1, 2), Strings: []string{vecChannel, "fcdn-account"}}),
		"007eJxSYLi93GuuUHrO9Fr71KVJKqfDby8RezlVfGLMO77DIl79U40UGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMjAwsDEwMzAyMIL5CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxiB9TETqY2BgZmCC2kKsHj6G4pKi1MRc3cTk5PzSvBI2Mt3JRpI72Uh2Jw9DWnJKHsyVgAAAAP//SW9fVw=="},
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
	{"APaaS user (test_service_apaas_user)", vecToken(Service{Type: ServiceAPaaS, Privileges: privilege(2), Strings: []string{"", vecUID}, Role: -1}),
		"007eJxTYEg4e9Zj9gch+QkfFi1qM7tdkn1G3Kzt6FTJpTpzRQ4brixTYLA0N3B2NDZNSTUzSDYxMTMxTUpKTLVINDI0NTAzTDI2dv8iwBDBxMDAyADC7EDMBOYzMHAxGFlYGBmbGBqZG///DwDuNR56"},
	{"APaaS app (test_service_apaas_app)", vecToken(Service{Type: ServiceAPaaS, Privileges: privilege(3), Strings: []string{"", ""}, Role: -1}),
		"007eJxTYJgT3rumdJdoWJpC3aNTb4o76swyLsrHvmznOn/x1cQM9gcKDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGUCYHYiZwXwQ+P8fAADUHTQ="},
	// Chat together with other services. The APaaS room-user token's chat
	// user ID is the MD5 of the user UUID, as apaas_token_builder makes it.
	{"APaaS room user + RTM + chat user (test_service_apaas_room_user)", vecToken(
		Service{Type: ServiceAPaaS, Privileges: privilege(1), Strings: []string{"123", vecUID}, Role: 1},
		Service{Type: ServiceRTM, Privileges: privilege(1), Strings: []string{vecUID}},
		Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatUser), Strings: []string{"6063383428a36fba3fb6030becf8094e"}}),
		"007eJxTYOi6fYVB7qlA2ZWQ+Ko3N2IafQOddj+K4tjh3PS7P2vx4a0KDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGRgYmBmYgDQjmM/FYGRhYWRsYmhkbswKF1VgMDMwMza2MDYxskg0NktLSjROSzIzMDZISk1OszCwNEllh6tlZjA0MkY2hpEBANqIKYQ="},
	{"RTC + RTM + FPA + chat user + APaaS user (test_multi_service)", vecToken(
		Service{Type: ServiceRTC, Privileges: privileges(1, 2, 3, 4), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceRTM, Privileges: privilege(1), Strings: []string{vecUID}},
		Service{Type: ServiceFPA, Privileges: privilege(1)},
		Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatUser), Strings: []string{vecUID}},
		Service{Type: ServiceAPaaS, Privileges: privilege(2), Strings: []string{"", vecUID}, Role: -1}),
		"007eJxTYHh8IPKzTvBdf9ce8bk7G61vs06oca1e815/ot4+x7rfjDIKDJbmBs6OxqYpqWYGySYmZiamSUmJqRaJRoamBmaGScbG7l8EGCKYGBgYGRgYWIEkCxCD+ExgkhlMsoBJBQbzFHMjYzPT1CRLC2MTC1NjS/NU41TjNMsUEzODpJSURC4GIwsLI2MTQyNzYyagORCTkEVZ4KKsWOXZgWIQm1HF//8HAL01L5I="},
	// Built by the C++ builder; the Go and Python tests parse it
	// (test_parse_extended_services_from_cpp).
	{"streaming + FCDN + RTM2 with permissions (C++)", vecToken(
		Service{Type: ServiceStreaming, Privileges: privileges(1, 2), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceFCDN, Privileges: privileges(1, 2), Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceRTM2, Privileges: privilege(1), Strings: []string{vecUserID}, Permissions: map[uint16]map[uint16][]string{
			0: {0: {"message-a", "message-b"}}, 1: {1: {"stream-a"}}, 4: {0: {"user-a"}}}}),
		"007eJxTYPj86Lzdz79M25wNn/lMfvu+TkfmdpiviKvChm8ZV3SWndytwGBpbuDsaGyakmpmkGxiYmZimpSUmGqRaGRoamBmmGRs7P5FgCGCiYGBkYGBgRkImYAsEJ8JTCowmKeYGxmbmaYmWVoYm1iYGluapxqnGqdZppiYGSSlpCRyMRhZWBgZmxgamRuzUaSbA6gXopuToSS1uCS+tDi1iJkB4jQmoGBuanFxYnqqbiKCmcTIAIEcDMUlRamJubqJLGD1jAxsDCD9uokAO/VDvQ=="},
}

// Tokens published before the builders sorted services by type: the 2022
// Python builder kept the order services were added in (AccessToken2Test.py
// at AgoraIO/Tools 3504099, test_service_education_room_user). A reader
// must verify the bytes as signed, not a re-encoding.
var unsortedVectors = []struct {
	name  string
	types []uint16
	want  string
}{
	{"education room user + RTM + chat user, unsorted", []uint16{ServiceAPaaS, ServiceRTM, ServiceChat},
		"007eJxTYPDt2Lmu+dWxJ0sv/ZP/56n/cMLkSc3XOmpZA6/NtOlbWumjwGBpbuDsaGyakmpmkGxiYmZimpSUmGqRaGRoamBmmGRs7P5FgCGCiYGBkYGBgZmBHUgzgvnMDIZGxlwMRhYWRsYmhkbmxowMTHBJZHFWuKgCg5mBmbGxhbGJkUWisVlaUqJxWpKZgbFBUmpymoWBpUkqAGF8Kv8="},
	{"RTC + RTM + streaming + FPA + chat user + education user (2022 test_multi_service)", []uint16{ServiceRTC, ServiceRTM, ServiceStreaming, ServiceFPA, ServiceChat, ServiceAPaaS},
		"007eJxTYPhoYK+7SDk39KyyavaWJIvG958FqjUtWb631r8Sbb7U+FGBwdLcwNnR2DQl1cwg2cTEzMQ0KSkx1SLRyNDUwMwwydjY/YsAQwQTAwMjAwMDG5BkAWIQnwlMMoNJFjCpwGCeYm5kbGaammRpYWxiYWpsaZ5qnGqcZpliYmaQlJKSyMVgZGFhZGxiaGRuzAQ0B2ISsigzAxOK+aSZyQI3kxWr6exAMYi5qOL//wMAs006ww=="},
}

func TestDecodeVerifiesTokensAsSignedWhateverTheirServiceOrder(t *testing.T) {
	for _, v := range unsortedVectors {
		got, err := Decode(v.want)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		var types []uint16
		for _, s := range got.Services {
			types = append(types, s.Type)
		}
		if !slices.Equal(types, v.types) {
			t.Errorf("%s: service types %v, want %v", v.name, types, v.types)
		}
		if err := got.Verify(vecCertificate); err != nil {
			t.Errorf("%s: %v", v.name, err)
		}
		if err := got.Verify(strings.Repeat("0", 32)); err == nil {
			t.Errorf("%s: verified with the wrong certificate", v.name)
		}
	}
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
		// The published builders write services sorted by type, those of
		// one type in the order they were added.
		want := slices.Clone(v.token.Services)
		slices.SortStableFunc(want, func(a, b Service) int { return int(a.Type) - int(b.Type) })
		if !reflect.DeepEqual(got.Services, want) {
			t.Errorf("%s: decoded services\n %+v\nwant %+v", v.name, got.Services, want)
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

// signedToken encodes content as the published builders would, so a test
// can carry a service this package has no layout for.
func signedToken(t *testing.T, content []byte) string {
	t.Helper()
	var payload bytes.Buffer
	putString(&payload, string(sign(vecCertificate, vecIssueTs, vecSalt, content)))
	payload.Write(content)
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(payload.Bytes())
	w.Close()
	return Version + base64.StdEncoding.EncodeToString(z.Bytes())
}

// withUnknown is the content of vecToken(known...) with one more service,
// of a type without a layout, at position at.
func withUnknown(t *testing.T, at int, unknownType uint16, known ...Service) []byte {
	t.Helper()
	var b bytes.Buffer
	putString(&b, vecAppID)
	putU32(&b, vecIssueTs)
	putU32(&b, vecExpire)
	putU32(&b, vecSalt)
	putU16(&b, uint16(len(known)+1))
	unknown := func() {
		putU16(&b, unknownType)
		putU16(&b, 1)
		putU16(&b, 1)
		putU32(&b, vecExpire)
	}
	for i, s := range known {
		if i == at {
			unknown()
		}
		if err := s.pack(&b); err != nil {
			t.Fatal(err)
		}
	}
	if at >= len(known) {
		unknown()
	}
	return b.Bytes()
}

// As the published parsers (Test_AccessToken_Parse_UnknownServiceType,
// test_parse_stops_at_unknown_service_type): a service of unknown type ends
// the reading, the services before it count, the signature covers all.
func TestAServiceOfUnknownTypeEndsTheReadingButNotTheSignature(t *testing.T) {
	chat := Service{Type: ServiceChat, Privileges: privilege(PrivilegeChatApp), Strings: []string{""}}
	rtc := Service{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel, vecUID}}
	for _, c := range []struct {
		name        string
		content     []byte
		wantTypes   []uint16
		wantUnknown int // the unknown service and all after it
	}{
		{"unknown type 999 after RTC and chat", withUnknown(t, 2, 999, rtc, chat), []uint16{ServiceRTC, ServiceChat}, 1},
		{"unknown type 0 before chat", withUnknown(t, 0, 0, chat), nil, 2},
		{"only an unknown type", withUnknown(t, 0, 999), nil, 1},
	} {
		got, err := Decode(signedToken(t, c.content))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var types []uint16
		for _, s := range got.Services {
			types = append(types, s.Type)
		}
		if !slices.Equal(types, c.wantTypes) || got.UnknownServices != c.wantUnknown {
			t.Errorf("%s: read services %v and left %d unread, want %v and %d", c.name, types, got.UnknownServices, c.wantTypes, c.wantUnknown)
		}
		if err := got.Verify(vecCertificate); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if err := got.Verify(strings.Repeat("0", 32)); err == nil {
			t.Errorf("%s: verified with the wrong certificate", c.name)
		}
		if _, err := got.Encode(vecCertificate); err == nil {
			t.Errorf("%s: re-encoded although a service's layout is unknown", c.name)
		}
	}
}

func TestPrivilegeEndsWithTheTokenOrThePrivilegeWhicheverIsFirst(t *testing.T) {
	issued := time.Unix(vecIssueTs, 0)
	tok := vecToken(
		Service{Type: ServiceRTC, Privileges: map[uint16]uint32{1: 60}, Strings: []string{vecChannel, vecUID}},
		Service{Type: ServiceChat, Privileges: map[uint16]uint32{PrivilegeChatUser: 300}, Strings: []string{"u"}},
		Service{Type: ServiceChat, Privileges: map[uint16]uint32{PrivilegeChatApp: 6000}, Strings: []string{""}},
	)
	if ends, ok := tok.Privilege(ServiceChat, PrivilegeChatUser); !ok || !ends.Equal(issued.Add(300*time.Second)) {
		t.Errorf("chat user privilege ends %v, %v; want issue+300s", ends, ok)
	}
	// The second chat service grants the app privilege for longer than the
	// token lives (600 s): the token's end wins.
	if ends, ok := tok.Privilege(ServiceChat, PrivilegeChatApp); !ok || !ends.Equal(issued.Add(vecExpire*time.Second)) {
		t.Errorf("chat app privilege ends %v, %v; want the token's end", ends, ok)
	}
	if _, ok := tok.Privilege(ServiceRTM, 1); ok {
		t.Error("a privilege of a service the token lacks was found")
	}
	if _, ok := tok.Privilege(ServiceRTC, PrivilegeChatApp); ok {
		t.Error("the chat app privilege was found on the RTC service")
	}
}

func TestEncodeRejectsAServiceWithoutItsFields(t *testing.T) {
	for _, s := range []Service{
		{Type: ServiceChat, Privileges: privilege(PrivilegeChatApp)},                   // no user ID string
		{Type: ServiceRTC, Privileges: privilege(1), Strings: []string{vecChannel}},    // no uid
		{Type: 42, Privileges: privilege(1)},                                           // unknown type
		{Type: ServiceFPA, Privileges: privilege(1), Strings: []string{"not a field"}}, // FPA has none
	} {
		if _, err := vecToken(s).Encode(vecCertificate); err == nil {
			t.Errorf("encoded %+v", s)
		}
	}
}
