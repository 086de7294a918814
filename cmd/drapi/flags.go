package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/drapi-go/drapi/api"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// longHelp turns a command's usage text, which starts with a "Usage:" line
// that cobra prints itself, into its long help.
func longHelp(usage string) string {
	usage = strings.TrimSpace(usage)
	if strings.HasPrefix(usage, "Usage:") {
		if _, rest, ok := strings.Cut(usage, "\n\n"); ok {
			return rest
		}
	}
	return usage
}

// flagError is cobra's flag error function: a flag's bad value or an
// unknown flag, named, with the nearest known flag for a typo.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if num, ok := errors.AsType[*strconv.NumError](err); ok {
		// pflag's number flags pass strconv's wording on: say it plainly.
		plain := "not a number"
		switch {
		case num.Err == strconv.ErrRange:
			plain = "out of range"
		case strings.HasPrefix(num.Func, "ParseInt"), strings.HasPrefix(num.Func, "ParseUint"), num.Func == "Atoi":
			plain = "not a whole number"
			if strings.HasPrefix(num.Func, "ParseUint") {
				plain += " of at least 0"
			}
		}
		msg = strings.Replace(msg, num.Error(), plain, 1)
	}
	var names []string
	add := func(f *pflag.Flag) {
		if !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	cmd.Flags().VisitAll(add)
	cmd.InheritedFlags().VisitAll(add)
	var nearest []string
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		if s := closest(name, names); s != "" {
			nearest = append(nearest, s)
		}
	}
	if letter, ok := strings.CutPrefix(msg, "unknown shorthand flag: '"); ok && len(letter) > 1 && letter[1] == '\'' {
		// -v for --verbose: the long flags with that initial.
		for _, n := range names {
			if n[0] == letter[0] && n != "help" {
				nearest = append(nearest, n)
			}
		}
	}
	if len(nearest) > 0 && len(nearest) <= 3 {
		msg += "\n\nDid you mean this?\n\t--" + strings.Join(nearest, "\n\t--")
	}
	return errors.New(msg)
}

// closest returns the candidate nearest to s (at most 2 edits, or s as its
// prefix), or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if len(s) >= 3 && strings.HasPrefix(c, s) {
			d = min(d, 1)
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Shell completions of flag values.
var (
	formatCompletion = cobra.FixedCompletions([]string{"text", "json", "github"}, cobra.ShellCompDirectiveNoFileComp)
	schemaCompletion = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return api.SchemaNames(), cobra.ShellCompDirectiveNoFileComp
	}
	operationCompletion = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return operationIDs(), cobra.ShellCompDirectiveNoFileComp
	}
)

// formatFlag is the --format flag shared by validate, lint and breaking.
type formatFlag string

const (
	formatText   formatFlag = "text"
	formatJSON   formatFlag = "json"
	formatGitHub formatFlag = "github"
)

func (f *formatFlag) String() string { return string(*f) }

// Type is the placeholder help shows: --format FORMAT.
func (f *formatFlag) Type() string { return "FORMAT" }

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
