package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/drapi-go/drapi"
	"github.com/spf13/cobra"
)

func init() {
	register(func(e *env) *cobra.Command {
		format := formatText
		cmd := &cobra.Command{
			Use:     "lint [--format text|json|github] [SPEC]",
			Short:   "check a spec (default: the embedded contract) the way CI needs",
			Long:    longHelp(lintUsage),
			Example: lintExamples,
			GroupID: "contract",
			RunE: func(cmd *cobra.Command, paths []string) error {
				return exitWith(runLint(cmd.Context(), e, format, paths))
			},
		}
		cmd.Flags().Var(&format, "format", "output `FORMAT`: text, json or github (GitHub Actions annotations)")
		_ = cmd.RegisterFlagCompletionFunc("format", formatCompletion)
		return cmd
	})
}

const lintUsage = `
Usage: drapi lint [--format text|json|github] [SPEC]

Checks an OpenAPI 3.0 spec file (default: the contract embedded in this
build) for what this project's CI needs:

  openapi         kin-openapi's validation of the document
  operationId     every operation has one, and no two share one
  summary         every operation has a summary
  security        every operation requires a security scheme that exists
  errorResponses  every operation references the shared error responses
                  400 401 403 404 405 406 408 409 429 500 502 503 504
  example         every example validates against its schema (with the
                  contract's formats; request bodies held to readOnly,
                  responses to writeOnly)
  ref             every $ref resolves within the file
  unused          every component is used

Exit status: 0 when there is no finding, 1 when there are findings, 2 when
the spec cannot be read.`

const lintExamples = `  drapi lint                         # the embedded contract
  drapi lint openapi.yaml            # the working copy
  drapi lint --format github openapi.yaml
  git show origin/main:openapi.yaml > /tmp/old.yaml && drapi lint /tmp/old.yaml`

func runLint(ctx context.Context, e *env, format formatFlag, paths []string) int {
	var err error
	if len(paths) > 1 {
		fmt.Fprintln(e.stderr, "drapi lint: give at most one SPEC\nRun 'drapi lint --help' for usage.")
		return exitUsage
	}
	file, data := "openapi.yaml (embedded)", drapi.OpenAPI()
	annotateFile := "openapi.yaml"
	if len(paths) == 1 {
		file, annotateFile = paths[0], paths[0]
		if data, err = os.ReadFile(file); err != nil {
			fmt.Fprintf(e.stderr, "drapi lint: %v\n", err)
			return exitUsage
		}
	}
	findings := lintSpec(ctx, data)
	switch format {
	case formatJSON:
		if findings == nil {
			findings = []lintFinding{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Spec     string        `json:"spec"`
			Findings []lintFinding `json:"findings"`
		}{file, findings})
	case formatGitHub:
		for _, f := range findings {
			fmt.Fprintln(e.stdout, githubAnnotation("error", annotateFile, f.Line, 0, "drapi lint: "+f.Rule, f.Message))
		}
		fmt.Fprintln(e.stdout, lintSummary(file, findings))
	default:
		for _, f := range findings {
			loc := file
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", file, f.Line)
			}
			fmt.Fprintf(e.stdout, "%s: %s: %s\n", loc, f.Rule, f.Message)
		}
		fmt.Fprintln(e.stdout, lintSummary(file, findings))
	}
	if len(findings) > 0 {
		return exitFailed
	}
	return exitOK
}

func lintSummary(file string, findings []lintFinding) string {
	switch len(findings) {
	case 0:
		return "drapi lint: " + file + ": no findings"
	case 1:
		return "drapi lint: " + file + ": 1 finding"
	}
	return fmt.Sprintf("drapi lint: %s: %d findings", file, len(findings))
}
