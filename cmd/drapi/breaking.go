package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
	"github.com/spf13/cobra"
)

func init() {
	register(func(e *env) *cobra.Command {
		format := formatText
		failOn := "error"
		cmd := &cobra.Command{
			Use:     "breaking [--format text|json|github] [--fail-on error|warning] OLD NEW",
			Short:   "report contract changes from OLD to NEW that would break clients or payloads",
			Long:    longHelp(breakingUsage),
			Example: breakingExamples,
			GroupID: "contract",
			RunE: func(cmd *cobra.Command, paths []string) error {
				return exitWith(runBreaking(cmd.Context(), e, format, failOn, paths))
			},
		}
		cmd.Flags().Var(&format, "format", "output `FORMAT`: text, json or github (GitHub Actions annotations)")
		cmd.Flags().StringVar(&failOn, "fail-on", failOn, "the lowest `LEVEL` that fails: error or warning")
		_ = cmd.RegisterFlagCompletionFunc("format", formatCompletion)
		_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"error", "warning"}, cobra.ShellCompDirectiveNoFileComp))
		return cmd
	})
}

var breakingUsage = `
Usage: drapi breaking [--format text|json|github] [--fail-on error|warning] OLD NEW

Reports the changes from the spec OLD to the spec NEW that would break a
client generated from OLD, a service that decodes OLD's payloads, or a
payload that validated against OLD: a removed operation, a parameter made
required, a property removed from a response, an enum value removed, a
type changed, ... It uses oasdiff's checks, with these raised to errors
because services decode and CI validates this contract:

` + breakingOverridesHelp + `
Warnings (changes that may break some clients) are listed but do not fail
unless --fail-on warning.

Exit status: 0 when nothing breaks, 1 when a breaking change is found, 2
for usage errors and specs that cannot be loaded.`

const breakingExamples = `  drapi breaking old/openapi.yaml openapi.yaml
  git show origin/main:openapi.yaml > /tmp/base.yaml && drapi breaking /tmp/base.yaml openapi.yaml
  make check-breaking BASE=origin/main         # the same, from the Makefile
  drapi breaking --format github /tmp/base.yaml openapi.yaml`

// breakingOverrides are the oasdiff checks whose default level is below
// error but which break this contract's users, with why.
var breakingOverrides = []struct{ id, why string }{
	{"response-optional-property-removed", "services decode it, and recorded payloads that carry it no longer validate"},
	{"response-optional-property-became-write-only", "responses stop carrying it, as if removed"},
	{"response-property-enum-value-removed", "payloads validated against OLD that carry the value no longer validate"},
	{"response-mediatype-enum-value-removed", "as above, for a whole body"},
	{"request-property-removed", "clients still send it and the API ignores it silently"},
	{"request-parameter-removed", "clients still send it and the API ignores it silently"},
	{"api-schema-removed", "gen loses the type, and services that use it stop compiling"},
	{"api-operation-id-removed", "the generated client's method is named after the operationId"},
}

var breakingOverridesHelp = func() string {
	var b strings.Builder
	for _, o := range breakingOverrides {
		fmt.Fprintf(&b, "  %-46s %s\n", o.id, o.why)
	}
	return b.String()
}()

// breakingLevels are the level overrides of breakingOverrides. oasdiff
// exits the process on an id it does not know; TestBreakingOverridesExist
// holds each id to the oasdiff that go.mod pins.
func breakingLevels() map[string]checker.Level {
	levels := make(map[string]checker.Level, len(breakingOverrides))
	for _, o := range breakingOverrides {
		levels[o.id] = checker.ERR
	}
	return levels
}

// breakingChange is one change of drapi breaking's report.
type breakingChange struct {
	ID          string `json:"id"`
	Level       string `json:"level"` // "error" or "warning"
	Operation   string `json:"operation,omitempty"`
	Path        string `json:"path,omitempty"`
	OperationID string `json:"operationId,omitempty"`
	Text        string `json:"text"`
	File        string `json:"file,omitempty"` // where in NEW (or OLD, for what NEW lacks)
	Line        int    `json:"line,omitempty"`
}

func runBreaking(ctx context.Context, e *env, format formatFlag, failOn string, paths []string) int {
	failLevel := checker.ERR
	switch failOn {
	case "error":
	case "warning":
		failLevel = checker.WARN
	default:
		fmt.Fprintf(e.stderr, "drapi breaking: --fail-on %q: want error or warning\n", failOn)
		return exitUsage
	}
	if len(paths) != 2 {
		fmt.Fprintln(e.stderr, "drapi breaking: want two specs, OLD and NEW\nRun 'drapi breaking --help' for usage.")
		return exitUsage
	}
	changes, err := breakingChanges(paths[0], paths[1])
	if err != nil {
		fmt.Fprintf(e.stderr, "drapi breaking: %v\n", err)
		return exitUsage
	}
	failed := false
	for _, c := range changes {
		failed = failed || c.GetLevel() >= failLevel
	}
	report := toBreakingReport(changes, paths[1])
	switch format {
	case formatJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Old     string           `json:"old"`
			New     string           `json:"new"`
			Changes []breakingChange `json:"changes"`
			Failed  bool             `json:"failed"`
		}{paths[0], paths[1], report, failed})
	case formatGitHub:
		for _, c := range report {
			fmt.Fprintln(e.stdout, githubAnnotation(c.Level, c.File, c.Line, 0, "breaking change: "+c.ID, c.Text))
		}
		fmt.Fprintln(e.stdout, breakingSummary(report, paths))
	default:
		for _, c := range report {
			loc := ""
			if c.File != "" && c.Line > 0 {
				loc = fmt.Sprintf(" (%s:%d)", c.File, c.Line)
			}
			fmt.Fprintf(e.stdout, "%-7s %s: %s%s [%s]\n", c.Level, c.Operation+" "+c.Path, c.Text, loc, c.ID)
		}
		fmt.Fprintln(e.stdout, breakingSummary(report, paths))
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// breakingChanges loads both specs and returns oasdiff's changes of level
// warning and above, with this contract's overrides.
func breakingChanges(oldPath, newPath string) (checker.Changes, error) {
	base, err := loadSpecInfo(oldPath)
	if err != nil {
		return nil, err
	}
	rev, err := loadSpecInfo(newPath)
	if err != nil {
		return nil, err
	}
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, rev)
	if err != nil {
		return nil, fmt.Errorf("compare %s with %s: %w", oldPath, newPath, err)
	}
	config := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(breakingLevels()))
	return checker.CheckBackwardCompatibilityUntilLevel(config, d, sources, checker.WARN), nil
}

func loadSpecInfo(path string) (*load.SpecInfo, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	if err := doc.Validate(loader.Context, openapi3.DisableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("%s is not a valid OpenAPI document: %w", path, err)
	}
	version := ""
	if doc.Info != nil {
		version = doc.Info.Version
	}
	return &load.SpecInfo{Url: path, Spec: doc, Version: version}, nil
}

func toBreakingReport(changes checker.Changes, newPath string) []breakingChange {
	l := checker.NewDefaultLocalizer()
	out := make([]breakingChange, 0, len(changes))
	for _, c := range changes {
		bc := breakingChange{
			ID:          c.GetId(),
			Level:       c.GetLevel().String(),
			Operation:   c.GetOperation(),
			Path:        c.GetPath(),
			OperationID: c.GetOperationId(),
			Text:        c.GetUncolorizedText(l),
		}
		if s := c.GetRevisionSource(); s != nil && s.Line > 0 {
			bc.File, bc.Line = newPath, s.Line
		} else if s := c.GetBaseSource(); s != nil && s.Line > 0 {
			bc.File, bc.Line = s.File, s.Line
		}
		out = append(out, bc)
	}
	return out
}

func breakingSummary(report []breakingChange, paths []string) string {
	var errs, warns int
	for _, c := range report {
		if c.Level == checker.ERR.String() {
			errs++
		} else {
			warns++
		}
	}
	return fmt.Sprintf("drapi breaking: %s -> %s: %d breaking, %d warnings", paths[0], paths[1], errs, warns)
}
