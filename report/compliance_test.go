package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"cloudward/compliance"
	"cloudward/rule"
)

const testFramework = `id: cis-aws-3.0
name: CIS Amazon Web Services Foundations Benchmark
version: 3.0.0
source: https://www.cisecurity.org/benchmark/amazon_web_services
controls:
  - {id: "1.1", title: Maintain current contact details, section: "1 IAM", manual: true, manual_reason: "Ask the account owner."}
  - {id: "1.5", title: Root has MFA, section: "1 IAM"}
  - {id: "2.1.4", title: Buckets block public access, section: "2 Storage"}
  - {id: "5.2", title: No SSH from everywhere, section: "5 Networking"}
`

func testAssessment(t *testing.T) *compliance.Assessment {
	t.Helper()
	f, err := compliance.Parse([]byte(testFramework), "cis-aws-3.0.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res := testResult()
	res.Findings[0].Resource.ID = `sg-<script>alert(1)</script>`
	compliance.Link([]*compliance.Framework{f}, []*rule.Rule{ruleSG, ruleS3, ruleRoot, ruleTrail})
	return compliance.Assess(f, res, compliance.Options{})
}

func TestComplianceHTMLEscapesAndIsComplete(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCompliance(&b, FormatHTML, testAssessment(t), Options{Tool: ToolInfo{Version: "1.2.3"}}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script>alert") {
		t.Error("a resource id reached the HTML unescaped")
	}
	for _, want := range []string{"sg-&lt;script&gt;", "Ask the account owner.", "AccessDenied", "cloudward 1.2.3", ">FAIL<", ">MANUAL<"} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestComplianceJSONStatuses(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCompliance(&b, FormatJSON, testAssessment(t), Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Controls []struct {
			ID, Status string
			Score      *float64
		}
		ControlsByStatus map[string]int `json:"controls_by_status"`
		Score            *float64
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"1.1": "MANUAL", "1.5": "NOT_APPLICABLE", "2.1.4": "FAIL", "5.2": "FAIL"}
	for _, c := range doc.Controls {
		if c.Status != want[c.ID] {
			t.Errorf("%s: %s, want %s", c.ID, c.Status, want[c.ID])
		}
	}
	// Both scored controls fail every check with a verdict: 0 %.
	if doc.Score == nil || *doc.Score != 0 || doc.ControlsByStatus["FAIL"] != 2 {
		t.Errorf("score %v, by status %v", doc.Score, doc.ControlsByStatus)
	}
	if err := WriteCompliance(&b, "pdf", testAssessment(t), Options{}); err == nil {
		t.Error("unknown format accepted")
	}
}
