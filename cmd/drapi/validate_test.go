package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ranTool is what one in-process run of a drapi command printed and
// returned.
type ranTool struct {
	code           int
	stdout, stderr string
}

// runTool runs drapi in-process with stdin and args.
func runTool(t *testing.T, stdin string, args ...string) ranTool {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	code := runMain(context.Background(), e, args)
	return ranTool{code: code, stdout: out.String(), stderr: errOut.String()}
}

// validateReport is the --format json output of drapi validate.
type validateReport struct {
	Files   []validateResult `json:"files"`
	Summary validateSummary  `json:"summary"`
}

func TestValidateSeedsWithoutFlags(t *testing.T) {
	r := runTool(t, "", "validate", "../../testdata/seeds/normalized")
	if r.code != exitOK {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "13 files checked: 13 valid, 0 invalid") {
		t.Errorf("summary missing: %q", r.stdout)
	}
}

// TestValidateInvalidCorpus checks each broken payload of testdata/invalid:
// exit 1, and the right pointer and rule.
func TestValidateInvalidCorpus(t *testing.T) {
	tests := []struct {
		dir, pointer, rule string
	}{
		{"wrong-type", "/enabled", "type"},
		{"wrong-type-nested", "/data/0/items/0/quantity", "type"},
		{"unknown-enum", "/type", "enum"},
		{"missing-required", "/items/1/skuId", "required"},
		{"read-only", "/taxIdentifiers/0/state", "readOnly"},
		{"bad-email", "/email", "format"},
		{"bad-date-time", "/createdTime", "format"},
		{"below-minimum", "/items/0/quantity", "minimum"},
		{"trailing-garbage", "", "json"},
		{"empty", "", "json"},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			r := runTool(t, "", "validate", "--format", "json", filepath.Join("../../testdata/invalid", tt.dir))
			if r.code != exitFailed {
				t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
			}
			var rep validateReport
			if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.stdout)
			}
			if len(rep.Files) != 1 || len(rep.Files[0].Problems) != 1 {
				t.Fatalf("want one file with one problem, got %+v", rep.Files)
			}
			p := rep.Files[0].Problems[0]
			if p.Pointer != tt.pointer || p.Rule != tt.rule {
				t.Errorf("got pointer %q rule %q, want %q %q", p.Pointer, p.Rule, tt.pointer, tt.rule)
			}
			if rep.Summary.Invalid != 1 || rep.Summary.Valid != 0 {
				t.Errorf("summary %+v", rep.Summary)
			}
		})
	}
}

// TestValidateOneBadFileNeverStopsTheOthers mixes valid, invalid and
// unreadable inputs.
func TestValidateOneBadFileNeverStopsTheOthers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("updateOrder.request.json", `{"upstreamId": "u1"}`)
	bad := write("getCustomer.response.json", `{"email": "x"}`)
	unnamed := write("payload.json", `{}`)
	r := runTool(t, "", "validate", "--format", "json", good, bad, unnamed, filepath.Join(dir, "missing.json"))
	if r.code != exitUsage {
		t.Fatalf("exit %d, want 2 (an input could not be checked)\n%s", r.code, r.stdout)
	}
	var rep validateReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	want := validateSummary{Checked: 2, Valid: 1, Invalid: 1, NotChecked: 2}
	if rep.Summary != want {
		t.Errorf("summary %+v, want %+v", rep.Summary, want)
	}
	byPath := map[string]validateResult{}
	for _, f := range rep.Files {
		byPath[filepath.Base(f.Path)] = f
	}
	if f := byPath["getCustomer.response.json"]; len(f.Problems) != 2 {
		t.Errorf("getCustomer: want 2 problems (missing id, bad email), got %+v", f.Problems)
	}
	if f := byPath["payload.json"]; !strings.Contains(f.Error, "--schema") {
		t.Errorf("an unnamed file should say how to name it or which flag to give: %q", f.Error)
	}
	if f := byPath["missing.json"]; !strings.Contains(f.Error, "cannot read") {
		t.Errorf("a missing file should say it cannot be read: %q", f.Error)
	}
}

// TestValidateFlags checks --schema, --op, --status and stdin.
func TestValidateFlags(t *testing.T) {
	order := `{"id": "ord_1", "totalAmount": 10}`
	notFound := `{"type": "not_found", "errors": [{"code": "not_found", "message": "no such order"}]}`
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		says  string
	}{
		{"schema from stdin", order, []string{"--schema", "Order", "-"}, exitOK, "1 valid"},
		{"schema as request sees readOnly", order, []string{"--schema", "Order", "--request", "-"}, exitFailed, "readOnly"},
		{"op request", `{"upstreamId": 7}`, []string{"--op", "updateOrder", "--request", "-"}, exitFailed, "/upstreamId"},
		{"op response default status", order, []string{"--op", "getOrder", "--response", "-"}, exitOK, "1 valid"},
		{"op response 404", notFound, []string{"--op", "getOrder", "--status", "404", "-"}, exitOK, "1 valid"},
		{"op response 404 with an order", order, []string{"--op", "getOrder", "--status", "404", "-"}, exitFailed, "required"},
		{"flags after the path", order, []string{"-", "--schema", "Order"}, exitOK, "1 valid"},
		{"stdin needs a target", order, []string{"-"}, exitUsage, "--schema or --op"},
		{"unknown schema", order, []string{"--schema", "Ordr", "-"}, exitUsage, "OrderRequest"},
		{"unknown op", order, []string{"--op", "getOrdr", "--response", "-"}, exitUsage, "getOrder"},
		{"op without direction", order, []string{"--op", "getOrder", "-"}, exitUsage, "--request or --response"},
		{"both schema and op", order, []string{"--schema", "Order", "--op", "getOrder", "--response", "-"}, exitUsage, "not both"},
		{"no path", "", []string{"--schema", "Order"}, exitUsage, "no PATH"},
		{"bad format", order, []string{"--format", "xml", "--schema", "Order", "-"}, exitUsage, "text, json or github"},
		{"status not a status", order, []string{"--op", "getOrder", "--status", "42", "-"}, exitUsage, "not an HTTP status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runTool(t, tt.stdin, append([]string{"validate"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if out := r.stdout + r.stderr; !strings.Contains(out, tt.says) {
				t.Errorf("output does not say %q:\n%s", tt.says, out)
			}
		})
	}
}

// TestValidateStatusInFileName checks <op>.response.<status>.json.
func TestValidateStatusInFileName(t *testing.T) {
	dir := t.TempDir()
	notFound := `{"type": "not_found", "errors": [{"code": "not_found", "message": "no such order"}]}`
	if err := os.WriteFile(filepath.Join(dir, "getOrder.response.404.json"), []byte(notFound), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runTool(t, "", "validate", dir); r.code != exitOK {
		t.Errorf("exit %d\n%s", r.code, r.stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, "getOrder.response.json"), []byte(notFound), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runTool(t, "", "validate", dir); r.code != exitFailed || !strings.Contains(r.stdout, "getOrder response 200") {
		t.Errorf("an error body as a 200 response: exit %d\n%s", r.code, r.stdout)
	}
}

// TestValidateGitHubFormat checks the annotations GitHub Actions reads.
func TestValidateGitHubFormat(t *testing.T) {
	r := runTool(t, "", "validate", "--format", "github", "../../testdata/invalid/below-minimum")
	if r.code != exitFailed {
		t.Fatalf("exit %d", r.code)
	}
	want := "::error file=../../testdata/invalid/below-minimum/createOrder.request.json,line=4,col=37,title=drapi validate%3A minimum at /items/0/quantity::/items/0/quantity: must be at least 1"
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("got\n%s\nwant a line starting\n%s", r.stdout, want)
	}
}

func TestGitHubAnnotationEscapes(t *testing.T) {
	got := githubAnnotation("error", "a,b:c.json", 3, 0, "t: x", "50%\nnext")
	want := "::error file=a%2Cb%3Ac.json,line=3,title=t%3A x::50%25%0Anext"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestValidateHelp checks that each command of this file set has --help
// with examples, on stdout, exit 0.
func TestValidateHelp(t *testing.T) {
	for _, cmd := range []string{"validate", "lint", "breaking"} {
		for _, flag := range []string{"--help", "-h"} {
			r := runTool(t, "", cmd, flag)
			if r.code != exitOK || !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "drapi "+cmd) {
				t.Errorf("drapi %s %s: exit %d\n%s%s", cmd, flag, r.code, r.stdout, r.stderr)
			}
		}
	}
}

// TestValidateDirectoryOrder checks that results come in file order
// whatever the parallelism.
func TestValidateDirectoryOrder(t *testing.T) {
	for _, jobs := range []string{"1", "8"} {
		r := runTool(t, "", "validate", "--jobs", jobs, "--format", "json", "../../testdata/seeds/normalized")
		var rep validateReport
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(rep.Files); i++ {
			if rep.Files[i-1].Path >= rep.Files[i].Path {
				t.Errorf("jobs %s: %s listed before %s", jobs, rep.Files[i-1].Path, rep.Files[i].Path)
			}
		}
		if len(rep.Files) != 13 {
			t.Errorf("jobs %s: %d files", jobs, len(rep.Files))
		}
	}
}

// TestValidateTextOneLinePerProblem checks that a payload's keys and file
// names cannot break the text report's lines: a key with a newline printed
// raw started a line of its own, which GitHub Actions reads as a workflow
// command ("::warning::..."), and an ESC byte reached the terminal.
func TestValidateTextOneLinePerProblem(t *testing.T) {
	dir := t.TempDir()
	payload := `{"a\n::warning::forged\u001b[2J": 1}`
	if err := os.WriteFile(filepath.Join(dir, "new\nline.json"), []byte(payload), 0o644); err != nil {
		t.Skipf("this file system takes no newline in a name: %v", err)
	}
	r := runTool(t, "", "validate", "--schema", "CustomerRequest", "--request", dir)
	if r.code != exitFailed {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 2 || strings.ContainsRune(r.stdout, 0x1b) || !strings.Contains(lines[0], `new\nline.json:1:`) ||
		!strings.Contains(lines[0], `/a\n::warning::forged\x1b[2J: `) {
		t.Errorf("got %q, want one problem line with the newlines and ESC escaped, then the summary", r.stdout)
	}
}
