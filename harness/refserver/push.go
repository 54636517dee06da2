package refserver

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

// Offline push (easemob-doc-v2 push.md): push nicknames, no-disturb
// settings per conversation, the push language, templates, device bindings
// and push statistics. Per-user settings live on the user and die with it;
// templates are app-wide (a spec that creates one deletes it).

func init() {
	implement(map[string]handler{
		"PUT /push/nickname": (*call).setPushNicknames,
		"GET /users/{username}/notification/{chattype}/{key}":         (*call).getNotification,
		"PUT /users/{username}/notification/{chattype}/{key}":         (*call).setNotification,
		"GET /users/{username}/notification/language":                 (*call).getPushLanguage,
		"PUT /users/{username}/notification/language":                 (*call).setPushLanguage,
		"GET /users/{username}/notification/template":                 (*call).getUserTemplate,
		"PUT /users/{username}/notification/template":                 (*call).setUserTemplate,
		"GET /users/{username}/push/binding":                          (*call).getPushBinding,
		"PUT /users/{username}/push/binding":                          (*call).setPushBinding,
		"POST /notification/template":                                 (*call).createTemplate,
		"GET /notification/template/{name}":                           (*call).getTemplate,
		"PUT /notification/template/{name}":                           (*call).modifyTemplate,
		"DELETE /notification/template/{name}":                        (*call).deleteTemplate,
		"GET /push/data/offline-push/begin/{startTime}/end/{endTime}": (*call).pushStatistics,
	})
}

// Push limits of the document: 50 users per nickname call, nicknames of at
// most 100 characters.
const (
	maxPushNicknameBatch = 50
	maxPushNicknameChars = 100
)

// pushSettings are a user's push preferences; s.mu guards them.
type pushSettings struct {
	nickname  string
	language  string
	template  string
	bindings  []orderedJSON
	noDisturb map[string]noDisturb // by "chattype/key"
}

type noDisturb struct {
	Type           string
	IgnoreInterval string
	IgnoreDuration int64
}

// noDisturbTypes are the documented values of "type".
var noDisturbTypes = map[string]bool{"DEFAULT": true, "ALL": true, "AT": true, "NONE": true}

// ignoreInterval is the documented form of a daily quiet period, HH:MM-HH:MM.
var ignoreInterval = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$`)

// maxIgnoreDuration is the longest no-disturb period, 7 days in milliseconds.
const maxIgnoreDuration = 7 * 24 * 3600 * 1000

func (c *call) setPushNicknames() {
	var entries []struct {
		Username     string `json:"username"`
		PushNickname string `json:"push_nickname"`
	}
	if !c.readJSON(&entries) {
		return
	}
	switch {
	case len(entries) == 0:
		c.fail("push.nickname.empty-body", nil)
		return
	case len(entries) > maxPushNicknameBatch:
		c.fail("push.nickname.batch-too-many", nil)
		return
	}
	for _, e := range entries {
		if utf8.RuneCountInString(e.PushNickname) > maxPushNicknameChars {
			c.fail("push.nickname.too-long", catalog.Vars{"username": e.Username})
			return
		}
	}
	var data []orderedJSON
	c.s.mu.Lock()
	for _, e := range entries {
		result := "fail"
		if u := c.s.app.users[strings.ToLower(e.Username)]; u != nil {
			u.push.nickname, result = e.PushNickname, "success"
		}
		data = append(data, orderedJSON{{"username", e.Username}, {"result", result}})
	}
	c.s.mu.Unlock()
	c.actionData("put", data)
}

// conversationKey checks the no-disturb path: chattype user or chatgroup
// (any other is "url is invalid"), or the app-wide form
// /notification/user/{username}. It reports whether the call may go on.
func (c *call) conversationKey() (string, bool) {
	chatType := c.params["chattype"]
	if chatType != "user" && chatType != "chatgroup" {
		c.fail("push.settings.bad-path", nil)
		return "", false
	}
	return chatType + "/" + strings.ToLower(c.params["key"]), true
}

func (c *call) setNotification() {
	key, ok := c.conversationKey()
	if !ok {
		return
	}
	var body struct {
		Type           *string `json:"type"`
		IgnoreInterval *string `json:"ignoreInterval"`
		IgnoreDuration *int64  `json:"ignoreDuration"`
	}
	if !c.readJSON(&body) {
		return
	}
	switch {
	case body.Type != nil && !noDisturbTypes[*body.Type]:
		c.fail("push.settings.invalid-parameter", catalog.Vars{"parameter": "type"})
		return
	case body.IgnoreInterval != nil && *body.IgnoreInterval != "" && !ignoreInterval.MatchString(*body.IgnoreInterval):
		c.fail("push.settings.invalid-parameter", catalog.Vars{"parameter": "ignoreInterval"})
		return
	case body.IgnoreDuration != nil && (*body.IgnoreDuration < 0 || *body.IgnoreDuration > maxIgnoreDuration):
		c.fail("push.settings.invalid-parameter", catalog.Vars{"parameter": "ignoreDuration"})
		return
	}
	var entry noDisturb
	if !c.withUser("users.modify.missing-username", func(u *user) {
		if u.push.noDisturb == nil {
			u.push.noDisturb = map[string]noDisturb{}
		}
		entry = u.push.noDisturb[key]
		if body.Type != nil {
			entry.Type = *body.Type
		}
		if body.IgnoreInterval != nil {
			entry.IgnoreInterval = *body.IgnoreInterval
		}
		if body.IgnoreDuration != nil {
			entry.IgnoreDuration = *body.IgnoreDuration
		}
		u.push.noDisturb[key] = entry
	}) {
		return
	}
	c.actionData("put", entry.json())
}

func (n noDisturb) json() orderedJSON {
	t := n.Type
	if t == "" {
		t = "DEFAULT"
	}
	return orderedJSON{{"type", t}, {"ignoreInterval", n.IgnoreInterval}, {"ignoreDuration", n.IgnoreDuration}}
}

func (c *call) getNotification() {
	key, ok := c.conversationKey()
	if !ok {
		return
	}
	var entry noDisturb
	if c.withUser("users.modify.missing-username", func(u *user) { entry = u.push.noDisturb[key] }) {
		c.actionData("get", entry.json())
	}
}

func (c *call) setPushLanguage() {
	var body struct {
		TranslationLanguage string `json:"translationLanguage"`
	}
	if !c.readJSON(&body) {
		return
	}
	if c.withUser("users.modify.missing-username", func(u *user) { u.push.language = body.TranslationLanguage }) {
		c.actionData("put", orderedJSON{{"language", body.TranslationLanguage}})
	}
}

func (c *call) getPushLanguage() {
	var lang string
	if c.withUser("users.modify.missing-username", func(u *user) { lang = u.push.language }) {
		c.actionData("get", orderedJSON{{"language", lang}})
	}
}

func (c *call) setUserTemplate() {
	var body struct {
		TemplateName string `json:"templateName"`
	}
	if !c.readJSON(&body) {
		return
	}
	if body.TemplateName != "" && c.s.templates.get(body.TemplateName) == nil {
		c.fail("push.template.not-found", catalog.Vars{"name": body.TemplateName})
		return
	}
	if c.withUser("users.modify.missing-username", func(u *user) { u.push.template = body.TemplateName }) {
		c.actionData("put", orderedJSON{{"templateName", body.TemplateName}})
	}
}

func (c *call) getUserTemplate() {
	var name string
	if c.withUser("users.modify.missing-username", func(u *user) { name = u.push.template }) {
		c.actionData("get", orderedJSON{{"templateName", name}})
	}
}

func (c *call) setPushBinding() {
	var body map[string]any
	if !c.readJSON(&body) {
		return
	}
	entry := orderedJSON{}
	for _, k := range []string{"device_id", "notifier_name", "device_token"} {
		if v, ok := body[k].(string); ok {
			entry = append(entry, kv{k, v})
		}
	}
	var list []orderedJSON
	if !c.withUser("users.modify.missing-username", func(u *user) {
		if tok, _ := body["device_token"].(string); tok == "" {
			u.push.bindings = nil // an empty token unbinds
		} else {
			u.push.bindings = []orderedJSON{entry}
		}
		list = u.push.bindings
	}) {
		return
	}
	if list == nil {
		list = []orderedJSON{}
	}
	c.actionData("put", list)
}

func (c *call) getPushBinding() {
	var list []orderedJSON
	if !c.withUser("users.modify.missing-username", func(u *user) { list = u.push.bindings }) {
		return
	}
	if list == nil {
		list = []orderedJSON{}
	}
	c.actionData("get", list)
}

// templateStore holds the app's push templates by name.
type templateStore struct {
	mu     sync.Mutex
	byName map[string]*pushTemplate
}

type pushTemplate struct {
	Name, Title, Content string
	created, modified    int64
}

func (t *pushTemplate) json() orderedJSON {
	return orderedJSON{{"name", t.Name}, {"createAt", t.created}, {"updateAt", t.modified},
		{"title_pattern", t.Title}, {"content_pattern", t.Content}}
}

func (s *templateStore) get(name string) *pushTemplate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byName[name]
}

type templateBody struct {
	Name           string `json:"name"`
	TitlePattern   string `json:"title_pattern"`
	ContentPattern string `json:"content_pattern"`
}

func (c *call) createTemplate() {
	var body templateBody
	if !c.readJSON(&body) {
		return
	}
	if body.Name == "" {
		c.illegalArgument("name must be provided")
		return
	}
	s := &c.s.templates
	s.mu.Lock()
	if s.byName == nil {
		s.byName = map[string]*pushTemplate{}
	}
	now := c.start.UnixMilli()
	t := &pushTemplate{Name: body.Name, Title: body.TitlePattern, Content: body.ContentPattern, created: now, modified: now}
	s.byName[body.Name] = t
	s.mu.Unlock()
	c.actionData("post", t.json())
}

// template finds the path's template, answering the row when there is none.
func (c *call) template() *pushTemplate {
	t := c.s.templates.get(c.params["name"])
	if t == nil {
		c.fail("push.template.not-found", catalog.Vars{"name": c.params["name"]})
	}
	return t
}

func (c *call) getTemplate() {
	if t := c.template(); t != nil {
		c.actionData("get", t.json())
	}
}

func (c *call) modifyTemplate() {
	var body templateBody
	if !c.readJSON(&body) {
		return
	}
	t := c.template()
	if t == nil {
		return
	}
	c.s.templates.mu.Lock()
	if body.TitlePattern != "" {
		t.Title = body.TitlePattern
	}
	if body.ContentPattern != "" {
		t.Content = body.ContentPattern
	}
	t.modified = c.start.UnixMilli()
	out := t.json()
	c.s.templates.mu.Unlock()
	c.actionData("put", out)
}

func (c *call) deleteTemplate() {
	t := c.template()
	if t == nil {
		return
	}
	c.s.templates.mu.Lock()
	delete(c.s.templates.byName, t.Name)
	c.s.templates.mu.Unlock()
	c.actionData("delete", t.json())
}

// pushStatistics answers the offline push statistics of a time range; the
// reference pushes nothing, so every count is 0.
func (c *call) pushStatistics() {
	if !c.serviceOn(profile.PushStats, "push.stats.not-open") {
		return
	}
	begin, err1 := strconv.ParseInt(c.params["startTime"], 10, 64)
	end, err2 := strconv.ParseInt(c.params["endTime"], 10, 64)
	if err1 != nil || err2 != nil || begin > end {
		c.illegalArgument("startTime and endTime must be times in milliseconds, startTime <= endTime")
		return
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"timestamp", c.start.UnixMilli()}, {"data", []any{}}, {"duration", 0}})
}
