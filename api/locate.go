package api

import (
	"slices"
	"strconv"
	"strings"
)

// locateAll sets Line and Column of body problems from where their pointer
// leads in data. A pointer to a missing property locates the object that
// lacks it. It walks data once, entering only the values some pointer leads
// through, and counts lines once: its cost is linear in the size of data
// plus the number of problems, however many there are.
func locateAll(data []byte, ps []Problem) {
	var ptrs []string
	for i := range ps {
		if ps[i].In == "body" && ps[i].Line == 0 {
			ptrs = append(ptrs, ps[i].Pointer)
		}
	}
	if len(ptrs) == 0 {
		return
	}
	offs := offsets(data, ptrs)
	at := make(map[int]position, len(offs))
	for _, off := range offs {
		at[off] = position{}
	}
	positions(data, at)
	for i := range ps {
		if ps[i].In != "body" || ps[i].Line != 0 {
			continue
		}
		if off, ok := offs[ps[i].Pointer]; ok {
			pos := at[off]
			ps[i].Line, ps[i].Column = pos.line, pos.col
		}
	}
}

// position is a 1-based line and column.
type position struct{ line, col int }

// positions fills in the line and column of every offset in at, counting
// the lines of data once.
func positions(data []byte, at map[int]position) {
	offs := make([]int, 0, len(at))
	for off := range at {
		offs = append(offs, off)
	}
	slices.Sort(offs)
	line, lineStart, i := 1, 0, 0
	for _, off := range offs {
		off = min(off, len(data))
		for ; i < off; i++ {
			if data[i] == '\n' {
				line++
				lineStart = i + 1
			}
		}
		at[off] = position{line, off - lineStart + 1}
	}
}

// locate returns the offset in data of the value ptr points to, or of the
// deepest value on the way there that exists. data must be valid JSON.
func locate(data []byte, ptr string) (int, bool) {
	off, ok := offsets(data, []string{ptr})[ptr]
	return off, ok
}

// offsets returns the offset in data of the value each pointer of ptrs
// leads to, or of the deepest value on the way there that exists. data must
// be valid JSON; an empty one locates nothing.
func offsets(data []byte, ptrs []string) map[string]int {
	// wanted holds every pointer and every prefix of one: the values the
	// walk must enter or record.
	wanted := make(map[string]bool, len(ptrs))
	for _, p := range ptrs {
		for {
			if wanted[p] {
				break
			}
			wanted[p] = true
			i := strings.LastIndexByte(p, '/')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
	found := make(map[string]int, len(wanted))
	d := decoder{data: data}
	d.skipSpace()
	if d.pos >= len(data) {
		return nil
	}
	d.record("", wanted, found)
	out := make(map[string]int, len(ptrs))
	for _, p := range ptrs {
		for q := p; ; {
			if off, ok := found[q]; ok {
				out[p] = off
				break
			}
			i := strings.LastIndexByte(q, '/')
			if i < 0 {
				break
			}
			q = q[:i]
		}
	}
	return out
}

// record notes the offset of the value at the current position under ptr,
// moves past it, and does the same for those of its elements whose
// pointers are wanted.
func (d *decoder) record(ptr string, wanted map[string]bool, found map[string]int) bool {
	found[ptr] = d.pos
	if d.pos >= len(d.data) {
		return false
	}
	key := append([]byte(ptr), '/') // ptr + "/" + an element's token
	base := len(key)
	// enter records the element whose pointer is key, if wanted, and
	// skips it otherwise; looking a []byte up converted allocates nothing.
	enter := func() bool {
		if !wanted[string(key)] {
			return d.skip()
		}
		return d.record(string(key), wanted, found)
	}
	switch d.data[d.pos] {
	case '{':
		d.pos++
		for {
			d.skipSpace()
			if d.pos >= len(d.data) || d.data[d.pos] != '"' {
				d.pos++ // '}'
				return true
			}
			name, err := d.key()
			if err != nil {
				return false
			}
			d.skipSpace()
			d.pos++ // ':'
			d.skipSpace()
			key = append(key[:base], escapeToken(name)...)
			if !enter() {
				return false
			}
			d.skipSpace()
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
			}
		}
	case '[':
		d.pos++
		for i := 0; ; i++ {
			d.skipSpace()
			if d.pos >= len(d.data) || d.data[d.pos] == ']' {
				d.pos++
				return true
			}
			key = strconv.AppendInt(key[:base], int64(i), 10)
			if !enter() {
				return false
			}
			d.skipSpace()
			if d.pos < len(d.data) && d.data[d.pos] == ',' {
				d.pos++
			}
		}
	}
	return d.skip()
}

// escapeToken escapes a key for a JSON pointer (RFC 6901).
func escapeToken(k string) string {
	if strings.ContainsAny(k, "~/") {
		k = strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
	}
	return k
}

// skip moves past the value at the current position.
func (d *decoder) skip() bool {
	_, err := d.value(0)
	return err == nil
}
