package api

import (
	"strconv"
	"strings"
)

// locateAll sets Line and Column of body problems from where their pointer
// leads in data. A pointer to a missing property locates the object that
// lacks it.
func locateAll(data []byte, ps []Problem) {
	for i := range ps {
		if ps[i].In != "body" || ps[i].Line != 0 {
			continue
		}
		if off, ok := locate(data, ps[i].Pointer); ok {
			ps[i].Line, ps[i].Column = lineCol(data, off)
		}
	}
}

// locate returns the offset in data of the value ptr points to, or of the
// deepest value on the way there that exists. data must be valid JSON.
func locate(data []byte, ptr string) (int, bool) {
	d := decoder{data: data}
	d.skipSpace()
	if d.pos >= len(data) {
		return 0, false
	}
	var tokens []string
	if ptr != "" {
		tokens = strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	}
	for _, tok := range tokens {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		at := d.pos
		var found bool
		switch data[d.pos] {
		case '{':
			found = d.enterProperty(tok)
		case '[':
			if n, err := strconv.Atoi(tok); err == nil && n >= 0 {
				found = d.enterElement(n)
			}
		}
		if !found {
			return at, true
		}
	}
	return d.pos, true
}

// enterProperty moves to the value of the property name of the object at
// the current position.
func (d *decoder) enterProperty(name string) bool {
	d.pos++ // '{'
	for {
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return false
		}
		key, err := d.key()
		if err != nil {
			return false
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return false
		}
		d.pos++
		d.skipSpace()
		if key == name {
			return true
		}
		if !d.skip() {
			return false
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ',' {
			return false
		}
		d.pos++
	}
}

// enterElement moves to element n of the array at the current position.
func (d *decoder) enterElement(n int) bool {
	d.pos++ // '['
	for i := 0; ; i++ {
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] == ']' {
			return false
		}
		if i == n {
			return true
		}
		if !d.skip() {
			return false
		}
		d.skipSpace()
		if d.pos >= len(d.data) || d.data[d.pos] != ',' {
			return false
		}
		d.pos++
	}
}

// skip moves past the value at the current position.
func (d *decoder) skip() bool {
	_, err := d.value(0)
	return err == nil
}
