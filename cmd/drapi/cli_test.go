package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// TestBinaryNoKeyIsAUsageError: without a key and without --sandbox, no API
// command pretends to succeed; a delete in particular sends nothing.
func TestBinaryNoKeyIsAUsageError(t *testing.T) {
	for _, args := range [][]string{
		{"customers", "list"},
		{"customers", "get", "5823594809"},
		{"customers", "delete", "5823594809"},
		{"customers", "create", "--data", `{"email":"a@example.com"}`},
		{"customers", "detach-source", "5823594809", "a6809a63-e6a9-4016-abbc-f33d19fccb5b"},
		{"sources", "get", "a6809a63-e6a9-4016-abbc-f33d19fccb5b"},
		{"orders", "update", "ord_5823594809", "--data", `{"requestToBeForgotten":true}`},
	} {
		for _, environ := range []map[string]string{nil, {"DR_BASE_URL": "http://127.0.0.1:9"}, {"DR_SANDBOX": "0"}} {
			r := run{environ: environ}.exec(t, args...)
			if r.code != exitUsage || r.stdout != "" {
				t.Errorf("drapi %v (env %v): exit %d, stdout %q; want 2 and nothing", args, environ, r.code, r.stdout)
			}
			if !strings.Contains(r.stderr, "DR_SECRET_KEY") || !strings.Contains(r.stderr, "--sandbox") || strings.Contains(r.stderr, "deleted") {
				t.Errorf("drapi %v: stderr %q should name DR_SECRET_KEY and --sandbox", args, r.stderr)
			}
		}
	}
	// The sandbox asked for by the environment says so when a flag contradicts it.
	r := run{environ: map[string]string{"DR_SANDBOX": "1"}}.exec(t, "customers", "list", "--key", "sk_test_abc")
	if r.code != exitUsage || !strings.Contains(r.stderr, "DR_SANDBOX=1") || !strings.Contains(r.stderr, "--key") {
		t.Errorf("DR_SANDBOX=1 and --key: exit %d, %q", r.code, r.stderr)
	}
	r = run{environ: map[string]string{"DR_SANDBOX": "maybe"}}.exec(t, "customers", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "DR_SANDBOX") {
		t.Errorf("DR_SANDBOX=maybe: exit %d, %q", r.code, r.stderr)
	}
}

// TestBinaryUsageErrorsNameTheFlag: each usage error exits 2 and names what
// was wrong.
func TestBinaryUsageErrorsNameTheFlag(t *testing.T) {
	sb := run{environ: map[string]string{"DR_SANDBOX": "1"}}
	tests := []struct {
		args []string
		want []string // in stderr
	}{
		{[]string{"mock", "--latency", "5"}, []string{`"--latency"`, "20ms"}},
		{[]string{"mock", "--addr", "nonsense"}, []string{`--addr "nonsense"`, "HOST:PORT"}},
		{[]string{"mock", "--addr", "127.0.0.1:http"}, []string{"--addr", "port"}},
		{[]string{"mock", "--fail-rate", "abc"}, []string{`"--fail-rate"`, "not a number"}},
		{[]string{"mock", "--fail-seed", "-1"}, []string{`"--fail-seed"`, "not a whole number"}},
		{[]string{"orders", "list", "--starting-after", "a", "--ending-before", "b"}, []string{"--starting-after and --ending-before"}},
		{[]string{"orders", "list", "--starting-after", ""}, []string{"--starting-after is empty"}},
		// An empty list would drop the filter and list every order.
		{[]string{"orders", "list", "--upstream-ids", ""}, []string{`"--upstream-ids"`, "no ID"}},
		{[]string{"customers", "list", "--ids", " , "}, []string{`"--ids"`, "no ID"}},
		{[]string{"customers", "create", "--data", "@"}, []string{"--data @", "file name"}},
		{[]string{"customers", "create", "--data", "@nonexistent.json"}, []string{"--data @nonexistent.json", "no such file"}},
		{[]string{"customers", "create", "--data", "null"}, []string{"--data", "JSON object", "null"}},
		{[]string{"customers", "create", "--data", "[]"}, []string{"--data", "an array"}},
		{[]string{"customers", "create", "--data", " 7"}, []string{"--data", "a number"}},
		{[]string{"customers", "create"}, []string{"--data is required"}},
		{[]string{"customers", "create", "--data", `{"type": 5}`}, []string{`--data: line 1, column 10: field "type": a number, want a string`}},
		{[]string{"customers", "create", "--data", `{"emial": "a@example.com"}`}, []string{`--data: line 1, column 2: unknown field "emial"`}},
		{[]string{"orders", "create", "--data", `{"items": {}}`}, []string{`field "items": an object, want an array`}},
		{[]string{"customers", "create", "--data", "{\n  \"email\": \"a@example.com\",\n  \"emial\": \"b@example.com\",\n  \"type\": \"individual\"\n}"}, []string{`line 3, column 3: unknown field "emial"`}},
		{[]string{"orders", "list", "--limit", "500"}, []string{`"--limit"`, "1 to 100"}},
		{[]string{"orders", "list", "--max", "0"}, []string{`"--max"`}},
		{[]string{"orders", "list", "--output", "yaml"}, []string{`--output "yaml"`}},
		{[]string{"orders", "list", "--fields", "id,totl"}, []string{"--fields", `"totl"`}},
		{[]string{"orders", "list", "--fields", "id,totalAmont"}, []string{`did you mean "totalAmount"`}},
		{[]string{"orders", "list", "--stat", "accepted"}, []string{"unknown flag: --stat", "Did you mean this?", "--state"}},
		{[]string{"custmers", "list"}, []string{`unknown command "custmers"`, "Did you mean this?", "customers"}},
		{[]string{"orders", "list", "-v"}, []string{"unknown shorthand flag: 'v'", "Did you mean this?\n\t--verbose\nRun"}},
		{[]string{"customers", "lst"}, []string{`unknown action "lst"`, "list"}},
		{[]string{"customers", "get"}, []string{"want 1 argument(s) (ID), got 0"}},
		{[]string{"customers", "delete", "5823594809", "--output", "json"}, []string{"prints no object"}},
		{[]string{"customers", "list", "--sandbox", "--key", "sk_test_x"}, []string{"--sandbox", "--key"}},
		{[]string{"validate"}, []string{"no PATH given"}},
		{[]string{"help", "ordrs"}, []string{"ordrs", "Did you mean this?", "orders"}},
		{[]string{"help", "orders", "cancel"}, []string{`unknown help topic "orders cancel"`}},
		{[]string{"completion", "tcsh"}, []string{`unknown shell "tcsh"`}},
		{[]string{"completion"}, []string{"bash"}},
		{[]string{"customers"}, []string{"attach-source"}},
		{[]string{}, []string{"customers", "validate"}},
		{[]string{"lint", "--format", "xml"}, []string{`"--format"`, "text, json or github"}},
	}
	for _, tt := range tests {
		r := sb.exec(t, tt.args...)
		if r.code != exitUsage {
			t.Errorf("drapi %v: exit %d, want 2; stderr %q", tt.args, r.code, r.stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("drapi %v: stderr %q does not contain %q", tt.args, r.stderr, w)
			}
		}
		if strings.Contains(r.stderr, "strconv.") || strings.Contains(r.stderr, "gen.") || strings.Contains(r.stderr, " json: ") {
			t.Errorf("drapi %v: stderr %q speaks Go", tt.args, r.stderr)
		}
	}
}

// TestBinaryFlagsBeforeTheCommand: a command's flags may come before it,
// as --sandbox does (drapi --dry-run customers list); a mistyped one is
// named, not taken for a command's value.
func TestBinaryFlagsBeforeTheCommand(t *testing.T) {
	r := run{}.exec(t, "--dry-run", "customers", "list", "--limit", "2")
	if r.code != 0 || !strings.Contains(r.stdout, "GET https://api.digitalriver.com/customers?limit=2\n") {
		t.Errorf("drapi --dry-run customers list: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = run{}.exec(t, "--output", "jsonl", "--sandbox", "-o", "jsonl", "--fields=id", "orders", "list", "--state", "accepted")
	if r.code != 0 || r.stdout != `{"id":"ord_5774321004"}`+"\n"+`{"id":"ord_5774321003"}`+"\n" {
		t.Errorf("flags with values before the command: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = run{}.exec(t, "--sandbx", "customers", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "unknown flag: --sandbx") || !strings.Contains(r.stderr, "\t--sandbox") || strings.Contains(r.stderr, "unknown command") {
		t.Errorf("a mistyped flag before the command: exit %d, %q", r.code, r.stderr)
	}
}

// TestBinaryDataFromSilentStdinIsInterruptible: --data - waiting on a stdin
// that never ends stops at SIGINT and SIGTERM with exit 2, sending nothing.
func TestBinaryDataFromSilentStdinIsInterruptible(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(binPath(), "--sandbox", "customers", "create", "--data", "-")
		cmd.Env = baseEnviron(nil)
		w, err := cmd.StdinPipe() // held open: stdin stays silent
		if err != nil {
			t.Fatal(err)
		}
		var errOut lockedBuffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: drapi still waits on stdin 10s after the signal", sig)
		}
		w.Close()
		if code := cmd.ProcessState.ExitCode(); code != exitUsage || !strings.Contains(errOut.String(), "interrupted") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and interrupted", sig, code, errOut.String())
		}
	}
}

// manyCustomers returns n customers with distinct creation times.
func manyCustomers(n int) []gen.Customer {
	cs := make([]gen.Customer, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range cs {
		cs[i] = gen.Customer{ID: fmt.Sprintf("cus_%04d", i), Email: new(fmt.Sprintf("c%d@example.com", i))}
		cs[i].CreatedTime = drapi.TimeOf(start.Add(time.Duration(i) * time.Minute))
	}
	return cs
}

// listCalls returns the query of each listCustomers call the fake answered.
func listCalls(srv *drapitest.Server) []string {
	var qs []string
	for _, c := range srv.Calls() {
		if c.Operation == "listCustomers" {
			qs = append(qs, c.Query)
		}
	}
	return qs
}

// TestBinaryAllPagesByHundred: --all asks for 100 per page unless --limit
// says otherwise, and --max stops after N objects. The client fetches the
// next page while the current one prints, so --max may fetch one page more
// than it prints, depending on timing: wantCalls is the pages printed, and one
// more is allowed.
func TestBinaryAllPagesByHundred(t *testing.T) {
	tests := []struct {
		args      []string
		wantLines int
		wantCalls int
		wantLimit string
	}{
		{[]string{"--all"}, 301, 4, "limit=100"},
		{[]string{"--all", "--limit", "50"}, 301, 7, "limit=50"},
		{[]string{"--max", "150"}, 150, 2, "limit=100"},
		{[]string{"--max", "7"}, 7, 1, "limit=7"},
		{[]string{"--all", "--max", "120", "--limit", "20"}, 120, 6, "limit=20"},
	}
	for _, tt := range tests {
		srv, environ := fakeEnv(t, drapitest.WithCustomers(manyCustomers(301)...))
		r := run{environ: environ}.exec(t, append([]string{"customers", "list"}, tt.args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if len(lines) != tt.wantLines {
			t.Errorf("%v: %d lines, want %d", tt.args, len(lines), tt.wantLines)
		}
		if c := decodeInto[gen.Customer](t, lines[0]); c.ID != "cus_0300" {
			t.Errorf("%v: first line %q, want the newest customer", tt.args, lines[0])
		}
		calls := listCalls(srv)
		extra := 0
		if strings.Contains(strings.Join(tt.args, " "), "--max") {
			extra = 1
		}
		if len(calls) < tt.wantCalls || len(calls) > tt.wantCalls+extra || !strings.Contains(calls[0], tt.wantLimit) {
			t.Errorf("%v: calls %q, want %d with %s", tt.args, calls, tt.wantCalls, tt.wantLimit)
		}
		if r.stderr != "" {
			t.Errorf("%v: stderr is no terminal, yet got %q", tt.args, r.stderr)
		}
	}
}

// TestBinaryVerbose: --verbose shows each attempt, the answer with its
// request ID, and the retry wait, never the key or a body.
func TestBinaryVerbose(t *testing.T) {
	srv, environ := fakeEnv(t, drapitest.WithSeedFixtures(), drapitest.WithFaults(
		drapitest.Fault{Operation: "getCustomer", Times: 1, Status: 429, RetryAfter: 1}))
	r := run{environ: environ}.exec(t, "customers", "get", "5823594809", "--verbose")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"> GET " + srv.URL + "/customers/5823594809 (attempt 1)",
		"< GET /customers/5823594809 429 Too Many Requests",
		"Retry-After 1",
		"* attempt 1 of GET /customers/5823594809 failed: retrying in 1s",
		"> GET " + srv.URL + "/customers/5823594809 (attempt 2)",
		"< GET /customers/5823594809 200 OK",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, environ["DR_SECRET_KEY"]) || strings.Contains(r.stderr, "jsmith@") {
		t.Errorf("stderr shows the key or a body:\n%s", r.stderr)
	}

	// The live API's request ID header, and the older one.
	for _, header := range []string{"x-dr-requestid", "X-Request-Id"} {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header()[header] = []string{"req-" + header}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"5823594809"}`)
		}))
		r := run{environ: map[string]string{"DR_SECRET_KEY": "sk_test_abc", "DR_BASE_URL": hs.URL}}.exec(t, "customers", "get", "5823594809", "--verbose")
		hs.Close()
		if r.code != 0 || !strings.Contains(r.stderr, "request ID req-"+header) {
			t.Errorf("%s: exit %d, stderr %q", header, r.code, r.stderr)
		}
	}
}

// TestBinaryDryRun: --dry-run prints the request, hides the key, and sends
// nothing, with or without a key.
func TestBinaryDryRun(t *testing.T) {
	srv, environ := fakeEnv(t, drapitest.WithSeedFixtures())
	r := run{environ: environ}.exec(t, "customers", "update", "5823594809", "--data", `{"locale":"fr_FR"}`, "--dry-run")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"POST " + srv.URL + "/customers/5823594809\n", "Authorization: Bearer sk_test_<hidden>\n", "Content-Type: application/json\n", "\n\n" + `{"locale":"fr_FR"}` + "\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout+r.stderr, environ["DR_SECRET_KEY"]) {
		t.Error("the key was printed")
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("--dry-run sent %d requests", len(calls))
	}
	for _, format := range []string{"json", "jsonl", "table"} {
		r = run{}.exec(t, "orders", "list", "--all", "--dry-run", "--output", format)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "GET ") || !strings.HasSuffix(r.stdout, "drapi-cli\n") || r.stderr != "" {
			t.Errorf("--all --dry-run --output %s prints more than the request: exit %d, %q %q", format, r.code, r.stdout, r.stderr)
		}
	}
	r = run{}.exec(t, "orders", "list", "--all", "--state", "accepted", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "GET https://api.digitalriver.com/orders?limit=100&state=accepted\n") || !strings.Contains(r.stdout, "no key") {
		t.Errorf("dry run without a key: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestBinaryErrorsSayEachThingOnce: an API error prints its status, each
// code and message, and the attempts, once each.
func TestBinaryErrorsSayEachThingOnce(t *testing.T) {
	_, environ := fakeEnv(t, drapitest.WithFaults(drapitest.Fault{Operation: "listCustomers", Status: 429}))
	r := run{environ: environ}.exec(t, "customers", "list")
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := strings.Count(r.stderr, "too_many_requests"); n != 1 {
		t.Errorf("too_many_requests said %d times:\n%s", n, r.stderr)
	}
	if n := strings.Count(r.stderr, "Too Many Requests"); n != 1 || !strings.Contains(r.stderr, "429") || !strings.Contains(r.stderr, "after 3 attempts") {
		t.Errorf("status said %d times:\n%s", n, r.stderr)
	}
}

// TestBinarySandboxForgets: what one sandbox command creates is gone for
// the next, and the 404 says why.
func TestBinarySandboxForgets(t *testing.T) {
	sb := run{environ: map[string]string{"DR_SANDBOX": "1"}}
	r := sb.exec(t, "customers", "create", "--data", `{"email":"new@example.com"}`)
	c := decodeInto[gen.Customer](t, r.stdout)
	r = sb.exec(t, "customers", "get", c.ID)
	if r.code != exitFailed || !strings.Contains(r.stderr, "404") || strings.Count(r.stderr, "drapi mock") != 1 {
		t.Errorf("get after create: exit %d, %q; want the 404, and once that drapi mock keeps state", r.code, r.stderr)
	}
}

// TestBinaryConnectionErrors: a refused connection names the call once;
// a key or base URL the client refuses is a usage error naming its source.
func TestBinaryConnectionErrors(t *testing.T) {
	r := run{environ: map[string]string{"DR_SECRET_KEY": "sk_test_abc", "DR_BASE_URL": "http://127.0.0.1:9"}}.exec(t, "customers", "list")
	if r.code != exitFailed || strings.Count(r.stderr, "/customers") != 1 || !strings.Contains(r.stderr, "connection refused") {
		t.Errorf("refused: exit %d, %q", r.code, r.stderr)
	}
	tests := []struct {
		environ map[string]string
		args    []string
		want    string
	}{
		{map[string]string{"DR_SECRET_KEY": "pk_test_abc"}, nil, "DR_SECRET_KEY: "},
		{map[string]string{"DR_SECRET_KEY": "sk_test_abc"}, []string{"--key", "pk_test_abc"}, "--key: "},
		{map[string]string{"DR_SECRET_KEY": "sk_test_abc", "DR_BASE_URL": "http://example.com"}, nil, "DR_BASE_URL: "},
		{map[string]string{"DR_SECRET_KEY": "sk_test_abc"}, []string{"--base-url", "http://example.com"}, "--base-url: "},
	}
	for _, tt := range tests {
		r := run{environ: tt.environ}.exec(t, append([]string{"customers", "list"}, tt.args...)...)
		if r.code != exitUsage || !strings.HasPrefix(r.stderr, "drapi: "+tt.want) || strings.Contains(r.stderr, "drapi: drapi") || strings.Contains(r.stderr, "_abc") {
			t.Errorf("%v %v: exit %d, %q", tt.environ, tt.args, r.code, r.stderr)
		}
	}
}

// TestBinaryOrderOfUnknownOutcome: a create whose answer is lost prints the
// command that finds out, and that command finds the order.
func TestBinaryOrderOfUnknownOutcome(t *testing.T) {
	srv, environ := fakeEnv(t, drapitest.WithFaults(drapitest.Fault{Operation: "createOrder", Times: 1, DropResponse: true}))
	body := `{"currency":"USD","upstreamId":"checkout 2291","items":[{"skuId":"sku_1","price":9.99,"quantity":1}]}`
	r := run{environ: environ}.exec(t, "orders", "create", "--data", body)
	if r.code != exitFailed {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	const want = "drapi orders list --upstream-ids 'checkout 2291'"
	if !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "carried out") {
		t.Fatalf("stderr does not say how to find out:\n%s", r.stderr)
	}
	if n := strings.Count(r.stderr, "carried"); n != 1 {
		t.Errorf("the outcome is said to be unknown %d times, want once:\n%s", n, r.stderr)
	}
	if len(srv.Orders()) != 1 {
		t.Fatalf("the fake holds %d orders, want the one created", len(srv.Orders()))
	}
	found := run{environ: environ}.shell(t, want)
	list := decodeInto[gen.OrderList](t, found.stdout)
	if found.code != 0 || len(list.Data) != 1 || list.Data[0].ID != srv.Orders()[0].ID {
		t.Errorf("%s: exit %d, %q; want the order created", want, found.code, found.stdout)
	}

	_, environ = fakeEnv(t, drapitest.WithFaults(drapitest.Fault{Operation: "createOrder", Times: 1, Status: 503}))
	r = run{environ: environ}.exec(t, "orders", "create", "--data", `{"currency":"USD","items":[{"skuId":"sku_1","price":9.99,"quantity":1}]}`)
	if r.code != exitFailed || !strings.Contains(r.stderr, "no upstreamId") || !strings.Contains(r.stderr, "drapi orders list --limit 5") ||
		strings.Count(r.stderr, "carried") != 1 {
		t.Errorf("without an upstreamId: exit %d:\n%s", r.code, r.stderr)
	}
}

// TestBinaryMockOnEveryInterface: drapi mock --addr 0.0.0.0:0 prints a
// base URL that drapi accepts and reaches from this machine.
func TestBinaryMockOnEveryInterface(t *testing.T) {
	environ := startMockBinary(t, "mock", "--seed", "--addr", "0.0.0.0:0", "--quiet")
	if !strings.HasPrefix(environ["DR_BASE_URL"], "http://127.0.0.1:") {
		t.Fatalf("base URL %q", environ["DR_BASE_URL"])
	}
	r := run{environ: environ}.exec(t, "orders", "get", "ord_5774321003")
	if r.code != 0 || decodeInto[gen.Order](t, r.stdout).State == nil {
		t.Errorf("through the printed URL: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
}

// TestBinaryOutputFormats: --output and --fields off a terminal.
func TestBinaryOutputFormats(t *testing.T) {
	sb := run{environ: map[string]string{"DR_SANDBOX": "1"}}
	r := sb.exec(t, "orders", "list", "--customer-id", "5774321009", "--output", "jsonl", "--fields", "id,state,totalAmount")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 5 || lines[0] != `{"id":"ord_5774321005","state":"in_review","totalAmount":3221.11}` {
		t.Errorf("jsonl with fields: exit %d\n%s", r.code, r.stdout)
	}
	r = sb.exec(t, "orders", "list", "--state", "accepted", "--fields", "id,totalAmount")
	if want := `{"data":[{"id":"ord_5774321004","totalAmount":134.33},{"id":"ord_5774321003","totalAmount":935.62}],"hasMore":false}` + "\n"; r.code != 0 || r.stdout != want {
		t.Errorf("one page as json with fields: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	r = sb.exec(t, "orders", "list", "--state", "accepted", "--output", "table")
	want := "ID              CREATED               STATE     TOTAL   CURRENCY  CUSTOMER\n" +
		"ord_5774321004  2024-06-03T15:22:00Z  accepted  134.33  USD       5774321009\n" +
		"ord_5774321003  2024-05-28T11:17:00Z  accepted  935.62  USD       5774321009\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("table: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
	r = sb.exec(t, "customers", "get", "5823594809", "--fields", "email,shipping.address.city,sources")
	var got map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 3 || string(got["shipping.address.city"]) != `"Minnetonka"` {
		t.Errorf("json with fields: %v %s", err, r.stdout)
	}
	r = sb.exec(t, "customers", "get", "5823594809", "--fields", "id, email,")
	if want := `{"id":"5823594809","email":"jsmith@digitalriver.com"}` + "\n"; r.code != 0 || r.stdout != want {
		t.Errorf("--fields with a space and a trailing comma: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = sb.exec(t, "customers", "list", "--all", "--output", "json", "--fields", "id")
	var arr []map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &arr); err != nil || len(arr) != 4 || arr[0]["id"] != "5912450071" {
		t.Errorf("--all --output json: %v %s", err, r.stdout)
	}
	r = sb.exec(t, "customers", "list", "--email", "nobody@example.com", "--all", "--output", "json")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "[\n]" {
		t.Errorf("--all --output json of nothing: %q", r.stdout)
	}
}

// TestBinaryPageHint: a table that is not the whole list says how to get
// the next page, in the direction it was paged.
func TestBinaryPageHint(t *testing.T) {
	sb := run{environ: map[string]string{"DR_SANDBOX": "1"}}
	for _, tt := range []struct {
		args     []string
		hint     string
		nextPage []string // the IDs the hinted command lists
	}{
		{[]string{"--limit", "2"}, "--starting-after ord_5774321004 for the next page", []string{"ord_5823594810", "ord_5774321003"}},
		{[]string{"--ending-before", "ord_5774321001", "--limit", "2"}, "--ending-before ord_5774321002 for the previous page", []string{"ord_5901122302", "ord_5901122301"}},
	} {
		args := append([]string{"orders", "list", "--output", "table"}, tt.args...)
		r := sb.exec(t, args...)
		if r.code != 0 || !strings.Contains(r.stderr, tt.hint) {
			t.Errorf("%v: exit %d, stderr %q; want the hint %q", tt.args, r.code, r.stderr, tt.hint)
			continue
		}
		cursor := strings.Fields(tt.hint)[:2]
		r = sb.exec(t, "orders", "list", cursor[0], cursor[1], "--limit", "2", "--output", "jsonl", "--fields", "id")
		if want := `{"id":"` + tt.nextPage[0] + `"}` + "\n" + `{"id":"` + tt.nextPage[1] + `"}` + "\n"; r.stdout != want {
			t.Errorf("%v: the hinted page is %q, want %q", cursor, r.stdout, want)
		}
	}
}

// TestBinaryHelpAndCompletion: help, version and completion as cobra users
// expect them.
func TestBinaryHelpAndCompletion(t *testing.T) {
	r := run{}.exec(t, "help", "customers")
	if r.code != 0 || !strings.Contains(r.stdout, "attach-source") || !strings.Contains(r.stdout, "forgets everything") || !strings.Contains(r.stdout, "drapi mock") {
		t.Errorf("help customers: exit %d\n%s", r.code, r.stdout)
	}
	// drapi help X is drapi X --help, word for word.
	for _, topic := range [][]string{{}, {"orders"}, {"orders", "list"}, {"mock"}} {
		h, f := run{}.exec(t, append([]string{"help"}, topic...)...), run{}.exec(t, append(topic, "--help")...)
		if h.code != 0 || h.stdout != f.stdout {
			t.Errorf("drapi help %v: exit %d, and it differs from --help:\n%s\n--help:\n%s", topic, h.code, h.stdout, f.stdout)
		}
	}
	r = run{}.exec(t, "orders", "list", "--help")
	for _, want := range []string{"--state STATE", "--customer-id ID", "--upstream-ids ID,...", "--limit N", "--max N", "--output FORMAT", "--fields FIELD,...", "--sandbox", "Examples:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("orders list --help lacks %q", want)
		}
	}
	if r = (run{}).exec(t, "orders", "create", "--help"); !strings.Contains(r.stdout, "--data JSON") {
		t.Errorf("orders create --help: %s", r.stdout)
	}
	r = run{}.exec(t, "mock", "--help")
	if !strings.Contains(r.stdout, "--latency DURATION") || !strings.Contains(r.stdout, "--addr HOST:PORT") {
		t.Errorf("mock --help: %s", r.stdout)
	}
	r = run{}.exec(t, "--version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "drapi ") || !strings.Contains(r.stdout, "contract "+gen.ContractVersion) {
		t.Errorf("--version: %q", r.stdout)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r = run{}.exec(t, "completion", shell)
		if r.code != 0 || !strings.Contains(r.stdout, "drapi") || len(r.stdout) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
		}
	}
	// What the shell asks the completion script for.
	r = run{}.exec(t, "__complete", "orders", "list", "--output", "")
	if !strings.Contains(r.stdout, "table\n") || !strings.Contains(r.stdout, "jsonl\n") {
		t.Errorf("completion of --output: %q", r.stdout)
	}
	r = run{}.exec(t, "__complete", "cust")
	if !strings.Contains(r.stdout, "customers") {
		t.Errorf("completion of cust: %q", r.stdout)
	}
	// Flags as drapi took them before cobra: one dash.
	r = run{}.exec(t, "validate", "-format", "json", "../../testdata/seeds/normalized")
	if r.code != 0 || !strings.Contains(r.stdout, `"valid"`) {
		t.Errorf("validate -format json: exit %d %q", r.code, r.stderr)
	}
}

// TestBinaryBashCompletion loads `drapi completion bash` into a real bash,
// as README's `source <(drapi completion bash)` does, and asks it to
// complete what a person would TAB: a command, a flag, a flag's value. The
// script needs the bash-completion package; without it the test is skipped.
func TestBinaryBashCompletion(t *testing.T) {
	const lib = "/usr/share/bash-completion/bash_completion"
	bash, err := exec.LookPath("bash")
	if _, statErr := os.Stat(lib); err != nil || statErr != nil {
		t.Skip("no bash with the bash-completion package")
	}
	script := `source ` + lib + `
source <(drapi completion bash)
try() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<<"$1"
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
  __start_drapi drapi "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
  echo "$1 => ${COMPREPLY[*]}"; }
try "drapi cu"
try "drapi orders list --st"
try "drapi orders list --output j"
try "drapi --sandbox customers attach"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
	cmd.Env = baseEnviron(nil)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	for _, want := range []string{
		"drapi cu => customers\n",
		"drapi orders list --st => --starting-after --state\n",
		"drapi orders list --output j => json jsonl\n",
		"drapi --sandbox customers attach => attach-source\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("bash completes %q; got:\n%s", want, out)
		}
	}
}
