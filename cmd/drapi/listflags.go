package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// Flag helpers that set optional fields of gen's params structs only when the
// flag is given, so an absent flag sends nothing. Each takes the placeholder
// its help shows (--state STATE). New list filters (a date range, say) are
// added in the list actions of customers.go and orders.go with these.

// funcValue is a pflag.Value that hands each value to set; its Type is the
// placeholder help prints after the flag's name.
type funcValue struct {
	placeholder string
	set         func(string) error
	last        string
}

// String returns the last value given, for pflag.
func (f *funcValue) String() string { return f.last }

// Type is the placeholder help shows after the flag's name.
func (f *funcValue) Type() string { return f.placeholder }

// Set hands s to the flag's function.
func (f *funcValue) Set(s string) error { f.last = s; return f.set(s) }

func funcFlag(fs *pflag.FlagSet, name, placeholder, usage string, set func(string) error) {
	fs.Var(&funcValue{placeholder: placeholder, set: set}, name, usage)
}

func stringFlag[T ~string](fs *pflag.FlagSet, name, placeholder, usage string, dst **T) {
	funcFlag(fs, name, placeholder, usage, func(s string) error {
		v := T(s)
		*dst = &v
		return nil
	})
}

func floatFlag(fs *pflag.FlagSet, name, placeholder, usage string, dst **float64) {
	funcFlag(fs, name, placeholder, usage, func(s string) error {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		*dst = &f
		return nil
	})
}

func boolFlag(fs *pflag.FlagSet, name, usage string, dst **bool) {
	funcFlag(fs, name, "true|false", usage, func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		*dst = &b
		return nil
	})
}

// listFlag collects a repeatable, comma-separated flag: --ids a,b --ids c.
// A value with no item in it (--upstream-ids "$UNSET") is refused: it
// would drop the filter and list everything.
func listFlag(fs *pflag.FlagSet, name, placeholder, usage string, dst *[]string) {
	funcFlag(fs, name, placeholder+",...", usage+" (comma-separated or repeated)", func(s string) error {
		n := len(*dst)
		for v := range strings.SplitSeq(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				*dst = append(*dst, v)
			}
		}
		if len(*dst) == n {
			return fmt.Errorf("no %s in it: give at least one", placeholder)
		}
		return nil
	})
}

// pageFlags are the paging flags every list action shares.
type pageFlags struct {
	startingAfter, endingBefore **string
	limit                       **int
	all                         bool
	max                         int
}

// register adds --starting-after, --ending-before, --limit, --all and --max
// to fs, setting the cursor and limit fields the pointers point at.
func (p *pageFlags) register(fs *pflag.FlagSet) {
	stringFlag(fs, "starting-after", "ID", "list the objects after this ID (next page)", p.startingAfter)
	stringFlag(fs, "ending-before", "ID", "list the objects before this ID (previous page)", p.endingBefore)
	funcFlag(fs, "limit", "N", "objects per page, 1 to 100 (API default 10; --all pages by 100)", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return fmt.Errorf("%q is not a whole number from 1 to 100", s)
		}
		*p.limit = &n
		return nil
	})
	fs.BoolVar(&p.all, "all", false, "page through everything (100 per request unless --limit)")
	funcFlag(fs, "max", "N", "like --all, but stop after N objects", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return fmt.Errorf("%q is not a whole number of at least 1", s)
		}
		p.max = n
		return nil
	})
}

// check refuses what the API would, before anything is sent, and sets the
// page size of a walk through every page.
func (p *pageFlags) check() error {
	if *p.startingAfter != nil && *p.endingBefore != nil {
		return usagef("--starting-after and --ending-before exclude each other: the API takes one cursor")
	}
	for _, c := range []struct {
		name string
		v    *string
	}{{"--starting-after", *p.startingAfter}, {"--ending-before", *p.endingBefore}} {
		if c.v != nil && strings.TrimSpace(*c.v) == "" {
			return usagef("%s is empty: give the ID to page from", c.name)
		}
	}
	if p.max > 0 {
		p.all = true
	}
	if p.all && *p.limit == nil {
		n := 100
		if p.max > 0 {
			n = min(n, p.max)
		}
		*p.limit = &n
	}
	return nil
}
