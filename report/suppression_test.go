package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"cloudward/finding"
)

// A suppressed finding is reported in every format, marked as accepted
// with its reason, expiry and source — never dropped.
func TestSuppressedFindingInEveryFormat(t *testing.T) {
	res := testResult()
	var iac *finding.Finding
	for _, f := range res.Findings {
		if f.Location != nil {
			iac = f
		}
	}
	iac.Suppression = &finding.Suppression{Kind: "inline", Reason: "public website, SEC-12", Expires: "2026-12-31", Source: "infra/s3.tf:2"}
	res.Summary.Suppressed = 1
	want := map[string][]string{
		FormatJSON:  {`"suppression": {`, `"reason": "public website, SEC-12"`, `"suppressed": 1`},
		FormatSARIF: {`"suppressions"`, `"kind": "inSource"`, `"justification": "public website, SEC-12"`},
		FormatCSV:   {"inline: public website, SEC-12 (until 2026-12-31, infra/s3.tf:2)"},
		FormatOCSF:  {`"status": "Suppressed"`, `"status_id": 3`},
		FormatTable: {"SUPPRESSED (1", `"public website, SEC-12" until 2026-12-31 (infra/s3.tf:2)`},
	}
	for format, needles := range want {
		var b bytes.Buffer
		if err := Write(&b, format, res, Options{Now: func() time.Time { return time.Unix(0, 0) }}); err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if !strings.Contains(b.String(), n) {
				t.Errorf("%s output lacks %q", format, n)
			}
		}
		if format == FormatTable {
			main, _, _ := strings.Cut(b.String(), "SUPPRESSED")
			if strings.Contains(main, "acme-logs") {
				t.Errorf("the suppressed finding is also listed with the active ones:\n%s", main)
			}
		}
	}
}

// Attribute locations of an IaC finding reach JSON and SARIF
// (relatedLocations), so a reader lands on the line to change.
func TestAttributeLocations(t *testing.T) {
	res := testResult()
	for _, f := range res.Findings {
		if f.Location != nil {
			f.Location.Attributes = []finding.AttributeLocation{{Path: "resource.public_access_block.block_public_acls", File: "infra/s3.tf", StartLine: 21, EndLine: 21}}
		}
	}
	for format, needles := range map[string][]string{
		FormatJSON:  {`"path": "resource.public_access_block.block_public_acls"`, `"start_line": 21`},
		FormatSARIF: {`"relatedLocations"`, `"text": "resource.public_access_block.block_public_acls"`, `"startLine": 21`},
	} {
		var b bytes.Buffer
		if err := Write(&b, format, res, Options{Now: func() time.Time { return time.Unix(0, 0) }}); err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if !strings.Contains(b.String(), n) {
				t.Errorf("%s output lacks %q", format, n)
			}
		}
	}
}
