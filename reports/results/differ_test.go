package results

import (
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
)

func TestDifferNamesEachFieldThatDiffers(t *testing.T) {
	notFound := catalog.MustGet("users.get.not-found")
	cases := map[string]struct {
		row    catalog.Row
		status int
		body   string
		want   string
	}{
		"right answer": {notFound, 404, `{"error":"service_resource_not_found","error_description":"Service resource not found"}`, ""},
		"wrong text": {notFound, 404, `{"error":"service_resource_not_found","error_description":"User not found"}`,
			`error_description "User not found" ≠ "Service resource not found"`},
		"wrong status and type": {notFound, 409, `{"error":"not_found","error_description":"Service resource not found","exception":"x"}`,
			`status 409 ≠ 404; error "not_found" ≠ "service_resource_not_found"`},
		"no description":           {notFound, 404, `{"error":"service_resource_not_found"}`, `error_description (absent) ≠ "Service resource not found"`},
		"description not a string": {notFound, 404, `{"error":"service_resource_not_found","error_description":7}`, `error_description 7 ≠ "Service resource not found"`},
		"html page":                {notFound, 404, "<html><body>\n<h1>Not Found</h1></body></html>", `body not JSON: "<html><body> <h1>Not Found</h1></body></html>" ≠ a JSON error object`},
		"not raised":               {notFound, 200, ``, `status 200 ≠ 404; body empty ≠ a JSON error object`},
		"status-only row":          {catalog.MustGet("http.method-not-allowed"), 404, `whatever`, `status 404 ≠ 405`},
		// A placeholder stands for any text; the literal around it must match.
		"placeholder filled": {catalog.MustGet("groups.members.batch-add-unknown"), 400, `{"error":"illegal_argument","error_description":"group member imc-1-u doesn't exist"}`, ""},
		"placeholder text off": {catalog.MustGet("groups.members.batch-add-unknown"), 400, `{"error":"illegal_argument","error_description":"group member imc-1-u does not exist"}`,
			`error_description "group member imc-1-u does not exist" ≠ "group member {username} doesn't exist"`},
	}
	for name, c := range cases {
		_, diffs := Differ(c.row, &client.Exchange{Status: c.status, Body: c.body}, false)
		if got := WhatDiffered(diffs); got != c.want {
			t.Errorf("%s: what differed = %q; want %q", name, got, c.want)
		}
	}
	if e, d := Differ(notFound, nil, false); e != nil || d != nil {
		t.Error("no exchange gave a comparison")
	}
}

// The comparison is with the closest wording: a known variant's answer that
// is off in one field is reported against that variant, unless strict.
func TestDifferPicksTheClosestWording(t *testing.T) {
	row := catalog.MustGet("chatrooms.members.not-member")
	if len(row.Variants) == 0 || row.Variants[0].Status != 400 {
		t.Fatalf("the test expects chatrooms.members.not-member to have a 400 variant: %+v", row.Variants)
	}
	v := row.Expectations()[1]
	x := &client.Exchange{Status: 400, Body: `{"error":"` + v.Error + `","error_description":"users [u] are not members of this group"}`}
	e, diffs := Differ(row, x, false)
	if e.Wording == catalog.CanonicalName || len(diffs) != 1 || diffs[0].Field != FieldDescription {
		t.Errorf("closest = %s, differences %v; want the variant, description only", e.Wording, diffs)
	}
	if e, _ := Differ(row, x, true); e.Wording != catalog.CanonicalName {
		t.Errorf("strict compared with %s", e.Wording)
	}
}

func TestBriefShowsWhereLongTextsDiffer(t *testing.T) {
	for _, c := range []struct {
		d    Difference
		want string
	}{
		{Difference{FieldDescription, `"Unable to authenticate due to corrupt access token"`, `"Unable to authenitcate due to corrupt access token"`},
			`error_description "Unable to authenitcate due to corrupt access token" ≠ "Unable to authenticate due to corrupt access token"`},
		{Difference{FieldDescription, `"The request was refused: unable to authenticate due to a corrupt access token"`, `"The request was refused: unable to authenitcate due to a corrupt access token"`},
			`error_description "…: unable to authenitcate due to a co…" ≠ "…: unable to authenticate due to a co…"`},
		{Difference{FieldDescription, `"Service resource not found"`, `"User not found"`}, `error_description "User not found" ≠ "Service resource not found"`},
		{Difference{FieldStatus, "404", "409"}, "status 409 ≠ 404"},
		// With placeholders: a difference in the literal end is found from the end ...
		{Difference{FieldDescription, `"can not join this group, reason:user: {username} already in group: {group_id}."`, `"can not join this group, reason:user: imc-1-u2 already in group: 61137552380109"`},
			`error_description "…up: 61137552380109" ≠ "…group: {group_id}."`},
		// ... in the literal start from the start ...
		{Difference{FieldDescription, `"users [{username}] are not members of this group, as the request said!"`, `"user [u] are not members of this group, as the request said!"`},
			`error_description "user [u] are not membe…" ≠ "users [{username}] are…"`},
		{Difference{FieldDescription, `"users [{username}] are not members of this group, as the request said!"`, `"users [u] are not memebrs of this group, as the request said!"`},
			`error_description "… [u] are not memebrs of this group, …" ≠ "…me}] are not members of this group, …"`},
		// ... and one between placeholders leaves the texts whole.
		{Difference{FieldDescription, `"can not join this group, reason:user: {username} already in group: {group_id}."`, `"can not join this group, reason:user: imc-1-u2 alredy in group: 61137552380109."`},
			`error_description "can not join this group, reason:user: imc-1-u2 alredy in group: 61137552380109." ≠ "can not join this group, reason:user: {username} already in group: {group_id}."`},
	} {
		if got := c.d.Brief(); got != c.want {
			t.Errorf("Brief() = %s; want %s", got, c.want)
		}
	}
}
