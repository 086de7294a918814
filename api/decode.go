package api

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting of decoded JSON, as encoding/json does.
const maxDepth = 10000

// syntaxError reports JSON that does not parse, with where.
type syntaxError struct {
	Offset int64 // byte offset of the problem
	Line   int   // 1-based
	Column int   // 1-based, in bytes
	Msg    string
}

// Error says what is wrong and where.
func (e *syntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// decodeJSON decodes one JSON value, and nothing but white space after it,
// into the types encoding/json gives an any: map[string]any, []any, string,
// float64, bool and nil. It is several times faster than json.Unmarshal
// into an any, which matters because decoding is half of validation.
//
// Strings without escapes are slices of one copy of data, made up front:
// one allocation instead of one per string.
func decodeJSON(data []byte) (any, error) {
	v, _, err := decodeBody(data, false)
	return v, err
}

// note is a problem the decoder finds in JSON that parses: a duplicate key,
// or a number out of the range of float64 when decoding leniently. Offset
// is where in the data.
type note struct {
	Problem
	Offset int
}

// decodeBody decodes data as decodeJSON does and, with lenient, also
// returns notes: each key that repeats one of its object, and each number
// too large for a float64 (decoded as the largest float64 of its sign
// instead of failing the whole body). Past MaxProblems notes, or
// maxNoteBytes of their pointers, the rest are only counted, in a last
// note of rule "maxProblems".
func decodeBody(data []byte, lenient bool) (any, []note, error) {
	if err := encodingError(data); err != nil {
		return nil, nil, err
	}
	d := decoder{data: data, src: string(data), lenient: lenient}
	v, err := d.document()
	if d.omitted > 0 {
		d.notes = append(d.notes, note{Problem: omittedProblem(d.omitted), Offset: len(data)})
	}
	return v, d.notes, err
}

// maxNoteBytes bounds the pointers of the notes a decoder keeps, in all: a
// thousand repeated keys under a 1 MB key would otherwise hold a gigabyte
// of pointers.
const maxNoteBytes = 1 << 20

// encodingError names the two ways text that is not UTF-8 JSON most often
// starts: a byte order mark, and UTF-16.
func encodingError(data []byte) *syntaxError {
	var msg string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		msg = "the input starts with a UTF-8 byte order mark (EF BB BF): JSON must not; remove it"
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), len(data) >= 2 && data[0] == 0 && data[1] != 0:
		msg = "the input is UTF-16 (big-endian): JSON must be UTF-8"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), len(data) >= 2 && data[0] != 0 && data[1] == 0:
		msg = "the input is UTF-16 (little-endian): JSON must be UTF-8"
	default:
		return nil
	}
	return &syntaxError{Line: 1, Column: 1, Msg: msg}
}

// document decodes the one JSON value of the data.
func (d *decoder) document() (any, error) {
	data := d.data
	d.skipSpace()
	if d.pos == len(d.data) {
		if len(data) == 0 {
			return nil, d.errorf("empty input: want a JSON value")
		}
		return nil, d.errorf("only white space: want a JSON value")
	}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.pos != len(d.data) {
		return nil, d.errorf("unexpected %s after the JSON value", d.describe())
	}
	return v, nil
}

type decoder struct {
	data []byte
	src  string // data as a string, for slicing; "" when only scanning
	pos  int

	// lenient notes duplicate keys and out-of-range numbers instead of
	// failing on the latter; path is then where the decoder is.
	lenient   bool
	path      []segment
	notes     []note
	noteBytes int // the bytes of the notes' pointers
	omitted   int // notes counted, not kept: see room
}

// segment is one step of the decoder's path: a key, or an array index.
type segment struct {
	key   string
	index int // -1 for a key
}

// pointer returns the JSON pointer of the decoder's path, plus key when
// it is not "".
func (d *decoder) pointer(key string, isKey bool) string {
	path := make([]string, 0, len(d.path)+1)
	for _, s := range d.path {
		if s.index >= 0 {
			path = append(path, strconv.Itoa(s.index))
		} else {
			path = append(path, s.key)
		}
	}
	if isKey {
		path = append(path, key)
	}
	return pointer(path)
}

// room reports whether another note may be kept: at most MaxProblems, and
// maxNoteBytes of pointers. A note with no room is counted as omitted, and
// its pointer is never built.
func (d *decoder) room() bool {
	if len(d.notes) < MaxProblems && d.noteBytes < maxNoteBytes {
		return true
	}
	d.omitted++
	return false
}

// note records a problem at offset; see room.
func (d *decoder) note(offset int, p Problem) {
	p.In = "body"
	d.noteBytes += len(p.Pointer)
	d.notes = append(d.notes, note{Problem: p, Offset: offset})
}

func (d *decoder) errorf(format string, args ...any) *syntaxError {
	line, col := lineCol(d.data, d.pos)
	return &syntaxError{Offset: int64(d.pos), Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// lineCol returns the 1-based line and column of offset in data.
func lineCol(data []byte, offset int) (line, col int) {
	if offset > len(data) {
		offset = len(data)
	}
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// describe names the byte at the current position for error messages.
func (d *decoder) describe() string {
	if d.pos >= len(d.data) {
		return "end of input"
	}
	c := d.data[d.pos]
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return strconv.QuoteRune(rune(c))
}

func (d *decoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *decoder) value(depth int) (any, error) {
	if d.pos >= len(d.data) {
		return nil, d.errorf("unexpected end of input: want a value")
	}
	switch c := d.data[d.pos]; c {
	case '{':
		if depth >= maxDepth {
			return nil, d.errorf("nested too deep")
		}
		return d.object(depth + 1)
	case '[':
		if depth >= maxDepth {
			return nil, d.errorf("nested too deep")
		}
		return d.array(depth + 1)
	case '"':
		return d.string()
	case 't':
		return d.literal("true", true)
	case 'f':
		return d.literal("false", false)
	case 'n':
		return d.literal("null", nil)
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return d.number()
		}
		return nil, d.errorf("unexpected %s: want a value", d.describe())
	}
}

func (d *decoder) literal(word string, v any) (any, error) {
	if !bytes.HasPrefix(d.data[d.pos:], []byte(word)) {
		return nil, d.errorf("invalid literal: want %s", word)
	}
	d.pos += len(word)
	return v, nil
}

func (d *decoder) object(depth int) (any, error) {
	d.pos++ // '{'
	m := make(map[string]any)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		return m, nil
	}
	for {
		if d.pos >= len(d.data) {
			return nil, d.errorf("unexpected end of input: want a property name or '}'")
		}
		if d.data[d.pos] != '"' {
			return nil, d.errorf("unexpected %s: want a property name in double quotes", d.describe())
		}
		keyAt := d.pos
		key, err := d.key()
		if err != nil {
			return nil, err
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return nil, d.errorf("unexpected %s after property name: want ':'", d.describe())
		}
		d.pos++
		d.skipSpace()
		if d.lenient {
			if _, dup := m[key]; dup && d.room() {
				d.note(keyAt, Problem{Pointer: d.pointer(key, true), Rule: "duplicateKey", Found: render(key),
					Message: render(key) + " appears more than once in this object: decoders differ on which value they keep"})
			}
			d.path = append(d.path, segment{key: key, index: -1})
		}
		v, err := d.value(depth)
		if d.lenient {
			d.path = d.path[:len(d.path)-1]
		}
		if err != nil {
			return nil, err
		}
		m[key] = v
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.errorf("unexpected end of input: want ',' or '}'")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
			d.skipSpace()
		case '}':
			d.pos++
			return m, nil
		default:
			return nil, d.errorf("unexpected %s after property value: want ',' or '}'", d.describe())
		}
	}
}

func (d *decoder) array(depth int) (any, error) {
	d.pos++ // '['
	a := make([]any, 0, 4)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		return a, nil
	}
	for {
		d.skipSpace()
		if d.lenient {
			d.path = append(d.path, segment{index: len(a)})
		}
		v, err := d.value(depth)
		if d.lenient {
			d.path = d.path[:len(d.path)-1]
		}
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return nil, d.errorf("unexpected end of input: want ',' or ']'")
		}
		switch d.data[d.pos] {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return a, nil
		default:
			return nil, d.errorf("unexpected %s after array element: want ',' or ']'", d.describe())
		}
	}
}

// key decodes a property name.
func (d *decoder) key() (string, error) {
	start := d.pos + 1
	if end, ok := d.plainString(start); ok {
		d.pos = end + 1
		if d.src == "" {
			return string(d.data[start:end]), nil
		}
		return d.src[start:end], nil
	}
	return d.slowString()
}

func (d *decoder) string() (any, error) {
	return d.key()
}

// plainString finds the closing quote of a string that starts at start and
// needs no unescaping (no backslash, no control or non-ASCII byte).
func (d *decoder) plainString(start int) (end int, ok bool) {
	for i := start; i < len(d.data); i++ {
		c := d.data[i]
		switch {
		case c == '"':
			return i, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return 0, false
		}
	}
	return 0, false
}

// slowString decodes a string with escapes or non-ASCII bytes. Invalid UTF-8
// becomes U+FFFD, as with encoding/json.
func (d *decoder) slowString() (string, error) {
	d.pos++ // '"'
	var b []byte
	for {
		if d.pos >= len(d.data) {
			return "", d.errorf("unexpected end of input in a string")
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return string(b), nil
		case c < 0x20:
			return "", d.errorf("control character 0x%02x in a string: escape it", c)
		case c == '\\':
			if d.pos+1 >= len(d.data) {
				return "", d.errorf("unexpected end of input in a string escape")
			}
			e := d.data[d.pos+1]
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := d.hex4(d.pos + 2)
				if !ok {
					return "", d.errorf(`invalid \u escape: want 4 hexadecimal digits`)
				}
				d.pos += 6
				if utf16.IsSurrogate(r) {
					if r2, ok := d.lowSurrogate(); ok {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							r = dec
							d.pos += 6
						} else {
							r = utf8.RuneError
						}
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", d.errorf("invalid escape %s in a string", strconv.Quote(`\`+string(e)))
			}
			d.pos += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.pos++
		default:
			r, size := utf8.DecodeRune(d.data[d.pos:])
			if r == utf8.RuneError && size == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, d.data[d.pos:d.pos+size]...)
			}
			d.pos += size
		}
	}
}

func (d *decoder) lowSurrogate() (rune, bool) {
	if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		return d.hex4(d.pos + 2)
	}
	return 0, false
}

func (d *decoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number scans a JSON number and converts it to float64.
func (d *decoder) number() (any, error) {
	start := d.pos
	i := d.pos
	if d.data[i] == '-' {
		i++
	}
	switch {
	case i < len(d.data) && d.data[i] == '0':
		i++
	case i < len(d.data) && '1' <= d.data[i] && d.data[i] <= '9':
		for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
	default:
		d.pos = i
		return nil, d.errorf("invalid number: want a digit")
	}
	isInt := true
	if i < len(d.data) && d.data[i] == '.' {
		isInt = false
		i++
		j := i
		for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
		if i == j {
			d.pos = i
			return nil, d.errorf("invalid number: want a digit after '.'")
		}
	}
	if i < len(d.data) && (d.data[i] == 'e' || d.data[i] == 'E') {
		isInt = false
		i++
		if i < len(d.data) && (d.data[i] == '+' || d.data[i] == '-') {
			i++
		}
		j := i
		for i < len(d.data) && '0' <= d.data[i] && d.data[i] <= '9' {
			i++
		}
		if i == j {
			d.pos = i
			return nil, d.errorf("invalid number: want a digit in the exponent")
		}
	}
	raw := d.data[start:i]
	d.pos = i
	// Small integers, the common case, convert exactly without ParseFloat.
	if isInt && len(raw) <= 15 {
		neg := raw[0] == '-'
		if neg {
			raw = raw[1:]
		}
		var n int64
		for _, c := range raw {
			n = n*10 + int64(c-'0')
		}
		if neg {
			n = -n
		}
		return float64(n), nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil && d.lenient && errors.Is(err, strconv.ErrRange) {
		if !d.room() {
			return math.Copysign(math.MaxFloat64, f), nil
		}
		d.note(start, Problem{Pointer: d.pointer("", false), Rule: "range", Found: cut(string(raw), maxFound),
			Message: fmt.Sprintf("number %s is out of range: the largest a double holds is about 1.8e308", cut(string(raw), maxFound))})
		return math.Copysign(math.MaxFloat64, f), nil // the note stands for it
	}
	if err != nil {
		d.pos = start
		return nil, d.errorf("number %s is out of range", raw)
	}
	return f, nil
}
