package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const tfBucket = `variable "env" {
  default = "dev"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-${var.env}-logs"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = true
}

resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`

const cfnBucket = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: acme-data
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        IgnorePublicAcls: true
        BlockPublicPolicy: true
        RestrictPublicBuckets: true
`

func iacTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tf/main.tf", tfBucket)
	write("cfn/bucket.yaml", cfnBucket)
	write("broken/main.tf", "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n")
	return dir
}

type iacFinding struct {
	RuleID   string `json:"rule_id"`
	Status   string
	Resource struct{ ID, Name, Type string }
	Location *struct {
		File      string
		StartLine int `json:"start_line"`
		EndLine   int `json:"end_line"`
	}
}

func TestScanIaC(t *testing.T) {
	dir := iacTree(t)
	code, out, stderr := run(t, "", "scan", "iac", dir, "-f", "json", "--include-passed")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The broken file is reported with its position; the rest is scanned.
	if !strings.Contains(stderr, filepath.Join(dir, "broken", "main.tf")+":2:") {
		t.Errorf("no positioned diagnostic for the broken file:\n%s", stderr)
	}
	var doc struct {
		Summary struct {
			Warnings []struct{ Kind, Source string }
		}
		Findings []iacFinding
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]iacFinding{}
	for _, f := range doc.Findings {
		got[f.RuleID+" "+f.Resource.ID] = f
	}
	// The bucket and its public access block fold into one asset, named
	// by the evaluated variable. One bucket setting is off, so the verdict
	// rests on the account-level block, which the code does not set:
	// UNKNOWN, not a false FAIL.
	b := got["CW-AWS-S3-001 aws_s3_bucket.logs"]
	if b.Status != "UNKNOWN" || b.Resource.Name != "acme-dev-logs" || b.Location == nil ||
		!strings.HasSuffix(b.Location.File, filepath.Join("tf", "main.tf")) || b.Location.StartLine != 5 {
		t.Errorf("S3-001 on the Terraform bucket: %+v %+v", b, b.Location)
	}
	if f := got["CW-AWS-S3-001 Data"]; f.Status != "PASS" || f.Resource.Type != "aws.s3.bucket" {
		t.Errorf("S3-001 on the CloudFormation bucket: %+v", f)
	}
	if f := got["CW-AWS-EC2-001 aws_security_group.web"]; f.Status != "FAIL" {
		t.Errorf("EC2-001 on the open security group: %+v", f)
	}
	hasError := false
	for _, w := range doc.Summary.Warnings {
		hasError = hasError || w.Kind == "iac_error"
	}
	if !hasError {
		t.Error("the parse error is not in the summary's warnings")
	}

	if code, _, _ := run(t, "", "scan", "iac", dir, "-f", "json", "--fail-on", "high"); code != ExitFindings {
		t.Errorf("--fail-on high: exit %d, want %d", code, ExitFindings)
	}
	if code, _, _ := run(t, "", "scan", "iac", dir, "-f", "json", "--strict"); code != ExitUsage {
		t.Errorf("--strict with a broken file: exit %d, want %d", code, ExitUsage)
	}
	if code, _, _ := run(t, "", "scan", "iac", dir, "--var", "novalue"); code != ExitUsage {
		t.Errorf("--var without =: exit %d", code)
	}
}

func TestScanIaCVariables(t *testing.T) {
	dir := iacTree(t)
	_, out, _ := run(t, "", "scan", "iac", filepath.Join(dir, "tf"), "-f", "json", "--var", "env=prod")
	if !strings.Contains(out, `"name": "acme-prod-logs"`) {
		t.Errorf("--var env=prod not applied")
	}
}

func TestScanIaCInlineIgnore(t *testing.T) {
	dir := t.TempDir()
	tf := `resource "aws_security_group" "bastion" {
  # cloudward:ignore CW-AWS-EC2-001 reason="bastion, reviewed in SEC-142" expires=2026-12-31
  # cloudward:ignore CW-AWS-EC2-012 reason="same bastion" expires=2026-12-31
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# cloudward:ignore CW-AWS-EC2-001 reason="old exception" expires=2026-01-31
resource "aws_security_group" "legacy" {
  name = "legacy"
  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tf), 0o644)
	code, out, stderr := run(t, "", "scan", "iac", dir, "-f", "json", "--now", "2026-06-01T00:00:00Z")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Summary  struct{ Suppressed int }
		Findings []struct {
			RuleID      string `json:"rule_id"`
			Resource    struct{ ID string }
			Suppression *struct{ Kind, Reason, Expires, Source string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	sup := map[string]string{}
	for _, f := range doc.Findings {
		if f.Suppression != nil {
			sup[f.RuleID+" "+f.Resource.ID] = f.Suppression.Reason
		}
	}
	if sup["CW-AWS-EC2-001 aws_security_group.bastion"] != "bastion, reviewed in SEC-142" || sup["CW-AWS-EC2-012 aws_security_group.bastion"] == "" {
		t.Errorf("bastion not suppressed: %v", sup)
	}
	if _, ok := sup["CW-AWS-EC2-001 aws_security_group.legacy"]; ok {
		t.Error("an expired ignore was applied")
	}
	if doc.Summary.Suppressed != len(sup) {
		t.Errorf("summary suppressed %d, findings %d", doc.Summary.Suppressed, len(sup))
	}
	if !strings.Contains(stderr, "expired on 2026-01-31") {
		t.Errorf("no warning for the expired ignore:\n%s", stderr)
	}
	// --fail-on counts the legacy group (its ignore expired), not the bastion.
	if code, _, _ := run(t, "", "scan", "iac", dir, "-f", "json", "--now", "2026-06-01T00:00:00Z", "--fail-on", "high"); code != ExitFindings {
		t.Errorf("--fail-on high with an expired ignore: exit %d", code)
	}
	renewed := strings.Replace(tf, `# cloudward:ignore CW-AWS-EC2-001 reason="old exception" expires=2026-01-31`,
		`# cloudward:ignore CW-AWS-EC2-001 reason="renewed" expires=2027-01-31
# cloudward:ignore CW-AWS-EC2-012 reason="renewed" expires=2027-01-31`, 1)
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(renewed), 0o644)
	if code, _, stderr := run(t, "", "scan", "iac", dir, "-f", "json", "--now", "2026-06-01T00:00:00Z", "--fail-on", "high"); code != ExitOK {
		t.Errorf("--fail-on high with every high finding suppressed: exit %d\n%s", code, stderr)
	}
}

func TestScanIaCDiff(t *testing.T) {
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(dir, "infra", "main.tf"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "infra"), 0o755)
	old := `resource "aws_security_group" "old" {
  name = "old"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`
	write(old)
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "base")
	// The change adds a second open group and moves the first one down.
	write("# a comment moving the old group\n\n" + old + strings.Replace(strings.ReplaceAll(old, `"old"`, `"new"`), "22", "3389", 2))

	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	runIn := func(args ...string) (int, string, string) {
		os.Chdir(dir)
		defer os.Chdir(wd)
		var o, e bytes.Buffer
		code := Main(args, strings.NewReader(""), &o, &e)
		return code, o.String(), e.String()
	}
	ids := func(out string) (map[string]bool, int) {
		var doc struct {
			Summary struct {
				Diff *struct {
					Base      string
					Unchanged int
				}
			}
			Findings []struct {
				Resource struct{ ID string }
			}
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, f := range doc.Findings {
			m[f.Resource.ID] = true
		}
		if doc.Summary.Diff == nil {
			return m, -1
		}
		return m, doc.Summary.Diff.Unchanged
	}
	code, out, stderr := runIn("scan", "iac", "infra", "-f", "json", "--diff", "HEAD")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, unchanged := ids(out)
	if !got["aws_security_group.new"] || got["aws_security_group.old"] || unchanged == 0 {
		t.Errorf("--diff HEAD: listed %v, unchanged %d", got, unchanged)
	}

	// A saved report as the base gives the same answer.
	code, full, _ := runIn("scan", "iac", "infra", "-f", "json")
	if code != ExitOK {
		t.Fatal(code)
	}
	os.WriteFile(filepath.Join(dir, "base.json"), []byte(strings.ReplaceAll(full, `"aws_security_group.new"`, `"aws_security_group.gone"`)), 0o644)
	_, out, _ = runIn("scan", "iac", "infra", "-f", "json", "--diff", "base.json")
	if got, _ := ids(out); !got["aws_security_group.new"] || got["aws_security_group.old"] {
		t.Errorf("--diff base.json: listed %v", got)
	}
	if code, _, stderr := runIn("scan", "iac", "infra", "--diff", "no-such-rev"); code != ExitUsage || !strings.Contains(stderr, "neither a saved JSON report nor a git revision") {
		t.Errorf("bad base: exit %d, %s", code, stderr)
	}
}
