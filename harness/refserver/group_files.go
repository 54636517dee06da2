package refserver

import (
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
)

// Group shared files: uploaded as multipart (part "file"), kept in memory
// with the group (the reference's file size limit bounds them), deleted
// with it.

func init() {
	implement(map[string]handler{
		"GET /chatgroups/{group_id}/share_files":              (*call).listSharedFiles,
		"POST /chatgroups/{group_id}/share_files":             (*call).uploadSharedFile,
		"GET /chatgroups/{group_id}/share_files/{file_id}":    (*call).downloadSharedFile,
		"DELETE /chatgroups/{group_id}/share_files/{file_id}": (*call).deleteSharedFile,
	})
}

type sharedFile struct {
	ID, Name, Owner string
	data            []byte
	created         int64
}

func (f *sharedFile) entry() orderedJSON {
	return orderedJSON{{"file_id", f.ID}, {"file_name", f.Name}, {"file_owner", f.Owner},
		{"file_size", len(f.data)}, {"created", f.created}}
}

// uploadSharedFile reads the part "file" (at most the profile's file size);
// a body without it answers the missing-file row.
func (c *call) uploadSharedFile() {
	var file *sharedFile
	if _, ok := c.eachFilePart("groups.share-files.missing-file", func(part *multipart.Part, src io.Reader) bool {
		data, err := io.ReadAll(src)
		if err != nil {
			c.bodyReadFailed(err)
			return false
		}
		if c.overFileLimit(int64(len(data))) {
			return false
		}
		file = &sharedFile{ID: newUUID(), Name: part.FileName(), data: data, created: c.start.UnixMilli()}
		return true
	}); !ok {
		return
	}
	if file == nil {
		c.fail("groups.share-files.missing-file", nil)
		return
	}
	c.withGroup(false, func(a *app, g *group) func() {
		file.Owner = g.Owner // uploaded by the app admin on the owner's behalf
		g.files = append(g.files, file)
		return c.ok("post", orderedJSON{{"file_url", "http://" + c.r.Host + c.r.URL.Path + "/" + file.ID},
			{"group_id", g.ID}, {"file_name", file.Name}, {"file_id", file.ID}})
	})
}

// listSharedFiles answers GET …/share_files?pagenum=&pagesize=.
func (c *call) listSharedFiles() {
	page, ok := c.readNumberedPage(10)
	if !ok {
		return
	}
	c.withGroup(false, func(a *app, g *group) func() {
		data := []any{}
		start, end := page.window(len(g.files))
		for _, f := range g.files[start:end] {
			data = append(data, f.entry())
		}
		return c.ok("get", data)
	})
}

// sharedFileOf finds the file of the path; a missing one answers the
// captured 404 not_found (api-notes §0.3).
func (c *call) sharedFileOf(g *group) (int, func()) {
	id := c.param("file_id")
	for i, f := range g.files {
		if f.ID == id {
			return i, nil
		}
	}
	return -1, func() {
		c.writeError(http.StatusNotFound, "not_found", "com.sun.jersey.api.NotFoundException", "file "+id+" does not exist")
	}
}

func (c *call) downloadSharedFile() {
	c.withGroup(false, func(a *app, g *group) func() {
		i, missing := c.sharedFileOf(g)
		if missing != nil {
			return missing
		}
		data := g.files[i].data
		return func() {
			c.w.Header().Set("Content-Type", "application/octet-stream")
			c.w.Header().Set("Content-Length", strconv.Itoa(len(data)))
			c.w.WriteHeader(http.StatusOK)
			c.w.Write(data)
		}
	})
}

func (c *call) deleteSharedFile() {
	c.withGroup(false, func(a *app, g *group) func() {
		i, missing := c.sharedFileOf(g)
		if missing != nil {
			return missing
		}
		id := g.files[i].ID
		g.files = append(g.files[:i], g.files[i+1:]...)
		return c.ok("delete", orderedJSON{{"group_id", g.ID}, {"file_id", id}, {"result", true}})
	})
}
