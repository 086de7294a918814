package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/drapi-go/drapi/drapitest"
)

// TestMockServerTimeouts: the mock's server closes a kept-alive connection
// left idle, and one whose request head never ends; drapi mock runs with
// timeouts set.
func TestMockServerTimeouts(t *testing.T) {
	for name, d := range map[string]time.Duration{"readHeader": defaultMockTimeouts.readHeader,
		"read": defaultMockTimeouts.read, "idle": defaultMockTimeouts.idle} {
		if d <= 0 {
			t.Errorf("drapi mock has no %s timeout", name)
		}
	}
	fake, err := drapitest.New()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newMockServer(fake, mockTimeouts{readHeader: 200 * time.Millisecond, read: time.Second, idle: 200 * time.Millisecond})
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	closedWithin := func(conn net.Conn, d time.Duration) bool {
		conn.SetReadDeadline(time.Now().Add(d))
		_, err := io.Copy(io.Discard, conn)
		return err == nil // EOF: the server closed it
	}

	// Idle after one request.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+fake.Key()+"\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if !closedWithin(conn, 3*time.Second) {
		t.Error("an idle kept-alive connection stayed open")
	}

	// A head that never ends.
	conn2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	io.WriteString(conn2, "GET /customers HTTP/1.1\r\nHost: x\r\n")
	if !closedWithin(conn2, 3*time.Second) {
		t.Error("a connection with an unfinished request head stayed open")
	}
}

// TestMockLogOneLinePerCall: a decoded path with CR and LF, and a query
// with control characters, cannot forge a line of the request log.
func TestMockLogOneLinePerCall(t *testing.T) {
	var out bytes.Buffer
	log := callLogger(&out)
	log(drapitest.Call{Method: "GET", Path: "/customers/x\r\n12:00:00.000 GET /orders listOrders 200", Query: "a=\x1b[2J b", Status: 404})
	got := out.String()
	if strings.Count(got, "\n") != 1 || strings.ContainsAny(strings.TrimSuffix(got, "\n"), "\r\n\x1b") {
		t.Fatalf("log = %q, want one line without control characters", got)
	}
	if !strings.Contains(got, "/customers/x%0D%0A12:00:00.000%20GET%20/orders%20listOrders%20200?a=%1B[2J%20b") {
		t.Errorf("log = %q, want the path and query escaped", got)
	}
}
