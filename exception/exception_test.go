package exception

import (
	"os"
	"strings"
	"testing"
	"time"

	"cloudward/asset"
	"cloudward/finding"
	"cloudward/rule"
)

var day = time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)

func load(t *testing.T) *Set {
	t.Helper()
	s, err := Load("testdata/exceptions.yaml", day)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fnd(ruleID, id, account string, st finding.Status) *finding.Finding {
	return &finding.Finding{Rule: &rule.Rule{ID: ruleID}, Status: st,
		Resource: finding.Resource{ID: id, Account: account, Region: "eu-west-1"}}
}

func TestLoad(t *testing.T) {
	s := load(t)
	if s.MaxDays != 400 || len(s.Exceptions) != 2 {
		t.Fatalf("max_days %d, %d exceptions", s.MaxDays, len(s.Exceptions))
	}
	e := s.Exceptions[0]
	if e.ID != "EXC-001" || e.Owner != "web-team@example.com" || e.Expires.String() != "2027-03-31" ||
		e.Created.String() != "2026-06-01" || e.Ticket == "" || e.CompensatingControl == "" || len(e.Match) != 2 {
		t.Errorf("first exception read as %+v", e)
	}
	if e.Source != "testdata/exceptions.yaml:4" {
		t.Errorf("source %q", e.Source)
	}
}

func TestApply(t *testing.T) {
	s := load(t)
	cases := []struct {
		name       string
		f          *finding.Finding
		a          *asset.Asset
		suppressed string
		expired    string
	}{
		{"all fields of an entry match", fnd("CW-AWS-S3-003", "arn:aws:s3:::www-site", "111111111111", finding.Fail), nil, "EXC-001", ""},
		{"unknown findings are covered too", fnd("CW-AWS-S3-003", "arn:aws:s3:::www-site", "111111111111", finding.Unknown), nil, "EXC-001", ""},
		{"one field differs (account)", fnd("CW-AWS-S3-003", "arn:aws:s3:::www-site", "333333333333", finding.Fail), nil, "", ""},
		{"one field differs (rule)", fnd("CW-AWS-S3-010", "arn:aws:s3:::www-site", "111111111111", finding.Fail), nil, "", ""},
		{"second entry (OR): IaC address", fnd("CW-AWS-S3-010", "module.site.aws_s3_bucket.www", "unknown", finding.Fail), nil, "EXC-001", ""},
		{"passing findings are never marked", fnd("CW-AWS-S3-003", "arn:aws:s3:::www-site", "111111111111", finding.Pass), nil, "", ""},
		{"expired exception reopens", fnd("CW-AWS-EC2-001", "sg-1", "222222222222", finding.Fail),
			&asset.Asset{Tags: map[string]string{"env": "sandbox"}}, "", "EXC-002"},
		{"tag differs", fnd("CW-AWS-EC2-001", "sg-1", "222222222222", finding.Fail),
			&asset.Asset{Tags: map[string]string{"env": "prod"}}, "", ""},
		{"tag selector needs the asset", fnd("CW-AWS-EC2-001", "sg-1", "222222222222", finding.Fail), nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := s.Apply(c.f, c.a, day)
			if got != (c.suppressed != "") {
				t.Errorf("Apply = %v", got)
			}
			switch {
			case c.suppressed != "" && (c.f.Suppression == nil || c.f.Suppression.ID != c.suppressed || c.f.Suppression.Kind != "exception"):
				t.Errorf("suppression %+v, want %s", c.f.Suppression, c.suppressed)
			case c.suppressed == "" && c.f.Suppression != nil:
				t.Errorf("suppressed by %+v", c.f.Suppression)
			case c.expired != "" && (c.f.Expired == nil || c.f.Expired.ID != c.expired):
				t.Errorf("expired %+v, want %s", c.f.Expired, c.expired)
			case c.expired == "" && c.f.Expired != nil:
				t.Errorf("expired %+v", c.f.Expired)
			}
		})
	}
	uses := s.Uses(day)
	if uses[0].Matched != 3 || uses[0].Status != Active || uses[1].Matched != 1 || uses[1].Status != Expired {
		t.Errorf("uses %+v", uses)
	}
	s.Reset()
	if s.Uses(day)[0].Matched != 0 {
		t.Error("Reset kept the counts")
	}
}

func TestStatusOn(t *testing.T) {
	e := &Exception{Expires: Date{time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC)}}
	for _, c := range []struct {
		now  time.Time
		want string
	}{
		{time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Active},
		{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Expiring},
		{time.Date(2026, 12, 10, 23, 59, 0, 0, time.UTC), Expiring}, // applies through its last day
		{time.Date(2026, 12, 11, 0, 0, 0, 0, time.UTC), Expired},
	} {
		if got := e.StatusOn(c.now); got != c.want {
			t.Errorf("on %s: %s, want %s", c.now, got, c.want)
		}
	}
}

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"arn:aws:s3:::www-*", "arn:aws:s3:::www-a/b", true},
		{"CW-AWS-S3-00?", "CW-AWS-S3-003", true},
		{"CW-AWS-S3-00?", "CW-AWS-S3-0031", false},
		{"*.aws_s3_bucket.*", "module.a.aws_s3_bucket.b[0]", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"exact", "exact", true},
		{"exact", "exactly", false},
		{"*", "", true},
		{"*", "*x", true},
		{"a*", "a*b", true},
	} {
		if got := glob(c.p, c.s); got != c.want {
			t.Errorf("glob(%q, %q) = %v", c.p, c.s, got)
		}
	}
}

// TestProblems: every invalid entry is reported with its line, entry and
// field, and nothing is loaded.
func TestProblems(t *testing.T) {
	data := `version: 1
exceptions:
  - id: A
    owner: me
    expires: 2026-12-01
    match: [{rule: CW-AWS-S3-001}]
  - id: B
    reason: r
    owner: me
    expires: 2031-01-01
    match: [{rule: CW-AWS-S3-001}]
  - id: C
    reason: r
    owner: me
    expires: 31/12/2026
    match: [{rule: CW-AWS-S3-001}]
  - id: D
    reason: r
    owner: me
    match: [{}]
  - id: A
    reason: r
    owner: me
    expires: 2026-12-01
    colour: blue
    match:
      - rule: "*"
`
	_, err := Parse("ex.yaml", []byte(data), day)
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("error %v (%T), want Problems", err, err)
	}
	want := []string{
		"ex.yaml:3: A: reason: required",
		"ex.yaml:10: B: expires: 2031-01-01 is more than max_days (365) after today",
		`ex.yaml:15: C: expires: "31/12/2026" is not a date`,
		"ex.yaml:17: D: expires: required",
		"ex.yaml:20: D: match[0]: selects everything",
		"ex.yaml:25: A: colour: unknown field",
		"ex.yaml:27: A: match[0]: selects every finding",
		"ex.yaml:21: A: id: also used by the exception at line 3",
	}
	text := ps.Error()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q in:\n%s", w, text)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ps), len(want), text)
	}
}

func TestBadFiles(t *testing.T) {
	for name, data := range map[string]string{
		"empty":       "",
		"not a map":   "- a\n- b\n",
		"no version":  "exceptions: []\n",
		"version 2":   "version: 2\nexceptions: []\n",
		"syntax":      "version: 1\nexceptions: [\n",
		"list is map": "version: 1\nexceptions: {a: 1}\n",
	} {
		if _, err := Parse("x.yaml", []byte(data), day); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "x.yaml") {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
	if s, err := Parse("x.yaml", []byte("version: 1\nexceptions:\n"), day); err != nil || len(s.Exceptions) != 0 {
		t.Errorf("an empty list: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile("testdata/exceptions.yaml")
	f.Add(seed)
	f.Add([]byte("version: 1\nexceptions:\n  - {id: a, match: [{tags: [1]}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data, day)
		if err == nil {
			for _, e := range s.Exceptions {
				if e.ID == "" || e.Reason == "" || e.Owner == "" || e.Expires.IsZero() || len(e.Match) == 0 {
					t.Fatalf("invalid exception accepted: %+v", e)
				}
			}
		}
	})
}
