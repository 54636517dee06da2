package refserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// FuzzCheckJSON feeds the Jackson-style scanner any bytes. It must never
// panic, must accept every body encoding/json calls valid, and the position
// it reports must point into the body (or just past its end, for
// end-of-input) on the line it names, at the character it names.
func FuzzCheckJSON(f *testing.F) {
	f.Add([]byte(`{"username"="u1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		perr := checkJSON(data)
		if perr == nil {
			return
		}
		if json.Valid(data) {
			t.Fatalf("%q is valid JSON but the scanner says %q", data, perr.message("0"))
		}
		if perr.line < 1 || perr.column < 1 {
			t.Fatalf("%q: line %d column %d", data, perr.line, perr.column)
		}
		// Undo the position arithmetic: the bad byte's offset from the
		// start of its line, with the lines counted from the body itself.
		lineStart, line := 0, 1
		for line < perr.line {
			i := bytes.IndexByte(data[lineStart:], '\n')
			if i < 0 {
				t.Fatalf("%q has %d lines, the error names line %d", data, line, perr.line)
			}
			lineStart += i + 1
			line++
		}
		offset := lineStart + perr.column - 2
		if offset < lineStart || offset > len(data) {
			t.Fatalf("%q: line %d column %d points outside the body (offset %d of %d)", data, perr.line, perr.column, offset, len(data))
		}
		if i := bytes.IndexByte(data[lineStart:offset], '\n'); i >= 0 {
			t.Fatalf("%q: line %d column %d runs past the end of its line", data, perr.line, perr.column)
		}
		if strings.HasPrefix(perr.text, "Unexpected character (") {
			if offset == len(data) {
				t.Fatalf("%q: %q at the end of input", data, perr.text)
			}
			if want := "(" + charDesc(data[offset]) + ")"; !strings.HasPrefix(perr.text, "Unexpected character "+want) {
				t.Fatalf("%q: %q does not name the byte at line %d column %d (%s)", data, perr.text, perr.line, perr.column, want)
			}
		}
		if perr.colonExpected && !strings.Contains(perr.text, "was expecting a colon") {
			t.Fatalf("%q: colonExpected on %q", data, perr.text)
		}
		if msg := perr.message("1a2b"); !strings.HasSuffix(msg, fmt.Sprintf("; line: %d, column: %d]", perr.line, perr.column)) {
			t.Fatalf("message %q", msg)
		}
	})
}

// TestJacksonEscapes: escapes are read as Jackson reads them (the fuzz
// target found the scanner stepping past the end of input, and over a
// newline without counting it, on a backslash).
func TestJacksonEscapes(t *testing.T) {
	cases := []struct {
		body, text   string
		line, column int
	}{
		{`"\`, "Unexpected end-of-input in character escape sequence", 1, 4},
		{"{\"a\\\n\": 1}", "Unrecognized character escape (CTRL-CHAR, code 10)", 1, 6},
		{`{"a\q": 1}`, "Unrecognized character escape 'q' (code 113)", 1, 6},
		{`["\u12x4"]`, "Unexpected character ('x' (code 120)): expected a hex-digit for character escape sequence", 1, 8},
		{`["\u12`, "Unexpected end-of-input in character escape sequence", 1, 8},
		{"[\x01]", "Unexpected character ((CTRL-CHAR, code 1)): expected a valid value (number, String, array, object, 'true', 'false' or 'null')", 1, 3},
	}
	for _, c := range cases {
		err := checkJSON([]byte(c.body))
		if err == nil {
			t.Errorf("%q: accepted", c.body)
			continue
		}
		if err.text != c.text || err.line != c.line || err.column != c.column {
			t.Errorf("%q:\n got %q line %d column %d\nwant %q line %d column %d", c.body, err.text, err.line, err.column, c.text, c.line, c.column)
		}
	}
	if err := checkJSON([]byte(`{"a":"\"\\\/\b\f\n\r\t\u00e9"}`)); err != nil {
		t.Errorf("every escape JSON has is refused: %s", err.text)
	}
}
