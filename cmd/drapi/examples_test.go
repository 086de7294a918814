package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// exampleDir holds the files the examples read (@order.json, < source.json).
const exampleDir = "testdata/examples"

var trailingComment = regexp.MustCompile(`\s+#\s.*$`)

// helpExamples returns every example line of the API commands' --help.
func helpExamples(t *testing.T) []string {
	root := newRootCommand(&env{stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }})
	var lines []string
	for _, group := range root.Commands() {
		if group.GroupID != "api" {
			continue
		}
		for _, c := range append(group.Commands(), group) {
			for l := range strings.SplitSeq(c.Example, "\n") {
				if l = strings.TrimSpace(trailingComment.ReplaceAllString(l, "")); strings.Contains(l, "drapi ") {
					lines = append(lines, l)
				}
			}
		}
	}
	for l := range strings.SplitSeq(root.Example, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "drapi --sandbox ") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 15 {
		t.Fatalf("found %d help examples, want every action's", len(lines))
	}
	return lines
}

// readmeBlocks returns the sh blocks of the README's sections on the command
// line, each as its lines.
func readmeBlocks(t *testing.T) [][]string {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks [][]string
	var section string
	var block []string
	in := false
	for l := range strings.SplitSeq(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "## "):
			section = l
		case l == "```sh" && !in:
			in, block = true, nil
		case l == "```" && in:
			in = false
			if section == "" || strings.Contains(section, "first five minutes") || strings.Contains(section, "The command line") {
				blocks = append(blocks, block)
			}
		case in:
			block = append(block, l)
		}
	}
	if len(blocks) < 4 {
		t.Fatalf("found %d sh blocks in the README's command line sections", len(blocks))
	}
	return blocks
}

// commandLine turns a README line into the drapi command it shows, or "".
func commandLine(l string) string {
	l = strings.TrimSpace(trailingComment.ReplaceAllString(l, ""))
	l = strings.Replace(l, "go run ./cmd/drapi ", "drapi ", 1)
	if !strings.HasPrefix(l, "drapi ") {
		return "" // go install, export, unset, comments
	}
	return l
}

// checkShowsData fails unless an example's run succeeded and printed
// something a person can see: objects, a request (--dry-run), a version.
func checkShowsData(t *testing.T, line string, r result) {
	t.Helper()
	if r.code != 0 {
		t.Errorf("%s\nexit %d\nstderr: %s", line, r.code, r.stderr)
		return
	}
	var want string
	switch {
	case strings.Contains(line, "--dry-run"):
		want = "Authorization: Bearer"
	case strings.HasPrefix(line, "drapi version"):
		want = "contract"
	case strings.Contains(line, " delete "), strings.Contains(line, " detach-source "):
		if !strings.Contains(r.stderr, "drapi: de") {
			t.Errorf("%s\nsays nothing of what it did: %q", line, r.stderr)
		}
		return
	default:
		want = `"id":"` // an object's ID, not the "id":null of a field that was not found
	}
	if !strings.Contains(r.stdout, want) {
		t.Errorf("%s\nshows no data: stdout %q, stderr %q", line, r.stdout, r.stderr)
	}
}

// TestDocumentedExamples runs, through the binary, every example of the
// README's command line sections and of every API command's --help, against
// the sandbox, and the README's drapi mock walk-through against drapi mock.
func TestDocumentedExamples(t *testing.T) {
	sandbox := run{environ: map[string]string{"DR_SANDBOX": "1"}, dir: exampleDir}
	for _, line := range helpExamples(t) {
		t.Run("help/"+line, func(t *testing.T) { checkShowsData(t, line, sandbox.shell(t, line)) })
	}
	for _, block := range readmeBlocks(t) {
		joined := strings.Join(block, "\n")
		switch {
		case strings.Contains(joined, "# needs your key"):
			continue // the real API
		case strings.Contains(joined, "drapi mock"):
			t.Run("README/mock walk-through", func(t *testing.T) { runMockWalkthrough(t, block) })
			continue
		}
		for _, l := range block {
			if line := commandLine(l); line != "" {
				t.Run("README/"+line, func(t *testing.T) { checkShowsData(t, line, sandbox.shell(t, line)) })
			}
		}
	}
}

// runMockWalkthrough starts the block's drapi mock on a free port and runs
// the block's other drapi lines in order against it, with the environment
// the mock printed (in place of the block's export line).
func runMockWalkthrough(t *testing.T, block []string) {
	var mockLine string
	var lines []string
	for _, l := range block {
		switch line := commandLine(l); {
		case strings.HasPrefix(line, "drapi mock"):
			mockLine = line
		case line != "":
			lines = append(lines, line)
		}
	}
	if mockLine == "" || len(lines) < 2 {
		t.Fatalf("walk-through block without drapi mock and commands: %q", block)
	}
	args := append(strings.Fields(mockLine)[1:], "--addr", "127.0.0.1:0")
	environ := startMockBinary(t, args...)
	r := run{environ: environ, dir: exampleDir}
	for _, line := range lines {
		checkShowsData(t, line, r.shell(t, line))
	}
}

// startMockBinary starts drapi mock with args and returns the environment
// that points drapi at it; the test's cleanup stops it with SIGINT and
// checks that it exits 0.
func startMockBinary(t *testing.T, args ...string) map[string]string {
	t.Helper()
	cmd := exec.Command(binPath(), args...)
	cmd.Env = baseEnviron(nil)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr lockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("drapi mock stopped with %v: %s", err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("drapi mock did not stop within 10s of SIGINT")
		}
	})
	found := make(chan map[string]string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		environ := map[string]string{}
		for sc.Scan() {
			if m := mockURLRE.FindStringSubmatch(sc.Text()); m != nil {
				environ["DR_BASE_URL"] = m[1]
			}
			if m := mockKeyRE.FindStringSubmatch(sc.Text()); m != nil {
				environ["DR_SECRET_KEY"] = m[1]
			}
			if len(environ) == 2 {
				found <- environ
				environ = map[string]string{}
			}
		}
		exited <- cmd.Wait()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	select {
	case env := <-found:
		return env
	case <-ctx.Done():
		t.Fatalf("drapi mock printed no base URL and key; stderr %q", stderr.String())
	}
	return nil
}
