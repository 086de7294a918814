package main

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/drapi-go/drapi/drapitest"
)

// inTerminal runs the built drapi with stdin, stdout and stderr on a
// pseudo-terminal, as a person at a shell runs it, and returns everything
// the terminal showed, with the terminal's \r\n turned back into \n.
func inTerminal(t *testing.T, environ map[string]string, args ...string) (string, int) {
	t.Helper()
	return inTerminalTyping(t, environ, "", args...)
}

// inTerminalTyping is inTerminal with input typed at the terminal once the
// command has started.
func inTerminalTyping(t *testing.T, environ map[string]string, typed string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binPath(), args...)
	cmd.Env = append(baseEnviron(environ), "TERM=xterm")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 160})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer f.Close()
	if typed != "" {
		go func() {
			time.Sleep(200 * time.Millisecond)
			f.Write([]byte(typed))
		}()
	}
	var out bytes.Buffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&out, f) // ends with EIO once the command exits
		close(copied)
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("drapi did not finish within 30s in a terminal")
	}
	<-copied
	code := 0
	if ee, ok := errors.AsType[*exec.ExitError](err); ok {
		code = ee.ExitCode()
	}
	return strings.ReplaceAll(out.String(), "\r\n", "\n"), code
}

// TestBinaryInTerminal: on a terminal lists are tables, single objects
// indented JSON, and --all shows its progress on stderr.
func TestBinaryInTerminal(t *testing.T) {
	sb := map[string]string{"DR_SANDBOX": "1"}
	out, code := inTerminal(t, sb, "orders", "list", "--customer-id", "5774321009", "--state", "accepted")
	want := "ID              CREATED               STATE     TOTAL   CURRENCY  CUSTOMER\n" +
		"ord_5774321004  2024-06-03T15:22:00Z  accepted  134.33  USD       5774321009\n" +
		"ord_5774321003  2024-05-28T11:17:00Z  accepted  935.62  USD       5774321009\n"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("orders list in a terminal: exit %d\n%s\nwant the table\n%s", code, out, want)
	}

	out, code = inTerminal(t, sb, "customers", "get", "5823594809")
	if code != 0 || !strings.Contains(out, "{\n  \"createdTime\": \"2024-03-02T10:10:00Z\",\n") {
		t.Errorf("customers get in a terminal: exit %d\n%s", code, out)
	}

	out, code = inTerminal(t, sb, "customers", "list", "--limit", "2")
	if code != 0 || !strings.Contains(out, "more customers: --starting-after 5901122334 for the next page") {
		t.Errorf("a page with more after it: exit %d\n%s", code, out)
	}

	_, environ := fakeEnv(t, drapitest.WithCustomers(manyCustomers(301)...))
	out, code = inTerminal(t, environ, "customers", "list", "--all", "--limit", "50")
	if code != 0 {
		t.Fatalf("customers list --all: exit %d\n%s", code, out)
	}
	for _, want := range []string{"\r\x1b[Kdrapi: 100 customers so far, ", " pages fetched", " pages fetched\r\x1b[KID        CREATED               EMAIL             TYPE\n", "cus_0300  2024-01-01T05:00:00Z  c300@example.com  -\n", "cus_0000  2024-01-01T00:00:00Z  c0@example.com    -\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("customers list --all in a terminal lacks %q:\n%.2000q", want, out)
		}
	}
	if strings.Count(out, "cus_") != 301 {
		t.Errorf("%d customers shown, want 301", strings.Count(out, "cus_"))
	}
}

// TestBinaryDataTypedAtTheTerminal: --data - on a terminal says how to end
// the input, and takes what is typed.
func TestBinaryDataTypedAtTheTerminal(t *testing.T) {
	out, code := inTerminalTyping(t, map[string]string{"DR_SANDBOX": "1"}, "{\"email\": \"typed@example.com\"}\n\x04",
		"customers", "create", "--data", "-", "--fields", "id,email")
	if code != 0 || !strings.Contains(out, "Ctrl-D") || !strings.Contains(out, `"email": "typed@example.com"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// TestBinaryProgressLeavesLinesWhole: on a terminal, the progress of --all
// never leaves its text in front of what else is printed there as the
// pages come: --verbose's request lines, objects streamed to stdout.
func TestBinaryProgressLeavesLinesWhole(t *testing.T) {
	_, environ := fakeEnv(t, drapitest.WithCustomers(manyCustomers(301)...))
	for _, tt := range []struct {
		flag, line string // each line that starts with line must start a line
		n          int    // how many such lines
	}{
		{"--verbose", "> GET ", 7},
		{"--output=jsonl", `{"createdTime"`, 301},
		{"--output=json", `{"createdTime"`, 301},
	} {
		out, code := inTerminal(t, environ, "customers", "list", "--all", "--limit", "50", tt.flag)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", tt.flag, code, out)
		}
		n := 0
		for l := range strings.SplitSeq(out, "\n") {
			if !strings.Contains(l, tt.line) {
				continue
			}
			n++
			if !strings.HasPrefix(l, tt.line) || strings.Contains(l, "\r") {
				t.Errorf("%s: a line with something else on it: %q", tt.flag, l[:min(len(l), 120)])
			}
		}
		if n != tt.n {
			t.Errorf("%s: %d lines of %q, want %d", tt.flag, n, tt.line, tt.n)
		}
	}
}
