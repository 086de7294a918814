package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/drapi-go/drapi/api"
	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/cobra"
)

func init() {
	register(func(e *env) *cobra.Command {
		o := validateOptions{format: formatText}
		cmd := &cobra.Command{
			Use:     "validate [--schema NAME | --op OPERATION --request|--response [--status N]] [flags] PATH...",
			Short:   "check JSON payloads (files, directories, stdin) against the contract",
			Long:    longHelp(validateUsage),
			Example: validateExamples,
			GroupID: "contract",
			RunE: func(cmd *cobra.Command, paths []string) error {
				return exitWith(runValidate(cmd.Context(), e, &o, paths))
			},
		}
		fs := cmd.Flags()
		fs.StringVar(&o.schema, "schema", "", "check against the component schema `NAME` (Order, CustomerRequest, ...)")
		fs.StringVar(&o.op, "op", "", "check against the request or response of `OPERATION` (an operationId: createOrder, ...)")
		fs.BoolVar(&o.request, "request", false, "the payloads are request bodies (readOnly properties are errors)")
		fs.BoolVar(&o.response, "response", false, "the payloads are response bodies (writeOnly properties are errors)")
		fs.IntVar(&o.status, "status", 0, "the response `STATUS` (default: the operation's success status)")
		fs.Var(&o.format, "format", "output `FORMAT`: text, json or github (GitHub Actions annotations)")
		fs.IntVar(&o.jobs, "jobs", runtime.GOMAXPROCS(0), "check `N` files at once")
		fs.BoolVarP(&o.verbose, "verbose", "v", false, "also list the valid files")
		_ = cmd.RegisterFlagCompletionFunc("format", formatCompletion)
		_ = cmd.RegisterFlagCompletionFunc("schema", schemaCompletion)
		_ = cmd.RegisterFlagCompletionFunc("op", operationCompletion)
		return cmd
	})
}

const validateUsage = `
Usage: drapi validate [--schema NAME | --op OPERATION --request|--response [--status N]] [flags] PATH...

Checks JSON payloads against the contract (openapi.yaml). PATH is a file, a
directory (walked for *.json, *.jsonl and *.ndjson files) or - for stdin.

JSON Lines (*.jsonl, *.ndjson, and stdin whose first line is a whole JSON
value) are streamed: one verdict per line, with its line number. A payload (a
file, stdin's document, a line) is at most 32 MiB; larger ones are not
checked.

Without --schema or --op, a file's name says what it is:
  <operationId>.request.json           the operation's request body
  <operationId>.response.json          its success response (201 for createOrder)
  <operationId>.response.<N>.json      its response with status N

Requests may not carry readOnly properties, responses may not carry
writeOnly ones; --schema checks neither unless --request or --response is
given. Formats (email, uuid, date-time, date) are checked.

Exit status: 0 when every payload is valid, 1 when any is invalid, 2 for
usage errors and input that cannot be read or checked (the other files are
still checked).`

const validateExamples = `  drapi validate testdata/seeds/normalized
  drapi validate --op createOrder --request order.json
  drapi validate --op getOrder --response --status 404 error.json
  drapi validate --schema Order recorded/*.json
  kubectl logs app | jq -c .order | drapi validate --schema Order -
  drapi validate --format github fixtures/      # annotations in GitHub Actions
  drapi validate --format json fixtures/ > report.json`

// validateTarget is what a payload is checked against.
type validateTarget struct {
	schema string // a component schema, or
	op     string // an operation's
	dir    api.Direction
	status int // for responses; 0 means the success status
}

func (t validateTarget) String() string {
	if t.schema != "" {
		if t.dir != api.AnyDirection {
			return "schema " + t.schema + " (" + t.dir.String() + ")"
		}
		return "schema " + t.schema
	}
	s := t.op + " " + t.dir.String()
	if t.dir == api.InResponse {
		status := t.status
		if status == 0 {
			status = successStatus(t.op)
		}
		s += " " + strconv.Itoa(status)
	}
	return s
}

// validateResult is the outcome for one payload.
type validateResult struct {
	Path string `json:"path"`
	// Line is the line of a payload of JSON Lines (stdin, *.jsonl,
	// *.ndjson); 0 for a whole file.
	Line     int           `json:"line,omitempty"`
	Target   string        `json:"target,omitempty"`
	Valid    bool          `json:"valid"`
	Problems []api.Problem `json:"problems,omitempty"`
	// Error says why the payload could not be checked (unreadable, or no
	// way to tell what it is).
	Error string `json:"error,omitempty"`
}

type validateOptions struct {
	schema, op        string
	request, response bool
	status            int
	format            formatFlag
	jobs              int
	verbose           bool
	flagTarget        *validateTarget // from --schema or --op, else nil
}

func runValidate(ctx context.Context, e *env, o *validateOptions, paths []string) int {
	if msg := o.check(len(paths)); msg != "" {
		fmt.Fprintf(e.stderr, "drapi validate: %s\nRun 'drapi validate --help' for usage.\n", msg)
		return exitUsage
	}

	inputs, results := collectInputs(paths)
	if o.flagTarget == nil && slices.Contains(inputs, "-") {
		fmt.Fprintln(e.stderr, "drapi validate: stdin (-) has no file name to say what it is: give --schema or --op")
		return exitUsage
	}
	return validateAndReport(ctx, e, inputs, results, o)
}

// check validates the flags, sets flagTarget, and returns a usage message
// or "".
func (o *validateOptions) check(npaths int) string {
	switch {
	case npaths == 0:
		return "no PATH given"
	case o.schema != "" && o.op != "":
		return "give --schema or --op, not both"
	case o.request && o.response:
		return "give --request or --response, not both"
	case o.status != 0 && o.request:
		return "--status is for responses"
	case o.status != 0 && (o.status < 100 || o.status > 599):
		return fmt.Sprintf("--status %d is not an HTTP status", o.status)
	case o.jobs < 1:
		return "--jobs must be at least 1"
	}
	dir := api.AnyDirection
	switch {
	case o.request:
		dir = api.InRequest
	case o.response:
		dir = api.InResponse
	}
	switch {
	case o.schema != "":
		if o.status != 0 {
			return "--status goes with --op, not --schema"
		}
		o.flagTarget = &validateTarget{schema: o.schema, dir: dir}
	case o.op != "":
		if dir == api.AnyDirection {
			if o.status == 0 {
				return "--op needs --request or --response"
			}
			dir = api.InResponse
		}
		if !gen.OperationID(o.op).Valid() {
			return fmt.Sprintf("unknown operation %q; the contract's operations are: %s", o.op, strings.Join(operationIDs(), ", "))
		}
		o.flagTarget = &validateTarget{op: o.op, dir: dir, status: o.status}
	case o.request || o.response:
		return "--request and --response go with --op or --schema"
	}
	if o.schema != "" && !slices.Contains(api.SchemaNames(), o.schema) {
		return fmt.Sprintf("unknown schema %q; the contract's schemas are: %s", o.schema, strings.Join(api.SchemaNames(), ", "))
	}
	return ""
}

// collectInputs expands directories into their *.json files, in lexical
// order, and returns the paths of the payloads to check ("-" for stdin, at
// most once) and results for the paths that cannot be read.
func collectInputs(paths []string) ([]string, []validateResult) {
	var inputs []string
	var failed []validateResult
	stdinSeen := false
	for _, p := range paths {
		if p == "-" {
			if !stdinSeen {
				inputs = append(inputs, "-")
				stdinSeen = true
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			failed = append(failed, validateResult{Path: p, Error: describeFSError(err)})
			continue
		}
		if !info.IsDir() {
			inputs = append(inputs, p)
			continue
		}
		n := len(inputs)
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				failed = append(failed, validateResult{Path: path, Error: describeFSError(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() && isPayloadFile(d.Name()) {
				inputs = append(inputs, path)
			}
			return nil
		})
		if err == nil && len(inputs) == n {
			failed = append(failed, validateResult{Path: p, Error: "the directory holds no *.json file"})
		}
	}
	return inputs, failed
}

func describeFSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return "cannot read: " + pe.Err.Error()
	}
	return "cannot read: " + err.Error()
}

// targetFromName tells what a payload is from its file name, or says why
// it cannot.
func targetFromName(path string, status int) (validateTarget, string) {
	base := strings.TrimSuffix(filepath.Base(path), ".json")
	parts := strings.Split(base, ".")
	var t validateTarget
	switch {
	case len(parts) == 2 && parts[1] == "request":
		if status != 0 {
			return t, "--status is for responses, and the name says this is a request"
		}
		t = validateTarget{op: parts[0], dir: api.InRequest}
	case len(parts) == 2 && parts[1] == "response":
		t = validateTarget{op: parts[0], dir: api.InResponse, status: status}
	case len(parts) == 3 && parts[1] == "response":
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 100 || n > 599 {
			return t, fmt.Sprintf("%q in the file name is not an HTTP status", parts[2])
		}
		t = validateTarget{op: parts[0], dir: api.InResponse, status: n}
	default:
		return t, "cannot tell what this file is: name it <operationId>.request.json or <operationId>.response.json, or give --schema or --op"
	}
	if !gen.OperationID(t.op).Valid() {
		return t, fmt.Sprintf("the file name names no operation of the contract (%q); the operations are: %s", t.op, strings.Join(operationIDs(), ", "))
	}
	return t, ""
}

// validateAll checks the inputs in parallel and returns their results in
// input order.
func validateAll(ctx context.Context, e *env, inputs []string, o *validateOptions) []validateResult {
	results := make([]validateResult, len(inputs))
	if len(inputs) > 64 {
		// Each payload is garbage as soon as it is checked and the live heap
		// stays small, so the default GC target makes the collector run
		// all the time: on 10,000 Orders, GOGC=400 halves the wall time.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	jobs := min(o.jobs, len(inputs))
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer // reused: validation keeps no reference to the bytes
			for {
				i := int(next.Add(1) - 1)
				if i >= len(inputs) || ctx.Err() != nil {
					return
				}
				results[i] = validateOne(ctx, e, inputs[i], o, &buf)
			}
		}()
	}
	wg.Wait()
	for i := range results {
		if results[i].Path == "" {
			results[i] = validateResult{Path: inputs[i], Error: "not checked: " + context.Cause(ctx).Error()}
		}
	}
	return results
}

func validateOne(ctx context.Context, e *env, path string, o *validateOptions, buf *bytes.Buffer) validateResult {
	r := validateResult{Path: path}
	var t validateTarget
	if o.flagTarget != nil {
		t = *o.flagTarget
	} else {
		var why string
		if t, why = targetFromName(path, o.status); why != "" {
			r.Error = why
			return r
		}
	}
	r.Target = t.String()
	data, err := readInputCtx(ctx, e, path, buf)
	if err != nil {
		r.Error = describeReadError(err)
		return r
	}
	return checkPayload(ctx, path, t, data)
}

// validateOperation checks data as t's operation's request or response body.
func validateOperation(t validateTarget, data []byte) error {
	if t.dir == api.InRequest {
		return api.ValidateRequestBody(gen.OperationID(t.op), data)
	}
	return api.ValidateResponseBody(gen.OperationID(t.op), t.status, data)
}

// successStatus is the status op answers when it succeeds, 0 for no such op.
func successStatus(op string) int {
	o, _ := gen.OperationID(op).Operation()
	return o.SuccessStatus
}

// operationIDs lists the contract's operations, for messages and completion.
func operationIDs() []string {
	var out []string
	for _, id := range gen.OperationIDs() {
		out = append(out, string(id))
	}
	return out
}
