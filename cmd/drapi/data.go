package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
)

// maxDataSize bounds a --data payload.
const maxDataSize = 8 << 20

// readData decodes the --data argument into dst: `@path` reads a file, `-`
// reads stdin (until ctx ends: Ctrl-C stops a wait on a silent stdin),
// anything else is the JSON itself. The JSON must be one object: null, an
// array or a scalar is refused, as are fields dst does not have and anything
// after the object.
func readData(ctx context.Context, e *env, data string, dst any) error {
	if data == "" {
		return usagef("--data is required: a JSON object inline, @file.json or - for stdin")
	}
	var (
		src  []byte
		name = "--data"
		err  error
	)
	switch {
	case data == "-":
		name = "--data - (stdin)"
		if e.inIsTerminal {
			fmt.Fprintln(e.stderr, "drapi: type the JSON for --data, then Ctrl-D on a line of its own (Ctrl-C gives up)")
		}
		src, err = readInterruptibly(ctx, e.stdin)
	case data == "@":
		return usagef("--data @: no file name after @ (write --data @file.json)")
	case strings.HasPrefix(data, "@"):
		name = "--data " + data
		src, err = readFileLimited(data[1:])
	default:
		src = []byte(data)
	}
	if err != nil {
		return usagef("%s: %v", name, err)
	}
	if len(src) > maxDataSize {
		return usagef("%s is larger than %d bytes", name, maxDataSize)
	}
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 {
		return usagef("%s is empty: want a JSON object", name)
	}
	if trimmed[0] != '{' {
		return usagef("%s: want a JSON object {...}, got %s", name, jsonKind(trimmed))
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return usagef("%s: %s", name, describeJSONError(src, dec.InputOffset(), err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return usagef("%s: %s: unexpected data after the JSON value", name, position(src, dec.InputOffset()))
	}
	return nil
}

// jsonKind names what a JSON text that is not an object starts with.
func jsonKind(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("null")):
		return "null"
	case b[0] == '[':
		return "an array"
	case b[0] == '"':
		return "a string"
	case bytes.HasPrefix(b, []byte("true")), bytes.HasPrefix(b, []byte("false")):
		return "a boolean"
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		return "a number"
	}
	return fmt.Sprintf("%q, which is not JSON", string(b[:min(len(b), 20)]))
}

// errInterrupted is a read of stdin that Ctrl-C or SIGTERM stopped.
var errInterrupted = errors.New("interrupted while waiting for input on stdin")

// readInterruptibly reads r to its end, at most maxDataSize+1 bytes, or
// until ctx ends. A read cut short by ctx leaves its goroutine blocked on r;
// the process is about to exit.
func readInterruptibly(ctx context.Context, r io.Reader) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(r, maxDataSize+1))
		done <- result{b, err}
	}()
	select {
	case res := <-done:
		return res.b, res.err
	case <-ctx.Done():
		return nil, errInterrupted
	}
}

func readFileLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxDataSize+1))
}

// describeJSONError names where in src a decode failed, as line:column.
func describeJSONError(src []byte, offset int64, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%s: %v", position(src, max(syn.Offset-1, 0)), err) // Offset is just past the bad byte
	case errors.As(err, &typ):
		// Offset is just past the value; Value is "number", "number 1.5", "object", ...
		got, _, _ := strings.Cut(typ.Value, " ")
		return fmt.Sprintf("%s: field %q: %s, want %s", position(src, max(typ.Offset-1, 0)), typ.Field, jsonKinds[got], jsonKindOf(typ.Type))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s: the JSON ends early", position(src, int64(len(src))))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		// The decoder read the whole object before it found the field: point at the field.
		if loc := regexp.MustCompile(regexp.QuoteMeta(name) + `\s*:`).FindIndex(src); loc != nil {
			offset = int64(loc[0])
		}
		return fmt.Sprintf("%s: unknown field %s", position(src, offset), name)
	}
	return fmt.Sprintf("%s: %v", position(src, offset), err)
}

// jsonKinds name the JSON values json.UnmarshalTypeError.Value names.
var jsonKinds = map[string]string{"string": "a string", "number": "a number", "bool": "true or false", "array": "an array", "object": "an object"}

// jsonKindOf names the JSON value a Go type takes, for a person who writes JSON.
func jsonKindOf(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another kind of value"
}

// position converts a byte offset into "line L, column C" (both from 1).
func position(src []byte, offset int64) string {
	if offset > int64(len(src)) {
		offset = int64(len(src))
	}
	before := src[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}
