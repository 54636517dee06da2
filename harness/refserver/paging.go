package refserver

import (
	"encoding/base64"
	"fmt"
	"strconv"
)

// page is a slice [offset, offset+size) of a list, as a request asked for.
type page struct {
	offset, size int
	// paged is true when the request named the page (pagenum/pagesize or
	// limit/cursor); some lists answer differently without it.
	paged bool
}

// bounds clips the page to a list of n items: the range to return and
// whether more items follow.
func (p page) bounds(n int) (from, to int, more bool) {
	from = min(p.offset, n)
	to = min(from+p.size, n)
	return from, to, to < n
}

// numberedPage reads pagenum + pagesize, the paging of member lists and
// joined groups: pagenum counts from firstPage (1 on every documented list
// but one), pagesize defaults to def and is capped at max (a larger value
// is served as max, as documented). It returns the text of a 400
// invalid_parameter answer for a value that is not a number in range.
func (c *call) numberedPage(firstPage, def, max int) (page, string) {
	q := c.r.URL.Query()
	p := page{size: def, paged: q.Has("pagenum") || q.Has("pagesize")}
	num := firstPage
	if v := q.Get("pagenum"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return page{}, fmt.Sprintf("pagenum must be a number from %d", firstPage)
		}
		num = max0(n, firstPage)
	}
	if v := q.Get("pagesize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return page{}, fmt.Sprintf("pagesize must be a number from 1 to %d", max)
		}
		p.size = min(n, max)
	}
	p.offset = (num - firstPage) * p.size
	return p, ""
}

// max0 is n, or floor when n is below it (page 0 of a list counted from 1
// is its first page).
func max0(n, floor int) int {
	if n < floor {
		return floor
	}
	return n
}

// cursorPage reads limit + cursor, the paging of the app-wide lists (chat
// groups, chat rooms): limit defaults to def and a larger value than max is
// served as max; the cursor is the offset the previous page handed out.
func (c *call) cursorPage(def, max int) (page, string) {
	q := c.r.URL.Query()
	p := page{size: def, paged: q.Has("limit") || q.Has("cursor")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return page{}, fmt.Sprintf("limit must be a number from 1 to %d", max)
		}
		p.size = min(n, max)
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return page{}, "cursor is not valid"
		}
		p.offset = n
	}
	return p, ""
}

// pageParams is the "params" echo of a paged answer: each query parameter
// the request named, as a list of strings (Jersey's form).
func (c *call) pageParams(names ...string) orderedJSON {
	q := c.r.URL.Query()
	var out orderedJSON
	for _, n := range names {
		if q.Has(n) {
			out = append(out, kv{n, []string{q.Get(n)}})
		}
	}
	return out
}

// limitParam reads the limit query parameter of a cursor-paged list: def
// when absent; a number above max answers tooLargeRow (its documented row,
// "" to serve max), anything else below 1 or not a number answers bad. ok
// is false when it answered.
func (c *call) limitParam(name string, def, max int, tooLargeRow string, bad func()) (limit int, ok bool) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 1:
		bad()
		return 0, false
	case n > max && tooLargeRow != "":
		c.fail(tooLargeRow, nil)
		return 0, false
	}
	return min(n, max), true
}

// cursorParam reads the opaque cursor of a list, the base64 (in enc) of
// the offset it stands for: 0 when absent; bad answers one that is not.
func (c *call) cursorParam(enc *base64.Encoding, bad func()) (offset int, ok bool) {
	v := c.r.URL.Query().Get("cursor")
	if v == "" {
		return 0, true
	}
	raw, err := enc.DecodeString(v)
	n, err2 := strconv.Atoi(string(raw))
	if err != nil || err2 != nil || n < 0 {
		bad()
		return 0, false
	}
	return n, true
}

// nextCursor is the cursor of the list from offset on.
func nextCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset)))
}
