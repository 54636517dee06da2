// Package agoratoken builds and reads Agora "007" AccessToken2 tokens, the
// tokens an Agora Chat app authenticates its REST calls with when it holds
// an App ID and App Certificate instead of client credentials.
//
// The format, as published by Agora (AgoraIO/Tools, DynamicKey/AgoraDynamicKey,
// accesstoken2 in Go, AccessToken2 in Python, Java and C++):
//
//	token     = "007" + base64std(zlib(string(signature) + content))
//	content   = string(appID) u32(issueTs) u32(expire) u32(salt) u16(n) service*n
//	service   = u16(type) u16(m) (u16(privilege) u32(expire))*m  type-specific fields
//	string(s) = u16(len(s)) s
//	signing   = HMAC-SHA256(key=u32(salt), HMAC-SHA256(key=u32(issueTs), certificate))
//	signature = HMAC-SHA256(key=signing, content)
//
// Integers are little-endian; privileges are sorted by number, services by
// type (the published builders sort them; older Python builders kept the
// order they were added in, so a reader must not rely on it). One token may
// carry several services, and a type more than once. expire values are
// seconds after issueTs, not instants.
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
	"reflect"
	"sort"
	"time"
)

// Version prefixes every AccessToken2.
const Version = "007"

// Service types, as numbered by the published builders.
const (
	ServiceRTC       uint16 = 1
	ServiceRTM       uint16 = 2
	ServiceStreaming uint16 = 3
	ServiceFPA       uint16 = 4
	ServiceChat      uint16 = 5
	ServiceFCDN      uint16 = 6
	ServiceAPaaS     uint16 = 7 // the former "education" service
	ServiceRTM2      uint16 = 8
)

// The chat service's privileges.
const (
	PrivilegeChatUser uint16 = 1
	PrivilegeChatApp  uint16 = 2
)

// layout is what follows a service's privileges.
type layout struct {
	strings     int  // how many strings
	role        bool // then an int16 role (APaaS)
	permissions bool // then RTM2 resource permissions
}

// layouts, by service type: RTC channel and uid; RTM user ID; streaming
// channel and account; FPA nothing; chat user ID (empty for an app token);
// FCDN channel and account; APaaS room UUID, user UUID and role; RTM2 user
// ID and its resource permissions.
var layouts = map[uint16]layout{
	ServiceRTC:       {strings: 2},
	ServiceRTM:       {strings: 1},
	ServiceStreaming: {strings: 2},
	ServiceFPA:       {},
	ServiceChat:      {strings: 1},
	ServiceFCDN:      {strings: 2},
	ServiceAPaaS:     {strings: 2, role: true},
	ServiceRTM2:      {strings: 1, permissions: true},
}

// MaxChatTTL is the longest lifetime Agora Chat accepts for a token.
const MaxChatTTL = 24 * time.Hour

// Service is one service a token grants, with its privileges (privilege
// number → seconds after issue it expires) and type-specific fields.
type Service struct {
	Type       uint16
	Privileges map[uint16]uint32
	// Strings are the type's strings, in the order of layouts.
	Strings []string
	// Role is the APaaS role (the builders write -1 for none).
	Role int16
	// Permissions are RTM2's: resource type → permission type → resources.
	Permissions map[uint16]map[uint16][]string
}

// Token is the content of an AccessToken2.
type Token struct {
	AppID    string
	IssueTs  uint32 // seconds since 1970
	Expire   uint32 // seconds after IssueTs
	Salt     uint32
	Services []Service
	// UnknownServices counts the services Decode stopped at: from the first
	// service of a type it has no layout for, the published parsers read no
	// further, and neither does Decode. The signature still covers them.
	UnknownServices int
	// Signature is set by Decode; Encode computes it.
	Signature []byte
	// signed is the content Decode read, the bytes the signature covers.
	signed []byte
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

// content is the signed part of the token, services in the published
// builders' order: by type, services of one type in the order given.
func (t Token) content() ([]byte, error) {
	if t.UnknownServices > 0 {
		return nil, fmt.Errorf("the token has %d services of unknown layout, which cannot be encoded", t.UnknownServices)
	}
	var b bytes.Buffer
	putString(&b, t.AppID)
	putU32(&b, t.IssueTs)
	putU32(&b, t.Expire)
	putU32(&b, t.Salt)
	services := append([]Service(nil), t.Services...)
	sort.SliceStable(services, func(i, j int) bool { return services[i].Type < services[j].Type })
	putU16(&b, uint16(len(services)))
	for _, s := range services {
		if err := s.pack(&b); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func (s Service) pack(b *bytes.Buffer) error {
	l, known := layouts[s.Type]
	if !known {
		return fmt.Errorf("service type %d has no known layout", s.Type)
	}
	if len(s.Strings) != l.strings {
		return fmt.Errorf("service type %d needs %d strings, has %d", s.Type, l.strings, len(s.Strings))
	}
	putU16(b, s.Type)
	putU16(b, uint16(len(s.Privileges)))
	for _, p := range sortedKeys(s.Privileges) {
		putU16(b, p)
		putU32(b, s.Privileges[p])
	}
	for _, str := range s.Strings {
		putString(b, str)
	}
	if l.role {
		putU16(b, uint16(s.Role))
	}
	if l.permissions {
		putU16(b, uint16(len(s.Permissions)))
		for _, resource := range sortedKeys(s.Permissions) {
			perms := s.Permissions[resource]
			putU16(b, resource)
			putU16(b, uint16(len(perms)))
			for _, perm := range sortedKeys(perms) {
				putU16(b, perm)
				putU16(b, uint16(len(perms[perm])))
				for _, r := range perms[perm] {
					putString(b, r)
				}
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[uint16]V) []uint16 {
	keys := make([]uint16, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
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

// maxPayload bounds what Decode inflates: far above any real token (a few
// hundred bytes), far below what would hurt a server.
const maxPayload = 1 << 16

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
	payload, err := io.ReadAll(io.LimitReader(zr, maxPayload+1))
	if err != nil {
		return Token{}, fmt.Errorf("not an AccessToken2: %v", err)
	}
	if len(payload) > maxPayload {
		return Token{}, fmt.Errorf("not an AccessToken2: its content is over %d bytes", maxPayload)
	}
	r := &reader{b: payload}
	signature := []byte(r.string())
	if r.err != nil {
		return Token{}, fmt.Errorf("truncated AccessToken2: %v", r.err)
	}
	t, err := decodeContent(r.b)
	if err != nil {
		return Token{}, err
	}
	t.Signature = signature
	return t, nil
}

// decodeContent reads the signed part of a token.
func decodeContent(content []byte) (Token, error) {
	r := &reader{b: content}
	t := Token{signed: content}
	t.AppID = r.string()
	t.IssueTs, t.Expire, t.Salt = r.u32(), r.u32(), r.u32()
	n := int(r.u16())
	for i := 0; i < n && r.err == nil; i++ {
		typ := r.u16()
		l, known := layouts[typ]
		if !known {
			// As the published parsers do: the rest has no layout to read
			// it by, so stop; the signature still covers it.
			t.UnknownServices = n - i
			return t, nil
		}
		t.Services = append(t.Services, r.service(typ, l))
	}
	if r.err != nil {
		return Token{}, fmt.Errorf("truncated AccessToken2: %v", r.err)
	}
	if len(r.b) != 0 {
		return Token{}, fmt.Errorf("AccessToken2 has %d bytes after its last service", len(r.b))
	}
	return t, nil
}

func (r *reader) service(typ uint16, l layout) Service {
	s := Service{Type: typ, Privileges: map[uint16]uint32{}}
	m := int(r.u16())
	for j := 0; j < m && r.err == nil; j++ {
		p := r.u16()
		s.Privileges[p] = r.u32()
	}
	for j := 0; j < l.strings && r.err == nil; j++ {
		s.Strings = append(s.Strings, r.string())
	}
	if l.role {
		s.Role = int16(r.u16())
	}
	if l.permissions {
		s.Permissions = map[uint16]map[uint16][]string{}
		resources := int(r.u16())
		for j := 0; j < resources && r.err == nil; j++ {
			resource, perms := r.u16(), int(r.u16())
			byPerm := map[uint16][]string{}
			for k := 0; k < perms && r.err == nil; k++ {
				perm, count := r.u16(), int(r.u16())
				list := []string{}
				for x := 0; x < count && r.err == nil; x++ {
					list = append(list, r.string())
				}
				byPerm[perm] = list
			}
			s.Permissions[resource] = byPerm
		}
	}
	return s
}

// Verify checks t's signature against certificate. A decoded token is
// checked over the very bytes it was decoded from (whatever order its
// builder put the services in), and fails if its fields were changed after
// Decode; a token built in code is checked over its encoding.
func (t Token) Verify(certificate string) error {
	content := t.signed
	if content != nil {
		again, err := decodeContent(content)
		if err != nil {
			return err
		}
		again.Signature = t.Signature
		if !reflect.DeepEqual(again, t) {
			return errors.New("the token's fields differ from the content that was signed")
		}
	} else {
		var err error
		if content, err = t.content(); err != nil {
			return err
		}
	}
	if !hmac.Equal(t.Signature, sign(certificate, t.IssueTs, t.Salt, content)) {
		return errors.New("the signature does not match the App Certificate")
	}
	return nil
}

// Service returns the first service of type typ, if the token grants it.
func (t Token) Service(typ uint16) (Service, bool) {
	for _, s := range t.Services {
		if s.Type == typ {
			return s, true
		}
	}
	return Service{}, false
}

// Privilege returns when the first service of type typ that grants
// privilege p stops granting it: the earlier of the privilege's own expiry
// and the token's.
func (t Token) Privilege(typ, p uint16) (time.Time, bool) {
	for _, s := range t.Services {
		if expire, ok := s.Privileges[p]; ok && s.Type == typ {
			ends := time.Unix(int64(t.IssueTs)+int64(expire), 0)
			if tokenEnds := t.ExpiresAt(); tokenEnds.Before(ends) {
				ends = tokenEnds
			}
			return ends, true
		}
	}
	return time.Time{}, false
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
