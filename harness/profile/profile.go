// Package profile describes a target's limits and capabilities: the numbers
// that differ between servers, versions and plans (message size, presence
// ext size, quotas, rate limits) and the features a target may lack. Specs
// read the profile to provoke a row at the right size, and skip, with the
// reason, when the target lacks a capability or provoking the row would cost
// more requests than the run's budget.
package profile

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/suggest"
)

// Capabilities a target may declare absent.
const (
	Presence  = "presence"  // presence APIs
	History   = "history"   // chat history download
	Files     = "files"     // chatfiles upload
	Messages  = "messages"  // legacy /messages send API
	Groups    = "groups"    // chat groups
	Chatrooms = "chatrooms" // chat rooms
	RateLimit = "ratelimit" // provoking 429 reach_limit
	Quota     = "quota"     // provoking plan quotas
	Timeout   = "timeout"   // provoking 408 with a stalled body

	// Features an app can have switched off in the console (or by the
	// vendor's sales): services too, each with a "not open" row.
	Broadcast          = "broadcast"           // chat-room and online-user broadcast messages
	Recall             = "recall"              // message recall
	Rewrite            = "rewrite"             // modifying sent messages
	Roaming            = "roaming"             // one-way deletion of roaming messages
	AttachmentLifetime = "attachment_lifetime" // setting the storage lifetime of attachments

	// Services the vendor switches on per app; each has a "not open" row,
	// provoked only against a target that declares the service absent.
	UserMetadata   = "user_metadata"   // user attributes (/metadata/user)
	MemberMetadata = "member_metadata" // custom attributes of group members
	GroupOnline    = "group_online"    // online member counts of groups
	PushStats      = "push_stats"      // offline push result statistics
	Reactions      = "reactions"       // message reactions
	Threads        = "threads"         // threads on group messages
	ChatroomTags   = "chatroom_tags"   // chat-room member tags and muting by tag
)

// Services are the capabilities that are services an app has switched on or
// off (rather than costly things to provoke): a target declaring one absent
// is where its "not open" row is provoked.
var Services = []string{Presence, UserMetadata, MemberMetadata, GroupOnline, PushStats, Reactions,
	Broadcast, Recall, Rewrite, Roaming, AttachmentLifetime, Threads, ChatroomTags}

// SwitchOffHeader is the request header with which a target that declares
// capabilities Switchable answers one request as an app without them (a
// comma-separated list of capability names). Only a test server honours it:
// it lets one app provoke both a feature's rows and its "not open" row.
const SwitchOffHeader = "Imconform-Switch-Off"

// knownCapabilities are what a target may lack: every API area of the
// catalogue (a server may implement part of the API), the features an app
// can have switched off, and the 408 of a stalled body, which needs a read
// timeout the target may not have.
func knownCapabilities() []string {
	caps := []string{Timeout, Broadcast, Recall, Rewrite, Roaming, AttachmentLifetime, UserMetadata, MemberMetadata, GroupOnline, PushStats, Reactions, ChatroomTags}
	for _, r := range catalog.All() {
		if r.Area != "" && !slices.Contains(caps, r.Area) {
			caps = append(caps, r.Area)
		}
	}
	sort.Strings(caps)
	return caps
}

// Profile is what a target declares about itself. Zero means "unknown or
// unlimited" for a limit: specs that need it skip with that reason.
type Profile struct {
	MessageMaxBytes     int   `yaml:"message_max_bytes" json:"message_max_bytes"`
	PresenceExtMaxBytes int   `yaml:"presence_ext_max_bytes" json:"presence_ext_max_bytes"`
	PresenceMaxUsers    int   `yaml:"presence_max_users" json:"presence_max_users"`
	PresenceQueryRate   int   `yaml:"presence_queries_per_second" json:"presence_queries_per_second"`
	FileMaxBytes        int64 `yaml:"file_max_bytes" json:"file_max_bytes"`
	APIRatePerSecond    int   `yaml:"api_rate_per_second" json:"api_rate_per_second"`
	FreeEditionUsers    int   `yaml:"free_edition_users" json:"free_edition_users"`
	GroupsPerApp        int   `yaml:"groups_per_app" json:"groups_per_app"`
	GroupsPerUser       int   `yaml:"groups_per_user" json:"groups_per_user"`
	// ChatroomMaxUsers is the most members a chat room may be given (the
	// app's maximum of maxusers).
	ChatroomMaxUsers int `yaml:"chatroom_max_users" json:"chatroom_max_users"`
	// ThreadsPerApp and ThreadsPerUser are the thread quotas of the app and
	// of one user.
	ThreadsPerApp  int `yaml:"threads_per_app" json:"threads_per_app"`
	ThreadsPerUser int `yaml:"threads_per_user" json:"threads_per_user"`
	// ModeratedWord is a word the app's content moderation rejects in group
	// names and announcements; empty: none known.
	ModeratedWord string `yaml:"moderated_word" json:"moderated_word,omitempty"`
	// ContactsPerUser is the plan's contact limit of one user.
	ContactsPerUser int `yaml:"contacts_per_user" json:"contacts_per_user"`
	// UserMetadataMaxBytes and UserMetadataAppMaxBytes are the size limits
	// of one user's attributes and of the whole app's.
	UserMetadataMaxBytes    int   `yaml:"user_metadata_max_bytes" json:"user_metadata_max_bytes"`
	UserMetadataAppMaxBytes int64 `yaml:"user_metadata_app_max_bytes" json:"user_metadata_app_max_bytes"`
	// ReactionsPerMessage is the most different reactions one message takes.
	ReactionsPerMessage int           `yaml:"reactions_per_message" json:"reactions_per_message"`
	HistoryRetention    time.Duration `yaml:"history_retention" json:"history_retention"`
	ReadTimeout         time.Duration `yaml:"read_timeout" json:"read_timeout"`
	// RecallWindow is how long after sending a message may be recalled.
	RecallWindow time.Duration `yaml:"recall_window" json:"recall_window"`
	// RewriteEditLimit is how many times one message may be modified.
	RewriteEditLimit int `yaml:"rewrite_edit_limit" json:"rewrite_edit_limit"`
	// FileRetention is how long an uploaded attachment can be downloaded.
	FileRetention time.Duration `yaml:"file_retention" json:"file_retention"`
	// MaxWait is the longest a spec may wait for a window or retention to
	// pass (the recall window, the attachment retention); a longer one is
	// a declared skip.
	MaxWait time.Duration `yaml:"max_wait" json:"max_wait"`
	// GroupMessageRate is how many group messages the app may send a second.
	GroupMessageRate int `yaml:"group_messages_per_second" json:"group_messages_per_second"`
	// RequestBudget is the most requests one spec may send to provoke its row.
	RequestBudget int `yaml:"request_budget" json:"request_budget"`
	// Absent lists capabilities the target does not have.
	Absent []string `yaml:"absent" json:"absent,omitempty"`
	// Switchable lists capabilities the target has but switches off for a
	// request that names them in SwitchOffHeader (the reference server).
	Switchable []string `yaml:"switchable" json:"switchable,omitempty"`
	// Seeding says the target serves the reference server's seeding API
	// (POST /{org}/{app}/_imconform/...), which sets up what a REST client
	// cannot: a message sent inside a thread, a message of another app. Only
	// a test server does; it is declared, never assumed.
	Seeding bool `yaml:"seeding" json:"seeding,omitempty"`
	// AbsentDeclared is set when the user declared Absent (profile.absent,
	// IMCONF_PROFILE_ABSENT); otherwise it is the documented default, and
	// skips say so instead of calling the default a declaration.
	AbsentDeclared bool `yaml:"-" json:"absent_declared,omitempty"`
}

// Documented is the profile of a real server as the documentation describes
// it (current Agora docs where the source document and they disagree; see
// api-notes §9). Quotas are unknown by default: a plan's quota is declared
// by the user, since provoking it on a paid plan costs thousands of calls.
func Documented() Profile {
	return Profile{
		MessageMaxBytes:     5 * 1024,
		PresenceExtMaxBytes: 1024,
		PresenceMaxUsers:    100,
		FileMaxBytes:        10 * 1024 * 1024,
		APIRatePerSecond:    100,
		HistoryRetention:    72 * time.Hour,
		RecallWindow:        2 * time.Minute,
		RewriteEditLimit:    10,
		FileRetention:       7 * 24 * time.Hour,
		MaxWait:             3 * time.Minute,
		GroupMessageRate:    20,
		// user_attributes.md: 2 KB per user, 10 GB per app by default;
		// reaction.md: 20 reactions per message.
		UserMetadataMaxBytes:    2 * 1024,
		UserMetadataAppMaxBytes: 10 << 30,
		ReactionsPerMessage:     20,
		RequestBudget:           200,
		// Off against a remote target unless declared present: they drain
		// shared quotas or need a stalled connection.
		Absent: []string{RateLimit, Quota, Timeout},
	}
}

// Has reports whether the target has capability c.
func (p Profile) Has(c string) bool {
	for _, a := range p.Absent {
		if a == c {
			return false
		}
	}
	return true
}

// CanSwitchOff reports whether the target switches capability c off for a
// request naming it in SwitchOffHeader.
func (p Profile) CanSwitchOff(c string) bool {
	for _, s := range p.Switchable {
		if s == c {
			return true
		}
	}
	return false
}

// SkipReason says why a spec needing capability c, or spending cost
// requests, cannot run against the target; empty when it can.
func (p Profile) SkipReason(c string, cost int) string {
	if c != "" && !p.Has(c) {
		return p.AbsentReason(c)
	}
	if p.RequestBudget > 0 && cost > p.RequestBudget {
		return fmt.Sprintf("provoking this row costs about %d requests, over the request budget of %d (profile.request_budget / IMCONF_PROFILE_REQUEST_BUDGET)", cost, p.RequestBudget)
	}
	return ""
}

// AbsentReason says why a spec needing capability c does not run, c being
// absent: declared so, or absent from the documented default profile.
func (p Profile) AbsentReason(c string) string {
	if p.AbsentDeclared {
		return fmt.Sprintf("the target's profile declares %q absent (profile.absent / IMCONF_PROFILE_ABSENT)", c)
	}
	switch c {
	case RateLimit, Quota:
		return fmt.Sprintf("%q is off by default against a remote target, since provoking it spends shared quotas: set IMCONF_ALLOW_COSTLY=true to run it, or declare the target's absent list (IMCONF_PROFILE_ABSENT)", c)
	}
	return fmt.Sprintf("%q is absent from the documented default profile (absent: %s) and the target declares no absent list: set IMCONF_PROFILE_ABSENT to what the target lacks, without %q, to run it", c, strings.Join(p.Absent, ","), c)
}

// field is one profile setting, known by its YAML name; its environment
// name is IMCONF_PROFILE_ and the YAML name in upper case.
type field struct {
	name string
	set  func(p *Profile, v string) error
}

func intField(name string, dst func(*Profile) *int) field {
	return field{name, func(p *Profile, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return errors.New("is not a whole number >= 0")
		}
		*dst(p) = n
		return nil
	}}
}

func durationField(name string, dst func(*Profile) *time.Duration) field {
	return field{name, func(p *Profile, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < 0 {
			return errors.New("is not a duration like 72h")
		}
		*dst(p) = d
		return nil
	}}
}

var fields = []field{
	intField("message_max_bytes", func(p *Profile) *int { return &p.MessageMaxBytes }),
	intField("presence_ext_max_bytes", func(p *Profile) *int { return &p.PresenceExtMaxBytes }),
	intField("presence_max_users", func(p *Profile) *int { return &p.PresenceMaxUsers }),
	intField("presence_queries_per_second", func(p *Profile) *int { return &p.PresenceQueryRate }),
	{"file_max_bytes", func(p *Profile, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			return errors.New("is not a whole number >= 0")
		}
		p.FileMaxBytes = n
		return nil
	}},
	intField("api_rate_per_second", func(p *Profile) *int { return &p.APIRatePerSecond }),
	intField("free_edition_users", func(p *Profile) *int { return &p.FreeEditionUsers }),
	intField("groups_per_app", func(p *Profile) *int { return &p.GroupsPerApp }),
	intField("groups_per_user", func(p *Profile) *int { return &p.GroupsPerUser }),
	intField("chatroom_max_users", func(p *Profile) *int { return &p.ChatroomMaxUsers }),
	intField("threads_per_app", func(p *Profile) *int { return &p.ThreadsPerApp }),
	intField("threads_per_user", func(p *Profile) *int { return &p.ThreadsPerUser }),
	{"moderated_word", func(p *Profile, v string) error {
		p.ModeratedWord = strings.TrimSpace(v)
		return nil
	}},
	intField("contacts_per_user", func(p *Profile) *int { return &p.ContactsPerUser }),
	intField("user_metadata_max_bytes", func(p *Profile) *int { return &p.UserMetadataMaxBytes }),
	{"user_metadata_app_max_bytes", func(p *Profile, v string) error {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			return errors.New("is not a whole number >= 0")
		}
		p.UserMetadataAppMaxBytes = n
		return nil
	}},
	intField("reactions_per_message", func(p *Profile) *int { return &p.ReactionsPerMessage }),
	durationField("history_retention", func(p *Profile) *time.Duration { return &p.HistoryRetention }),
	durationField("read_timeout", func(p *Profile) *time.Duration { return &p.ReadTimeout }),
	durationField("recall_window", func(p *Profile) *time.Duration { return &p.RecallWindow }),
	intField("rewrite_edit_limit", func(p *Profile) *int { return &p.RewriteEditLimit }),
	durationField("file_retention", func(p *Profile) *time.Duration { return &p.FileRetention }),
	durationField("max_wait", func(p *Profile) *time.Duration { return &p.MaxWait }),
	intField("group_messages_per_second", func(p *Profile) *int { return &p.GroupMessageRate }),
	intField("request_budget", func(p *Profile) *int { return &p.RequestBudget }),
	capabilitiesField("absent", func(p *Profile) *[]string { return &p.Absent }),
	capabilitiesField("switchable", func(p *Profile) *[]string { return &p.Switchable }),
	{"seeding", func(p *Profile, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("is not true or false")
		}
		p.Seeding = b
		return nil
	}},
}

func capabilitiesField(name string, dst func(*Profile) *[]string) field {
	return field{name, func(p *Profile, v string) error {
		var caps []string
		if name == "absent" {
			p.AbsentDeclared = true
		}
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			if !known(c) {
				if near := suggest.Closest(c, knownCapabilities()); near != "" {
					return fmt.Errorf("names unknown capability %q (did you mean %s?)", c, near)
				}
				return fmt.Errorf("names unknown capability %q (known: %s)", c, strings.Join(knownCapabilities(), ", "))
			}
			caps = append(caps, c)
		}
		*dst(p) = caps
		return nil
	}}
}

func known(c string) bool { return slices.Contains(knownCapabilities(), c) }

// EnvName is the environment variable of a profile setting.
func EnvName(name string) string { return "IMCONF_PROFILE_" + strings.ToUpper(name) }

// Names lists the profile settings' YAML names.
func Names() []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.name)
	}
	sort.Strings(out)
	return out
}

// Set sets the setting name to v (as written in YAML or the environment).
func (p *Profile) Set(name, v string) error {
	for _, f := range fields {
		if f.name == name {
			return f.set(p, v)
		}
	}
	return fmt.Errorf("unknown profile setting %q; known: %s", name, strings.Join(Names(), ", "))
}

// Env renders the profile as IMCONF_PROFILE_* assignments, so a server that
// knows its own profile (imconform serve) can hand it to the suite.
func (p Profile) Env() []string {
	vals := map[string]string{
		"message_max_bytes":           strconv.Itoa(p.MessageMaxBytes),
		"presence_ext_max_bytes":      strconv.Itoa(p.PresenceExtMaxBytes),
		"presence_max_users":          strconv.Itoa(p.PresenceMaxUsers),
		"presence_queries_per_second": strconv.Itoa(p.PresenceQueryRate),
		"file_max_bytes":              strconv.FormatInt(p.FileMaxBytes, 10),
		"api_rate_per_second":         strconv.Itoa(p.APIRatePerSecond),
		"free_edition_users":          strconv.Itoa(p.FreeEditionUsers),
		"groups_per_app":              strconv.Itoa(p.GroupsPerApp),
		"groups_per_user":             strconv.Itoa(p.GroupsPerUser),
		"chatroom_max_users":          strconv.Itoa(p.ChatroomMaxUsers),
		"threads_per_app":             strconv.Itoa(p.ThreadsPerApp),
		"threads_per_user":            strconv.Itoa(p.ThreadsPerUser),
		"moderated_word":              p.ModeratedWord,
		"contacts_per_user":           strconv.Itoa(p.ContactsPerUser),
		"user_metadata_max_bytes":     strconv.Itoa(p.UserMetadataMaxBytes),
		"user_metadata_app_max_bytes": strconv.FormatInt(p.UserMetadataAppMaxBytes, 10),
		"reactions_per_message":       strconv.Itoa(p.ReactionsPerMessage),
		"history_retention":           p.HistoryRetention.String(),
		"read_timeout":                p.ReadTimeout.String(),
		"recall_window":               p.RecallWindow.String(),
		"rewrite_edit_limit":          strconv.Itoa(p.RewriteEditLimit),
		"file_retention":              p.FileRetention.String(),
		"max_wait":                    p.MaxWait.String(),
		"group_messages_per_second":   strconv.Itoa(p.GroupMessageRate),
		"switchable":                  strings.Join(p.Switchable, ","),
		"seeding":                     strconv.FormatBool(p.Seeding),
		"request_budget":              strconv.Itoa(p.RequestBudget),
		"absent":                      strings.Join(p.Absent, ","),
	}
	var out []string
	for _, name := range Names() {
		out = append(out, EnvName(name)+"="+vals[name])
	}
	return out
}
