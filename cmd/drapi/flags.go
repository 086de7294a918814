package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parseFlags parses args with fs as parseInterspersed does, allowing flags
// after positional arguments (drapi validate dir --format json) until a
// "--", and returns the positional arguments. On -h or --help it prints the
// usage to stdout and returns flag.ErrHelp; other errors it reports on
// stderr.
func parseFlags(fs *flag.FlagSet, e *env, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	positional, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(e.stdout)
		fs.Usage()
	case err != nil:
		fmt.Fprintf(e.stderr, "drapi %s: %v\nRun 'drapi %s --help' for usage.\n", fs.Name(), err, fs.Name())
	}
	return positional, err
}

// usageFunc returns a FlagSet.Usage that prints text, the flags, and
// examples.
func usageFunc(fs *flag.FlagSet, text, examples string) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintln(w, strings.TrimSpace(text))
		fmt.Fprintln(w, "\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(w, "\nExamples:")
		fmt.Fprintln(w, strings.TrimRight(examples, "\n"))
	}
}

// exitFor maps the error of parseFlags to an exit status.
func exitFor(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// formatFlag is the --format flag shared by validate, lint and breaking.
type formatFlag string

const (
	formatText   formatFlag = "text"
	formatJSON   formatFlag = "json"
	formatGitHub formatFlag = "github"
)

func (f *formatFlag) String() string { return string(*f) }

func (f *formatFlag) Set(s string) error {
	switch formatFlag(s) {
	case formatText, formatJSON, formatGitHub:
		*f = formatFlag(s)
		return nil
	}
	return fmt.Errorf("unknown format %q: want text, json or github", s)
}

// githubAnnotation renders a GitHub Actions workflow command such as
// ::error file=a.json,line=3,title=required::message, escaping as the
// runner expects. Empty properties are left out.
func githubAnnotation(level, file string, line, col int, title, msg string) string {
	var props []string
	if file != "" {
		props = append(props, "file="+escapeGitHubProperty(file))
	}
	if line > 0 {
		props = append(props, fmt.Sprintf("line=%d", line))
		if col > 0 {
			props = append(props, fmt.Sprintf("col=%d", col))
		}
	}
	if title != "" {
		props = append(props, "title="+escapeGitHubProperty(title))
	}
	out := "::" + level
	if len(props) > 0 {
		out += " " + strings.Join(props, ",")
	}
	return out + "::" + escapeGitHubData(msg)
}

func escapeGitHubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeGitHubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
