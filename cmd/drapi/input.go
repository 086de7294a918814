package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// defaultMaxPayloadBytes bounds one payload drapi validate reads: a file,
// stdin holding one JSON document, or one line of JSON Lines. A larger one
// is refused unread (a file, by its size) or as soon as the limit is
// passed, so memory stays a small multiple of this limit whatever the
// input. It matches the client's limit on a response body.
const defaultMaxPayloadBytes = 32 << 20

// maxPayloadBytes is the limit in force: defaultMaxPayloadBytes, lowered by
// tests.
var maxPayloadBytes = defaultMaxPayloadBytes

// errTooLarge reports a payload over maxPayloadBytes.
var errTooLarge = errors.New("larger than the limit per payload")

// tooLarge returns errTooLarge with the limit.
func tooLarge() error {
	return fmt.Errorf("%w (%s)", errTooLarge, sizeText(maxPayloadBytes))
}

// sizeText renders a size in bytes, in MiB when whole.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// chunkSize is how much an interruptible reader reads at a time.
const chunkSize = 64 << 10

// interruptible returns a reader of r whose reads end with ctx's error as
// soon as ctx ends, even when r blocks (a FIFO nobody writes, a terminal, a
// pipe left open): reads of r happen in a goroutine of their own, which is
// abandoned, blocked, when ctx ends first. Reads go chunk by chunk, so at
// most two chunks are in memory. Close stops the goroutine once its read
// in progress returns; it does not close r.
func interruptible(ctx context.Context, r io.Reader) io.ReadCloser {
	ctx, cancel := context.WithCancel(ctx)
	return &ctxReader{ctx: ctx, cancel: cancel, r: r}
}

type ctxReader struct {
	ctx     context.Context
	cancel  context.CancelFunc
	r       io.Reader
	started bool
	chunks  chan chunk
	free    chan []byte
	cur     []byte // what is left of the current chunk
	curBuf  []byte // the buffer cur is in, to hand back
	err     error
}

// chunk is one read of the underlying reader.
type chunk struct {
	buf []byte
	n   int
	err error
}

func (c *ctxReader) start() {
	c.started = true
	c.chunks = make(chan chunk, 1)
	c.free = make(chan []byte, 2)
	c.free <- make([]byte, chunkSize)
	c.free <- make([]byte, chunkSize)
	go func() {
		for {
			var buf []byte
			select {
			case buf = <-c.free:
			case <-c.ctx.Done():
				return
			}
			n, err := c.r.Read(buf)
			select {
			case c.chunks <- chunk{buf, n, err}:
			case <-c.ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
}

// Close stops reading.
func (c *ctxReader) Close() error {
	c.cancel()
	return nil
}

// Read implements io.Reader.
func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, context.Cause(c.ctx)
	}
	if !c.started {
		c.start()
	}
	for len(c.cur) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.curBuf != nil {
			c.free <- c.curBuf
			c.curBuf = nil
		}
		select {
		case <-c.ctx.Done():
			return 0, context.Cause(c.ctx)
		case ch := <-c.chunks:
			c.cur, c.curBuf, c.err = ch.buf[:ch.n], ch.buf, ch.err
		}
	}
	n := copy(p, c.cur)
	c.cur = c.cur[n:]
	return n, nil
}

// openInput opens the payload at path ("-" for stdin) for reading until
// ctx ends. A regular file larger than maxPayloadBytes is refused before a
// byte is read, unless stream (JSON Lines, where only lines are bounded).
// Opening a FIFO blocks until a writer comes: that wait, too, ends with
// ctx.
func openInput(ctx context.Context, e *env, path string, stream bool) (io.ReadCloser, error) {
	if path == "-" {
		return interruptible(ctx, e.stdin), nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().IsRegular() {
		if !stream && info.Size() > int64(maxPayloadBytes) {
			return nil, fmt.Errorf("%w: the file has %d bytes", tooLarge(), info.Size())
		}
		return os.Open(path)
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			return nil, o.err
		}
		r := interruptible(ctx, o.f)
		return readCloser{r, closers{r, o.f}}, nil
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, context.Cause(ctx)
	}
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// closers closes each of its closers in turn, returning the first error.
type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// readPayload reads one payload from r into buf: at most maxPayloadBytes,
// or errTooLarge. Input that cannot be JSON from its first byte on (zero
// bytes, binary) is not read further: its first chunk says all a decoder
// would say of it.
func readPayload(r io.Reader, buf *bytes.Buffer) ([]byte, error) {
	buf.Reset()
	lr := io.LimitReader(r, int64(maxPayloadBytes)+1)
	seen := false // whether the first byte that is not white space was read
	for {
		if buf.Available() < bytes.MinRead {
			buf.Grow(bytes.MinRead)
		}
		n, err := lr.Read(buf.AvailableBuffer()[:buf.Available()])
		if !seen {
			// Only the new bytes: leading white space is scanned once.
			if c, ok := firstByte(buf.AvailableBuffer()[:n]); ok {
				seen = true
				if !canStartJSON(c) {
					buf.Write(buf.AvailableBuffer()[:n])
					return buf.Bytes(), nil
				}
			}
		}
		buf.Write(buf.AvailableBuffer()[:n])
		if buf.Len() > maxPayloadBytes {
			return nil, tooLarge()
		}
		if errors.Is(err, io.EOF) {
			return buf.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// firstByte returns the first byte of data that is not JSON white space.
func firstByte(data []byte) (byte, bool) {
	for _, c := range data {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c, true
	}
	return 0, false
}

// canStartJSON reports whether a JSON value may start with c.
func canStartJSON(c byte) bool {
	switch c {
	case '{', '[', '"', 't', 'f', 'n', '-':
		return true
	}
	return '0' <= c && c <= '9'
}

// readInputCtx reads the payload at path ("-" for stdin) into buf, as
// readPayload does, until ctx ends.
func readInputCtx(ctx context.Context, e *env, path string, buf *bytes.Buffer) ([]byte, error) {
	rc, err := openInput(ctx, e, path, false)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readPayload(rc, buf)
}
