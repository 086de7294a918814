package drapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Time is a timestamp of the API. It decodes RFC 3339 strings and the Java
// OffsetDateTime objects the reference pages print, and always encodes RFC 3339,
// as a JSON value and as a path or query parameter.
//
// The blank field keeps Time from being convertible to time.Time or the
// runtime's date-only type, which would make oapi-codegen's runtime format it
// as a date and drop the time of day.
type Time struct {
	time.Time
	_ struct{}
}

// NewTime returns t as a Time.
func NewTime(t time.Time) Time { return Time{Time: t} }

// TimeOf returns a pointer to t as a Time, for optional fields of request bodies.
func TimeOf(t time.Time) *Time { return &Time{Time: t} }

// String formats the time as RFC 3339, with fractional seconds when it has any.
func (t Time) String() string { return t.Format(time.RFC3339Nano) }

// MarshalJSON encodes the time as an RFC 3339 JSON string.
func (t Time) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(time.RFC3339Nano)+2)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

// MarshalText encodes the time as RFC 3339; the runtime uses it for path and
// query parameters.
func (t Time) MarshalText() ([]byte, error) {
	return t.AppendFormat(nil, time.RFC3339Nano), nil
}

// UnmarshalText decodes an RFC 3339 time.
func (t *Time) UnmarshalText(b []byte) error {
	return t.Bind(string(b))
}

// Bind decodes an RFC 3339 time from a path or query parameter; it implements
// the oapi-codegen runtime's Binder.
func (t *Time) Bind(s string) error {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("drapi: %q is not an RFC 3339 date-time", s)
	}
	t.Time = v
	return nil
}

// UnmarshalJSON decodes an RFC 3339 string, a Java OffsetDateTime object as
// the reference pages print it, or null (which leaves t unchanged).
func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return fmt.Errorf("drapi: empty date-time")
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		return t.Bind(s)
	case b[0] == '{':
		return t.unmarshalJavaObject(b)
	case string(b) == "null":
		return nil
	}
	return fmt.Errorf("drapi: date-time must be a string or an object, got %.20s", b)
}

// javaOffsetDateTime is the part of a Java OffsetDateTime's default JSON
// rendering that a point in time needs.
type javaOffsetDateTime struct {
	Offset *struct {
		TotalSeconds int `json:"totalSeconds"`
	} `json:"offset"`
	Year       *int `json:"year"`
	MonthValue *int `json:"monthValue"`
	DayOfMonth *int `json:"dayOfMonth"`
	Hour       int  `json:"hour"`
	Minute     int  `json:"minute"`
	Second     int  `json:"second"`
	Nano       int  `json:"nano"`
}

func (t *Time) unmarshalJavaObject(b []byte) error {
	var j javaOffsetDateTime
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("drapi: date-time object: %w", err)
	}
	if j.Year == nil || j.MonthValue == nil || j.DayOfMonth == nil {
		return fmt.Errorf("drapi: date-time object lacks year, monthValue or dayOfMonth")
	}
	if *j.Year < 0 || *j.Year > 9999 || *j.MonthValue < 1 || *j.MonthValue > 12 || *j.DayOfMonth < 1 || *j.DayOfMonth > 31 ||
		j.Hour < 0 || j.Hour > 23 || j.Minute < 0 || j.Minute > 59 || j.Second < 0 || j.Second > 60 ||
		j.Nano < 0 || j.Nano > 999_999_999 {
		return fmt.Errorf("drapi: date-time object has a field out of range")
	}
	loc := time.UTC
	if j.Offset != nil && j.Offset.TotalSeconds != 0 {
		loc = time.FixedZone("", j.Offset.TotalSeconds)
	}
	t.Time = time.Date(*j.Year, time.Month(*j.MonthValue), *j.DayOfMonth, j.Hour, j.Minute, j.Second, j.Nano, loc)
	return nil
}
