// Package framework is what specs are written with: the suite's set-up
// across parallel processes, ConformanceIt (a spec labelled with its
// catalogue row), and a per-spec Framework holding the HTTP session, unique
// names and fixtures that clean up after themselves.
package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/matchers"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/harness/tokens"
)

// suite is this process's connection to the target, set before any spec.
var suite struct {
	config   config.Config
	target   Target
	client   *client.Client
	tokens   tokens.Source
	embedded *embedded
	ledger   *ledger.Ledger
}

// LoadConfig reads the configuration for a suite's Test function and stops
// the test with one line when it is wrong, before any spec runs; onStop
// (the reports' clean-up of an earlier run's files) is called with the
// error first. A run against the embedded reference server says so in its
// first and last lines.
func LoadConfig(t *testing.T, onStop ...func(error)) config.Config {
	stop := func(err error) {
		for _, f := range onStop {
			f(err)
		}
		t.Fatalf("imconform: %v", err)
	}
	cfg, err := config.Load()
	if err != nil {
		stop(err)
	}
	redact.Register(cfg.Secrets()...)
	if err := loadExpectations(cfg); err != nil {
		stop(err)
	}
	if cfg.Embedded() && GinkgoParallelProcess() == 1 {
		fmt.Println(config.EmbeddedNotice)
		t.Cleanup(func() { fmt.Println(config.EmbeddedNotice) })
	}
	return cfg
}

// SetupSuite declares the suite-level nodes: process 1 resolves the target
// (starting the embedded reference server when no endpoint is configured)
// and every process connects to it. Call it from the suite's Test function,
// before RunSpecs.
func SetupSuite(cfg config.Config) {
	suite.config = cfg
	checkLabelFilter()
	SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
		t, emb, err := resolveTarget(cfg)
		if err != nil {
			Fail(err.Error())
		}
		suite.embedded = emb
		AddReportEntry(evidence.RunInfoEntry, t.runInfo(), ReportEntryVisibilityNever)
		// The reports name the target even when connecting fails below.
		suite.target = t
		fmt.Fprintf(GinkgoWriter, "imconform: target %s, run %s\n", t.Description(), t.RunID)
		fmt.Fprintf(GinkgoWriter, "imconform: %s\n", t.Courtesy())
		return t.marshal()
	}, func(ctx SpecContext, data []byte) {
		t, err := unmarshalTarget(data)
		Expect(err).NotTo(HaveOccurred())
		c, src, err := connect(t)
		if err != nil {
			Fail("imconform: suite set-up failed: " + redact.String(err.Error()))
		}
		suite.target, suite.client, suite.tokens = t, c, src
		courtesy(c, t)
		openLedger(t)
	})
	SynchronizedAfterSuite(func() {
		deleteShared()
		// Every process reports its own count; the reports add them up.
		AddReportEntry(evidence.RequestsEntry, Requests(), ReportEntryVisibilityNever)
		suite.ledger.Close()
	}, func() { suite.embedded.stop() })
	registerPlan()
}

// Requests is how many requests this process has sent to the target.
func Requests() int64 {
	if suite.client == nil {
		return 0
	}
	return suite.client.Requests()
}

// ConformanceIt declares a spec that provokes catalogue row id: the row's ID
// and its area become Ginkgo labels (Row), so
// `--label-filter=users.get.not-found` or `--label-filter=area:users` runs
// it; an unknown ID stops the suite while the spec tree is built. The spec
// is reported at the caller's file and line.
//
// The body takes the spec's context and runs as an interruptible node: on
// Ctrl-C or a spec timeout Ginkgo cancels the context, which ends the
// request under way, and waits for the body to return before it runs
// cleanup, so no create request can land after the delete meant to undo it.
func ConformanceIt(id, text string, args ...any) bool {
	decorators := []any{Offset(1), Row(id)}
	for i, a := range args {
		switch body := a.(type) {
		case func(SpecContext):
			args[i] = func(ctx SpecContext) {
				if f := current.Load(); f != nil {
					defer f.Interruptible(ctx)()
				}
				body(ctx)
			}
		case func():
			panic(fmt.Sprintf("ConformanceIt(%q): the body must take the spec's context, func(ctx SpecContext)", id))
		}
	}
	return It(text, append(decorators, args...)...)
}

// Row labels a spec (or a table entry) with catalogue row id: its ID and its
// area label.
func Row(id string) Labels {
	return Label(id, AreaLabel(catalog.MustGet(id).Area))
}

// AreaLabel is the label of a catalogue area, e.g. area:groups.
func AreaLabel(area string) string { return AreaLabelPrefix + area }

// AreaLabelPrefix starts every area label.
const AreaLabelPrefix = "area:"

// Interruptible ties the spec's requests to ctx, the SpecContext of a body
// Ginkgo can interrupt, until the returned function is called (deferred at
// the body's end). ConformanceIt does it for its bodies; table bodies that
// take a SpecContext call it themselves.
func (f *Framework) Interruptible(ctx context.Context) (release func()) {
	f.session.SetParent(ctx)
	return f.session.Detach
}

// current is the Framework of the spec running in this process (Ginkgo
// runs one spec at a time per process).
var current atomic.Pointer[Framework]

// Framework is a spec's handle on the target. Create one per Describe with
// New; it is fresh for every spec.
type Framework struct {
	session  *client.Session
	evidence evidence.Evidence
}

// New returns a Framework that is set up again before each spec.
func New() *Framework {
	f := &Framework{}
	BeforeEach(func() {
		f.session = suite.client.NewSession(GinkgoWriter, ginkgoReporter{})
		current.Store(f)
		f.session.SetUserAgent(f.userAgent(""))
		f.evidence = evidence.Evidence{}
		// Registered first, so it runs after every cleanup the spec adds.
		DeferCleanup(func() {
			f.evidence.Requests = len(f.session.Exchanges())
			f.evidence.Retries = f.session.Retries()
			AddReportEntry(evidence.EvidenceEntry, f.evidence, ReportEntryVisibilityNever)
		})
		f.guardSpec()
	})
	return f
}

// ginkgoReporter turns httpexpect failures (a transport error, a timeout)
// into spec failures with secrets removed.
type ginkgoReporter struct{}

func (ginkgoReporter) Errorf(message string, args ...any) {
	Fail(redact.String(explainFailure(fmt.Sprintf(message, args...))), 2)
}

// Target is the run's target.
func (f *Framework) Target() Target { return suite.target }

// AppToken returns the run's app token.
func (f *Framework) AppToken() string {
	tok, err := suite.tokens.Token(context.Background())
	if err != nil {
		Fail("imconform: cannot get an app token: "+redact.String(err.Error()), 1)
	}
	return tok
}

// App returns requests to the app's API (paths like "/users") with the app token.
func (f *Framework) App() *httpexpect.Expect { return f.session.App(f.AppToken()) }

// Anonymous returns requests to the app's API with no Authorization header.
func (f *Framework) Anonymous() *httpexpect.Expect { return f.session.App("") }

// WithToken returns requests to the app's API authorised by token.
func (f *Framework) WithToken(token string) *httpexpect.Expect { return f.session.App(token) }

// Root returns requests to the server root (paths like "/{org}/{app}/token").
func (f *Framework) Root() *httpexpect.Expect { return f.session.Root() }

// ExpectDocumentedError asserts that resp is catalogue row id, its
// placeholders filled from vars, and records the evidence for reports.
func (f *Framework) ExpectDocumentedError(resp *httpexpect.Response, id string, vars catalog.Vars) {
	GinkgoHelper()
	f.recordEvidence(id, resp)
	m := matchers.BeDocumentedError(id, vars, matchers.StrictEdition(suite.target.Strict))
	if e, ok := expected.Honoured(id, expectations.Today()); ok {
		f.expectDeviation(resp, m, e)
		return
	}
	Expect(resp).To(m)
	f.evidence.Matched = m.Matched()
}

// recordEvidence keeps, for the report, the exchange of the response the
// spec asserts on (not merely the session's last one) and the documented
// operation it went to.
func (f *Framework) recordEvidence(id string, resp *httpexpect.Response) {
	f.evidence.Row = id
	var x client.Exchange
	found := false
	if resp != nil && resp.Raw() != nil {
		x, found = f.session.ExchangeOf(resp.Raw().Request)
	}
	if !found {
		all := f.session.Exchanges()
		if len(all) == 0 {
			return
		}
		x = all[len(all)-1]
	}
	f.evidence.Exchange = &x
	if op, _, ok := catalog.MatchURLPath(x.Method, x.Path); ok {
		f.evidence.Operation = op.Key()
	}
}

// RequireClientCredentials skips the spec when the run has only a ready token.
func (f *Framework) RequireClientCredentials(why string) {
	if !suite.target.HasClientCredentials() {
		Skip("needs client credentials (IMCONF_CLIENT_ID and IMCONF_CLIENT_SECRET) to " + why + "; the run has only IMCONF_APP_TOKEN")
	}
}

var nameSeq atomic.Int64

// UniqueName returns a name no other spec or run uses: imc-<run>-<process>-<kind><n>.
// It is legal as a username, group or chat room name.
func (f *Framework) UniqueName(kind string) string {
	return fmt.Sprintf("%s%s-%d-%s%d", NamePrefix, suite.target.RunID, GinkgoParallelProcess(), kind, nameSeq.Add(1))
}

// NamePrefix starts every name the suite creates; cleanup tools touch
// nothing without it.
const NamePrefix = ledger.NamePrefix

// UnusedUsername returns a fresh username and makes sure it is deleted after
// the spec, in case the server wrongly creates it.
func (f *Framework) UnusedUsername() string {
	name := f.UniqueName("u")
	f.DeleteUserAfterSpec(name)
	return name
}

// User is a user the spec created.
type User struct {
	Username, Password string
}

// CreateUser registers a fresh user with the app token; it is deleted after
// the spec, whether the spec passes or fails.
func (f *Framework) CreateUser() User {
	GinkgoHelper()
	u := User{Username: f.UnusedUsername(), Password: "Pw-" + f.UniqueName("p")}
	redact.Register(u.Password)
	resp := f.App().POST("/users").WithJSON(map[string]string{"username": u.Username, "password": u.Password}).Expect()
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK {
		Fail(fmt.Sprintf("fixture: registering user %s answered %s", u.Username, describeAnswer(resp)))
	}
	return u
}

// DeleteUserAfterSpec records the user in the run's ledger and deletes it
// after the spec if it exists then.
func (f *Framework) DeleteUserAfterSpec(name string) {
	GinkgoHelper()
	f.TrackResource(ledger.Resource{Kind: ledger.User, Name: name}, func() *httpexpect.Response {
		return f.App().DELETE("/users/{username}", name).Expect()
	})
}

// RequestAppToken asks the token endpoint for a new app token with the given
// ttl; the token is registered for redaction.
func (f *Framework) RequestAppToken(ttl time.Duration) string {
	GinkgoHelper()
	t := suite.target
	g, err := tokens.Request(context.Background(), suite.client.HTTP(), suite.client.AppURL(), t.ClientID, t.ClientSecret, ttl)
	if err != nil {
		Fail("imconform: requesting an app token: " + redact.String(err.Error()))
	}
	return g.AccessToken
}

// ExpiredAppToken is an app token requested with a one-second ttl and
// waited out: one per process, shared by the specs that need one, so the
// wait is paid once.
func (f *Framework) ExpiredAppToken() string {
	GinkgoHelper()
	f.RequireClientCredentials("request a token with a one-second ttl")
	expired.mu.Lock()
	defer expired.mu.Unlock()
	if expired.token == "" {
		token := f.RequestAppToken(time.Second)
		// Real servers count ttl in whole seconds; two seconds clears any rounding.
		time.Sleep(2 * time.Second)
		expired.token = token
	}
	return expired.token
}

var expired struct {
	mu    sync.Mutex
	token string
}

// Profile is the target's declared limits and capabilities.
func (f *Framework) Profile() profile.Profile { return suite.target.Profile }

// Require skips the spec, with the reason, when the target declares
// capability absent or provoking the row would cost more than the run's
// request budget. capability may be empty; cost is the expected number of
// requests.
func (f *Framework) Require(capability string, cost int) {
	GinkgoHelper()
	if reason := suite.target.Profile.SkipReason(capability, cost); reason != "" {
		f.SkipDeclared(reason)
	}
}

// describeAnswer says what a fixture's unexpected answer was: its status,
// whether its body is JSON at all (a proxy's HTML page is not), and the body.
func describeAnswer(resp *httpexpect.Response) string {
	raw := resp.Raw()
	if raw == nil {
		return "nothing (the request failed)"
	}
	body := resp.Body().Raw()
	var obj map[string]any
	shape := ""
	if json.Unmarshal([]byte(body), &obj) != nil {
		shape = fmt.Sprintf(" with a body that is not a JSON object (Content-Type %q)", raw.Header.Get("Content-Type"))
	}
	if len(body) > 500 {
		body = body[:500] + "…"
	}
	return fmt.Sprintf("%d%s: %s", raw.StatusCode, shape, redact.String(body))
}

// SweepIt declares a spec of the sweep family: one request to documented
// operation op that checks row. It is labelled with the row's ID, with the
// operation's area (so declaring an area absent skips its sweep too) and
// with "sweep".
func SweepIt(op catalog.Endpoint, row, text string, args ...any) bool {
	catalog.MustGet(row)
	for i, a := range args {
		if body, ok := a.(func(SpecContext)); ok {
			args[i] = func(ctx SpecContext) {
				if f := current.Load(); f != nil {
					defer f.Interruptible(ctx)()
				}
				body(ctx)
			}
		}
	}
	decorators := []any{Offset(1), Label(row, AreaLabel(op.Area), LabelSweep)}
	return It(op.Key()+" "+text, append(decorators, args...)...)
}

// LabelSweep marks the specs of the sweep family.
const LabelSweep = "sweep"

// RequireWait skips the spec, declared, when provoking its row means
// waiting out d, a window or retention (what names it and its profile
// setting), longer than the profile's max_wait: against a real target the
// documented default attachment retention is days. Call it before the
// fixtures.
func (f *Framework) RequireWait(d time.Duration, what string) {
	GinkgoHelper()
	if limit := f.Profile().MaxWait; d > limit {
		f.SkipDeclared(fmt.Sprintf("provoking this row means waiting out the %s of %s, longer than a spec may wait (profile.max_wait / %s, %s); declare the target's shorter %s, or raise max_wait", what, d, profile.EnvName("max_wait"), limit, what))
	}
}

// WaitOut waits d and a second more, so that clocks a little apart still
// agree that d has passed; false when the spec was interrupted meanwhile.
func WaitOut(ctx context.Context, d time.Duration) bool {
	select {
	case <-time.After(d + time.Second):
		return true
	case <-ctx.Done():
		return false
	}
}
