package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// mockTimeouts bound how long drapi mock's server waits on a client.
type mockTimeouts struct {
	readHeader time.Duration // for a request's head
	read       time.Duration // for a whole request, body included
	idle       time.Duration // for the next request on a kept-alive connection
}

// defaultMockTimeouts are drapi mock's: a client that sends nothing, or
// sends slowly, or keeps a connection idle, does not hold it for ever.
var defaultMockTimeouts = mockTimeouts{readHeader: 10 * time.Second, read: time.Minute, idle: 2 * time.Minute}

// mockMaxHeaderBytes bounds a request's head.
const mockMaxHeaderBytes = 1 << 20

// newMockServer returns the http.Server of drapi mock for h.
func newMockServer(h http.Handler, to mockTimeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: to.readHeader,
		ReadTimeout:       to.read,
		IdleTimeout:       to.idle,
		MaxHeaderBytes:    mockMaxHeaderBytes,
	}
}

// logTarget renders a request's decoded path and raw query for the log on
// one line: the path escaped as in a URL (a CR or LF decoded from %0D%0A
// cannot start a forged line), control characters and spaces of the query
// percent-encoded.
func logTarget(path, query string) string {
	target := (&url.URL{Path: path}).EscapedPath()
	if query != "" {
		target += "?" + escapeControls(query)
	}
	return target
}

// escapeControls percent-encodes the control characters and spaces of s.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
