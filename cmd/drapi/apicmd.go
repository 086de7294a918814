package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/drapi-go/drapi/client"
)

// action is one verb of a resource command, such as `customers get`.
type action struct {
	name    string   // "get"
	args    []string // names of the positional arguments, such as {"ID"}
	summary string   // one line for the resource's help
	example string   // shown by --help
	// body, when set, makes the action take --data and returns a pointer to
	// the request type the data is decoded into before anything is sent.
	body func() any
	// setup registers the action's own flags on fs and returns the function
	// that carries the action out once the flags are parsed.
	setup func(fs *flag.FlagSet) func(ctx context.Context, x *call) error
}

// call is what a running action works with.
type call struct {
	env  *env
	c    *client.Client
	args []string // the positional arguments, as many as action.args names
	body any      // the decoded --data, for actions with a body
}

// resourceCommand builds the subcommand `drapi <name> <action> ...` from its actions.
func resourceCommand(name, summary string, actions []action) command {
	return command{
		name:    name,
		summary: summary,
		run: func(ctx context.Context, e *env, args []string) int {
			return runResource(ctx, e, name, summary, actions, args)
		},
	}
}

func runResource(ctx context.Context, e *env, name, summary string, actions []action, args []string) int {
	if len(args) == 0 || isHelp(args[0]) {
		w := e.stdout
		if len(args) == 0 {
			w = e.stderr
		}
		resourceUsage(w, name, summary, actions)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	var act *action
	for i := range actions {
		if actions[i].name == args[0] {
			act = &actions[i]
		}
	}
	if act == nil {
		fmt.Fprintf(e.stderr, "drapi %s: unknown action %q\n\n", name, args[0])
		resourceUsage(e.stderr, name, summary, actions)
		return exitUsage
	}

	fs := flag.NewFlagSet("drapi "+name+" "+act.name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var conn connFlags
	conn.register(fs)
	var data string
	if act.body != nil {
		fs.StringVar(&data, "data", "", "the request body: inline JSON, @file.json, or - for stdin")
	}
	run := act.setup(fs)
	fs.Usage = func() {} // --help is answered below, on stdout
	positional, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(e.stdout)
		actionUsage(fs, name, act)
		return exitOK
	}
	if err != nil { // the flag package has printed the problem
		fmt.Fprintf(e.stderr, "Run 'drapi %s %s --help' for its flags.\n", name, act.name)
		return exitUsage
	}
	if len(positional) != len(act.args) {
		fmt.Fprintf(e.stderr, "drapi %s %s: want %d argument(s) (%s), got %d\n", name, act.name,
			len(act.args), strings.Join(act.args, " "), len(positional))
		return exitUsage
	}
	for i, a := range positional {
		if strings.TrimSpace(a) == "" {
			fmt.Fprintf(e.stderr, "drapi %s %s: %s is empty\n", name, act.name, act.args[i])
			return exitUsage
		}
	}

	x := &call{env: e, args: positional}
	if act.body != nil {
		x.body = act.body()
		if err := readData(e, data, x.body); err != nil {
			return reportError(e, err)
		}
	}
	c, closeConn, err := conn.connect(ctx, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "drapi %s %s: %v\n", name, act.name, err)
		return exitUsage
	}
	defer closeConn()
	x.c = c
	return reportError(e, run(ctx, x))
}

// parseInterspersed parses flags that may stand before, between or after the
// positional arguments, as `drapi customers get ID --base-url U` expects.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil // everything after -- is an argument
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func isHelp(s string) bool {
	switch s {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

func resourceUsage(w io.Writer, name, summary string, actions []action) {
	fmt.Fprintf(w, "drapi %s: %s\n\nUsage:\n", name, summary)
	for _, a := range actions {
		fmt.Fprintf(w, "  drapi %s %-28s %s\n", name, strings.TrimSpace(a.name+" "+strings.Join(a.args, " ")), a.summary)
	}
	fmt.Fprintf(w, "\nRun 'drapi %s <action> --help' for an action's flags and examples.\n", name)
	fmt.Fprint(w, connHelp)
}

func actionUsage(fs *flag.FlagSet, name string, a *action) {
	w := fs.Output()
	fmt.Fprintf(w, "drapi %s %s: %s\n\nUsage: %s\n\nFlags:\n", name, a.name, a.summary,
		strings.Join(append([]string{"drapi", name, a.name, "[flags]"}, a.args...), " "))
	fs.PrintDefaults()
	if a.example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", a.example)
	}
	fmt.Fprint(w, connHelp)
}

const connHelp = `
Connection: --key or DR_SECRET_KEY, --base-url or DR_BASE_URL. With neither
a key nor a base URL, commands run against the built-in sandbox: an in-memory
fake of the API seeded with the reference examples.
`

// reportError prints err for a person and returns the exit status: 0 for no
// error, 1 for an API or network error, 2 for bad input.
func reportError(e *env, err error) int {
	if err == nil {
		return exitOK
	}
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(e.stderr, "drapi: %v\n", usage.err)
		return exitUsage
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Fprintf(e.stderr, "drapi: %s %s: HTTP %d", apiErr.Method, apiErr.Path, apiErr.StatusCode)
		if apiErr.Type != "" {
			fmt.Fprintf(e.stderr, " %s", apiErr.Type)
		}
		if apiErr.RequestID != "" {
			fmt.Fprintf(e.stderr, " (request ID %s)", apiErr.RequestID)
		}
		fmt.Fprintln(e.stderr)
		for _, p := range apiErr.Errors {
			param := ""
			if p.Parameter != nil && *p.Parameter != "" {
				param = " [" + *p.Parameter + "]"
			}
			fmt.Fprintf(e.stderr, "  %s%s: %s\n", p.Code, param, p.Message)
		}
		if apiErr.Body != "" && len(apiErr.Errors) == 0 {
			fmt.Fprintf(e.stderr, "  body: %s\n", apiErr.Body)
		}
		if errors.Is(err, client.ErrOutcomeUnknown) {
			fmt.Fprintln(e.stderr, "  the API may have carried the request out: check before sending it again")
		}
		return exitFailed
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "drapi") {
		msg = "drapi: " + msg
	}
	fmt.Fprintln(e.stderr, msg)
	return exitFailed
}

// usageError is bad input from the person at the keyboard (a --data file that
// is not JSON, say): exit status 2.
type usageError struct{ err error }

func (u *usageError) Error() string { return u.err.Error() }
func (u *usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}
