package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/drapi-go/drapi/api"
)

// JSON Lines (also called NDJSON): one JSON payload per line. drapi validate
// reads *.jsonl and *.ndjson files, and stdin when its first line is a
// whole JSON value, as a stream: one verdict per line, written as soon as
// the line is checked, in constant memory whatever the length of the
// stream. Each line is a payload of its own, bounded by maxPayloadBytes.

// streamExts are the file name extensions of JSON Lines.
var streamExts = []string{".jsonl", ".ndjson"}

// isStream reports whether drapi validate reads path as a stream: stdin,
// or a JSON Lines file.
func isStream(path string) bool {
	return path == "-" || isJSONLines(path)
}

func isJSONLines(path string) bool {
	ext := filepath.Ext(path)
	for _, x := range streamExts {
		if ext == x {
			return true
		}
	}
	return false
}

// isPayloadFile reports whether a directory walk picks up the file called
// name: *.json, *.jsonl and *.ndjson.
func isPayloadFile(name string) bool {
	return strings.HasSuffix(name, ".json") || isJSONLines(name)
}

// validateAndReport checks inputs in order (files in parallel, streams one
// line after another), writing each verdict through a reporter as it
// comes, after the results of paths that could not be read (failed), and
// returns the exit status.
func validateAndReport(ctx context.Context, e *env, inputs []string, failed []validateResult, o *validateOptions) int {
	rep := newReporter(e, o.format, o.verbose)
	for _, r := range failed {
		rep.add(r)
	}
	for len(inputs) > 0 {
		if isStream(inputs[0]) {
			validateStream(ctx, e, inputs[0], o, rep)
			inputs = inputs[1:]
			continue
		}
		n := 1
		for n < len(inputs) && !isStream(inputs[n]) {
			n++
		}
		for _, r := range validateAll(ctx, e, inputs[:n], o) {
			rep.add(r)
		}
		inputs = inputs[n:]
	}
	return rep.finish()
}

// streamTarget is what the payloads of the stream at path are: the flags
// say, or the file's name without its .jsonl or .ndjson.
func streamTarget(path string, o *validateOptions) (validateTarget, string) {
	if o.flagTarget != nil {
		return *o.flagTarget, ""
	}
	name := strings.TrimSuffix(path, filepath.Ext(path)) + ".json"
	return targetFromName(name, o.status)
}

// validateStream checks the payloads of the stream at path and hands each
// verdict to rep. stdin holding one JSON document over several lines (a
// first line that is not a whole JSON value) is checked as one payload, as
// is stdin of a single line.
func validateStream(ctx context.Context, e *env, path string, o *validateOptions, rep *reporter) {
	t, why := streamTarget(path, o)
	if why != "" {
		rep.add(validateResult{Path: path, Error: why})
		return
	}
	rc, err := openInput(ctx, e, path, true)
	if err != nil {
		rep.add(validateResult{Path: path, Target: t.String(), Error: describeReadError(err)})
		return
	}
	defer rc.Close()
	validateLines(ctx, bufio.NewReaderSize(rc, chunkSize), path, t, path == "-", o.jobs, rep.add)
}

// Lines are checked in batches of at most batchLines lines or batchBytes
// bytes, or what was read before the input made us wait, in parallel, and
// their verdicts handed on in order: memory stays bounded by a batch (and
// one line, at most maxPayloadBytes) however long the stream, and a stream
// that stays open gets its verdicts while it waits.
const (
	batchLines = 256
	batchBytes = 4 << 20
)

// lineJob is one line of a stream to check.
type lineJob struct {
	line   int    // its number, 1-based
	data   []byte // the line without surrounding white space, a copy
	indent int    // bytes of white space before it
	res    validateResult
	done   bool // res is already the verdict (a line too long)
}

// lineEmitter hands on the verdicts of a stream's lines, in order; with
// whole, it holds the first back until a second comes, so that input of a
// single line is judged as a whole document (Line 0).
type lineEmitter struct {
	emit    func(validateResult)
	whole   bool
	n       int
	pending *validateResult
}

func (le *lineEmitter) add(r validateResult) {
	le.n++
	if le.whole && le.n == 1 {
		le.pending = &r
		return
	}
	le.flush()
	le.emit(r)
}

// flush hands on the verdict held back, as a line's.
func (le *lineEmitter) flush() {
	if le.pending != nil {
		le.emit(*le.pending)
		le.pending = nil
	}
}

// end hands on the verdict held back, as the whole input's.
func (le *lineEmitter) end() {
	if le.pending != nil {
		le.pending.Line = 0
		le.emit(*le.pending)
		le.pending = nil
	}
}

// validateLines checks each non-blank line read from br as a payload
// against t, jobs at a time, and hands emit one verdict per line, in
// order, with its line number. With whole, input whose first non-blank
// line is not a whole JSON value, or that has a single non-blank line, is
// one payload (Line 0).
func validateLines(ctx context.Context, br *bufio.Reader, path string, t validateTarget, whole bool, jobs int, emit func(validateResult)) {
	out := &lineEmitter{emit: emit, whole: whole}
	var buf bytes.Buffer
	var batch []*lineJob
	batchSize := 0
	run := func() {
		checkLines(ctx, path, t, batch, jobs)
		for _, j := range batch {
			out.add(j.res)
		}
		batch, batchSize = batch[:0], 0
	}
	lineNo, payloads := 0, 0
	for {
		if ctx.Err() != nil {
			run()
			out.flush()
			emit(validateResult{Path: path, Line: lineNo + 1, Target: t.String(), Error: "not checked: " + context.Cause(ctx).Error()})
			return
		}
		if len(batch) > 0 && br.Buffered() == 0 {
			// The next read may wait (a pipe from kubectl logs -f): give
			// the verdicts of the lines read so far first.
			run()
		}
		first := whole && payloads == 0
		line, tooLong, junk, err := readLine(br, &buf, first)
		if err != nil && !errors.Is(err, io.EOF) {
			run()
			out.flush()
			emit(validateResult{Path: path, Line: lineNo + 1, Target: t.String(), Error: describeReadError(err)})
			return
		}
		eof := err != nil
		if len(line) == 0 && !tooLong && eof {
			break
		}
		lineNo++
		trimmed := bytes.TrimSpace(line)
		switch {
		case tooLong:
			payloads++
			batch = append(batch, &lineJob{line: lineNo, done: true,
				res: validateResult{Path: path, Line: lineNo, Target: t.String(), Error: "not checked: the line is " + tooLarge().Error()}})
		case len(trimmed) == 0:
		case first && junk:
			// Not JSON from the first byte on: say so, where (after
			// blank lines, not on line 1), and read no more.
			r := checkLine(ctx, path, t, &lineJob{line: lineNo, data: line})
			r.Line = 0
			emit(r)
			return
		case first && !json.Valid(trimmed):
			// One JSON document over several lines: read it whole.
			// Blank lines before it keep the line numbers right.
			head := append(bytes.Repeat([]byte("\n"), lineNo-1), line...)
			head = append(head, '\n')
			data, err := readPayload(io.MultiReader(bytes.NewReader(head), br), new(bytes.Buffer))
			r := validateResult{Path: path, Target: t.String()}
			if err != nil {
				r.Error = describeReadError(err)
			} else {
				r = checkPayload(ctx, path, t, data)
			}
			emit(r)
			return
		default:
			payloads++
			batch = append(batch, &lineJob{line: lineNo, data: bytes.Clone(trimmed), indent: bytes.Index(line, trimmed)})
			batchSize += len(trimmed)
		}
		if eof {
			break
		}
		if len(batch) >= batchLines || batchSize >= batchBytes {
			run()
		}
	}
	run()
	out.end()
}

// checkLines checks the lines of batch not yet judged, jobs at a time.
func checkLines(ctx context.Context, path string, t validateTarget, batch []*lineJob, jobs int) {
	var next atomic.Int64
	work := func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= len(batch) {
				return
			}
			if j := batch[i]; !j.done {
				j.res, j.done = checkLine(ctx, path, t, j), true
			}
		}
	}
	workers := min(max(jobs, 1), len(batch))
	if workers <= 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}

// checkLine checks one line, with its problems located in the stream.
func checkLine(ctx context.Context, path string, t validateTarget, j *lineJob) validateResult {
	r := checkPayload(ctx, path, t, j.data)
	r.Line = j.line
	for i := range r.Problems {
		p := &r.Problems[i]
		if p.Line > 0 {
			col := p.Column + j.indent
			if p.Rule == "json" {
				p.Message = strings.Replace(p.Message, fmt.Sprintf("at line 1, column %d", p.Column), fmt.Sprintf("at line %d, column %d", j.line, col), 1)
			}
			p.Line, p.Column = j.line, col
		}
	}
	return r
}

// readLine reads one line from br (without its '\n') into buf and returns
// it. A line longer than maxPayloadBytes is read to its end but not kept:
// tooLong is then true. A line that cannot be JSON from its first byte on
// (junk) is kept only as far as its first fragment, which says all a
// decoder would say of it; with stopOnJunk, reading stops there too. err is
// io.EOF at the end of the input, with the last line when it had no '\n'.
func readLine(br *bufio.Reader, buf *bytes.Buffer, stopOnJunk bool) (line []byte, tooLong, junk bool, err error) {
	buf.Reset()
	keep := true
	seen := false // whether the first byte that is not white space was read
	for {
		frag, err := br.ReadSlice('\n')
		if keep {
			if buf.Len()+len(bytes.TrimSuffix(frag, []byte("\n"))) > maxPayloadBytes {
				tooLong, keep = true, false
				buf.Reset()
			} else {
				buf.Write(frag)
			}
		}
		if !seen {
			// Only the new fragment: leading white space is scanned once.
			if c, ok := firstByte(frag); ok {
				seen = true
				if keep && !canStartJSON(c) {
					junk, keep = true, false
				}
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) && !(junk && stopOnJunk) {
			continue
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			err = nil
		}
		line = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if tooLong {
			line = nil
		}
		return line, tooLong, junk, err
	}
}

// checkPayload validates data against t.
func checkPayload(ctx context.Context, path string, t validateTarget, data []byte) validateResult {
	r := validateResult{Path: path, Target: t.String()}
	var err error
	if t.schema != "" {
		err = api.ValidateSchema(t.schema, t.dir, data)
	} else {
		err = validateOperation(t, data)
	}
	var verr *api.ValidationError
	switch {
	case err == nil:
		r.Valid = true
	case errors.As(err, &verr):
		r.Problems = verr.Problems
	default:
		r.Error = err.Error()
	}
	return r
}

// describeReadError says why input could not be read.
func describeReadError(err error) string {
	switch {
	case errors.Is(err, errTooLarge):
		return "not checked: " + err.Error()
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "not checked: interrupted (" + err.Error() + ")"
	}
	return describeFSError(err)
}
