package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestComplianceList(t *testing.T) {
	code, out, stderr := run(t, "", "compliance", "list", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []struct {
		ID                          string
		Controls, Automated, Manual int
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.ID] = true
		if r.Controls == 0 || r.Automated+r.Manual > r.Controls {
			t.Errorf("%s: %+v", r.ID, r)
		}
	}
	for _, want := range []string{"cis-aws-3.0", "cis-aws-4.0", "cis-aws-5.0"} {
		if !ids[want] {
			t.Errorf("framework %s not listed (have %v)", want, ids)
		}
	}
}

type complianceDoc struct {
	Framework struct{ ID string }
	Score     *float64
	Coverage  *float64
	Checks    struct{ Pass, Fail, Unknown int }
	Controls  []struct {
		ID, Status, Reason string
		Checks             struct{ Pass, Fail, Unknown int }
		Rules              []struct {
			ID, Link string
			Findings []struct {
				RuleID     string `json:"rule_id"`
				Status     string
				Resource   struct{ ID, Account string }
				Compliance map[string][]string
			}
		}
	} `json:"controls"`
	Accounts []struct{ Account string }
}

func complianceJSON(t *testing.T, args ...string) complianceDoc {
	t.Helper()
	code, out, stderr := run(t, "", append([]string{"compliance", "report", "--now", "2026-06-01T00:00:00Z", "-f", "json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc complianceDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v", err)
	}
	return doc
}

func TestComplianceReportDemo(t *testing.T) {
	doc := complianceJSON(t, "--framework", "cis-aws-5.0", demo)
	if doc.Framework.ID != "cis-aws-5.0" || doc.Score == nil || *doc.Score <= 0 || *doc.Score >= 100 {
		t.Fatalf("framework %q score %v", doc.Framework.ID, doc.Score)
	}
	statuses := map[string]int{}
	for _, c := range doc.Controls {
		statuses[c.Status]++
		switch c.Status {
		case "FAIL":
			if c.Checks.Fail == 0 {
				t.Errorf("control %s FAIL without failing checks", c.ID)
			}
			failing := 0
			for _, r := range c.Rules {
				for _, f := range r.Findings {
					if f.RuleID != r.ID {
						t.Errorf("control %s: finding of %s under rule %s", c.ID, f.RuleID, r.ID)
					}
					if f.Status == "FAIL" {
						failing++
					}
					// Every finding carries its references, including this control.
					if !slices.Contains(f.Compliance["cis-aws-5.0"], c.ID) {
						t.Errorf("finding %s on %s lacks cis-aws-5.0 %s in %v", f.RuleID, f.Resource.ID, c.ID, f.Compliance)
					}
				}
			}
			if failing == 0 {
				t.Errorf("control %s FAIL lists no failing resource", c.ID)
			}
		case "MANUAL", "NOT_APPLICABLE":
			if c.Reason == "" {
				t.Errorf("control %s %s without a reason", c.ID, c.Status)
			}
		case "PASS":
			if c.Checks.Fail != 0 || c.Checks.Unknown != 0 || c.Checks.Pass == 0 {
				t.Errorf("control %s PASS with checks %+v", c.ID, c.Checks)
			}
		}
	}
	for _, s := range []string{"FAIL", "PASS", "MANUAL"} {
		if statuses[s] == 0 {
			t.Errorf("the demo should produce %s controls: %v", s, statuses)
		}
	}
	if len(doc.Accounts) != 2 {
		t.Errorf("accounts %+v", doc.Accounts)
	}

	// One account only: every finding is from it.
	one := complianceJSON(t, "--framework", "cis-aws-5.0", demo, "--account", "111111111111")
	for _, c := range one.Controls {
		for _, r := range c.Rules {
			for _, f := range r.Findings {
				if f.Resource.Account != "111111111111" {
					t.Fatalf("--account leaked %s", f.Resource.Account)
				}
			}
		}
	}
	if one.Checks.Pass+one.Checks.Fail >= doc.Checks.Pass+doc.Checks.Fail {
		t.Errorf("one account has as many checks as two: %+v vs %+v", one.Checks, doc.Checks)
	}
}

func TestComplianceReportFormats(t *testing.T) {
	dir := t.TempDir()
	htmlPath := filepath.Join(dir, "cis.html")
	code, _, stderr := run(t, "", "compliance", "report", "--framework", "cis-aws-3.0", demo, "-o", htmlPath)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "html compliance report written to") {
		t.Errorf("stderr: %s", stderr)
	}
	page, err := os.ReadFile(htmlPath)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{"<!DOCTYPE html>", "CIS Amazon Web Services Foundations Benchmark 3.0.0", "Coverage gaps",
		"Manual controls", "Exceptions", "By account", "111111111111", "Remediation:"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	// Self-contained: nothing is loaded from elsewhere.
	if m := regexp.MustCompile(`(?i)<(script|link|img)[^>]+(src|href)=`).FindString(html); m != "" {
		t.Errorf("HTML loads an external resource: %s", m)
	}

	csvPath := filepath.Join(dir, "cis.csv")
	if code, _, stderr := run(t, "", "compliance", "report", "--framework", "cis-aws-3.0", demo, "-o", csvPath); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, _ := os.Open(csvPath)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][1] != "control_id" || len(rows) < 50 {
		t.Fatalf("csv header %v, %d rows", rows[0], len(rows))
	}
	controls := map[string]bool{}
	for _, r := range rows[1:] {
		controls[r[1]] = true
	}
	if !controls["1.4"] || !controls["1.1"] {
		t.Errorf("CSV lacks controls: %v", controls)
	}

	code, out, _ := run(t, "", "compliance", "report", "--framework", "cis-aws-3.0", demo, "-f", "table", "--no-color")
	if code != ExitOK || !strings.Contains(out, "MANUAL  1.1") || !strings.Contains(out, "score ") {
		t.Errorf("table output:\n%s", out[:min(len(out), 800)])
	}
}

func TestComplianceReportUsageErrors(t *testing.T) {
	cases := [][]string{
		{"compliance", "report", demo},                                        // no framework
		{"compliance", "report", "--framework", "nope", demo},                 // unknown framework
		{"compliance", "report", "--framework", "cis-aws-5.0"},                // no input
		{"compliance", "report", "--framework", "cis-aws-5.0", "--aws", demo}, // both inputs
		{"compliance", "report", "--framework", "cis-aws-5.0", "-f", "pdf", demo},
		{"compliance", "report", "--framework", "cis-aws-5.0", "missing.jsonl"},
	}
	for _, args := range cases {
		if code, _, stderr := run(t, "", args...); code != ExitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestUserFrameworkDir(t *testing.T) {
	dir := t.TempDir()
	fw := `id: acme-baseline
name: ACME cloud baseline
version: "2026.1"
source: https://intranet.example/baseline
controls:
  - id: ST-1
    title: Storage is not public
    section: Storage
    via:
      cis-aws-5.0: ["2.1.4"]
  - id: GOV-1
    title: Risk register reviewed
    section: Governance
    manual: true
    manual_reason: A meeting, not a setting.
`
	if err := os.WriteFile(filepath.Join(dir, "acme-baseline.yaml"), []byte(fw), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := complianceJSON(t, "--frameworks", dir, "--framework", "acme-baseline", demo)
	if len(doc.Controls) != 2 || doc.Controls[0].Status == "" || doc.Controls[1].Status != "MANUAL" {
		t.Fatalf("controls %+v", doc.Controls)
	}
	if len(doc.Controls[0].Rules) == 0 || !strings.HasPrefix(doc.Controls[0].Rules[0].Link, "via cis-aws-5.0") {
		t.Errorf("crosswalk not linked: %+v", doc.Controls[0].Rules)
	}

	bad := filepath.Join(t.TempDir(), "broken.yaml")
	os.WriteFile(bad, []byte("id: broken\nname: B\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, manul: true}\n"), 0o644)
	code, _, stderr := run(t, "", "--frameworks", filepath.Dir(bad), "compliance", "list")
	if code != ExitUsage || !strings.Contains(stderr, "broken.yaml:6") || !strings.Contains(stderr, "manul") {
		t.Errorf("broken framework: exit %d, %s", code, stderr)
	}
}
