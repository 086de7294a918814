package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/drapi-go/drapi/api"
)

// validateSummary counts the outcomes of drapi validate.
type validateSummary struct {
	Checked    int `json:"checked"`
	Valid      int `json:"valid"`
	Invalid    int `json:"invalid"`
	NotChecked int `json:"notChecked"`
	// payloads is set when some results are lines of JSON Lines: the
	// summary then counts payloads, not files.
	payloads bool
}

// exitStatus is 2 when any payload could not be checked, else 1 when any
// is invalid, else 0.
func (s validateSummary) exitStatus() int {
	switch {
	case s.NotChecked > 0:
		return exitUsage
	case s.Invalid > 0:
		return exitFailed
	}
	return exitOK
}

// reporter writes the results of drapi validate as they come, in constant
// memory (a stream of JSON Lines may have millions), and sums them up at
// the end.
type reporter struct {
	e       *env
	format  formatFlag
	verbose bool
	s       validateSummary
	n       int   // results written
	err     error // the first write error
}

func newReporter(e *env, format formatFlag, verbose bool) *reporter {
	return &reporter{e: e, format: format, verbose: verbose}
}

// add writes one result.
func (rep *reporter) add(r validateResult) {
	switch {
	case r.Error != "":
		rep.s.NotChecked++
	case r.Valid:
		rep.s.Checked++
		rep.s.Valid++
	default:
		rep.s.Checked++
		rep.s.Invalid++
	}
	if r.Line > 0 {
		rep.s.payloads = true
	}
	w := rep.e.stdout
	switch rep.format {
	case formatJSON:
		sep := ",\n    "
		if rep.n == 0 {
			sep = "{\n  \"files\": [\n    "
		}
		b, err := json.MarshalIndent(r, "    ", "  ")
		if err == nil {
			_, err = fmt.Fprintf(w, "%s%s", sep, b)
		}
		rep.fail(err)
	case formatGitHub:
		file := r.Path
		if file == "-" {
			file = ""
		}
		if r.Error != "" {
			rep.println(githubAnnotation("error", file, r.Line, 0, "drapi validate: not checked", r.Error))
			break
		}
		for _, p := range r.Problems {
			title := "drapi validate: " + p.Rule
			if where := problemWhere(p); where != "" {
				title += " at " + where
			}
			rep.println(githubAnnotation("error", file, p.Line, p.Column, title, problemText(p, r.Target)))
		}
	default:
		where := r.Path
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", r.Path, r.Line)
		}
		switch {
		case r.Error != "":
			rep.println(oneLine(fmt.Sprintf("%s: %s", where, r.Error)))
		case r.Valid:
			if rep.verbose {
				rep.println(oneLine(fmt.Sprintf("%s: ok (%s)", where, r.Target)))
			}
		default:
			for _, p := range r.Problems {
				loc := r.Path
				if p.Line > 0 {
					loc = fmt.Sprintf("%s:%d:%d", r.Path, p.Line, p.Column)
				}
				rep.println(oneLine(fmt.Sprintf("%s: %s", loc, problemText(p, r.Target))))
			}
		}
	}
	rep.n++
}

func (rep *reporter) println(s string) {
	_, err := fmt.Fprintln(rep.e.stdout, s)
	rep.fail(err)
}

func (rep *reporter) fail(err error) {
	if err != nil && rep.err == nil {
		rep.err = err
	}
}

// finish writes the summary and returns the exit status.
func (rep *reporter) finish() int {
	w := rep.e.stdout
	switch rep.format {
	case formatJSON:
		endFiles := "\n  ],"
		if rep.n == 0 {
			endFiles = "{\n  \"files\": [],"
		}
		b, err := json.MarshalIndent(rep.s, "  ", "  ")
		if err == nil {
			_, err = fmt.Fprintf(w, "%s\n  \"summary\": %s\n}\n", endFiles, b)
		}
		rep.fail(err)
	default:
		rep.println(rep.s.text())
	}
	if rep.err != nil {
		fmt.Fprintf(rep.e.stderr, "drapi validate: write the report: %v\n", rep.err)
		return exitUsage
	}
	return rep.s.exitStatus()
}

// oneLine escapes the control characters of a line of the text report (\n,
// \x1b, ...): a file name or a payload's key must not start a line of its
// own, which CI runners read as a command when it starts with "::", nor
// reach the terminal as an escape sequence.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// problemWhere names where a problem is: a pointer, a parameter or "".
func problemWhere(p api.Problem) string {
	switch {
	case p.Pointer != "":
		return p.Pointer
	case p.Parameter != "":
		return p.In + " " + p.Parameter
	}
	return ""
}

// problemText is one problem for people: where, what, the rule, what was
// found, and what the payload was checked against.
func problemText(p api.Problem, target string) string {
	var b strings.Builder
	if where := problemWhere(p); where != "" {
		b.WriteString(where)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	b.WriteString(" (")
	b.WriteString(p.Rule)
	if p.Found != "" && p.Rule != "json" {
		b.WriteString("; found ")
		b.WriteString(p.Found)
	}
	if target != "" {
		b.WriteString("; ")
		b.WriteString(target)
	}
	b.WriteString(")")
	return b.String()
}

func (s validateSummary) text() string {
	unit := "file"
	if s.payloads {
		unit = "payload"
	}
	files := func(n int) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	out := fmt.Sprintf("drapi validate: %s checked: %d valid, %d invalid", files(s.Checked), s.Valid, s.Invalid)
	if s.NotChecked > 0 {
		out += fmt.Sprintf("; %s not checked", files(s.NotChecked))
	}
	return out
}
