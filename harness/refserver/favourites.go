package refserver

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
)

// User favourites ("collections", Shengwang user_favorite.md): a user's
// saved items, paged by time from a favourite ID or a time range.

func init() {
	implement(map[string]handler{
		"GET /users/{username}/collections":                 (*call).listCollections,
		"POST /users/{username}/collections":                (*call).addCollection,
		"POST /collections":                                 (*call).addCollections,
		"PUT /users/{username}/collections/{collection_id}": (*call).modifyCollection,
		"DELETE /users/{username}/collections":              (*call).deleteCollections,
	})
}

// Favourite limits of the document: pages of 1-200 (100 by default), at
// most 20 favourites per batch add or delete.
const (
	maxCollectionPage  = 200
	maxCollectionBatch = 20
)

type collection struct {
	ID        string `json:"id"`
	Type      int    `json:"type"`
	Data      string `json:"data"`
	Ext       string `json:"ext"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
}

// collectionUser finds the favourites' owner: an illegal name is the
// document's row, an unknown one the user-system's not-found answer.
func (c *call) collectionUser(name string, f func(u *user)) bool {
	if c.illegalUsername(name) {
		return false
	}
	c.s.mu.Lock()
	u := c.s.app.users[strings.ToLower(name)]
	if u != nil {
		f(u)
	}
	c.s.mu.Unlock()
	if u == nil {
		c.fail("users.get.not-found", nil)
		return false
	}
	return true
}

func (c *call) listCollections() {
	q := c.r.URL.Query()
	limit, ok := c.limitParam("limit", 100, maxCollectionPage, "users.collections.limit-too-large",
		func() { c.illegalArgument("limit should be a number from 1 to 200") })
	if !ok {
		return
	}
	direction := q.Get("direction")
	if direction == "" {
		direction = "desc"
	}
	if direction != "desc" && direction != "asc" {
		c.fail("users.collections.bad-direction", nil)
		return
	}
	from := q.Get("collection_id")
	var page []collection
	found := true
	if !c.collectionUser(c.params["username"], func(u *user) {
		items := make([]collection, 0, len(u.collections))
		for _, it := range u.collections {
			items = append(items, *it)
		}
		sort.SliceStable(items, func(i, j int) bool {
			if direction == "asc" {
				return items[i].CreatedAt < items[j].CreatedAt
			}
			return items[i].CreatedAt > items[j].CreatedAt
		})
		start := 0
		if from != "" {
			found = false
			for i, it := range items {
				if it.ID == from {
					start, found = i, true
				}
			}
		}
		for i := start; i < len(items) && len(page) < limit; i++ {
			page = append(page, items[i])
		}
	}) {
		return
	}
	if !found {
		c.fail("users.collections.not-found", nil)
		return
	}
	if page == nil {
		page = []collection{}
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"collections", page}})
}

type collectionInput struct {
	ID        string `json:"id"`
	Data      string `json:"data"`
	Type      int    `json:"type"`
	Ext       string `json:"ext"`
	CreatedAt int64  `json:"createdAt"`
}

func (c *call) newCollection(in collectionInput) *collection {
	it := &collection{ID: in.ID, Type: in.Type, Data: in.Data, Ext: in.Ext, CreatedAt: in.CreatedAt, UpdatedAt: c.start.UnixMilli()}
	if it.ID == "" {
		it.ID = newUUID()
	}
	if it.CreatedAt == 0 {
		it.CreatedAt = c.start.UnixMilli()
	}
	return it
}

// store puts it into u's favourites, replacing one with the same ID; s.mu is held.
func (u *user) store(it *collection) {
	for i, old := range u.collections {
		if old.ID == it.ID {
			u.collections[i] = it
			return
		}
	}
	u.collections = append(u.collections, it)
}

func (c *call) addCollection() {
	var in collectionInput
	if !c.readJSON(&in) {
		return
	}
	it := c.newCollection(in)
	if c.collectionUser(c.params["username"], func(u *user) { u.store(it) }) {
		c.writeJSON(http.StatusOK, orderedJSON{{"collection", *it}})
	}
}

func (c *call) addCollections() {
	var body struct {
		Username    string            `json:"username"`
		Collections []collectionInput `json:"collections"`
	}
	if !c.readJSON(&body) {
		return
	}
	if len(body.Collections) == 0 || len(body.Collections) > maxCollectionBatch {
		c.illegalArgument("collections must hold 1 to 20 favourites")
		return
	}
	var out []collection
	if c.collectionUser(body.Username, func(u *user) {
		for _, in := range body.Collections {
			it := c.newCollection(in)
			u.store(it)
			out = append(out, *it)
		}
	}) {
		c.writeJSON(http.StatusOK, orderedJSON{{"collections", out}})
	}
}

func (c *call) modifyCollection() {
	var body struct {
		Ext *string `json:"ext"`
	}
	if !c.readJSON(&body) {
		return
	}
	var it *collection
	if !c.collectionUser(c.params["username"], func(u *user) {
		for _, old := range u.collections {
			if old.ID == c.params["collection_id"] {
				it = old
			}
		}
		if it != nil && body.Ext != nil {
			it.Ext, it.UpdatedAt = *body.Ext, c.start.UnixMilli()
		}
	}) {
		return
	}
	if it == nil {
		c.fail("users.collections.not-found", nil)
		return
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"collection", *it}})
}

func (c *call) deleteCollections() {
	var body struct {
		IDs json.RawMessage `json:"collection_ids"`
	}
	if !c.readJSON(&body) {
		return
	}
	// The document types collection_ids a String and shows an array.
	var ids []string
	if err := json.Unmarshal(body.IDs, &ids); err != nil {
		var one string
		if json.Unmarshal(body.IDs, &one) != nil || one == "" {
			c.illegalArgument("collection_ids must be provided")
			return
		}
		ids = strings.Split(one, ",")
	}
	if len(ids) == 0 || len(ids) > maxCollectionBatch {
		c.illegalArgument("collection_ids must hold 1 to 20 favourite IDs")
		return
	}
	missing := false
	if !c.collectionUser(c.params["username"], func(u *user) {
		keep := u.collections[:0:0]
		hit := 0
		for _, it := range u.collections {
			if contains(ids, it.ID) {
				hit++
				continue
			}
			keep = append(keep, it)
		}
		if hit == 0 {
			missing = true
			return
		}
		u.collections = keep
	}) {
		return
	}
	if missing {
		c.fail("users.collections.not-found", nil)
		return
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"result", true}})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
