package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call takes.
const overBatch = 61

var _ = Describe("Chat room batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		append([]any{func(ctx SpecContext, id string, send framework.BatchCall) {
			defer f.Interruptible(ctx)()
			room := f.SharedChatroomOf().ID // refused before anything changes
			resp := send(f, room, f.UnregisteredNames(overBatch))
			f.ExpectDocumentedError(resp, id, catalog.Vars{"chatroom_id": room})
		}}, framework.BatchLimitEntries("chatrooms", "/chatrooms/{chatroom_id}")...)...,
	)
})
