package groups

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call of the group service
// takes.
const overBatch = 61

var _ = Describe("Chat group batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		append([]any{func(ctx SpecContext, id string, send framework.BatchCall) {
			defer f.Interruptible(ctx)()
			group := f.SharedGroupOf().ID // refused before anything changes
			resp := send(f, group, f.UnregisteredNames(overBatch))
			f.ExpectDocumentedError(resp, id, nil)
		}}, framework.BatchLimitEntries("groups", "/chatgroups/{group_id}")...)...,
	)
})
