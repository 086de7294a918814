package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"github.com/drapi-go/drapi/client"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// action is one verb of a resource command, such as `customers get`.
type action struct {
	name    string   // "get"
	args    []string // names of the positional arguments, such as {"ID"}
	summary string   // one line for the resource's help
	example string   // shown by --help; each line runs against the sandbox (TestHelpExamplesShowData)
	// shows is a zero value of what the action prints (gen.Customer{}, ...),
	// for --fields and tables; nil when it prints nothing.
	shows any
	// body, when set, makes the action take --data and returns a pointer to
	// the request type the data is decoded into before anything is sent.
	body func() any
	// setup registers the action's own flags on fs and returns the function
	// that carries the action out. It may add checks to x, run once the flags
	// are parsed and before anything is sent.
	setup func(fs *pflag.FlagSet, x *call) func(ctx context.Context) error
}

// call is what a running action works with.
type call struct {
	env  *env
	c    *client.Client
	args []string // the positional arguments, as many as action.args names
	body any      // the decoded --data, for actions with a body
	out  *outputFlags
	// pages counts the answers the API gave, for the progress of --all.
	pages *counter
	// progress shows how far --all has come: on a terminal's stderr, unless
	// --verbose already prints a line for each page there (and, see
	// streamAll, unless objects stream to that terminal).
	progress bool
	// checks run after the flags are parsed, before anything is sent; each
	// returns a usage error or nil.
	checks []func() error
}

// sandboxHelp is what every API command's help says about the sandbox.
const sandboxHelp = `Connection: DR_SECRET_KEY (or --key) and DR_BASE_URL (or --base-url). With
--sandbox (or DR_SANDBOX=1) the command calls a built-in sandbox instead: an
in-memory fake of the API holding a few example customers, sources and
orders. The sandbox forgets everything when the command ends, so a customer
created by one command is not there for the next; for a fake that keeps its
state between commands, run 'drapi mock' and point DR_BASE_URL at it.`

// resourceCommand builds the command `drapi <name> <action> ...` from its actions.
func resourceCommand(e *env, name, summary string, actions []action) *cobra.Command {
	var cf connFlags
	group := &cobra.Command{
		Use:     name + " ACTION",
		Short:   summary,
		Long:    "drapi " + name + ": " + summary + ".\n\n" + sandboxHelp,
		GroupID: "api",
		// cobra defaults this to 2 only for the root's own suggestions.
		SuggestionsMinimumDistance: 2,
	}
	requireSubcommand(e, group, "action")
	cf.register(group)
	for i := range actions {
		group.AddCommand(actionCommand(e, name, &actions[i], &cf))
	}
	return group
}

// requireSubcommand makes a command that only groups others refuse an
// unknown subcommand (exit 2, with the nearest ones) and, given none, print
// its help on stderr and exit 2; cobra would print the help and exit 0.
func requireSubcommand(e *env, cmd *cobra.Command, what string) {
	cmd.SuggestionsMinimumDistance = 2
	cmd.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("unknown %s %q", what, args[0])
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t")
		}
		return errors.New(msg)
	}
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cmd.SetOut(e.stderr)
		_ = cmd.Help()
		return exitWith(exitUsage)
	}
}

// actionCommand builds `drapi <resource> <action>`.
func actionCommand(e *env, resource string, a *action, cf *connFlags) *cobra.Command {
	x := &call{env: e, out: &cf.out}
	var data string
	cmd := &cobra.Command{
		Use:     strings.Join(append([]string{a.name}, a.args...), " "),
		Short:   a.summary,
		Long:    "drapi " + resource + " " + a.name + ": " + a.summary + ".\n\n" + sandboxHelp,
		Example: a.example,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != len(a.args) {
				return fmt.Errorf("want %d argument(s) (%s), got %d", len(a.args), strings.Join(a.args, " "), len(args))
			}
			for i, v := range args {
				if strings.TrimSpace(v) == "" {
					return fmt.Errorf("%s is empty", a.args[i])
				}
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	if a.body != nil {
		cmd.Flags().StringVar(&data, "data", "", "the request body, a `JSON` object: inline, @file.json, or - for stdin (required)")
	}
	run := a.setup(cmd.Flags(), x)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		x.args = args
		return exitWith(runAction(cmd, x, a, cf, data, run))
	}
	return cmd
}

// runAction checks the input, connects, and carries the action out; it
// returns the exit status.
func runAction(cmd *cobra.Command, x *call, a *action, cf *connFlags, data string, run func(context.Context) error) int {
	ctx, e := cmd.Context(), x.env
	if a.shows != nil {
		cf.out.shows = reflect.TypeOf(a.shows)
	} else if len(cf.out.fields) > 0 || cf.out.format != "" {
		return reportError(e, usagef("drapi %s prints no object: leave out --output and --fields", cmd.CommandPath()))
	}
	if err := cf.out.check(); err != nil {
		return reportError(e, err)
	}
	for _, check := range x.checks {
		if err := check(); err != nil {
			return reportError(e, err)
		}
	}
	if a.body != nil {
		x.body = a.body()
		if err := readData(ctx, e, data, x.body); err != nil {
			return reportError(e, err)
		}
	}
	conn, err := cf.connect(ctx, e, cmd)
	if err != nil {
		return reportError(e, err)
	}
	defer conn.close()
	x.c, x.pages = conn.client, conn.pages
	x.progress = e.errIsTerminal && !cf.verbose
	err = run(ctx)
	if cf.dryRun && errors.Is(err, errDryRun) {
		return exitOK
	}
	// A 404 from the sandbox needs no hint: its first line on stderr said
	// that it forgets, and that drapi mock keeps state.
	return reportError(e, err)
}

// reportError prints err for a person and returns the exit status: 0 for no
// error, 1 for an API or network error, 2 for bad input. Each fact is said
// once: the status and its text, the error type only when no error code
// repeats it, each code with its parameter and message, the request ID.
func reportError(e *env, err error) int {
	if err == nil {
		return exitOK
	}
	if usage, ok := errors.AsType[*usageError](err); ok {
		fmt.Fprintf(e.stderr, "drapi: %v\n", usage.err)
		return exitUsage
	}
	unknownSaid := false // the message already says the outcome is unknown
	if apiErr, ok := errors.AsType[*client.APIError](err); ok {
		fmt.Fprintf(e.stderr, "drapi: %s %s: %d %s", apiErr.Method, apiErr.Path, apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
		if apiErr.Type != "" && !typeRepeated(apiErr) {
			fmt.Fprintf(e.stderr, " (%s)", apiErr.Type)
		}
		if apiErr.Attempts > 1 {
			fmt.Fprintf(e.stderr, " after %d attempts", apiErr.Attempts)
		}
		if apiErr.RequestID != "" {
			fmt.Fprintf(e.stderr, ", request ID %s", apiErr.RequestID)
		}
		fmt.Fprintln(e.stderr)
		for _, p := range apiErr.Errors {
			param := ""
			if p.Parameter != nil && *p.Parameter != "" {
				param = " [" + *p.Parameter + "]"
			}
			msg := p.Message
			if msg == "" || strings.EqualFold(msg, p.Code) {
				fmt.Fprintf(e.stderr, "  %s%s\n", p.Code, param)
			} else {
				fmt.Fprintf(e.stderr, "  %s%s: %s\n", p.Code, param, msg)
			}
		}
		if apiErr.Body != "" && len(apiErr.Errors) == 0 {
			fmt.Fprintf(e.stderr, "  body: %s\n", apiErr.Body)
		}
	} else {
		msg := err.Error()
		if ue, ok := errors.AsType[*url.Error](err); ok {
			// The client's message already names the method and path.
			msg = strings.Replace(msg, fmt.Sprintf("%s %q: ", ue.Op, ue.URL), "", 1)
		}
		if !strings.HasPrefix(msg, "drapi") {
			msg = "drapi: " + msg
		}
		fmt.Fprintln(e.stderr, msg)
		unknownSaid = strings.Contains(msg, "outcome unknown")
	}
	if errors.Is(err, client.ErrOutcomeUnknown) {
		if unknownSaid {
			fmt.Fprintln(e.stderr, "  Find out what happened before sending it again.")
		} else {
			fmt.Fprintln(e.stderr, "  The API may have carried the request out: find out before sending it again.")
		}
		if ou, ok := errors.AsType[*orderOutcomeError](err); ok {
			fmt.Fprint(e.stderr, ou.hint())
		}
	}
	return exitFailed
}

// typeRepeated reports whether an error code says what the error type says.
func typeRepeated(apiErr *client.APIError) bool {
	for _, p := range apiErr.Errors {
		if strings.EqualFold(p.Code, apiErr.Type) {
			return true
		}
	}
	return false
}

// usageError is bad input from the person at the keyboard (a --data file that
// is not JSON, say): exit status 2.
type usageError struct{ err error }

// Error is the message for the person at the keyboard.
func (u *usageError) Error() string { return u.err.Error() }

// Unwrap returns the underlying error.
func (u *usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...)}
}
