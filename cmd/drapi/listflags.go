package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Flag helpers that set optional fields of gen's params structs only when the
// flag is given, so an absent flag sends nothing.

func stringFlag[T ~string](fs *flag.FlagSet, name, usage string, dst **T) {
	fs.Func(name, usage, func(s string) error {
		v := T(s)
		*dst = &v
		return nil
	})
}

func floatFlag(fs *flag.FlagSet, name, usage string, dst **float64) {
	fs.Func(name, usage, func(s string) error {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", s)
		}
		*dst = &f
		return nil
	})
}

func boolFlag(fs *flag.FlagSet, name, usage string, dst **bool) {
	fs.Func(name, usage, func(s string) error {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not true or false", s)
		}
		*dst = &b
		return nil
	})
}

// listFlag collects a repeatable, comma-separated flag: --ids a,b --ids c.
func listFlag(fs *flag.FlagSet, name, usage string, dst *[]string) {
	fs.Func(name, usage+" (comma-separated or repeated)", func(s string) error {
		for _, v := range strings.Split(s, ",") {
			if v = strings.TrimSpace(v); v != "" {
				*dst = append(*dst, v)
			}
		}
		return nil
	})
}

// pageFlags registers the paging flags both list actions share.
func pageFlags(fs *flag.FlagSet, startingAfter, endingBefore **string, limit **int, all *bool) {
	stringFlag(fs, "starting-after", "list the objects after this ID (next page)", startingAfter)
	stringFlag(fs, "ending-before", "list the objects before this ID (previous page)", endingBefore)
	fs.Func("limit", "objects per page, 1 to 100 (API default 10)", func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return fmt.Errorf("%q is not a whole number from 1 to 100", s)
		}
		*limit = &n
		return nil
	})
	fs.BoolVar(all, "all", false, "page through everything, one JSON object per line")
}
