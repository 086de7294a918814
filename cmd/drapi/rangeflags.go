package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/drapi-go/drapi"
	"github.com/drapi-go/drapi/gen"
	"github.com/spf13/pflag"
)

// timeRangeFlags adds --NAME-after and --NAME-before, which set the gte and
// lt bounds of the range filter *dst (createdTime[gte]=...), as
// client.Since and client.Before do, creating it when either is given.
// field is the API's name, for the help.
func timeRangeFlags(fs *pflag.FlagSet, name, field string, dst **gen.TimeRange) {
	bound := func(set func(r *gen.TimeRange, t *drapi.Time)) func(string) error {
		return func(s string) error {
			t, err := parseWhen(s, time.Now())
			if err != nil {
				return err
			}
			if *dst == nil {
				*dst = new(gen.TimeRange)
			}
			set(*dst, drapi.TimeOf(t))
			return nil
		}
	}
	funcFlag(fs, name+"-after", "TIME", "only those whose "+field+" is TIME or later (RFC 3339, a date such as 2024-05-01, or a duration ago such as 24h)",
		bound(func(r *gen.TimeRange, t *drapi.Time) { r.Gte = t }))
	funcFlag(fs, name+"-before", "TIME", "only those whose "+field+" is before TIME (as for --"+name+"-after)",
		bound(func(r *gen.TimeRange, t *drapi.Time) { r.Lt = t }))
}

// parseWhen reads a time as RFC 3339 (2024-05-01T12:00:00Z), a date in UTC
// (2024-05-01), or a duration before now (24h, 90m, 7d for days).
func parseWhen(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: give RFC 3339 (2024-05-01T12:00:00Z), a date (2024-05-01) or a duration ago (24h, 7d)", s)
}

// amountRangeFlags adds --NAME-min and --NAME-max, the gte and lte bounds of
// the amount range filter *dst.
func amountRangeFlags(fs *pflag.FlagSet, name, field string, dst **gen.AmountRange) {
	bound := func(set func(r *gen.AmountRange, v *float64)) func(string) error {
		return func(s string) error {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return fmt.Errorf("%q is not a number", s)
			}
			if *dst == nil {
				*dst = new(gen.AmountRange)
			}
			set(*dst, &v)
			return nil
		}
	}
	funcFlag(fs, name+"-min", "AMOUNT", "only those whose "+field+" is at least AMOUNT", bound(func(r *gen.AmountRange, v *float64) { r.Gte = v }))
	funcFlag(fs, name+"-max", "AMOUNT", "only those whose "+field+" is at most AMOUNT", bound(func(r *gen.AmountRange, v *float64) { r.Lte = v }))
}
