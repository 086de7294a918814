package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/drapi-go/drapi/api"
)

// validateSummary counts the outcomes of drapi validate.
type validateSummary struct {
	Checked    int `json:"checked"`
	Valid      int `json:"valid"`
	Invalid    int `json:"invalid"`
	NotChecked int `json:"notChecked"`
}

func summarize(results []validateResult) validateSummary {
	var s validateSummary
	for _, r := range results {
		switch {
		case r.Error != "":
			s.NotChecked++
		case r.Valid:
			s.Checked++
			s.Valid++
		default:
			s.Checked++
			s.Invalid++
		}
	}
	return s
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

// reportValidation writes results in format and returns the exit status.
func reportValidation(e *env, format formatFlag, verbose bool, results []validateResult) int {
	s := summarize(results)
	switch format {
	case formatJSON:
		out := struct {
			Files   []validateResult `json:"files"`
			Summary validateSummary  `json:"summary"`
		}{results, s}
		if out.Files == nil {
			out.Files = []validateResult{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(e.stderr, "drapi validate: write the report: %v\n", err)
			return exitUsage
		}
	case formatGitHub:
		for _, r := range results {
			file := r.Path
			if file == "-" {
				file = ""
			}
			if r.Error != "" {
				fmt.Fprintln(e.stdout, githubAnnotation("error", file, 0, 0, "drapi validate: not checked", r.Error))
				continue
			}
			for _, p := range r.Problems {
				title := "drapi validate: " + p.Rule
				if where := problemWhere(p); where != "" {
					title += " at " + where
				}
				fmt.Fprintln(e.stdout, githubAnnotation("error", file, p.Line, p.Column, title, problemText(p, r.Target)))
			}
		}
		fmt.Fprintln(e.stdout, s.text())
	default:
		for _, r := range results {
			switch {
			case r.Error != "":
				fmt.Fprintf(e.stdout, "%s: %s\n", r.Path, r.Error)
			case r.Valid:
				if verbose {
					fmt.Fprintf(e.stdout, "%s: ok (%s)\n", r.Path, r.Target)
				}
			default:
				for _, p := range r.Problems {
					loc := r.Path
					if p.Line > 0 {
						loc = fmt.Sprintf("%s:%d:%d", r.Path, p.Line, p.Column)
					}
					fmt.Fprintf(e.stdout, "%s: %s\n", loc, problemText(p, r.Target))
				}
			}
		}
		fmt.Fprintln(e.stdout, s.text())
	}
	return s.exitStatus()
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
	files := func(n int) string {
		if n == 1 {
			return "1 file"
		}
		return fmt.Sprintf("%d files", n)
	}
	out := fmt.Sprintf("drapi validate: %s checked: %d valid, %d invalid", files(s.Checked), s.Valid, s.Invalid)
	if s.NotChecked > 0 {
		out += fmt.Sprintf("; %s not checked", files(s.NotChecked))
	}
	return out
}
