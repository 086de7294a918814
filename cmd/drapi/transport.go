package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// errDryRun ends a call under --dry-run once its request is printed.
var errDryRun = errors.New("dry run: nothing sent")

// dryRunKey stands in for a missing key under --dry-run; it is never sent.
const dryRunKey = "sk_test_dryrun_no_key_set"

// requestIDHeaders are the headers that may carry the API's request ID:
// the live API's, and the one older code and fakes send.
var requestIDHeaders = []string{"X-Dr-Requestid", "X-Request-Id"}

// counter counts, safely for concurrent use.
type counter struct{ n atomic.Int64 }

func (c *counter) add()         { c.n.Add(1) }
func (c *counter) value() int64 { return c.n.Load() }

// cliTransport is the http.RoundTripper under the client for --verbose
// (a line for each request and each answer on log) and --dry-run (the
// request printed on out, nothing sent). It counts the successful answers,
// the pages of a list, on answers.
type cliTransport struct {
	next    http.RoundTripper
	log     io.Writer // --verbose: where the lines go; nil for none
	dryRun  bool
	out     io.Writer // where --dry-run prints the request
	keyless bool      // no key was configured: say so instead of hiding one
	answers *counter

	mu       sync.Mutex
	lastCall string // method and URL of the previous request
	attempt  int    // how many times in a row lastCall was sent
}

// RoundTrip prints (--dry-run) or sends req, logging it and its answer for --verbose.
func (t *cliTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.dryRun {
		return nil, t.printRequest(req)
	}
	attempt := t.countAttempt(req)
	if t.log != nil {
		fmt.Fprintf(t.log, "> %s %s (attempt %d)\n", req.Method, req.URL.Redacted(), attempt)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	d := time.Since(start).Round(10 * time.Microsecond)
	if err != nil {
		switch {
		case t.log == nil:
		case req.Context().Err() == context.Canceled:
			// Given up on by drapi (the page --all fetched ahead of --max) or by Ctrl-C.
			fmt.Fprintf(t.log, "< %s %s: cancelled after %s\n", req.Method, req.URL.Path, d)
		default:
			fmt.Fprintf(t.log, "< %s %s: no answer after %s: %v\n", req.Method, req.URL.Path, d, err)
		}
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		t.answers.add()
	}
	if t.log != nil {
		line := fmt.Sprintf("< %s %s %s in %s", req.Method, req.URL.Path, resp.Status, d)
		if id := responseRequestID(resp.Header); id != "" {
			line += ", request ID " + id
		}
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			line += ", Retry-After " + ra
		}
		fmt.Fprintln(t.log, line)
	}
	return resp, nil
}

// countAttempt returns which attempt at the same method and URL req is: a
// CLI command makes one call at a time, so a repeat is the client retrying.
func (t *cliTransport) countAttempt(req *http.Request) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	call := req.Method + " " + req.URL.String()
	if call == t.lastCall {
		t.attempt++
	} else {
		t.lastCall, t.attempt = call, 1
	}
	return t.attempt
}

// responseRequestID returns the request ID the answer carries, in the
// first of requestIDHeaders it has. net/http canonicalizes the names of the
// headers it reads, so Get finds them in any case.
func responseRequestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

// printRequest prints req as it would go on the wire, the key hidden, and
// returns errDryRun.
func (t *cliTransport) printRequest(req *http.Request) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s\n", req.Method, req.URL.Redacted())
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			if strings.EqualFold(k, "Authorization") {
				v = t.hiddenAuthorization(v)
			}
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return err
		}
		b.WriteString("\n")
		b.Write(body)
		if len(body) > 0 && body[len(body)-1] != '\n' {
			b.WriteString("\n")
		}
	}
	if _, err := t.out.Write(b.Bytes()); err != nil {
		return err
	}
	return errDryRun
}

// hiddenAuthorization shows which kind of key would be sent, never the key.
func (t *cliTransport) hiddenAuthorization(v string) string {
	if t.keyless {
		return "Bearer <no key: set " + "DR_SECRET_KEY>"
	}
	key := strings.TrimPrefix(v, "Bearer ")
	for _, prefix := range []string{"sk_test_", "sk_live_", "sk_"} {
		if strings.HasPrefix(key, prefix) {
			return "Bearer " + prefix + "<hidden>"
		}
	}
	return "Bearer <hidden>"
}
