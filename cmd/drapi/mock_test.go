package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the command and the test at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// runningMock is drapi mock running in-process.
type runningMock struct {
	base, key      string
	stdout, stderr *lockedBuffer
	stop           func() int // cancels ctx and returns the exit status
}

var (
	mockURLRE = regexp.MustCompile(`base URL: (http://127\.0\.0\.1:\d+)`)
	mockKeyRE = regexp.MustCompile(`key: +(sk_test_\w+)`)
)

// startMock runs drapi mock with args on a free port and waits until it
// prints where it serves.
func startMock(t *testing.T, args ...string) *runningMock {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	m := &runningMock{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}}
	e := &env{stdin: strings.NewReader(""), stdout: m.stdout, stderr: m.stderr, getenv: func(string) string { return "" }}
	exit := make(chan int, 1)
	go func() { exit <- runMain(ctx, e, append([]string{"mock", "--addr", "127.0.0.1:0"}, args...)) }()
	var once sync.Once
	code := -1
	m.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-exit:
			case <-time.After(10 * time.Second):
				t.Error("drapi mock did not stop within 10s of the cancel")
			}
		})
		return code
	}
	t.Cleanup(func() { m.stop() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		out := m.stdout.String()
		if u, k := mockURLRE.FindStringSubmatch(out), mockKeyRE.FindStringSubmatch(out); u != nil && k != nil {
			m.base, m.key = u[1], k[1]
			return m
		}
		select {
		case c := <-exit:
			t.Fatalf("drapi mock exited %d: %s%s", c, m.stdout, m.stderr)
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("drapi mock printed no base URL and key: %q", m.stdout)
	return nil
}

// get sends GET path with the mock's key and returns the status, or 0 when
// the connection failed.
func (m *runningMock) get(t *testing.T, path string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", m.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+m.key)
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestMockServesUntilCancelled(t *testing.T) {
	m := startMock(t, "--seed")
	if got := m.get(t, "/customers/5823594809"); got != 200 {
		t.Fatalf("GET the seed customer: status %d", got)
	}
	if got := m.get(t, "/customers?limit=1000"); got != 400 {
		t.Errorf("a request that breaks the contract: status %d, want 400", got)
	}
	if code := m.stop(); code != exitOK {
		t.Fatalf("exit %d after cancel, want 0; stderr:\n%s", code, m.stderr)
	}
	log := m.stderr.String()
	for _, want := range []string{
		"GET /customers/5823594809 getCustomer 200",
		"GET /customers?limit=1000 listCustomers 400",
		"drapi mock: stopped",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
	if n := strings.Count(log, "\n"); n != 3 {
		t.Errorf("stderr has %d lines, want one per request and one to say it stopped:\n%s", n, log)
	}
	if !strings.Contains(m.stdout.String(), "DR_BASE_URL="+m.base+" DR_SECRET_KEY="+m.key) {
		t.Errorf("stdout does not say how to point a service at it:\n%s", m.stdout)
	}
	// It no longer listens.
	if conn, err := net.DialTimeout("tcp", strings.TrimPrefix(m.base, "http://"), time.Second); err == nil {
		conn.Close()
		t.Error("still listening after it stopped")
	}
}

func TestMockFailRateIsDeterministic(t *testing.T) {
	run := func() []int {
		m := startMock(t, "--fail-rate", "0.5", "--fail-seed", "42", "--quiet")
		var got []int
		for range 30 {
			got = append(got, m.get(t, "/orders"))
		}
		if code := m.stop(); code != exitOK {
			t.Errorf("exit %d", code)
		}
		return got
	}
	a, b := run(), run()
	if !slices.Equal(a, b) {
		t.Fatalf("--fail-seed 42 failed different calls:\n%v\n%v", a, b)
	}
	if !slices.Contains(a, 503) || !slices.Contains(a, 200) {
		t.Errorf("statuses at --fail-rate 0.5: %v", a)
	}
}

func TestMockFailStatusAndLatency(t *testing.T) {
	m := startMock(t, "--fail-rate", "1", "--fail-status", "429", "--latency", "50ms")
	start := time.Now()
	if got := m.get(t, "/orders"); got != 429 {
		t.Errorf("status %d, want 429", got)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered in %v, want the 50ms latency", d)
	}
	if !strings.Contains(m.stdout.String(), "--fail-seed") {
		t.Errorf("without --fail-seed, the seed is not printed for a rerun:\n%s", m.stdout)
	}
	if !strings.Contains(m.stdout.String(), "failing 100% of calls with 429") {
		t.Errorf("the failure rate is not said as a share of calls:\n%s", m.stdout)
	}
	m.stop()
	if !strings.Contains(m.stderr.String(), "listOrders 429 (injected)") {
		t.Errorf("log: %s", m.stderr)
	}

	d := startMock(t, "--fail-rate", "1", "--fail-status", "drop")
	if got := d.get(t, "/orders"); got != 0 {
		t.Errorf("--fail-status drop: status %d, want a dropped connection", got)
	}
}

func TestMockKey(t *testing.T) {
	m := startMock(t, "--key", "sk_test_only")
	if m.key != "sk_test_only" {
		t.Fatalf("printed key %q", m.key)
	}
	if got := m.get(t, "/orders"); got != 200 {
		t.Errorf("own key: %d", got)
	}
	m.key = "sk_test_other"
	if got := m.get(t, "/orders"); got != 401 {
		t.Errorf("another key: %d, want 401", got)
	}
}

func TestMockUsage(t *testing.T) {
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
		return runMain(context.Background(), e, append([]string{"mock"}, args...)), out.String(), errOut.String()
	}
	if code, out, _ := run("--help"); code != exitOK || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--fail-seed 42") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"--fail-rate", "2"},
		{"--fail-rate", "0.1", "--fail-status", "418"},
		{"--latency", "-1s"},
		{"--key", "sk_live_x"},
		{"--nope"},
		{"extra"},
	} {
		if code, _, errOut := run(args...); code != exitUsage || !strings.Contains(errOut, "drapi mock") {
			t.Errorf("drapi mock %v: exit %d, stderr %q; want %d and a message", args, code, errOut, exitUsage)
		}
	}
	// An address in use is a failure, not a usage error.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if code, _, errOut := run("--addr", ln.Addr().String()); code != exitFailed {
		t.Errorf("address in use: exit %d, stderr %q", code, errOut)
	}
}
