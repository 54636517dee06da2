package matrix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Excerpt shortens a response body to about n characters for a table cell
// or a job summary, marking every cut, and never cuts a field named in keep
// (the fields that differed): a JSON object is written on one line with
// those fields whole, other fields while room is left, and "…" with the
// count of the fields left out. Other bodies are clipped.
func Excerpt(body string, n int, keep []string) string {
	body = strings.TrimSpace(body)
	var compact bytes.Buffer
	if json.Compact(&compact, []byte(body)) != nil {
		return Clip(strings.Join(strings.Fields(body), " "), n)
	}
	if compact.Len() <= n {
		return compact.String()
	}
	keys, values, ok := objectFields(compact.Bytes())
	if !ok {
		return Clip(compact.String(), n)
	}
	kept := map[string]bool{}
	for _, k := range keep {
		kept[k] = true
	}
	// The kept fields are shown whatever their size; the others fill what
	// room the kept ones leave.
	room := n
	for i, k := range keys {
		if kept[k] {
			room -= len(k) + len(values[i]) + 4
		}
	}
	var parts []string
	left := 0
	for i, k := range keys {
		field := quoteJSON(k) + ":" + string(values[i])
		switch {
		case kept[k]:
			parts = append(parts, field)
		case len(field)+1 <= room:
			parts = append(parts, field)
			room -= len(field) + 1
		default:
			left++
		}
	}
	if left > 0 {
		parts = append(parts, fmt.Sprintf("… %d more fields", left))
		if left == 1 {
			parts[len(parts)-1] = "… 1 more field"
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// objectFields splits a compact JSON object into its keys and raw values,
// in order.
func objectFields(data []byte) ([]string, []json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	var keys []string
	var values []json.RawMessage
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, false
		}
		k, _ := t.(string)
		var v json.RawMessage
		if dec.Decode(&v) != nil {
			return nil, nil, false
		}
		keys, values = append(keys, k), append(values, v)
	}
	return keys, values, true
}
