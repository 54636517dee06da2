// Package agoratoken builds and reads Agora "007" AccessToken2 tokens, the
// tokens an Agora Chat app authenticates its REST calls with when it holds
// an App ID and App Certificate instead of client credentials.
//
// The format, as published by Agora (AgoraIO/Tools, DynamicKey/AccessToken2,
// the same in its Go, Python and Java builders):
//
//	token     = "007" + base64std(zlib(string(signature) + content))
//	content   = string(appID) u32(issueTs) u32(expire) u32(salt) u16(n) service*n
//	service   = u16(type) u16(m) (u16(privilege) u32(expire))*m  type-specific strings
//	string(s) = u16(len(s)) s
//	signing   = HMAC-SHA256(key=u32(salt), HMAC-SHA256(key=u32(issueTs), certificate))
//	signature = HMAC-SHA256(key=signing, content)
//
// Integers are little-endian; privileges are sorted by number, services by
// type. expire values are seconds after issueTs, not instants.
package agoratoken

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"sort"
	"time"
)

// Version prefixes every AccessToken2.
const Version = "007"

// Service types and the chat service's privileges.
const (
	ServiceRTC  uint16 = 1
	ServiceRTM  uint16 = 2
	ServiceChat uint16 = 5

	PrivilegeChatUser uint16 = 1
	PrivilegeChatApp  uint16 = 2
)

// serviceStrings is how many type-specific strings follow a service's
// privileges: RTC channel and uid, RTM user ID, streaming channel and uid,
// FPA none, chat user ID (empty for an app token).
var serviceStrings = map[uint16]int{ServiceRTC: 2, ServiceRTM: 1, 3: 2, 4: 0, ServiceChat: 1}

// MaxChatTTL is the longest lifetime Agora Chat accepts for a token.
const MaxChatTTL = 24 * time.Hour

// Service is one service a token grants, with its privileges (privilege
// number → seconds after issue it expires) and type-specific strings.
type Service struct {
	Type       uint16
	Privileges map[uint16]uint32
	Strings    []string
}

// Token is the content of an AccessToken2.
type Token struct {
	AppID    string
	IssueTs  uint32 // seconds since 1970
	Expire   uint32 // seconds after IssueTs
	Salt     uint32
	Services []Service
	// Signature is set by Decode; Encode computes it.
	Signature []byte
}

// ChatApp returns the content of an Agora Chat app token (chat service,
// app privilege) for appID, issued at now and valid for ttl.
func ChatApp(appID string, now time.Time, ttl time.Duration) Token {
	secs := uint32(ttl / time.Second)
	return Token{
		AppID: appID, IssueTs: uint32(now.Unix()), Expire: secs, Salt: NewSalt(),
		Services: []Service{{Type: ServiceChat, Privileges: map[uint16]uint32{PrivilegeChatApp: secs}, Strings: []string{""}}},
	}
}

// NewSalt is a random salt in [1, 99999999], the range the published
// builders draw from.
func NewSalt() uint32 {
	n, err := rand.Int(rand.Reader, big.NewInt(99999999))
	if err != nil {
		panic(err)
	}
	return uint32(n.Int64()) + 1
}

// CheckID reports whether s has the shape of an App ID or App Certificate:
// 32 hexadecimal characters.
func CheckID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// Encode signs t with certificate and returns the token string.
func (t Token) Encode(certificate string) (string, error) {
	if !CheckID(t.AppID) {
		return "", errors.New("the App ID is not 32 hexadecimal characters")
	}
	if !CheckID(certificate) {
		return "", errors.New("the App Certificate is not 32 hexadecimal characters")
	}
	content, err := t.content()
	if err != nil {
		return "", err
	}
	var payload bytes.Buffer
	putString(&payload, string(sign(certificate, t.IssueTs, t.Salt, content)))
	payload.Write(content)
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(payload.Bytes())
	w.Close()
	return Version + base64.StdEncoding.EncodeToString(z.Bytes()), nil
}

// content is the signed part of the token.
func (t Token) content() ([]byte, error) {
	var b bytes.Buffer
	putString(&b, t.AppID)
	putU32(&b, t.IssueTs)
	putU32(&b, t.Expire)
	putU32(&b, t.Salt)
	services := append([]Service(nil), t.Services...)
	sort.Slice(services, func(i, j int) bool { return services[i].Type < services[j].Type })
	putU16(&b, uint16(len(services)))
	for _, s := range services {
		want, known := serviceStrings[s.Type]
		if !known || len(s.Strings) != want {
			return nil, fmt.Errorf("service type %d needs %d strings, has %d", s.Type, want, len(s.Strings))
		}
		putU16(&b, s.Type)
		privs := make([]int, 0, len(s.Privileges))
		for p := range s.Privileges {
			privs = append(privs, int(p))
		}
		sort.Ints(privs)
		putU16(&b, uint16(len(privs)))
		for _, p := range privs {
			putU16(&b, uint16(p))
			putU32(&b, s.Privileges[uint16(p)])
		}
		for _, str := range s.Strings {
			putString(&b, str)
		}
	}
	return b.Bytes(), nil
}

func sign(certificate string, issueTs, salt uint32, content []byte) []byte {
	key := hmacSHA256(u32(issueTs), []byte(certificate))
	key = hmacSHA256(u32(salt), key)
	return hmacSHA256(key, content)
}

func hmacSHA256(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}

// Decode reads a token string without checking its signature (see Verify).
func Decode(s string) (Token, error) {
	if len(s) < len(Version) || s[:len(Version)] != Version {
		return Token{}, fmt.Errorf("not an AccessToken2: it does not start with %q", Version)
	}
	raw, err := base64.StdEncoding.DecodeString(s[len(Version):])
	if err != nil {
		return Token{}, fmt.Errorf("not an AccessToken2: %v", err)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return Token{}, fmt.Errorf("not an AccessToken2: %v", err)
	}
	payload, err := io.ReadAll(io.LimitReader(zr, 1<<16))
	if err != nil {
		return Token{}, fmt.Errorf("not an AccessToken2: %v", err)
	}
	r := &reader{b: payload}
	var t Token
	t.Signature = []byte(r.string())
	t.AppID = r.string()
	t.IssueTs, t.Expire, t.Salt = r.u32(), r.u32(), r.u32()
	n := r.u16()
	for i := 0; i < int(n) && r.err == nil; i++ {
		s := Service{Type: r.u16(), Privileges: map[uint16]uint32{}}
		m := r.u16()
		for j := 0; j < int(m) && r.err == nil; j++ {
			p := r.u16()
			s.Privileges[p] = r.u32()
		}
		k, known := serviceStrings[s.Type]
		if !known {
			return Token{}, fmt.Errorf("unknown service type %d", s.Type)
		}
		for j := 0; j < k; j++ {
			s.Strings = append(s.Strings, r.string())
		}
		t.Services = append(t.Services, s)
	}
	if r.err != nil {
		return Token{}, fmt.Errorf("truncated AccessToken2: %v", r.err)
	}
	if len(r.b) != 0 {
		return Token{}, fmt.Errorf("AccessToken2 has %d bytes after its last service", len(r.b))
	}
	return t, nil
}

// Verify checks t's signature against certificate.
func (t Token) Verify(certificate string) error {
	content, err := t.content()
	if err != nil {
		return err
	}
	if !hmac.Equal(t.Signature, sign(certificate, t.IssueTs, t.Salt, content)) {
		return errors.New("the signature does not match the App Certificate")
	}
	return nil
}

// Service returns the service of type typ, if the token grants it.
func (t Token) Service(typ uint16) (Service, bool) {
	for _, s := range t.Services {
		if s.Type == typ {
			return s, true
		}
	}
	return Service{}, false
}

// ExpiresAt is when the token itself expires.
func (t Token) ExpiresAt() time.Time {
	return time.Unix(int64(t.IssueTs)+int64(t.Expire), 0)
}

func u32(n uint32) []byte { return binary.LittleEndian.AppendUint32(nil, n) }

func putU16(b *bytes.Buffer, n uint16) { b.Write(binary.LittleEndian.AppendUint16(nil, n)) }
func putU32(b *bytes.Buffer, n uint32) { b.Write(u32(n)) }
func putString(b *bytes.Buffer, s string) {
	putU16(b, uint16(len(s)))
	b.WriteString(s)
}

// reader reads the little-endian fields of a token, remembering the first
// error so callers check once.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if len(r.b) < n {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) string() string { return string(r.take(int(r.u16()))) }
