package framework

import (
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
)

// Labels that mark a spec as costly for a shared target. Specs carrying one
// are off against a remote target unless IMCONF_ALLOW_COSTLY=true, and
// always on against the embedded reference server.
const (
	// LabelRateLimit: the spec provokes 429 reach_limit. It sees raw 429s.
	LabelRateLimit = "ratelimit"
	// LabelQuota: the spec provokes a plan quota. It sees raw 429s.
	LabelQuota = "quota"
	// LabelDestructive: the spec changes app-wide state beyond its own
	// resources (bulk deletes, app settings). Refused on production targets.
	LabelDestructive = "destructive"
)

var costlyLabels = []string{LabelRateLimit, LabelQuota, LabelDestructive}

// GuardReason says why a spec with these labels may not run against the
// target; "" when it may.
func (t Target) GuardReason(labels []string) string {
	if t.Embedded {
		return ""
	}
	if slices.Contains(labels, LabelDestructive) && t.ProductionReason != "" && !t.AllowProductionDestructive {
		return fmt.Sprintf("production guard: %s, so destructive specs are refused (set IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE=true to run them anyway)", t.ProductionReason)
	}
	for _, l := range costlyLabels {
		if slices.Contains(labels, l) && !t.AllowCostly {
			return fmt.Sprintf("%s specs are off against a remote target: they drain shared quotas or change app-wide state (set IMCONF_ALLOW_COSTLY=true to run them)", l)
		}
	}
	return ""
}

// guardSpec runs before every spec: it skips costly or destructive specs the
// target does not allow, and lets rate-limit and quota specs see raw 429s.
func (f *Framework) guardSpec() {
	labels := CurrentSpecReport().Labels()
	// What the target declares it lacks goes first: such a skip does not
	// keep the run from its certificate, a guard's skip does.
	if reason := suite.target.absentReason(labels, true); reason != "" {
		f.SkipDeclared(reason)
	}
	if reason := suite.target.GuardReason(labels); reason != "" {
		Skip(reason)
	}
	if reason := suite.target.absentReason(labels, false); reason != "" {
		f.SkipDeclared(reason)
	}
	if slices.Contains(labels, LabelRateLimit) || slices.Contains(labels, LabelQuota) {
		f.session.SeeRaw429()
	}
	if slices.Contains(labels, LabelRateLimit) {
		// Allowed to run at all only where costly specs are allowed.
		f.session.Unthrottle()
	}
}

// openLedger opens the run's ledger in the report folder.
func openLedger(t Target) {
	if t.ReportDir == "" {
		return
	}
	l, err := ledger.Open(filepath.Join(t.ReportDir, ledger.FileName), t.RunID, ledger.Target{BaseURL: t.BaseURL, Org: t.Org, App: t.App})
	if err != nil {
		Fail("imconform: " + err.Error())
	}
	suite.ledger = l
}

// RecordResource writes r to the run's ledger before it is created, so that
// even a killed run leaves a list to clean from. Call it again with the ID
// once the server has assigned one. Fixtures call it; TrackResource does
// for resources known by name.
func (f *Framework) RecordResource(r ledger.Resource) {
	GinkgoHelper()
	if err := suite.ledger.Creating(r); err != nil {
		Fail("imconform: " + err.Error())
	}
}

// ResourceDeleted records in the ledger that r is gone, for specs that
// delete what they created themselves (in bulk, waiting out rate limits).
func (f *Framework) ResourceDeleted(r ledger.Resource) {
	GinkgoHelper()
	if err := suite.ledger.Deleted(r); err != nil {
		Fail("imconform: " + err.Error())
	}
}

// TrackResource records r in the ledger and deletes it after the spec
// (passed, failed, panicked or interrupted) with del, which sends the
// delete request (or returns nil when it found nothing to delete); 200 and
// 404 both count as deleted. Cleanup first waits for the spec's requests
// still under way. Every fixture that
// creates something calls it before sending the create request.
func (f *Framework) TrackResource(r ledger.Resource, del func() *httpexpect.Response) {
	GinkgoHelper()
	f.RecordResource(r)
	// The node takes a SpecContext only so that Ginkgo, interrupted while it
	// runs, waits for it (up to GracePeriod) instead of abandoning it: a
	// context-less node is dropped at once, and the process exits with its
	// delete still waiting in the rate limiter. The context is not used;
	// cleanup requests survive the first interrupt (StartCleanup) and are
	// bounded by the request timeout. A second Ctrl-C still skips cleanup.
	DeferCleanup(func(SpecContext) {
		f.session.WaitIdle(suite.target.Timeout)
		f.session.StartCleanup()
		f.session.SetUserAgent(f.userAgent("cleanup"))
		resp := del()
		if resp == nil { // del found nothing to delete
			if err := suite.ledger.Deleted(r); err != nil {
				Fail("imconform: " + err.Error())
			}
			return
		}
		switch s := resp.Raw().StatusCode; s {
		case http.StatusOK, http.StatusNotFound:
			if err := suite.ledger.Deleted(r); err != nil {
				Fail("imconform: " + err.Error())
			}
		default:
			Fail(fmt.Sprintf("cleanup: deleting %s answered %d %s (it stays in the ledger for 'imconform janitor')", r, s, redact.String(resp.Body().Raw())))
		}
	}, GracePeriod(cleanupBound(suite.target.Timeout)))
}

// cleanupBound is the most one cleanup node takes: waiting for the spec's
// requests, a lookup by name (at most four listing pages) and the delete,
// each bounded by the request timeout.
func cleanupBound(timeout time.Duration) time.Duration { return 6*timeout + time.Second }

// userAgent names the suite, the run and the phase in every request, so
// the target's operators can tell the suite's traffic and its cleanup apart.
func (f *Framework) userAgent(phase string) string {
	if phase != "" {
		return fmt.Sprintf("%s (run %s; %s)", client.UserAgent, suite.target.RunID, phase)
	}
	return fmt.Sprintf("%s (run %s)", client.UserAgent, suite.target.RunID)
}

// courtesy sets the client's request rate; the run's rate is shared by its
// parallel processes.
func courtesy(c *client.Client, t Target) {
	rate := t.Rate
	if sc, _ := GinkgoConfiguration(); sc.ParallelTotal > 1 && rate > 0 {
		rate /= float64(sc.ParallelTotal)
	}
	c.SetRate(rate)
}

// TargetStaging is the part of the Target about running safely against a
// shared target.
type TargetStaging struct {
	AgoraAppID       string        `json:"agora_app_id,omitempty"`
	AgoraCertificate string        `json:"agora_certificate,omitempty"`
	AgoraTokenTTL    time.Duration `json:"agora_token_ttl,omitempty"`
	// Rate is the run's request rate limit (0: unlimited).
	Rate                       float64 `json:"rate"`
	AllowCostly                bool    `json:"allow_costly"`
	ProductionReason           string  `json:"production_reason,omitempty"`
	AllowProductionDestructive bool    `json:"allow_production_destructive"`
	// ReportDir is the absolute report folder, where the ledger goes.
	ReportDir string `json:"report_dir"`
	// TLS is how an https target is verified (IMCONF_CA_FILE,
	// IMCONF_INSECURE_SKIP_VERIFY).
	TLS config.TLS `json:"tls"`
}

func (t *Target) resolveStaging(cfg config.Config) error {
	dir, err := config.ReportFolder(cfg.ReportDir)
	if err != nil {
		return err
	}
	t.TargetStaging = TargetStaging{
		AgoraAppID: cfg.AgoraAppID, AgoraCertificate: cfg.AgoraAppCertificate, AgoraTokenTTL: cfg.AgoraTokenTTL,
		Rate: cfg.RequestRate(), AllowCostly: cfg.AllowCostly, ProductionReason: cfg.ProductionReason(),
		AllowProductionDestructive: cfg.AllowProductionDestructive, ReportDir: dir, TLS: cfg.TLS,
	}
	return nil
}

// ForgedAppToken returns a token in the form of the run's app tokens that
// the server never issued: for Agora credentials an AccessToken2 for the
// app's App ID signed with another certificate; otherwise the app token with
// one character in the middle changed to another of the same alphabet. It
// is registered for redaction (it is close to the real token).
func (f *Framework) ForgedAppToken() string {
	GinkgoHelper()
	var forged string
	if t := suite.target; t.AgoraAppID != "" && t.AppToken == "" {
		other := strings.Repeat("0", 32)
		if t.AgoraCertificate == other {
			other = strings.Repeat("1", 32)
		}
		tok, err := agoratoken.ChatApp(t.AgoraAppID, time.Now(), time.Hour).Encode(other)
		if err != nil {
			Fail("imconform: forging an Agora token: " + err.Error())
		}
		forged = tok
	} else {
		b := []byte(f.AppToken())
		i := len(b) / 2
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		forged = string(b)
	}
	redact.Register(forged)
	return forged
}

// Courtesy is a one-line account of how the run treats the target.
func (t Target) Courtesy() string {
	rate := "no rate limit"
	if t.Rate > 0 {
		rate = fmt.Sprintf("at most %g requests per second", t.Rate)
	}
	costly := "ratelimit/quota/destructive specs on"
	switch {
	case !t.Embedded && !t.AllowCostly:
		costly = "ratelimit/quota/destructive specs off (IMCONF_ALLOW_COSTLY)"
	case t.ProductionReason != "" && !t.AllowProductionDestructive:
		costly = "ratelimit/quota specs on, destructive specs refused: " + t.ProductionReason
	}
	return fmt.Sprintf("%s; %s; ledger %s", rate, costly, filepath.Join(t.ReportDir, ledger.FileName))
}
