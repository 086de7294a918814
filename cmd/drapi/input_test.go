package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// runToolCtx runs drapi in-process with ctx and stdin as they are, and
// fails the test when it has not returned 5 seconds after ctx ended.
func runToolCtx(t *testing.T, ctx context.Context, stdin io.Reader, args ...string) ranTool {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: stdin, stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- runMain(ctx, e, args) }()
	select {
	case code := <-done:
		return ranTool{code: code, stdout: out.String(), stderr: errOut.String()}
	case <-ctx.Done():
		select {
		case code := <-done:
			return ranTool{code: code, stdout: out.String(), stderr: errOut.String()}
		case <-time.After(5 * time.Second):
			t.Fatalf("drapi %v still running 5s after its context ended", args)
		}
	}
	return ranTool{}
}

// TestValidateSilentStdinInterrupted: a stdin that stays open and says
// nothing ends when the signal context does, as not checked.
func TestValidateSilentStdinInterrupted(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r := runToolCtx(t, ctx, pr, "validate", "--schema", "Order", "-")
	if r.code != exitUsage || !strings.Contains(r.stdout, "interrupted") {
		t.Errorf("exit %d, stdout %q; want 2 and the payload not checked, interrupted", r.code, r.stdout)
	}
}

// TestValidateFIFOInterrupted: a FIFO nobody writes to (opening it blocks)
// and one whose writer stays silent both end with the context.
func TestValidateFIFOInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "order.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r := runToolCtx(t, ctx, strings.NewReader(""), "validate", "--schema", "Order", fifo)
	if r.code != exitUsage || !strings.Contains(r.stdout, "interrupted") {
		t.Errorf("no writer: exit %d, stdout %q; want 2, interrupted", r.code, r.stdout)
	}

	// A writer that opens the FIFO and writes nothing.
	w, err := os.OpenFile(fifo, os.O_RDWR, 0) // O_RDWR: opens without waiting for a reader
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel = context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r = runToolCtx(t, ctx, strings.NewReader(""), "validate", "--schema", "Order", fifo)
	if r.code != exitUsage || !strings.Contains(r.stdout, "interrupted") {
		t.Errorf("silent writer: exit %d, stdout %q; want 2, interrupted", r.code, r.stdout)
	}
}

// lowerPayloadLimit sets maxPayloadBytes to n for the test.
func lowerPayloadLimit(t *testing.T, n int) {
	old := maxPayloadBytes
	maxPayloadBytes = n
	t.Cleanup(func() { maxPayloadBytes = old })
}

// TestValidateSizeLimit: a file over the limit is refused by its size,
// unread; stdin and a line of JSON Lines over it are refused once the
// limit is passed; the other payloads are still checked.
func TestValidateSizeLimit(t *testing.T) {
	lowerPayloadLimit(t, 1024)
	dir := t.TempDir()
	big := `{"email": "` + strings.Repeat("x", 2000) + `@example.com"}`
	if err := os.WriteFile(filepath.Join(dir, "big.json"), []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "small.json"), []byte(`{"email": "a@example.com"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runTool(t, "", "validate", "--schema", "CustomerRequest", dir)
	if r.code != exitUsage || !strings.Contains(r.stdout, "big.json: not checked: larger than the limit per payload (1024 bytes): the file has 2025 bytes") ||
		!strings.Contains(r.stdout, "1 file checked: 1 valid") {
		t.Errorf("file: exit %d, stdout %q", r.code, r.stdout)
	}

	r = runTool(t, "{\n"+big[1:], "validate", "--schema", "CustomerRequest", "-")
	if r.code != exitUsage || !strings.Contains(r.stdout, "larger than the limit per payload") {
		t.Errorf("stdin: exit %d, stdout %q", r.code, r.stdout)
	}

	r = runTool(t, `{"email": "a@example.com"}`+"\n"+big+"\n"+`{"email": "b@example.com"}`+"\n", "validate", "--schema", "CustomerRequest", "-")
	if r.code != exitUsage || !strings.Contains(r.stdout, "-:2: not checked: the line is larger than the limit") ||
		!strings.Contains(r.stdout, "2 payloads checked: 2 valid") {
		t.Errorf("line: exit %d, stdout %q", r.code, r.stdout)
	}
}

// zeros is an endless stream of zero bytes, counting what was read of it.
type zeros struct{ n atomic.Int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n.Add(int64(len(p)))
	return len(p), nil
}

// TestValidateJunkRefusedEarly: input that cannot be JSON from its first
// byte on (zero bytes, endless) is refused after reading a little of it.
func TestValidateJunkRefusedEarly(t *testing.T) {
	z := &zeros{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r := runToolCtx(t, ctx, z, "validate", "--schema", "Order", "-")
	if r.code != exitFailed || !strings.Contains(r.stdout, "-:1:1: invalid JSON at line 1, column 1: unexpected byte 0x00") {
		t.Errorf("exit %d, stdout %q; want the first byte refused", r.code, r.stdout)
	}
	if n := z.n.Load(); n > 1<<20 {
		t.Errorf("read %d bytes of zeros, want at most a few chunks", n)
	}
}

// TestValidateJSONLines: JSON Lines from stdin, *.jsonl and *.ndjson give
// one verdict per non-blank line, with its line number, in order.
func TestValidateJSONLines(t *testing.T) {
	lines := `{"id": "a", "email": "x@example.com"}
{"email": "bad"}

  not json
{"Email": "q@example.com"}
`
	r := runTool(t, lines, "validate", "--schema", "CustomerRequest", "-")
	want := []string{
		`-:2:11: /email: must be an e-mail address`,
		`-:4:3: invalid JSON at line 4, column 3`,
		`-:5:11: /Email: "Email" differs from the property "email" only by case`,
		`drapi validate: 4 payloads checked: 1 valid, 3 invalid`,
	}
	got := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != exitFailed || len(got) != len(want) {
		t.Fatalf("exit %d, stdout:\n%s", r.code, r.stdout)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("line %d = %q, want it to start %q", i, got[i], want[i])
		}
	}

	// Files, named for what they hold, found by a directory walk; JSON
	// output with each verdict's line.
	dir := t.TempDir()
	for name, body := range map[string]string{
		"createCustomer.request.jsonl":  lines,
		"createCustomer.request.ndjson": `{"id": "b"}` + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r = runTool(t, "", "validate", "--format", "json", dir)
	var rep validateReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("--format json: %v\n%s", err, r.stdout)
	}
	var gotLines []int
	for _, f := range rep.Files {
		gotLines = append(gotLines, f.Line)
	}
	if r.code != exitFailed || rep.Summary.Checked != 5 || rep.Summary.Invalid != 3 || len(gotLines) != 5 ||
		gotLines[0] != 1 || gotLines[1] != 2 || gotLines[2] != 4 || gotLines[3] != 5 || gotLines[4] != 1 {
		t.Errorf("exit %d, summary %+v, lines %v; want 5 checked, 3 invalid, lines 1 2 4 5 1", r.code, rep.Summary, gotLines)
	}

	// One document over several lines, and one line alone, stay a file.
	r = runTool(t, "{\n  \"email\": \"bad\"\n}\n", "validate", "--schema", "CustomerRequest", "-")
	if !strings.HasPrefix(r.stdout, "-:2:12: /email") || !strings.Contains(r.stdout, "1 file checked") {
		t.Errorf("pretty-printed: %q", r.stdout)
	}
	r = runTool(t, `{"email": "bad"}`+"\n", "validate", "-v", "--schema", "CustomerRequest", "-")
	if !strings.HasPrefix(r.stdout, "-:1:11: /email") || !strings.Contains(r.stdout, "1 file checked") {
		t.Errorf("one line: %q", r.stdout)
	}
}

// FuzzJSONLines feeds any input to drapi validate as JSON Lines: it must
// not panic, and must give exactly one verdict per non-blank line, in
// order, each with that line's number. Run it longer with:
// go test -run '^$' -fuzz FuzzJSONLines ./cmd/drapi
func FuzzJSONLines(f *testing.F) {
	for _, s := range []string{
		"", "\n", `{"id": "a"}`, "{\"id\": \"a\"}\n{\"email\": \"bad\"}\n",
		"{\"Email\": \"x\"}\r\n\r\n[1,2]\nnull\n\x00\x00\n",
		"\xef\xbb\xbf{}\n{\x00}\x00\n", `{"a": 1e400}` + "\n" + `{"a": "` + strings.Repeat("x", 300) + `"}`,
	} {
		f.Add([]byte(s))
	}
	old := maxPayloadBytes
	maxPayloadBytes = 256
	f.Cleanup(func() { maxPayloadBytes = old })
	t := validateTarget{schema: "CustomerRequest"}
	f.Fuzz(func(tt *testing.T, data []byte) {
		var verdicts []validateResult
		br := bufio.NewReaderSize(bytes.NewReader(data), 16) // small: lines span reads
		validateLines(context.Background(), br, "in.jsonl", t, false, 2, func(r validateResult) { verdicts = append(verdicts, r) })
		var want []int
		for i, line := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(line)) > 0 || len(line) > maxPayloadBytes {
				want = append(want, i+1)
			}
		}
		if len(verdicts) != len(want) {
			tt.Fatalf("%d verdicts for %d non-blank lines", len(verdicts), len(want))
		}
		for i, v := range verdicts {
			if v.Line != want[i] {
				tt.Fatalf("verdict %d is for line %d, want %d", i, v.Line, want[i])
			}
			if !v.Valid && v.Error == "" && len(v.Problems) == 0 {
				tt.Fatalf("line %d: invalid without a problem", v.Line)
			}
			for _, p := range v.Problems {
				if p.Line != 0 && p.Line != v.Line {
					tt.Fatalf("line %d: a problem on line %d", v.Line, p.Line)
				}
			}
		}
	})
}

// TestValidateJSONLinesInOrder: verdicts of a stream checked in parallel
// batches come out one per line, in the order of the lines.
func TestValidateJSONLinesInOrder(t *testing.T) {
	var in strings.Builder
	const n = 3*batchLines + 17
	for i := range n {
		if i%3 == 1 {
			in.WriteString(`{"email": "bad"}` + "\n")
		} else {
			in.WriteString(`{"id": "c"}` + "\n")
		}
	}
	r := runTool(t, in.String(), "validate", "--jobs", "4", "--format", "json", "--schema", "CustomerRequest", "-")
	var rep validateReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%.500s", err, r.stdout)
	}
	if len(rep.Files) != n {
		t.Fatalf("%d verdicts, want %d", len(rep.Files), n)
	}
	for i, f := range rep.Files {
		if f.Line != i+1 || f.Valid != (i%3 != 1) {
			t.Fatalf("verdict %d: line %d, valid %v; want line %d, valid %v", i, f.Line, f.Valid, i+1, i%3 != 1)
		}
	}
}

// TestValidateJunkAfterBlankLines: stdin whose first non-blank line cannot
// be JSON is refused where it is, not on line 1.
func TestValidateJunkAfterBlankLines(t *testing.T) {
	r := runTool(t, "\n\n  @@@\n{}\n", "validate", "--schema", "CustomerRequest", "-")
	if r.code != exitFailed || !strings.HasPrefix(r.stdout, "-:3:3: invalid JSON at line 3, column 3: unexpected '@'") {
		t.Errorf("exit %d, stdout %q; want the '@' on line 3 column 3", r.code, r.stdout)
	}
}

// lineWatch is a stdout that says when a line containing want was written.
type lineWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *lineWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return len(p), nil
}

// TestValidateStreamVerdictsWhileOpen: JSON Lines on a stdin that stays open
// (kubectl logs -f | jq -c ...) get their verdicts while it waits for more,
// not once 256 lines have come.
func TestValidateStreamVerdictsWhileOpen(t *testing.T) {
	pr, pw := io.Pipe()
	seen := make(chan struct{})
	out := &lineWatch{want: "-:2:11: /email", seen: seen}
	e := &env{stdin: pr, stdout: out, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- runMain(context.Background(), e, []string{"validate", "--schema", "CustomerRequest", "-"})
	}()
	go io.WriteString(pw, "{\"email\": \"a@example.com\"}\n{\"email\": \"bad\"}\n{\"email\": \"b@example.com\"}\n")
	select {
	case <-seen:
	case <-time.After(5 * time.Second):
		t.Error("no verdict for line 2 within 5 s while stdin stays open")
	}
	pw.Close()
	if code := <-done; code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
}
