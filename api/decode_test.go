package api

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// decodeCases are inputs on which decodeJSON must agree with encoding/json.
var decodeCases = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5`, `1e3`, `1E-2`, `-12345678901234567890`,
	`123456789012345`, `1234567890123456789`, `9007199254740993`,
	`"plain"`, `"esc\"aped\\ \/ \b\f\n\r\t"`, `"\u00e9\u4e2d"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`,
	`"\ud83dx"`, "\"caf\xc3\xa9\"", "\"bad \xff utf8\"", `"é"`,
	` { "a" : [ 1 , 2 , { "b" : null } ] , "c" : "d" } `, `{"a":1,"a":2}`, `[[[[]]]]`,
	// invalid
	``, ` `, `{`, `}`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`,
	`tru`, `nul`, `"unterminated`, "\"ctl\x01\"", `"\x"`, `"\u12"`, `{} {}`, `[1] x`, `NaN`,
	`1e400`,
}

// TestDecodeJSONMatchesEncodingJSON checks that the fast decoder accepts
// exactly what encoding/json accepts and gives the same values.
func TestDecodeJSONMatchesEncodingJSON(t *testing.T) {
	for _, in := range decodeCases {
		checkDecode(t, []byte(in))
	}
}

func checkDecode(t *testing.T, in []byte) {
	t.Helper()
	var want any
	wantErr := json.Unmarshal(in, &want)
	got, gotErr := decodeJSON(in)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%q: encoding/json says %v, decodeJSON says %v", in, wantErr, gotErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %#v, want %#v", in, got, want)
	}
}

// FuzzDecodeJSON compares decodeJSON with encoding/json on any input.
func FuzzDecodeJSON(f *testing.F) {
	for _, in := range decodeCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkDecode(t, in)
	})
}

// TestDecodeJSONErrorPosition checks the line and column of syntax errors.
func TestDecodeJSONErrorPosition(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		says      string
	}{
		{"", 1, 1, "empty input"},
		{"  \n ", 2, 2, "only white space"},
		{"{\n  \"a\": 1,\n  \"b\": tru\n}", 3, 8, "want true"},
		{"{\"a\": 1}\ngarbage", 2, 1, "after the JSON value"},
		{"[1, 2", 1, 6, "end of input"},
		{"{\"a\": \"x\x01\"}", 1, 9, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.says, func(t *testing.T) {
			_, err := decodeJSON([]byte(tt.in))
			se, ok := err.(*syntaxError)
			if !ok {
				t.Fatalf("got %v, want a *syntaxError", err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.says) {
				t.Errorf("got line %d column %d %q, want %d %d %q", se.Line, se.Column, se.Msg, tt.line, tt.col, tt.says)
			}
		})
	}
}

// TestDecodeJSONDepth checks that deep nesting is an error, not a crash.
func TestDecodeJSONDepth(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	if _, err := decodeJSON([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nested too deep") {
		t.Errorf("got %v, want nested too deep", err)
	}
}

// TestLocate checks that pointers lead to the right place.
func TestLocate(t *testing.T) {
	data := []byte("{\n  \"a/b\": {\"x~y\": [10, 20]},\n  \"items\": [{\"q\": 1}, {\"q\": 2}]\n}")
	tests := []struct {
		ptr       string
		line, col int
	}{
		{"", 1, 1},
		{"/a~1b", 2, 10},
		{"/a~1b/x~0y/1", 2, 23},
		{"/items/1/q", 3, 29},
		{"/items/1/missing", 3, 23}, // the object that lacks it
		{"/items/7", 3, 12},
	}
	for _, tt := range tests {
		off, ok := locate(data, tt.ptr)
		line, col := lineCol(data, off)
		if !ok || line != tt.line || col != tt.col {
			t.Errorf("locate(%q) = line %d column %d, want %d %d", tt.ptr, line, col, tt.line, tt.col)
		}
	}
}
