// Command drapi checks JSON payloads and specs against the Digital River API
// contract, serves a fake of the API, and calls the API.
//
// Each subcommand lives in a file of its own and registers the constructor of
// its cobra command in init; runMain builds the command tree afresh for every
// run, so tests can run drapi in-process many times.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"
)

// Exit statuses shared by every subcommand.
const (
	exitOK     = 0 // success, everything valid
	exitFailed = 1 // invalid payloads, findings, breaking changes, API errors
	exitUsage  = 2 // bad flags or arguments, unreadable input
)

// env is what a command may touch of the process, so tests can run commands
// in-process with their own streams and environment.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// isTerminal reports whether stdout is a terminal (indented JSON, tables).
	isTerminal bool
	// errIsTerminal reports whether stderr is a terminal (progress of --all).
	errIsTerminal bool
	// inIsTerminal reports whether stdin is a terminal (a prompt for --data -).
	inIsTerminal bool
}

// commands holds the constructors of the subcommands, in registration order.
var commands []func(e *env) *cobra.Command

// register adds a subcommand; each command's file calls it from init.
func register(newCmd func(e *env) *cobra.Command) {
	commands = append(commands, newCmd)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
		isTerminal:    term.IsTerminal(int(os.Stdout.Fd())),
		errIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		inIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
	}
	code := runMain(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// exitError ends a command with an exit status whose message has already
// been printed.
type exitError struct{ code int }

// Error says which status the command ends with.
func (x *exitError) Error() string { return fmt.Sprintf("exit status %d", x.code) }

// exitWith turns an exit status into what a cobra RunE returns.
func exitWith(code int) error {
	if code == exitOK {
		return nil
	}
	return &exitError{code: code}
}

// runMain runs drapi with args and returns the process exit status.
func runMain(ctx context.Context, e *env, args []string) int {
	root := newRootCommand(e)
	root.SetArgs(normalizeArgs(root, leadingFlagsLast(root, args)))
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	if x, ok := errors.AsType[*exitError](err); ok {
		return x.code
	}
	// Anything else comes from cobra before a command ran: an unknown
	// command or flag, a flag's bad value, a wrong number of arguments.
	msg := err.Error()
	if !strings.HasPrefix(msg, "drapi") {
		msg = cmd.CommandPath() + ": " + msg
	}
	fmt.Fprintln(e.stderr, strings.TrimRight(msg, "\n"))
	fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	return exitUsage
}

// newRootCommand builds drapi's command tree for one run.
func newRootCommand(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "drapi",
		Short: "the Digital River API contract, a fake of the API, and a client for it",
		Long: `drapi calls the Digital River API (customers, sources, orders), checks JSON
payloads and specs against its contract, and serves a fake of the API.

Try it without a key: drapi --sandbox customers list`,
		Example: `  drapi --sandbox customers list
  drapi --sandbox orders list --state accepted
  export DR_SECRET_KEY=sk_test_...; drapi customers get 5823594809
  drapi validate testdata/seeds/normalized
  drapi help orders`,
		Version:       fmt.Sprintf("%s (client %s, contract %s)", moduleVersion(), clientVersion(), contractVersion()),
		SilenceErrors: true,
		SilenceUsage:  true,
		// With no command: the help, on stderr, as a usage error.
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(e.stderr)
			_ = cmd.Help()
			return exitWith(exitUsage)
		},
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetVersionTemplate("drapi {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.PersistentFlags().Bool("sandbox", false, "customers, sources, orders: call the built-in sandbox (an in-memory fake with example data) instead of the API; also DR_SANDBOX=1")
	root.AddGroup(&cobra.Group{ID: "api", Title: "Calling the API:"}, &cobra.Group{ID: "contract", Title: "Checking payloads and specs:"},
		&cobra.Group{ID: "other", Title: "Other commands:"})
	root.SetHelpCommandGroupID("other")
	root.SetCompletionCommandGroupID("other")
	for _, newCmd := range commands {
		root.AddCommand(newCmd(e))
	}
	root.SetHelpCommand(helpCommand(e, root))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			requireSubcommand(e, c, "shell")
		}
	}
	return root
}

// helpCommand is `drapi help [COMMAND...]`: cobra's, except that an unknown
// topic is a usage error with the nearest commands.
func helpCommand(e *env, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:     "help [COMMAND]...",
		Short:   "help about any command: drapi help orders list",
		GroupID: "other",
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			cmd, _, err := root.Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() {
					names = append(names, c.Name())
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err == nil && len(rest) > 0 {
				err = fmt.Errorf("unknown help topic %q", strings.Join(args, " "))
				if s := cmd.SuggestionsFor(rest[0]); len(s) > 0 {
					err = fmt.Errorf("%w\n\nDid you mean this?\n\t%s", err, strings.Join(s, "\n\t"))
				}
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "drapi help: %s\nRun 'drapi --help' for the commands.\n", strings.TrimRight(err.Error(), "\n"))
				return exitWith(exitUsage)
			}
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag() // the root lists --version, as drapi --help does
			return cmd.Help()
		},
	}
}

// normalizeArgs rewrites single-dash long flags (-format json), which drapi
// took before it used cobra, to the double-dash form (--format json).
// Everything after "--" is left alone.
func normalizeArgs(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == nil {
		cmd = root
	}
	out := make([]string, len(args))
	copy(out, args)
	for i, a := range out {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "--") || len(a) < 3 {
			continue
		}
		name, _, _ := strings.Cut(a[1:], "=")
		if name == "help" || cmd.Flag(name) != nil {
			out[i] = "-" + a
		}
	}
	return out
}

// leadingFlagsLast moves the flags given before the command (drapi
// --dry-run customers list) to after it, where the command parses them.
// Cobra finds the command by skipping the flags before it, and takes the
// word after a flag the root does not know for its value: 'customers' for
// the value of --dry-run, then 'list' for an unknown command. The root's
// own flags (--sandbox, --help, --version) stay where they are.
func leadingFlagsLast(root *cobra.Command, args []string) []string {
	var kept, moved []string
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			break
		}
		name, _, inline := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case root.Flags().Lookup(name) != nil, name == "help", name == "h", name == "version", name == "v":
			kept = append(kept, a)
		case !inline && takesValue(root, name) && i+1 < len(args):
			moved = append(moved, a, args[i+1])
			i++
		default:
			moved = append(moved, a)
		}
	}
	if len(moved) == 0 {
		return args
	}
	rest := args[i:]
	end := slices.Index(rest, "--")
	if end < 0 {
		end = len(rest)
	}
	out := append(kept, rest[:end]...)
	out = append(out, moved...)
	return append(out, rest[end:]...)
}

// takesValue reports whether a flag of that name (or shorthand) of any
// command takes a value (--output json), as opposed to a switch (--verbose).
func takesValue(cmd *cobra.Command, name string) bool {
	for _, fs := range []*pflag.FlagSet{cmd.LocalFlags(), cmd.PersistentFlags()} {
		f := fs.Lookup(name)
		if f == nil && len(name) == 1 {
			f = fs.ShorthandLookup(name)
		}
		if f != nil {
			return f.NoOptDefVal == ""
		}
	}
	for _, c := range cmd.Commands() {
		if takesValue(c, name) {
			return true
		}
	}
	return false
}
