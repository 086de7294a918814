package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Bounds on what the client reads of a response.
const (
	maxBodyBytes  = 32 << 20 // a 2xx body; a page of 100 orders is about 350 KB
	maxErrorBytes = 64 << 10 // a non-2xx body
	maxDrainBytes = 256 << 10
)

// errNull is the decoding error of a JSON null where an object belongs.
var errNull = errors.New("the body is null, not an object")

// decode decodes a 2xx body into out, refusing a bare null (which
// encoding/json would accept, leaving a zero value).
func decode(body []byte, out any) error {
	if string(bytes.TrimSpace(body)) == "null" {
		return errNull
	}
	return json.Unmarshal(body, out)
}

// errTooLarge is the reading error of a body over the client's limit.
var errTooLarge = errors.New("response body exceeds the client's size limit")

// maxPooledBuffer is the largest body buffer kept for reuse; bigger ones
// (a long page of orders) go to the garbage collector.
const maxPooledBuffer = 1 << 20

// getBuffer returns an empty buffer from the client's pool.
func (co *core) getBuffer() *bytes.Buffer {
	if b, ok := co.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// putBuffer returns b to the pool, unless it grew too big to keep.
func (co *core) putBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		co.bufs.Put(b)
	}
}

// readBody reads a whole body of at most limit bytes into buf (growing it
// once when the length is known). On error buf holds what was read.
func readBody(buf *bytes.Buffer, r io.Reader, length, limit int64) error {
	if length > limit {
		return fmt.Errorf("%w (%d bytes, limit %d)", errTooLarge, length, limit)
	}
	if length > 0 {
		buf.Grow(int(length) + bytes.MinRead) // room for the read that sees EOF
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	switch {
	case err != nil:
		return fmt.Errorf("reading the body: %w after %d bytes", err, n)
	case n > limit:
		buf.Truncate(int(limit))
		return fmt.Errorf("%w (limit %d)", errTooLarge, limit)
	case length >= 0 && n != length:
		return fmt.Errorf("reading the body: %w after %d of %d bytes", io.ErrUnexpectedEOF, n, length)
	}
	return nil
}

// drainClose reads what is left of a body, up to a bound, and closes it, so
// the connection can carry the next request.
func drainClose(b io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, b, maxDrainBytes)
	_ = b.Close()
}
