package refserver

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/imconform/imconform/harness/catalog"
)

// rows.tsv is everything the reference knows per catalogue row besides the
// wording (which is the catalogue's): the body's envelope, the exception
// class it names (and the live edition's, where that differs), the `error` it sends where the catalogue gives none, and
// extra headers. A test keeps it in step with the catalogue: every
// provokable row has a line, and every line names a row.
//
//go:embed rows.tsv
var rowsTSV []byte

// Envelopes of an error answer.
const (
	envelopeUsergrid = "usergrid" // error, exception, timestamp, duration, error_description
	envelopeOAuth    = "oauth"    // error, error_description (the token endpoint)
	envelopeStatus   = "status"   // no body: the document gives none
)

type behaviour struct {
	envelope  string
	exception string
	// liveException is the live edition's exception ("": exception).
	liveException string
	errType       string
	headers       http.Header
	note          string
}

var (
	behavioursOnce sync.Once
	behaviours     map[string]behaviour
	behavioursErr  error
)

func loadBehaviours() (map[string]behaviour, error) {
	behavioursOnce.Do(func() { behaviours, behavioursErr = parseBehaviours(rowsTSV) })
	return behaviours, behavioursErr
}

func parseBehaviours(data []byte) (map[string]behaviour, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, 7
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("rows.tsv: %w", err)
	}
	out := map[string]behaviour{}
	for i, rec := range recs[1:] {
		line := i + 2
		id := rec[0]
		if _, ok := catalog.Get(id); !ok {
			return nil, fmt.Errorf("rows.tsv line %d: %q is not a catalogue row", line, id)
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("rows.tsv line %d: %s is listed twice", line, id)
		}
		b := behaviour{envelope: rec[1], exception: rec[2], liveException: rec[3], errType: rec[4], headers: http.Header{}, note: rec[6]}
		switch b.envelope {
		case envelopeUsergrid, envelopeOAuth, envelopeStatus:
		default:
			return nil, fmt.Errorf("rows.tsv line %d: envelope %q is not usergrid, oauth or status", line, b.envelope)
		}
		for _, h := range strings.Split(rec[5], ";") {
			if h = strings.TrimSpace(h); h == "" {
				continue
			}
			k, v, ok := strings.Cut(h, ":")
			if !ok {
				return nil, fmt.Errorf("rows.tsv line %d: header %q is not Name: value", line, h)
			}
			b.headers.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
		out[id] = b
	}
	return out, nil
}

// behaviourOf is the row's line of rows.tsv. The data is embedded, so a
// parse error or a missing line is a build defect every test reports.
func behaviourOf(id string) behaviour {
	all, err := loadBehaviours()
	if err != nil {
		panic("refserver: " + err.Error())
	}
	b, ok := all[id]
	if !ok {
		panic(fmt.Sprintf("refserver: row %s has no line in harness/refserver/rows.tsv", id))
	}
	return b
}

// Bodyless reports whether the reference answers row id with no body, so
// that no fault in the body can show.
func Bodyless(id string) bool {
	all, err := loadBehaviours()
	return err == nil && all[id].envelope == envelopeStatus
}
