// Package conformance is the suite entry point: `go tool ginkgo run
// ./suites/conformance` runs every spec against the configured target, or
// the embedded reference server when none is configured.
package conformance

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/reports"

	_ "github.com/imconform/imconform/specs/auth"
	_ "github.com/imconform/imconform/specs/chatrooms"
	_ "github.com/imconform/imconform/specs/contacts"
	_ "github.com/imconform/imconform/specs/conversations"
	_ "github.com/imconform/imconform/specs/files"
	_ "github.com/imconform/imconform/specs/groups"
	_ "github.com/imconform/imconform/specs/history"
	_ "github.com/imconform/imconform/specs/httplevel"
	_ "github.com/imconform/imconform/specs/limits"
	_ "github.com/imconform/imconform/specs/messages"
	_ "github.com/imconform/imconform/specs/metadata"
	_ "github.com/imconform/imconform/specs/presence"
	_ "github.com/imconform/imconform/specs/push"
	_ "github.com/imconform/imconform/specs/reactions"
	_ "github.com/imconform/imconform/specs/recall"
	_ "github.com/imconform/imconform/specs/request"
	_ "github.com/imconform/imconform/specs/rewrite"
	_ "github.com/imconform/imconform/specs/sweep"
	_ "github.com/imconform/imconform/specs/threads"
	_ "github.com/imconform/imconform/specs/token"
	_ "github.com/imconform/imconform/specs/users"
)

func TestConformance(t *testing.T) {
	cfg := framework.LoadConfig(t, reports.StoppedBeforeAnySpec)
	RegisterFailHandler(Fail)
	framework.SetupSuite(cfg)
	reports.Register(cfg)
	RunSpecs(t, "imconform conformance")
}
