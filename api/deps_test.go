package api_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestImportedPackagesStayLean checks that the packages services import do
// not pull in what only the command line needs: a service that imports
// client or api must not compile a spec differ.
func TestImportedPackagesStayLean(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(goTool); err != nil {
		t.Skipf("no go command: %v", err)
	}
	forbidden := []string{
		"github.com/oasdiff/oasdiff",
		"github.com/oapi-codegen/oapi-codegen", // the generator, not its runtime
		"github.com/spf13/cobra",
	}
	for _, pkg := range []string{"./api", "./gen", "./client"} {
		t.Run(pkg, func(t *testing.T) {
			cmd := exec.Command(goTool, "list", "-e", "-deps", "-f", "{{.ImportPath}}", pkg)
			cmd.Dir = ".."
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 5 {
				t.Fatalf("go list -deps %s listed only %v", pkg, deps)
			}
			for _, d := range deps {
				for _, f := range forbidden {
					if d == f || strings.HasPrefix(d, f+"/") {
						t.Errorf("%s depends on %s", pkg, d)
					}
				}
			}
		})
	}
}

// TestAPIDependsOnlyOnKin checks that package api needs no module beyond
// this one, kin-openapi and what kin-openapi itself requires.
func TestAPIDependsOnlyOnKin(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(goTool); err != nil {
		t.Skipf("no go command: %v", err)
	}
	run := func(args ...string) string {
		cmd := exec.Command(goTool, args...)
		cmd.Dir = ".."
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	// Modules kin-openapi requires, transitively, from the module graph.
	requires := map[string][]string{}
	for _, line := range strings.Split(run("mod", "graph"), "\n") {
		from, to, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		from, _, _ = strings.Cut(from, "@")
		to, _, _ = strings.Cut(to, "@")
		requires[from] = append(requires[from], to)
	}
	allowed := map[string]bool{"github.com/drapi-go/drapi": true}
	var add func(string)
	add = func(m string) {
		if allowed[m] {
			return
		}
		allowed[m] = true
		for _, r := range requires[m] {
			add(r)
		}
	}
	add("github.com/getkin/kin-openapi")
	mods := strings.Fields(run("list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", "./api"))
	if len(mods) == 0 {
		t.Fatal("go list found no module")
	}
	for _, m := range mods {
		if !allowed[m] {
			t.Errorf("package api depends on module %s, which kin-openapi does not bring", m)
		}
	}
}
