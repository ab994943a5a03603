package ignore

import (
	"strings"
	"testing"
	"time"

	"cloudward/finding"
	"cloudward/rule"
)

const tf = `# cloudward:ignore CW-AWS-S3-001 reason="public website, approved in SEC-12" expires=2026-12-31
resource "aws_s3_bucket" "site" {
  bucket = "site"
}

resource "aws_security_group" "bastion" {
  // cloudward:ignore CW-AWS-EC2-001 reason="bastion \"jump\" host" expires=2026-01-01
  name = "bastion"
}

resource "aws_security_group" "web" { # cloudward:ignore CW-AWS-EC2-001 reason="x"
  name = "web"
}

# cloudward:ignore CW-AWS-EC2-001 expires=2027-01-01

resource "aws_security_group" "db" {
  name = "db"
}
# cloudward:ignore not-a-rule reason="r" expires=2027-01-01
# cloudward:ignore CW-AWS-NOPE-001 reason="r" expires=2027-01-01
`

func fnd(id string, start, end int) *finding.Finding {
	return &finding.Finding{Rule: &rule.Rule{ID: id}, Status: finding.Fail,
		Location: &finding.Location{File: "main.tf", StartLine: start, EndLine: end}}
}

func TestParseAndApply(t *testing.T) {
	ds := Parse("main.tf", []byte(tf))
	if len(ds) != 6 {
		t.Fatalf("%d directives: %+v", len(ds), ds)
	}
	if ds[0].Next != 2 || ds[0].Reason != "public website, approved in SEC-12" || ds[0].Problem != "" {
		t.Errorf("directive above a block: %+v", ds[0])
	}
	if ds[1].Reason != `bastion "jump" host` {
		t.Errorf("escaped quote: %q", ds[1].Reason)
	}
	site, bastion, web, db := fnd("CW-AWS-S3-001", 2, 4), fnd("CW-AWS-EC2-001", 6, 9), fnd("CW-AWS-EC2-001", 11, 13), fnd("CW-AWS-EC2-001", 17, 19)
	other := fnd("CW-AWS-S3-002", 2, 4) // another rule on the same resource
	fs := []*finding.Finding{site, bastion, web, db, other}
	known := func(id string) bool { return id != "CW-AWS-NOPE-001" }
	n, diags := Apply(fs, ds, known, time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC))
	if n != 1 || site.Suppression == nil || site.Suppression.Source != "main.tf:1" || site.Suppression.Expires != "2026-12-31" {
		t.Fatalf("applied %d; site %+v", n, site.Suppression)
	}
	for _, f := range []*finding.Finding{bastion, web, db, other} {
		if f.Suppression != nil {
			t.Errorf("%s at %d suppressed: %+v", f.Rule.ID, f.Location.StartLine, f.Suppression)
		}
	}
	want := []string{"main.tf:7: cloudward:ignore CW-AWS-EC2-001: expired on 2026-01-01",
		"main.tf:11: cloudward:ignore CW-AWS-EC2-001: an expiry date is required",
		"main.tf:15: cloudward:ignore CW-AWS-EC2-001: a reason is required",
		"main.tf:20: cloudward:ignore not-a-rule: cloudward:ignore needs a rule id",
		"main.tf:21: cloudward:ignore CW-AWS-NOPE-001: no loaded rule"}
	if len(diags) != len(want) {
		t.Fatalf("diagnostics: %v", diags)
	}
	for i, w := range want {
		if !strings.HasPrefix(diags[i].Error(), w) {
			t.Errorf("diagnostic %d = %q, want prefix %q", i, diags[i].Error(), w)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(tf))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, d := range Parse("f", data) {
			if d.Problem == "" && (d.Reason == "" || d.Expires.IsZero()) {
				t.Fatalf("invalid directive accepted: %+v", d)
			}
		}
	})
}
