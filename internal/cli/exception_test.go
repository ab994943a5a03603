package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type exFinding struct {
	RuleID      string `json:"rule_id"`
	Status      string
	Resource    struct{ ID, Account string }
	Suppression *struct{ Kind, ID, Owner, Expires, Source string }
	Expired     *struct{ ID, Expires string } `json:"expired_exception"`
}

type exDoc struct {
	Summary struct {
		Suppressed, Reopened int
		Exceptions           []struct {
			ID, Status string
			Matched    int
		}
	}
	Findings []exFinding
}

func writeExceptions(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "exceptions.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func scanDoc(t *testing.T, wantCode int, args ...string) (exDoc, string) {
	t.Helper()
	code, out, stderr := run(t, "", args...)
	if code != wantCode {
		t.Fatalf("%v: exit %d, want %d: %s", args, code, wantCode, stderr)
	}
	var doc exDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return doc, stderr
}

// TestExceptionsCloudAndIaC: one exceptions file applies the same way to
// findings of an inventory scan and of an IaC scan; suppressed findings
// stay listed and do not count for --fail-on; an expired exception
// reopens its findings and says so.
func TestExceptionsCloudAndIaC(t *testing.T) {
	base, _ := scanDoc(t, ExitOK, "scan", "snapshot", demo, "-f", "json", "--no-exceptions", "--now", "2026-06-01T00:00:00Z")
	var target exFinding
	for _, f := range base.Findings {
		if f.Status == "FAIL" && f.Resource.Account == "111111111111" {
			target = f
			break
		}
	}
	if target.RuleID == "" {
		t.Fatal("the demo has no FAIL in account 111111111111")
	}
	dir := iacTree(t)
	ex := writeExceptions(t, `version: 1
exceptions:
  - id: EXC-CLOUD
    reason: accepted for the test
    owner: secops
    expires: 2026-09-30
    match:
      - rule: `+target.RuleID+`
        resource: "`+target.Resource.ID+`"
        account: "111111111111"
  - id: EXC-IAC
    reason: bastion, reviewed
    owner: platform
    created: 2026-05-01
    expires: 2026-12-31
    ticket: SEC-7
    match:
      - rule: CW-AWS-EC2-*
        resource: aws_security_group.web
  - id: EXC-OLD
    reason: was accepted last year
    owner: platform
    expires: 2026-01-31
    match:
      - resource: aws_s3_bucket.logs
`)
	doc, stderr := scanDoc(t, ExitOK, "scan", "snapshot", demo, "-f", "json", "--exceptions", ex, "--now", "2026-06-01T00:00:00Z")
	found := false
	for _, f := range doc.Findings {
		if f.RuleID == target.RuleID && f.Resource.ID == target.Resource.ID {
			found = true
			if f.Suppression == nil || f.Suppression.Kind != "exception" || f.Suppression.ID != "EXC-CLOUD" ||
				f.Suppression.Owner != "secops" || !strings.HasSuffix(f.Suppression.Source, "exceptions.yaml:3") {
				t.Errorf("cloud finding not suppressed by EXC-CLOUD: %+v", f.Suppression)
			}
		} else if f.Suppression != nil {
			t.Errorf("%s %s suppressed too: %+v", f.RuleID, f.Resource.ID, f.Suppression)
		}
	}
	if !found || doc.Summary.Suppressed != 1 {
		t.Errorf("suppressed finding listed: %v; summary.suppressed = %d, want 1", found, doc.Summary.Suppressed)
	}
	if !strings.Contains(stderr, "exception EXC-IAC matched no finding") {
		t.Errorf("no note about the unused exception:\n%s", stderr)
	}

	// IaC: the same file, by Terraform address.
	doc, stderr = scanDoc(t, ExitOK, "scan", "iac", dir, "-f", "json", "--exceptions", ex, "--now", "2026-06-01T00:00:00Z")
	var sg, bucket int
	for _, f := range doc.Findings {
		switch f.Resource.ID {
		case "aws_security_group.web":
			if strings.HasPrefix(f.RuleID, "CW-AWS-EC2-") {
				sg++
				if f.Suppression == nil || f.Suppression.ID != "EXC-IAC" {
					t.Errorf("%s on the group not suppressed: %+v", f.RuleID, f.Suppression)
				}
			}
		case "aws_s3_bucket.logs":
			bucket++
			if f.Suppression != nil || f.Expired == nil || f.Expired.ID != "EXC-OLD" || f.Expired.Expires != "2026-01-31" {
				t.Errorf("%s on the bucket: suppression %+v, expired %+v; want reopened by EXC-OLD", f.RuleID, f.Suppression, f.Expired)
			}
		}
	}
	if sg == 0 || bucket == 0 {
		t.Fatalf("%d group and %d bucket findings", sg, bucket)
	}
	if doc.Summary.Reopened != bucket {
		t.Errorf("summary.reopened = %d, want %d", doc.Summary.Reopened, bucket)
	}
	if !strings.Contains(stderr, "exception EXC-OLD (owner platform) expired on 2026-01-31") {
		t.Errorf("no warning about the expired exception:\n%s", stderr)
	}
	// Suppressed findings do not fail the build; without the file they do.
	if code, _, _ := run(t, "", "scan", "iac", filepath.Join(dir, "tf"), "-f", "json", "--fail-on", "high", "--no-exceptions"); code != ExitFindings {
		t.Errorf("without exceptions, --fail-on high: exit %d, want %d", code, ExitFindings)
	}
	if code, _, se := run(t, "", "scan", "iac", filepath.Join(dir, "tf"), "-f", "json", "--fail-on", "high", "--exceptions", ex, "--now", "2026-06-01T00:00:00Z"); code != ExitOK {
		t.Errorf("with the group's findings accepted, --fail-on high: exit %d, want 0: %s", code, se)
	}
	// The same exceptions appear in SARIF as external suppressions.
	_, sarif, _ := run(t, "", "scan", "iac", filepath.Join(dir, "tf"), "-f", "sarif", "--exceptions", ex, "--now", "2026-06-01T00:00:00Z")
	if !strings.Contains(sarif, `"kind": "external"`) || !strings.Contains(sarif, `"id": "EXC-IAC"`) {
		t.Error("SARIF lacks the external suppression")
	}
}

func TestExceptionsInvalidFile(t *testing.T) {
	ex := writeExceptions(t, `version: 1
exceptions:
  - id: EXC-1
    owner: me
    expires: 2026-07-01
    match: [{rule: CW-AWS-S3-001}]
  - id: EXC-2
    reason: r
    owner: me
    expires: 2099-01-01
    match: [{rule: CW-AWS-S3-001}]
`)
	code, _, stderr := run(t, "", "scan", "snapshot", demo, "-f", "json", "--exceptions", ex, "--now", "2026-06-01T00:00:00Z")
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{ex + ":3: EXC-1: reason: required", ex + ":10: EXC-2: expires: 2099-01-01 is more than max_days (365)", "no exception was applied"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code, _, _ := run(t, "", "scan", "snapshot", demo, "--exceptions", filepath.Join(t.TempDir(), "missing.yaml")); code != ExitUsage {
		t.Errorf("missing file: exit %d", code)
	}
	if code, _, _ := run(t, "", "exception", "check", "--exceptions", ex); code != ExitUsage {
		t.Errorf("exception check on an invalid file: exit %d", code)
	}
}

func TestExceptionCommands(t *testing.T) {
	ex := writeExceptions(t, `version: 1
exceptions:
  - id: LONG
    reason: far away
    owner: a
    expires: 2099-01-01
    created: 2098-06-01
    match: [{account: "111111111111", tags: {env: dev}}]
  - id: GONE
    reason: long past
    owner: b
    expires: 2020-01-01
    match: [{rule: CW-AWS-S3-001}]
`)
	code, out, stderr := run(t, "", "exception", "check", "--exceptions", ex)
	if code != ExitFindings || !strings.Contains(out, "2 exceptions valid: 1 active, 0 expiring within 14 days, 1 expired") ||
		!strings.Contains(stderr, "GONE (owner b) expired on 2020-01-01") {
		t.Errorf("check: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = run(t, "", "exception", "list", "--exceptions", ex, "-f", "json", "--status", "expired")
	var rows []struct{ ID, Status string }
	if err := json.Unmarshal([]byte(out), &rows); code != ExitOK || err != nil || len(rows) != 1 || rows[0].ID != "GONE" {
		t.Errorf("list --status expired: exit %d, %v, %s", code, err, out)
	}
	_, out, _ = run(t, "", "exception", "list", "--exceptions", ex)
	if !strings.Contains(out, "account=111111111111 & tag:env=dev") || !strings.Contains(out, "expired") {
		t.Errorf("list table:\n%s", out)
	}
	if code, _, _ := run(t, "", "exception", "list", "--exceptions", ex, "--status", "soon"); code != ExitUsage {
		t.Errorf("--status soon: exit %d", code)
	}
}

// TestExceptionsInComplianceReport: the HTML report lists the exceptions
// file's entries and marks the accepted findings.
func TestExceptionsInComplianceReport(t *testing.T) {
	ex := writeExceptions(t, `version: 1
exceptions:
  - id: EXC-S3
    reason: reviewed by the web team
    owner: web
    expires: 2026-12-31
    match: [{rule: "CW-AWS-S3-*", account: "111111111111"}]
`)
	out := filepath.Join(t.TempDir(), "r.html")
	code, _, stderr := run(t, "", "compliance", "report", "--framework", "aws-fsbp", demo, "--exceptions", ex,
		"--now", "2026-06-01T00:00:00Z", "-f", "html", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, want := range []string{"<code>EXC-S3</code>", "<strong>Accepted</strong> by exception EXC-S3 (owner web) until 2026-12-31", "findings are accepted by an active exception"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
