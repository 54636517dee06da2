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
	return p.errAt(fmt.Sprintf("Unexpected character (%s): %s", charDesc(p.data[p.pos]), expecting))
}

// charDesc names a character as Jackson's _getCharDesc does: control
// characters by code only.
func charDesc(ch byte) string {
	if ch < 32 || (ch >= 0x7f && ch <= 0x9f) {
		return fmt.Sprintf("(CTRL-CHAR, code %d)", ch)
	}
	return fmt.Sprintf("'%s' (code %d)", string(rune(ch)), ch)
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
			p.pos++
			if err := p.escape(); err != nil {
				return err
			}
			continue
		case ch < 32:
			return p.errAt(fmt.Sprintf("Illegal unquoted character ((CTRL-CHAR, code %d)): has to be escaped using backslash to be included in string value", ch))
		}
		p.pos++
	}
	return p.errAt("Unexpected end-of-input: was expecting closing quote for a string value")
}

// escape reads the character escape after a backslash, as Jackson's
// _decodeEscaped does: the error points at the bad character, or at the end
// of input.
func (p *jsonScanner) escape() *jsonError {
	const eof = "Unexpected end-of-input in character escape sequence"
	if p.pos >= len(p.data) {
		return p.errAt(eof)
	}
	switch ch := p.data[p.pos]; ch {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.pos++
		return nil
	case 'u':
		p.pos++
		for range 4 {
			if p.pos >= len(p.data) {
				return p.errAt(eof)
			}
			if !isHexDigit(p.data[p.pos]) {
				return p.unexpected("expected a hex-digit for character escape sequence")
			}
			p.pos++
		}
		return nil
	default:
		return p.errAt("Unrecognized character escape " + charDesc(ch))
	}
}

func isHexDigit(b byte) bool {
	return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')
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
