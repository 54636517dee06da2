package refserver

import "fmt"

// jsonError is a syntax error described the way Jackson 1.x (the parser
// behind the real server) describes it.
type jsonError struct {
	text          string // the part before "\n at [Source: ...]"
	line, column  int    // Jackson's location: 1-based line, column = 1-based column of the bad byte + 1
	colonExpected bool   // the catalogue's json_parse row
}

func (e *jsonError) message(hash string) string {
	return fmt.Sprintf("%s\n at [Source: java.io.BufferedInputStream@%s; line: %d, column: %d]", e.text, hash, e.line, e.column)
}

// checkJSON validates the first JSON value of data (Jackson ignores what
// follows it) and returns nil or the first syntax error.
func checkJSON(data []byte) *jsonError {
	p := &jsonScanner{data: data, line: 1}
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil // empty bodies are the handler's business
	}
	return p.value()
}

type jsonScanner struct {
	data      []byte
	pos       int
	line      int
	lineStart int
}

func (p *jsonScanner) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\n':
			p.line++
			p.lineStart = p.pos + 1
		case ' ', '\t', '\r':
		default:
			return
		}
		p.pos++
	}
}

func (p *jsonScanner) errAt(text string) *jsonError {
	return &jsonError{text: text, line: p.line, column: p.pos - p.lineStart + 2}
}

func (p *jsonScanner) unexpected(expecting string) *jsonError {
	if p.pos >= len(p.data) {
		return p.errAt("Unexpected end-of-input: " + expecting)
	}
	ch := p.data[p.pos]
	return p.errAt(fmt.Sprintf("Unexpected character (%s (code %d)): %s", quoteChar(ch), ch, expecting))
}

func quoteChar(ch byte) string {
	if ch < 32 {
		return "CTRL-CHAR"
	}
	return "'" + string(rune(ch)) + "'"
}

func (p *jsonScanner) value() *jsonError {
	if p.pos >= len(p.data) {
		return p.errAt("Unexpected end-of-input: expected a value")
	}
	switch ch := p.data[p.pos]; {
	case ch == '{':
		return p.object()
	case ch == '[':
		return p.array()
	case ch == '"':
		return p.str()
	case ch == '-' || (ch >= '0' && ch <= '9'):
		return p.number()
	case ch == 't':
		return p.literal("true")
	case ch == 'f':
		return p.literal("false")
	case ch == 'n':
		return p.literal("null")
	default:
		return p.unexpected("expected a valid value (number, String, array, object, 'true', 'false' or 'null')")
	}
}

func (p *jsonScanner) object() *jsonError {
	p.pos++ // '{'
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return nil
	}
	for {
		if p.pos >= len(p.data) {
			return p.errAt("Unexpected end-of-input: expected close marker for OBJECT")
		}
		if p.data[p.pos] != '"' {
			return p.unexpected("was expecting double-quote to start field name")
		}
		if err := p.str(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			err := p.unexpected("was expecting a colon to separate field name and value")
			err.colonExpected = p.pos < len(p.data)
			return err
		}
		p.pos++
		p.skipSpace()
		if err := p.value(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errAt("Unexpected end-of-input: expected close marker for OBJECT")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			return nil
		default:
			return p.unexpected("was expecting comma to separate OBJECT entries")
		}
	}
}

func (p *jsonScanner) array() *jsonError {
	p.pos++ // '['
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return nil
	}
	for {
		if err := p.value(); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errAt("Unexpected end-of-input: expected close marker for ARRAY")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case ']':
			p.pos++
			return nil
		default:
			return p.unexpected("was expecting comma to separate ARRAY entries")
		}
	}
}

func (p *jsonScanner) str() *jsonError {
	p.pos++ // opening quote
	for p.pos < len(p.data) {
		ch := p.data[p.pos]
		switch {
		case ch == '"':
			p.pos++
			return nil
		case ch == '\\':
			p.pos += 2
			continue
		case ch < 32:
			return p.errAt(fmt.Sprintf("Illegal unquoted character ((CTRL-CHAR, code %d)): has to be escaped using backslash to be included in string value", ch))
		}
		p.pos++
	}
	return p.errAt("Unexpected end-of-input: was expecting closing quote for a string value")
}

func (p *jsonScanner) number() *jsonError {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
	}
	digits := 0
	for p.pos < len(p.data) && isNumberByte(p.data[p.pos]) {
		p.pos++
		digits++
	}
	if digits == 0 {
		p.pos = start + 1
		return p.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value")
	}
	return nil
}

func isNumberByte(b byte) bool {
	return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-'
}

func (p *jsonScanner) literal(word string) *jsonError {
	for i := 0; i < len(word); i++ {
		if p.pos+i >= len(p.data) || p.data[p.pos+i] != word[i] {
			p.pos += i
			return p.errAt(fmt.Sprintf("Unrecognized token '%s': was expecting '%s'", word[:i], word))
		}
	}
	p.pos += len(word)
	return nil
}
