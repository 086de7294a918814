package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests in this package whose names mention the binary run the drapi that
// `go build` makes, as a person or a script would: exit statuses, stderr
// wording and stdout content, with real signals and terminals.

// binDir holds the built drapi; TestMain builds it once.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "drapi-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "drapi"), ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building drapi: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binPath is the built drapi.
func binPath() string { return filepath.Join(binDir, "drapi") }

// baseEnviron is the environment of a run of the binary: a PATH that finds
// it first, and none of the DR_ variables of the person running the tests.
func baseEnviron(extra map[string]string) []string {
	env := []string{"PATH=" + binDir + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// run is one run of the binary.
type run struct {
	environ map[string]string
	stdin   string
	dir     string
}

// exec runs drapi with args and returns what it printed and its status.
func (r run) exec(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath(), args...)
	return r.do(t, cmd)
}

// shell runs a command line with sh, drapi on the PATH.
func (r run) shell(t *testing.T, line string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return r.do(t, exec.CommandContext(ctx, "sh", "-c", line))
}

func (r run) do(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Env = baseEnviron(r.environ)
	cmd.Stdin = strings.NewReader(r.stdin)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.Dir = r.dir
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("running %v: %v", cmd.Args, err)
		}
		code = ee.ExitCode()
	}
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}
