package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"strings"
)

// printJSON writes v as JSON on stdout: indented on a terminal, one line otherwise.
func printJSON(e *env, v any) error {
	var (
		b   []byte
		err error
	)
	if e.isTerminal {
		b, err = json.MarshalIndent(v, "", "  ")
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(append(b, '\n'))
	return err
}

// lineWriter streams values as JSON lines (one object per line), flushing
// each, for `list --all`.
type lineWriter struct {
	w   *bufio.Writer
	enc *json.Encoder
}

func newLineWriter(w io.Writer) *lineWriter {
	bw := bufio.NewWriter(w)
	return &lineWriter{w: bw, enc: json.NewEncoder(bw)}
}

func (l *lineWriter) write(v any) error {
	if err := l.enc.Encode(v); err != nil {
		return err
	}
	return l.w.Flush()
}

// maxDataSize bounds a --data payload.
const maxDataSize = 8 << 20

// readData decodes the --data argument into dst: `@path` reads a file, `-`
// reads stdin, anything else is the JSON itself. Fields dst does not have are
// an error, as is anything after the JSON value.
func readData(e *env, data string, dst any) error {
	if data == "" {
		return usagef("--data is required: inline JSON, @file.json or - for stdin")
	}
	var (
		src  []byte
		name = "--data"
		err  error
	)
	switch {
	case data == "-":
		name = "stdin"
		src, err = io.ReadAll(io.LimitReader(e.stdin, maxDataSize+1))
	case strings.HasPrefix(data, "@"):
		name = data[1:]
		src, err = readFileLimited(name)
	default:
		src = []byte(data)
	}
	if err != nil {
		return usagef("reading %s: %v", name, err)
	}
	if len(src) > maxDataSize {
		return usagef("%s is larger than %d bytes", name, maxDataSize)
	}
	if len(bytes.TrimSpace(src)) == 0 {
		return usagef("%s is empty", name)
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
		return fmt.Sprintf("%s: field %q: %s is not a %s", position(src, typ.Offset), typ.Field, typ.Value, typ.Type)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s: the JSON ends early", position(src, int64(len(src))))
	}
	return fmt.Sprintf("%s: %v", position(src, offset), err)
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

// printResult prints the object an API call returned, or passes its error on.
// Use it as printResult(x)(x.c.Customers.Get(ctx, id)).
func printResult(x *call) func(v any, err error) error {
	return func(v any, err error) error {
		if err != nil {
			return err
		}
		return printJSON(x.env, v)
	}
}

// streamAll prints every object of a paged list as a JSON line, stopping at
// the first error.
func streamAll[T any](x *call, seq iter.Seq2[T, error]) error {
	lw := newLineWriter(x.env.stdout)
	for v, err := range seq {
		if err != nil {
			return err
		}
		if err := lw.write(v); err != nil {
			return err
		}
	}
	return nil
}
