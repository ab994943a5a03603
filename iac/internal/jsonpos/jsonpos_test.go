package jsonpos

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`"a\/b\"c\\d\n\t\u00e9\ud83d\ude00"`, "a/b\"c\\d\n\té😀"},
		{`"\ud83d"`, "\ufffd"},       // unpaired surrogate
		{"\"caf\xe9\"", "caf\ufffd"}, // invalid UTF-8
		{`[0, -1, 1.5, 1e3, 2.0, -0.25E-1]`, []any{int64(0), int64(-1), 1.5, int64(1000), int64(2), -0.025}},
		{`9223372036854775807`, int64(math.MaxInt64)},
		{`9223372036854775808`, 9.223372036854776e18},
		{`1e400`, "1e400"},
		{`{"a": {"b": [true, false, null]}, "a": 1}`, map[string]any{"a": int64(1)}},
		{"\xef\xbb\xbf {}", map[string]any{}},
	}
	for _, tt := range tests {
		n, err := Parse([]byte(tt.in), false)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, n.Plain()); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseJSONPositions(t *testing.T) {
	src := "{\n  \"a\": [\n    1,\n    {\"b\": \"x\"}\n  ],\n  \"c\": null\n}\n"
	n, err := Parse([]byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	if n.Line != 1 || n.Col != 1 || n.EndLine != 7 {
		t.Errorf("root at %d:%d-%d", n.Line, n.Col, n.EndLine)
	}
	a, _ := n.Field("a")
	if a.Line != 2 || a.Col != 3 || a.Val.Line != 2 || a.Val.Col != 8 || a.Val.EndLine != 5 {
		t.Errorf("a at %d:%d, value %d:%d-%d", a.Line, a.Col, a.Val.Line, a.Val.Col, a.Val.EndLine)
	}
	if b := a.Val.Elems[1].Get("b"); b.Line != 4 || b.Col != 11 {
		t.Errorf("b at %d:%d", b.Line, b.Col)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		in       string
		comments bool
		want     string
	}{
		{``, false, "line 1, column 1: the file is empty"},
		{`{"a": 1,}`, false, "line 1, column 9: trailing comma before '}'"},
		{`[1 2]`, false, "line 1, column 4: unexpected '2'; expected ',' or ']'"},
		{"{\"a\":\n \"x\ny\"}", false, "line 2, column 4: unterminated string (a raw line break"},
		{`{"a": tru}`, false, "line 1, column 7: invalid literal; expected true"},
		{`{"a": 01}`, false, "line 1, column 8: invalid number"},
		{`{"a": -}`, false, "line 1, column 8: invalid number; expected a digit"},
		{`{"a": 1.}`, false, "line 1, column 9: invalid number; expected a digit after '.'"},
		{`"\x"`, false, `line 1, column 2: invalid escape \x in string`},
		{`"\u12"`, false, `line 1, column 2: invalid \u escape`},
		{`{} {}`, false, "line 1, column 4: unexpected '{' after the end of the top-level value"},
		{`{a: 1}`, false, "line 1, column 2: unexpected 'a'; expected a member name in double quotes"},
		{"// c\n{}", false, "line 1, column 1: unexpected '/'"},
		{"// c\n{/* x\n */ \"a\": 1} // end", true, ""},
		{"{\"a\": 1 /* open", true, "line 1, column 9: unterminated /* comment"},
		{strings.Repeat("[", 10001), false, "nesting deeper than 10000 levels"},
		{`{"a": 1`, false, "line 1, column 8: unexpected end of file; expected ',' or '}' (the object opened at line 1 is not closed)"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in), tt.comments)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Parse(%q): %v", tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Parse(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestParseJSONStream(t *testing.T) {
	nodes, err := ParseStream([]byte("{\"a\": 1}\n[2]\n\"s\" {"))
	if len(nodes) != 3 || err == nil || err.Line != 3 {
		t.Errorf("got %d values, error %v", len(nodes), err)
	}
}
