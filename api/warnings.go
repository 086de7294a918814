package api

import "errors"

// Digital River adds enum values without a new API version: a response
// carrying a state or type the contract does not list yet is the API moving
// on, not the service breaking. These options report such values as warnings
// (Problem.Warning) instead of problems. Requests are always held to the
// enums: the API refuses values it does not know.

// ValidateOption configures ValidateResponse and ValidateResponseBody.
type ValidateOption func(*validateConfig)

type validateConfig struct {
	enumWarnings bool
	warn         func(Problem)
}

// WithEnumWarnings makes a value outside its enum in a response a warning
// instead of a problem: warn (when not nil) is called with each, marked
// Warning, and the response is judged on its other problems alone, so a
// response whose only findings are new enum values is valid (nil error).
func WithEnumWarnings(warn func(Problem)) ValidateOption {
	return func(c *validateConfig) { c.enumWarnings, c.warn = true, warn }
}

// WithResponseEnumWarnings makes the transport treat a value outside its
// enum in a response as a warning: it is reported (WithResponseReport, or
// the default slog warning) in a *ValidationError whose problems are all
// marked Warning, and never fails the call, even with WithResponseFailure.
// Other problems of the same response are reported or fail the call as
// usual.
func WithResponseEnumWarnings() TransportOption {
	return func(t *transport) { t.enumWarns = true }
}

func newValidateConfig(opts []ValidateOption) validateConfig {
	var c validateConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// sift hands the enum warnings of ps to c.warn and returns the problems
// that remain; without WithEnumWarnings it returns ps as it is.
func (c validateConfig) sift(ps []Problem) []Problem {
	if !c.enumWarnings {
		return ps
	}
	ps, warns := splitEnumWarnings(ps)
	if c.warn != nil {
		for _, w := range warns {
			c.warn(w)
		}
	}
	return ps
}

// splitEnumWarnings moves the enum problems of a response out of ps,
// marked as warnings.
func splitEnumWarnings(ps []Problem) (problems, warnings []Problem) {
	for _, p := range ps {
		if p.Rule != "enum" {
			problems = append(problems, p)
			continue
		}
		p.Warning = true
		p.Message = "is not a value the contract lists (" + p.Message + "); the API may have added it"
		warnings = append(warnings, p)
	}
	return problems, warnings
}

// onlyWarnings reports whether err is a *ValidationError of warnings alone.
func onlyWarnings(err error) bool {
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) == 0 {
		return false
	}
	for _, p := range verr.Problems {
		if !p.Warning {
			return false
		}
	}
	return true
}
