package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/drapi-go/drapi/drapitest"
	"github.com/drapi-go/drapi/gen"
)

// result is what one in-process run of drapi printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runDrapi runs drapi in-process with the given environment and stdin.
func runDrapi(t *testing.T, environ map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		stdin:  strings.NewReader(stdin),
		stdout: &out,
		stderr: &errOut,
		getenv: func(k string) string { return environ[k] },
	}
	code := runMain(context.Background(), e, args)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// fakeEnv starts a fake of the API and returns the environment that points
// drapi at it.
func fakeEnv(t *testing.T, opts ...drapitest.Option) (*drapitest.Server, map[string]string) {
	srv := drapitest.NewServer(t, opts...)
	return srv, map[string]string{"DR_SECRET_KEY": srv.Key(), "DR_BASE_URL": srv.URL}
}

func decodeInto[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("output is not a %T: %v\n%s", v, err, s)
	}
	return v
}

func TestSandboxIsExplicit(t *testing.T) {
	for _, tc := range []struct {
		name    string
		environ map[string]string
		args    []string
	}{
		{"flag", nil, []string{"--sandbox", "customers", "list"}},
		{"flag after the command", nil, []string{"customers", "list", "--sandbox"}},
		{"variable", map[string]string{"DR_SANDBOX": "1"}, []string{"customers", "list"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runDrapi(t, tc.environ, "", tc.args...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "sandbox") || !strings.Contains(r.stderr, "drapi mock") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr should say in one line that the sandbox is used and forgets, got %q", r.stderr)
			}
			page := decodeInto[gen.CustomerList](t, r.stdout)
			if len(page.Data) < 3 {
				t.Errorf("sandbox customers = %+v, want the example customers", page.Data)
			}
		})
	}
}

func TestCustomerCommandsLifecycle(t *testing.T) {
	srv, environ := fakeEnv(t)
	run := func(stdin string, args ...string) result {
		t.Helper()
		r := runDrapi(t, environ, stdin, args...)
		if r.code != 0 {
			t.Fatalf("drapi %v: exit %d: %s", args, r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "sandbox") {
			t.Fatalf("drapi %v used the sandbox although DR_BASE_URL is set", args)
		}
		return r
	}

	created := decodeInto[gen.Customer](t, run("", "customers", "create", "--data", `{"id":"cli-1","email":"a@example.com","type":"business"}`).stdout)
	if created.ID != "cli-1" || created.Email == nil || *created.Email != "a@example.com" {
		t.Fatalf("created %+v", created)
	}
	// The body can come from stdin and from a file too.
	updated := decodeInto[gen.Customer](t, run(`{"requestToBeForgotten": true}`, "customers", "update", "cli-1", "--data", "-").stdout)
	if updated.RequestToBeForgotten == nil || !*updated.RequestToBeForgotten || *updated.Email != "a@example.com" {
		t.Errorf("update from stdin: %+v", updated)
	}
	file := filepath.Join(t.TempDir(), "update.json")
	if err := os.WriteFile(file, []byte(`{"locale":"en_GB"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	updated = decodeInto[gen.Customer](t, run("", "customers", "update", "--data", "@"+file, "cli-1").stdout)
	if updated.Locale == nil || *updated.Locale != "en_GB" {
		t.Errorf("update from file: %+v", updated.Locale)
	}

	src := decodeInto[gen.Source](t, run("", "sources", "create", "--data", `{"type":"creditCard","amount":12.5}`).stdout)
	attached := decodeInto[gen.Source](t, run("", "customers", "attach-source", "cli-1", src.ID).stdout)
	if attached.CustomerID == nil || *attached.CustomerID != "cli-1" {
		t.Errorf("attached source has customerId %v", attached.CustomerID)
	}
	got := decodeInto[gen.Customer](t, run("", "customers", "get", "cli-1").stdout)
	if len(got.Sources) != 1 || got.Sources[0].ID != src.ID {
		t.Errorf("customer sources after attach = %+v", got.Sources)
	}
	run("", "customers", "detach-source", "cli-1", src.ID)
	if c, _ := srv.Customer("cli-1"); len(c.Sources) != 0 {
		t.Errorf("source still attached after detach-source: %+v", c.Sources)
	}
	fetched := decodeInto[gen.Source](t, run("", "sources", "get", src.ID).stdout)
	if fetched.ID != src.ID {
		t.Errorf("sources get returned %s", fetched.ID)
	}

	run("", "customers", "delete", "cli-1")
	r := runDrapi(t, environ, "", "customers", "get", "cli-1")
	if r.code != 1 || !strings.Contains(r.stderr, "404") || !strings.Contains(r.stderr, "not_found") {
		t.Errorf("get after delete: exit %d, stderr %q; want exit 1 naming the 404", r.code, r.stderr)
	}
}

func TestOrderCommands(t *testing.T) {
	_, environ := fakeEnv(t)
	for _, id := range []string{"c-even", "c-odd"} {
		if r := runDrapi(t, environ, "", "customers", "create", "--data", `{"id":"`+id+`"}`); r.code != 0 {
			t.Fatalf("create customer: %s", r.stderr)
		}
	}
	for i := range 12 {
		body := `{"currency":"USD","customerId":"` + map[bool]string{true: "c-even", false: "c-odd"}[i%2 == 0] +
			`","upstreamId":"up-` + string(rune('a'+i)) + `","items":[{"skuId":"sku_1","price":10,"quantity":2}]}`
		if r := runDrapi(t, environ, "", "orders", "create", "--data", body); r.code != 0 {
			t.Fatalf("create order %d: %s", i, r.stderr)
		}
	}

	// --all streams every order, one JSON object per line, across pages.
	r := runDrapi(t, environ, "", "orders", "list", "--all", "--limit", "5")
	if r.code != 0 {
		t.Fatalf("list --all: %s", r.stderr)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(r.stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		o := decodeInto[gen.Order](t, sc.Text())
		if seen[o.ID] {
			t.Errorf("order %s listed twice", o.ID)
		}
		seen[o.ID] = true
	}
	if len(seen) != 12 {
		t.Errorf("list --all printed %d orders, want 12", len(seen))
	}

	// Filters reach the API.
	page := decodeInto[gen.OrderList](t, runDrapi(t, environ, "", "orders", "list", "--customer-id", "c-odd", "--limit", "100").stdout)
	if len(page.Data) != 6 || page.HasMore {
		t.Errorf("--customer-id c-odd: %d orders (hasMore %v), want 6", len(page.Data), page.HasMore)
	}
	for _, o := range page.Data {
		if *o.CustomerID != "c-odd" {
			t.Errorf("filter leaked order of %s", *o.CustomerID)
		}
	}
	page = decodeInto[gen.OrderList](t, runDrapi(t, environ, "", "orders", "list", "--upstream-ids", "up-a,up-c").stdout)
	if len(page.Data) != 2 {
		t.Errorf("--upstream-ids up-a,up-c: %d orders, want 2", len(page.Data))
	}

	o := page.Data[0]
	r = runDrapi(t, environ, "", "orders", "update", o.ID, "--data", `{"metadata":{"note":"hello"}}`)
	if got := decodeInto[gen.Order](t, r.stdout); got.Metadata["note"] != "hello" {
		t.Errorf("orders update: metadata %v", got.Metadata)
	}
	if got := decodeInto[gen.Order](t, runDrapi(t, environ, "", "orders", "get", o.ID).stdout); got.Metadata["note"] != "hello" {
		t.Errorf("orders get after update: metadata %v", got.Metadata)
	}
}

func TestAPIErrorsExitOne(t *testing.T) {
	_, environ := fakeEnv(t)
	r := runDrapi(t, environ, "", "customers", "create", "--data", `{"email":"not-an-address"}`)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "400") || !strings.Contains(r.stderr, "[email]") {
		t.Errorf("stderr should name the status and the parameter: %q", r.stderr)
	}
	if strings.Contains(r.stderr+r.stdout, environ["DR_SECRET_KEY"]) {
		t.Error("the secret key was printed")
	}

	r = runDrapi(t, environ, "", "customers", "update", "nobody", "--data", `{"locale":"en_US"}`)
	if r.code != 1 || !strings.Contains(r.stderr, "404") {
		t.Errorf("update of an unknown customer: exit %d, stderr %q; want exit 1 and the 404", r.code, r.stderr)
	}

	r = runDrapi(t, map[string]string{"DR_SECRET_KEY": "not-a-key", "DR_BASE_URL": environ["DR_BASE_URL"]}, "", "customers", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "401") || strings.Contains(r.stderr, "not-a-key") {
		t.Errorf("wrong key: exit %d, stderr %q; want exit 1, a 401 and no key", r.code, r.stderr)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	_, environ := fakeEnv(t)
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no action", []string{"customers"}, "Usage"},
		{"unknown action", []string{"orders", "cancel"}, `unknown action "cancel"`},
		{"missing argument", []string{"customers", "get"}, "want 1 argument"},
		{"extra argument", []string{"orders", "get", "a", "b"}, "want 1 argument"},
		{"unknown flag", []string{"customers", "list", "--colour", "red"}, "unknown flag: --colour"},
		{"bad limit", []string{"customers", "list", "--limit", "ten"}, "not a whole number"},
		{"limit out of range", []string{"orders", "list", "--limit", "500"}, "from 1 to 100"},
		{"missing data", []string{"customers", "create"}, "--data is required"},
		{"invalid json", []string{"orders", "create", "--data", "{\n  \"currency\": }"}, "line 2, column 15"},
		{"unknown field", []string{"customers", "create", "--data", `{"emial":"a@example.com"}`}, `unknown field "emial"`},
		{"wrong type", []string{"orders", "update", "o", "--data", `{"upstreamId": 7}`}, `field "upstreamId"`},
		{"trailing data", []string{"customers", "create", "--data", `{} {}`}, "after the JSON value"},
		{"missing file", []string{"customers", "create", "--data", "@/nonexistent/x.json"}, "no such file"},
		{"empty id", []string{"customers", "get", " "}, "ID is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runDrapi(t, environ, "", tt.args...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.want)
			}
		})
	}
}

func TestOutputIndentedOnTerminal(t *testing.T) {
	_, environ := fakeEnv(t, drapitest.WithSeedFixtures())
	for _, terminal := range []bool{false, true} {
		var out bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: new(bytes.Buffer),
			getenv: func(k string) string { return environ[k] }, isTerminal: terminal}
		if code := runMain(context.Background(), e, []string{"customers", "get", "5823594809"}); code != 0 {
			t.Fatalf("exit %d", code)
		}
		lines := strings.Count(strings.TrimSpace(out.String()), "\n") + 1
		if terminal && lines < 10 || !terminal && lines != 1 {
			t.Errorf("terminal=%v: %d lines of output", terminal, lines)
		}
	}
}

func TestHelpShowsExamples(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"customers", "--help"}, {"customers", "list", "--help"}, {"orders", "create", "-h"}, {"sources", "get", "--help"}} {
		r := runDrapi(t, nil, "", args...)
		if r.code != 0 {
			t.Errorf("drapi %v: exit %d", args, r.code)
		}
		if len(args) > 1 && args[1] != "--help" && !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("drapi %v: no examples in %q", args, r.stdout)
		}
		if args[0] == "--help" && !strings.Contains(r.stdout, "customers") {
			t.Errorf("drapi --help does not list the commands: %q", r.stdout)
		}
	}
}

func TestVersion(t *testing.T) {
	r := runDrapi(t, nil, "", "version")
	if r.code != 0 || !strings.Contains(r.stdout, "contract 2021-12-13") || !strings.HasPrefix(r.stdout, "drapi ") {
		t.Errorf("version: exit %d, %q", r.code, r.stdout)
	}
}
