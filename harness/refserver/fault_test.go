package refserver

import (
	"github.com/imconform/imconform/harness/fault"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/matchers"
)

// sampleVars fills every placeholder of the catalogue with a value like the
// specs send; the volatile ones get all-letter values, the hardest case for a
// mutation that must not land inside them.
func sampleVars(t *testing.T) catalog.Vars {
	t.Helper()
	vars := catalog.Vars{
		"username": "imc-k3x9q2-1-user7", "group_id": "275342185119745", "chatroom_id": "275342185119746",
		"appkey": "imconform#reference", "org": "imconform", "app": "reference", "time": "2018020910",
		"line": "1", "column": "13", "hash": "deadbeef", "uuid": "deadbeef-cafe-face-bead-deadbeefcafe",
		"limit": "128", "n": "61", "parameter": "alert", "name": "imctemplate", "passwords": "[a1, b2]",
		"file_uuid": "1e5a7c40-b2c5-11ee-9c1f-5d3e8a1b7c22", "field": "owner", "groupname": "imcgroup",
	}
	re := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, r := range catalog.All() {
		for _, e := range r.Expectations() {
			for _, m := range re.FindAllStringSubmatch(e.Description, -1) {
				if _, ok := vars[m[1]]; !ok {
					t.Errorf("row %s: placeholder {%s} has no sample value here; add one", r.ID, m[1])
				}
			}
		}
	}
	return vars
}

// The text fault must be a near miss (one word, two letters swapped) that no
// documented wording of the row accepts, whichever wording the server sends.
func TestNearMissMatchesNoDocumentedWording(t *testing.T) {
	vars := sampleVars(t)
	for _, row := range catalog.All() {
		if ok, _ := fault.Text.AppliesTo(row); !ok {
			continue
		}
		for _, sent := range row.Expectations() {
			text := catalog.Render(sent.Description, vars)
			mutated := NearMiss(row, text)
			if diff := swappedPositions(text, mutated); diff != 1 {
				t.Errorf("%s (%s): NearMiss(%q) = %q is not two adjacent letters swapped", row.ID, sent.Name, text, mutated)
			}
			for _, e := range row.Expectations() {
				p, err := catalog.Pattern(e.Description, vars)
				if err != nil {
					t.Fatal(err)
				}
				if p.MatchString(mutated) {
					t.Errorf("%s: NearMiss of the %s wording, %q, is accepted as the %s wording", row.ID, sent.Name, mutated, e.Name)
				}
			}
		}
	}
}

// The punctuation fault changes one punctuation mark at the end, and no
// documented wording of the row accepts the result.
func TestPunctuationMissMatchesNoDocumentedWording(t *testing.T) {
	vars := sampleVars(t)
	for _, row := range catalog.All() {
		if ok, _ := fault.Punctuation.AppliesTo(row); !ok {
			continue
		}
		for _, sent := range row.Expectations() {
			text := catalog.Render(sent.Description, vars)
			mutated := PunctuationMiss(row, text)
			if strings.HasSuffix(mutated, ".!") || strings.TrimRight(mutated, ".!") != strings.TrimRight(text, ".!") {
				t.Errorf("%s (%s): PunctuationMiss(%q) = %q changes more than the final mark", row.ID, sent.Name, text, mutated)
			}
			for _, e := range row.Expectations() {
				p, err := catalog.Pattern(e.Description, vars)
				if err != nil {
					t.Fatal(err)
				}
				if p.MatchString(mutated) {
					t.Errorf("%s: PunctuationMiss of the %s wording, %q, is accepted as the %s wording", row.ID, sent.Name, mutated, e.Name)
				}
			}
		}
	}
}

// swappedPositions counts the adjacent letter swaps between a and b: 1 when b
// is a with exactly two neighbouring letters exchanged.
func swappedPositions(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return -1
	}
	var diff []int
	for i := range ra {
		if ra[i] != rb[i] {
			diff = append(diff, i)
		}
	}
	if len(diff) == 2 && diff[1] == diff[0]+1 && ra[diff[0]] == rb[diff[1]] && ra[diff[1]] == rb[diff[0]] {
		return 1
	}
	return len(diff)
}

func TestNearMissChangesTheDocumentsWordNotAValue(t *testing.T) {
	row := catalog.MustGet("users.register.duplicate")
	// "deadbeefcafe" is a longer letter run than any word of the row's own
	// text, yet it is a value matched by the {uuid} pattern: changing it would
	// still match the variant.
	text := "Application deadbeef-cafe-face-bead-deadbeefcafe Entity user requires that property named username be unique, value of abcdefghijklmnop exists"
	got := NearMiss(row, text)
	if !strings.Contains(got, "deadbeefcafe") || !strings.Contains(got, "abcdefghijklmnop") {
		t.Errorf("NearMiss changed a substituted value: %q", got)
	}
	if got == text {
		t.Errorf("NearMiss changed nothing")
	}
}

// A wrong status or error type must not be one a documented variant allows.
func TestWrongStatusAndErrorTypeAreUndocumented(t *testing.T) {
	for _, row := range catalog.All() {
		for _, e := range row.Expectations() {
			if w := wrongStatus(row.Status); w == e.Status {
				t.Errorf("%s: the status fault sends %d, which the %s wording documents", row.ID, w, e.Name)
			}
			if ok, _ := fault.ErrorType.AppliesTo(row); ok && wrongErrorType(row.Error) == e.Error {
				t.Errorf("%s: the error-type fault sends %q, which the %s wording documents", row.ID, e.Error, e.Name)
			}
		}
	}
}

func TestFaultKindApplicability(t *testing.T) {
	cases := []struct {
		id      string
		applies map[fault.Kind]bool
	}{
		{"users.get.not-found", map[fault.Kind]bool{fault.Status: true, fault.ErrorType: true, fault.Text: true, fault.Punctuation: true, fault.NotRaised: true, fault.NonJSON: true, fault.NoDescription: true}},
		{"http.method-not-allowed", map[fault.Kind]bool{fault.Status: true, fault.NotRaised: true}},
		{"presence.sub-self", map[fault.Kind]bool{fault.Status: true, fault.Text: true, fault.Punctuation: true, fault.NotRaised: true, fault.NonJSON: true, fault.NoDescription: true}},
	}
	for _, c := range cases {
		row := catalog.MustGet(c.id)
		for _, k := range fault.Kinds {
			ok, reason := k.AppliesTo(row)
			if ok != c.applies[k] {
				t.Errorf("%s:%s applies = %v, want %v", c.id, k, ok, c.applies[k])
			}
			if !ok && reason == "" {
				t.Errorf("%s:%s is not applicable but gives no reason", c.id, k)
			}
		}
	}
}

// Every applicable fault on request.unknown-app makes its answer fail the
// matcher, and leaves another row (405 on a known path) answered right.
func TestFaultTouchesOnlyItsRow(t *testing.T) {
	unknownApp := func(h http.Handler) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/nope/nada/token", strings.NewReader(`{"grant_type":"client_credentials","client_id":"x","client_secret":"y"}`)))
		return w
	}
	methodNotAllowed := func(h http.Handler) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPatch, "/o/a/token", nil))
		return w
	}
	reply := func(w *httptest.ResponseRecorder) matchers.Reply {
		return matchers.Reply{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	}
	vars := catalog.Vars{"org": "nope", "app": "nada"}
	server := func(f *fault.Fault) http.Handler {
		return New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", Fault: f})
	}

	if ok, err := matchers.BeDocumentedError("request.unknown-app", vars).Match(reply(unknownApp(server(nil)))); !ok || err != nil {
		t.Fatalf("without a fault, request.unknown-app is not answered as documented (%v)", err)
	}
	for _, k := range fault.Kinds {
		h := server(&fault.Fault{ID: "request.unknown-app", Kind: k})
		if ok, err := matchers.BeDocumentedError("request.unknown-app", vars).Match(reply(unknownApp(h))); ok || err != nil {
			t.Errorf("fault %s: request.unknown-app still matches (err %v)", k, err)
		}
		if ok, err := matchers.BeDocumentedError("http.method-not-allowed", nil).Match(reply(methodNotAllowed(h))); !ok || err != nil {
			t.Errorf("fault request.unknown-app:%s changed http.method-not-allowed (err %v)", k, err)
		}
	}
}

// A fault that cannot show is refused, so nobody "proves" a spec with it.
func TestFaultCheck(t *testing.T) {
	for f, want := range map[fault.Fault]string{
		{ID: "users.get.not-found", Kind: fault.Text}:        "",
		{ID: "http.method-not-allowed", Kind: fault.Status}:  "",
		{ID: "http.method-not-allowed", Kind: fault.NonJSON}: "cannot make that row wrong",
		{ID: "presence.sub-self", Kind: fault.ErrorType}:     "cannot make that row wrong",
		{ID: "no.such.row", Kind: fault.Text}:                "names no catalogue row",
	} {
		err := f.Check()
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), want)) {
			t.Errorf("%s: Check() = %v; want %q", f, err, want)
		}
	}
}

// Faults get several rows wrong at once, each in its own way.
func TestFaultsGetEachListedRowWrong(t *testing.T) {
	faults, err := fault.ParseList("request.unknown-app:text, http.method-not-allowed:status")
	if err != nil || len(faults) != 2 {
		t.Fatalf("ParseList = %v, %v", faults, err)
	}
	h := New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", Faults: faults})
	send := func(method, path, body string) matchers.Reply {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
		return matchers.Reply{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	}
	unknownApp := send(http.MethodPost, "/nope/nada/token", `{"grant_type":"client_credentials","client_id":"x","client_secret":"y"}`)
	if ok, _ := matchers.BeDocumentedError("request.unknown-app", catalog.Vars{"org": "nope", "app": "nada"}).Match(unknownApp); ok {
		t.Error("request.unknown-app is still answered as documented")
	}
	if ok, _ := matchers.BeDocumentedError("http.method-not-allowed", nil).Match(send(http.MethodPatch, "/o/a/token", "")); ok {
		t.Error("http.method-not-allowed is still answered as documented")
	}
	for in, want := range map[string]string{"users.get.not-found:text,users.get.not-found:status": "two faults", "users.get.not-found:text,": "not ROW-ID:KIND"} {
		if _, err := fault.ParseList(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseFaults(%q) = %v; want %q", in, err, want)
		}
	}
}
