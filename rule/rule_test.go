package rule

import (
	"strings"
	"testing"
	"testing/fstest"
)

const valid = `id: CW-T-1
title: A test rule
severity: high
resource_types: [aws.s3.bucket]
condition: |
  resource.encryption.enabled
`

func TestParseErrorsNameLine(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown key", strings.Replace(valid, "title:", "titel: x\ntitle:", 1), "r.yaml:2: field titel not found"},
		{"bad severity", strings.Replace(valid, "severity: high", "severity: severe", 1), `r.yaml:3: unknown severity "severe"`},
		{"missing id", strings.Replace(valid, "id: CW-T-1\n", "", 1), "r.yaml: id is required"},
		{"bad id", strings.Replace(valid, "CW-T-1", "my rule", 1), `r.yaml:1: id "my rule" must be upper-case`},
		{"no types", strings.Replace(valid, "resource_types: [aws.s3.bucket]", "resource_types: []", 1), "r.yaml:4: resource_types needs"},
		{"no condition", strings.Replace(valid, "condition: |\n  resource.encryption.enabled\n", "", 1), "condition is required"},
		{"not yaml", "id: [unclosed\n", "r.yaml:"},
		{"missing severity", strings.Replace(valid, "severity: high\n", "", 1), "severity is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.src), "r.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
		})
	}
	if _, err := Parse([]byte(valid), "r.yaml"); err != nil {
		t.Fatal(err)
	}
}

func TestConditionPosition(t *testing.T) {
	cases := []struct {
		src         string
		line, col   int
		mLine, mCol int // mapped position of expression line 2, column 4
	}{
		{valid, 6, 3, 7, 7},
		{strings.Replace(valid, "condition: |\n  resource", "condition: resource", 1), 5, 12, 6, 5},
		{strings.Replace(valid, "condition: |\n  resource.encryption.enabled", `condition: "resource.encryption.enabled"`, 1), 5, 13, 6, 5},
	}
	for _, c := range cases {
		r, err := Parse([]byte(c.src), "r.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if r.Condition0.Line != c.line || r.Condition0.Col != c.col {
			t.Errorf("condition starts at %d:%d, want %d:%d", r.Condition0.Line, r.Condition0.Col, c.line, c.col)
		}
		if l, col := r.Condition0.Map(2, 4); l != c.mLine || col != c.mCol {
			t.Errorf("Map(2,4) = %d:%d, want %d:%d", l, col, c.mLine, c.mCol)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Info, Low, Medium, High, Critical} {
		got, err := ParseSeverity(strings.ToUpper(s.String()))
		if err != nil || got != s {
			t.Errorf("round trip %v: %v %v", s, got, err)
		}
	}
	if !(Critical > High && High > Medium && Medium > Low && Low > Info) {
		t.Error("severity order")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte("id: X-1\ncondition: >\n  a\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data, "fuzz.yaml")
		if err == nil && (r.ID == "" || r.Condition == "") {
			t.Fatal("parsed a rule without id or condition")
		}
	})
}

// TestLiveOnlyLint: a live-only rule may show with unknown/ IaC fixtures
// that code leaves it UNKNOWN, but a pass or fail IaC fixture contradicts
// the claim.
func TestLiveOnlyLint(t *testing.T) {
	src := valid + "live_only: The root user's last sign-in is known only to the live account.\n"
	for _, c := range []struct {
		name    string
		fixture string
		want    bool
	}{
		{"unknown fixture", "r/testdata/iac/unknown/a.tf", false},
		{"fail fixture", "r/testdata/iac/fail/a.tf", true},
		{"pass fixture", "r/testdata/iac/pass/a.yaml", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"r/rule.yaml": {Data: []byte(src)}, c.fixture: {Data: []byte("")}}
			rs, errs := Load(fsys, ".", "test", nil)
			if len(errs) > 0 || len(rs) != 1 {
				t.Fatalf("load: %v", errs)
			}
			if !strings.HasPrefix(rs[0].LiveOnly, "The root user") {
				t.Fatalf("LiveOnly = %q", rs[0].LiveOnly)
			}
			got := false
			for _, p := range rs[0].Lint() {
				got = got || strings.Contains(p, "live_only is set")
			}
			if got != c.want {
				t.Errorf("lint reports live_only: %v, want %v (%v)", got, c.want, rs[0].Lint())
			}
		})
	}
}
