package report

import (
	"bytes"
	"cloudward/asset"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cloudward/engine"
	"cloudward/finding"
	"cloudward/rule"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	ruleSG = &rule.Rule{
		ID:          "CW-AWS-EC2-002",
		Title:       "Security group does not allow SSH from the internet",
		Severity:    rule.Critical,
		Description: "No ingress rule of the security group opens port 22 to 0.0.0.0/0 or ::/0.\n",
		Rationale:   "SSH open to the world invites brute-force attacks.\n",
		Remediation: rule.Remediation{
			Text: "Restrict the rule to known address ranges, or use SSM Session Manager.\n",
			CLI:  "aws ec2 revoke-security-group-ingress --group-id GROUP --protocol tcp --port 22 --cidr 0.0.0.0/0\n",
		},
		References: []string{"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"},
		Compliance: map[string][]string{"cis-aws-3.0": {"5.2"}},
	}
	ruleS3 = &rule.Rule{
		ID:          "CW-AWS-S3-001",
		Title:       "S3 bucket blocks public access",
		Severity:    rule.High,
		Description: "All four S3 Block Public Access settings are on for the bucket.\n",
		Rationale:   "Block Public Access overrides policies and ACLs that would expose data.\n",
		Remediation: rule.Remediation{
			Text:      "Turn on all four Block Public Access settings for the bucket.\n",
			CLI:       "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true\n",
			Terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  block_public_acls = true\n}\n",
			Console:   "S3 console → Buckets → Permissions → Block public access.\n",
		},
		References: []string{
			"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
			"https://example.com/second",
		},
		Compliance: map[string][]string{"cis-aws-3.0": {"2.1.4"}, "aws-fsbp": {"S3.8"}},
	}
	ruleRoot = &rule.Rule{
		ID:          "CW-AWS-IAM-003",
		Title:       "Root account has MFA enabled",
		Severity:    rule.Medium,
		Description: "The account's root user signs in with multi-factor authentication.",
		Remediation: rule.Remediation{Text: "Enable MFA for the root user."},
		Compliance:  map[string][]string{"cis-aws-3.0": {"1.5"}},
	}
	ruleTrail = &rule.Rule{
		ID:       "CW-AWS-CT-004",
		Title:    "CloudTrail trail is multi-region",
		Severity: rule.Low,
	}
)

// testResult is a small scan: a FAIL with evidence (and a hostile resource
// name), a FAIL from IaC with a Location, an UNKNOWN with an unknown
// evidence value, and a PASS.
func testResult() *finding.Result {
	const acct = "111122223333"
	return &finding.Result{
		Summary: finding.Summary{
			StartedAt:      time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC),
			Duration:       1234 * time.Millisecond,
			DurationMS:     1234,
			Sources:        []string{"inventory.jsonl", "infra/"},
			Assets:         4,
			AssetsByType:   map[string]int{"aws.ec2.security_group": 1, "aws.s3.bucket": 1, "aws.iam.root": 1, "aws.cloudtrail.trail": 1},
			Rules:          4,
			Evaluations:    4,
			Results:        finding.Counts{Pass: 1, Fail: 2, Unknown: 1},
			FailBySeverity: map[string]int{"critical": 1, "high": 1},
			Skipped:        1,
			Warnings: []finding.Warning{
				{Source: "inventory.jsonl", Line: 7, Kind: "malformed_line", Message: "invalid JSON: unexpected end of input"},
				{Source: "inventory.jsonl", Line: 9, Kind: "unknown_type", Message: `unknown asset type "aws.foo.bar": not scanned`, Count: 3},
			},
			Gaps: []asset.Gap{{Provider: "aws", Account: acct, Region: "us-east-1", Service: "s3",
				API: "s3:GetEncryptionConfiguration", Code: "AccessDenied", Message: "api error AccessDenied: Access Denied", Count: 12}},
			Tallies: []finding.Tally{
				{Rule: ruleSG, Account: acct, Counts: finding.Counts{Fail: 1}},
				{Rule: ruleS3, Account: acct, Counts: finding.Counts{Fail: 1, Unknown: 1}},
				{Rule: ruleTrail, Account: acct, Counts: finding.Counts{Pass: 1}},
			},
		},
		Findings: []*finding.Finding{
			{
				Rule: ruleSG,
				Resource: finding.Resource{
					ID:       "arn:aws:ec2:us-east-1:" + acct + ":security-group/sg-0123456789abcdef0",
					Type:     "aws.ec2.security_group",
					Provider: "aws", Account: acct, Region: "us-east-1",
					Name: `=HYPERLINK("https://evil.example","click")`,
				},
				Status: finding.Fail,
				Evidence: []engine.Evidence{
					{Path: "resource.ingress[*].cidr_ipv4", Value: []any{"0.0.0.0/0", "10.0.0.0/8"}},
					{Path: "resource.ingress[*].from_port", Value: []any{int64(22), int64(443)}},
				},
			},
			{
				Rule: ruleS3,
				Resource: finding.Resource{
					ID: "arn:aws:s3:::acme-logs", Type: "aws.s3.bucket",
					Provider: "aws", Account: acct, Region: "eu-west-1", Name: "acme-logs",
				},
				Status: finding.Fail,
				Evidence: []engine.Evidence{
					{Path: "account.s3_public_access_block.block_public_acls", Unknown: "no aws.account asset for account " + acct + " in this scan"},
					{Path: "resource.public_access_block.block_public_acls", Value: false},
				},
				Location: &finding.Location{File: "infra/s3.tf", StartLine: 3, EndLine: 15},
			},
			{
				Rule: ruleRoot,
				Resource: finding.Resource{
					ID: "arn:aws:iam::" + acct + ":root", Type: "aws.iam.root",
					Provider: "aws", Account: acct, Region: "global", Name: "root",
				},
				Status: finding.Unknown,
				Evidence: []engine.Evidence{
					{Path: "resource.mfa_active", Unknown: "the credential report was not readable (AccessDenied)"},
				},
				Reason: "resource.mfa_active is unknown: the credential report was not readable (AccessDenied)",
			},
			{
				Rule: ruleTrail,
				Resource: finding.Resource{
					ID: "arn:aws:cloudtrail:us-east-1:" + acct + ":trail/main", Type: "aws.cloudtrail.trail",
					Provider: "aws", Account: acct, Region: "us-east-1", Name: "main",
				},
				Status:   finding.Pass,
				Evidence: []engine.Evidence{{Path: "resource.is_multi_region_trail", Value: true}},
			},
		},
	}
}

func testOptions() Options {
	return Options{
		Tool: ToolInfo{Name: "cloudward", Version: "0.1.0-test", InformationURI: "https://github.com/cloudward/cloudward"},
		Now:  func() time.Time { return time.Date(2025, 3, 14, 9, 27, 0, 0, time.UTC) },
	}
}

func render(t *testing.T, format string, res *finding.Result, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, res, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	color := testOptions()
	color.Color = true
	cases := []struct {
		name, format string
		opts         Options
	}{
		{"table", FormatTable, testOptions()},
		{"table_color", FormatTable, color},
		{"json", FormatJSON, testOptions()},
		{"sarif", FormatSARIF, testOptions()},
		{"csv", FormatCSV, testOptions()},
		{"ocsf", FormatOCSF, testOptions()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, c.format, testResult(), c.opts)
			if again := render(t, c.format, testResult(), c.opts); !bytes.Equal(got, again) {
				t.Fatalf("output is not deterministic:\n%s", cmp.Diff(string(got), string(again)))
			}
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run `go test ./report -update` to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", c.format, path, diff)
			}
		})
	}
}

func TestJSONContract(t *testing.T) {
	out := render(t, FormatJSON, testResult(), testOptions())
	if !bytes.HasSuffix(out, []byte("}\n")) {
		t.Errorf("json output does not end with a newline")
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("json output does not parse: %v", err)
	}
	requireKeys(t, "report", doc, "schema_version", "tool", "summary", "findings")
	if v := doc["schema_version"]; v != float64(1) {
		t.Errorf("schema_version = %v, want 1", v)
	}
	sum := doc["summary"].(map[string]any)
	requireKeys(t, "summary", sum, "started_at", "duration_ms", "sources", "assets", "assets_by_type",
		"skipped_assets", "rules", "evaluations", "results", "fail_by_severity", "warnings")
	requireKeys(t, "summary.results", sum["results"].(map[string]any), "pass", "fail", "unknown")
	requireKeys(t, "summary.fail_by_severity", sum["fail_by_severity"].(map[string]any), "critical", "high", "medium", "low", "info")

	fs := doc["findings"].([]any)
	if len(fs) != 4 {
		t.Fatalf("got %d findings, want 4", len(fs))
	}
	for i, x := range fs {
		f := x.(map[string]any)
		requireKeys(t, "finding", f, "rule_id", "title", "severity", "status", "resource", "compliance",
			"evidence", "remediation", "references")
		requireKeys(t, "finding.resource", f["resource"].(map[string]any), "id", "type", "provider", "account", "region", "name")
		requireKeys(t, "finding.remediation", f["remediation"].(map[string]any), "text", "cli", "terraform", "console")
		if _, ok := f["compliance"].(map[string]any); !ok {
			t.Errorf("finding %d: compliance is %T, want an object", i, f["compliance"])
		}
		if _, ok := f["evidence"].(map[string]any); !ok {
			t.Errorf("finding %d: evidence is %T, want an object", i, f["evidence"])
		}
		if sev := f["severity"].(string); sev != strings.ToLower(sev) {
			t.Errorf("finding %d: severity %q is not lower case", i, sev)
		}
		_, hasReason := f["reason"]
		if want := f["status"] == "UNKNOWN"; hasReason != want {
			t.Errorf("finding %d (%s): reason present = %v, want %v", i, f["status"], hasReason, want)
		}
		_, hasLoc := f["location"]
		if want := i == 1; hasLoc != want {
			t.Errorf("finding %d: location present = %v, want %v", i, hasLoc, want)
		}
	}
	unknown := fs[2].(map[string]any)["evidence"].(map[string]any)["resource.mfa_active"]
	if diff := cmp.Diff(map[string]any{"$unknown": "the credential report was not readable (AccessDenied)"}, unknown); diff != "" {
		t.Errorf("unknown evidence (-want +got):\n%s", diff)
	}
	if c := fs[3].(map[string]any)["compliance"].(map[string]any); len(c) != 0 {
		t.Errorf("compliance of a rule without mappings = %v, want {}", c)
	}
	loc := fs[1].(map[string]any)["location"].(map[string]any)
	if diff := cmp.Diff(map[string]any{"file": "infra/s3.tf", "start_line": float64(3), "end_line": float64(15)}, loc); diff != "" {
		t.Errorf("location (-want +got):\n%s", diff)
	}
}

func requireKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: missing key %q", what, k)
		}
	}
}

func TestSARIF(t *testing.T) {
	res := testResult()
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID         string            `json:"id"`
						HelpURI    string            `json:"helpUri"`
						Properties map[string]any    `json:"properties"`
						Help       map[string]string `json:"help"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Kind      string `json:"kind"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation *struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
							EndLine   int `json:"endLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
					LogicalLocations []struct {
						FullyQualifiedName string `json:"fullyQualifiedName"`
						Kind               string `json:"kind"`
					} `json:"logicalLocations"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, FormatSARIF, res, testOptions()), &log); err != nil {
		t.Fatalf("sarif output does not parse: %v", err)
	}
	if log.Version != "2.1.0" || log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" {
		t.Errorf("version %q, $schema %q", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("got %d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Results) != len(res.Findings) {
		t.Fatalf("got %d results, want %d", len(run.Results), len(res.Findings))
	}
	if len(run.Tool.Driver.Rules) != 4 {
		t.Errorf("got %d rules, want 4", len(run.Tool.Driver.Rules))
	}
	wantLevel := []struct{ kind, level string }{{"fail", "error"}, {"fail", "error"}, {"review", "none"}, {"pass", "none"}}
	prints := map[string]bool{}
	for i, r := range run.Results {
		if got := run.Tool.Driver.Rules[r.RuleIndex].ID; got != r.RuleID {
			t.Errorf("result %d: ruleIndex %d points at %s, want %s", i, r.RuleIndex, got, r.RuleID)
		}
		if r.Kind != wantLevel[i].kind || r.Level != wantLevel[i].level {
			t.Errorf("result %d: kind/level %s/%s, want %s/%s", i, r.Kind, r.Level, wantLevel[i].kind, wantLevel[i].level)
		}
		fp := r.PartialFingerprints[sarifFingerprintKey]
		if fp == "" || prints[fp] {
			t.Errorf("result %d: fingerprint %q is empty or repeated", i, fp)
		}
		prints[fp] = true
		if !strings.Contains(r.Message.Text, res.Findings[i].Resource.ID) {
			t.Errorf("result %d: message %q does not name the resource", i, r.Message.Text)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d: %d locations, want 1", i, len(r.Locations))
		}
		loc := r.Locations[0]
		if i == 1 {
			if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation.URI != "infra/s3.tf" ||
				loc.PhysicalLocation.Region.StartLine != 3 || loc.PhysicalLocation.Region.EndLine != 15 {
				t.Errorf("result %d: physical location %+v, want infra/s3.tf lines 3-15", i, loc.PhysicalLocation)
			}
		} else if loc.PhysicalLocation != nil {
			t.Errorf("result %d: unexpected physical location", i)
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].FullyQualifiedName != res.Findings[i].Resource.ID ||
			loc.LogicalLocations[0].Kind != "resource" {
			t.Errorf("result %d: logical locations %+v", i, loc.LogicalLocations)
		}
	}
	if !strings.Contains(run.Results[2].Message.Text, res.Findings[2].Reason) {
		t.Errorf("UNKNOWN message %q lacks the reason", run.Results[2].Message.Text)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == ruleS3.ID {
			if r.HelpURI != ruleS3.References[0] {
				t.Errorf("helpUri = %q, want the first reference", r.HelpURI)
			}
			if r.Properties["security-severity"] != "8.0" {
				t.Errorf("security-severity = %v, want 8.0", r.Properties["security-severity"])
			}
			if !strings.Contains(r.Help["markdown"], "put-public-access-block") {
				t.Errorf("help markdown lacks the remediation CLI:\n%s", r.Help["markdown"])
			}
		}
	}
}

func TestSARIFLevels(t *testing.T) {
	for sev, want := range map[rule.Severity]string{
		rule.Critical: "error", rule.High: "error", rule.Medium: "warning", rule.Low: "note", rule.Info: "note",
	} {
		if got := sarifLevel(sev); got != want {
			t.Errorf("sarifLevel(%s) = %s, want %s", sev, got, want)
		}
	}
}

func TestCSV(t *testing.T) {
	res := testResult()
	recs, err := csv.NewReader(bytes.NewReader(render(t, FormatCSV, res, testOptions()))).ReadAll()
	if err != nil {
		t.Fatalf("csv output does not parse: %v", err)
	}
	if len(recs) != 1+len(res.Findings) {
		t.Fatalf("got %d records, want a header and %d rows", len(recs), len(res.Findings))
	}
	if diff := cmp.Diff(csvHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for i, rec := range recs[1:] {
		for j, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d, column %s: cell %q starts with a formula character", i+1, recs[0][j], cell)
			}
		}
	}
	if got, want := recs[1][col["resource_name"]], `'=HYPERLINK("https://evil.example","click")`; got != want {
		t.Errorf("resource_name = %q, want %q", got, want)
	}
	if got, want := recs[2][col["compliance"]], "aws-fsbp:S3.8;cis-aws-3.0:2.1.4"; got != want {
		t.Errorf("compliance = %q, want %q", got, want)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(recs[1][col["evidence"]]), &ev); err != nil || len(ev) != 2 {
		t.Errorf("evidence %q is not a JSON object of 2 paths: %v", recs[1][col["evidence"]], err)
	}
	if got := recs[2][col["start_line"]] + "-" + recs[2][col["end_line"]]; got != "3-15" {
		t.Errorf("lines = %s, want 3-15", got)
	}
}

func TestCSVSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2": "'=1+2", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"plain": "plain", "": "", "a=b": "a=b",
	} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOCSF(t *testing.T) {
	res := testResult()
	var events []map[string]any
	if err := json.Unmarshal(render(t, FormatOCSF, res, testOptions()), &events); err != nil {
		t.Fatalf("ocsf output does not parse: %v", err)
	}
	if len(events) != len(res.Findings) {
		t.Fatalf("got %d events, want %d", len(events), len(res.Findings))
	}
	wantSev := []float64{5, 4, 3, 2}
	wantStatus := []float64{3, 3, 0, 1}
	for i, e := range events {
		for k, want := range map[string]float64{"class_uid": 2003, "category_uid": 2, "activity_id": 1, "type_uid": 200301,
			"severity_id": wantSev[i], "time": float64(testOptions().Now().UnixMilli())} {
			if e[k] != want {
				t.Errorf("event %d: %s = %v, want %v", i, k, e[k], want)
			}
		}
		requireKeys(t, "ocsf event", e, "metadata", "finding_info", "compliance", "resources", "cloud", "remediation", "unmapped")
		if v := e["metadata"].(map[string]any)["version"]; v != "1.3.0" {
			t.Errorf("event %d: metadata.version = %v", i, v)
		}
		comp := e["compliance"].(map[string]any)
		if comp["status_id"] != wantStatus[i] {
			t.Errorf("event %d: compliance.status_id = %v, want %v", i, comp["status_id"], wantStatus[i])
		}
		if _, ok := comp["standards"].([]any); !ok {
			t.Errorf("event %d: compliance.standards is %T, want an array", i, comp["standards"])
		}
		if uid := e["finding_info"].(map[string]any)["uid"]; uid == "" || uid == nil {
			t.Errorf("event %d: finding_info.uid is empty", i)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", testResult(), Options{})
	if err == nil {
		t.Fatal("Write with format xml: no error")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list format %s", err, f)
		}
	}
	if diff := cmp.Diff([]string{"table", "json", "sarif", "csv", "ocsf"}, Formats()); diff != "" {
		t.Errorf("Formats() (-want +got):\n%s", diff)
	}
}

// checkTableLines fails when a line of a table is wider than 120 columns
// (ANSI escapes do not count) or, without Color, when it has an escape.
func checkTableLines(t *testing.T, out string, color bool) {
	t.Helper()
	if !color && strings.Contains(out, "\x1b") {
		t.Error("table without Color contains ANSI escapes")
	}
	for i, l := range strings.Split(out, "\n") {
		if n := width(ansiRE.ReplaceAllString(l, "")); n > 120 {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, l)
		}
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTable(t *testing.T) {
	out := string(render(t, FormatTable, testResult(), testOptions()))
	checkTableLines(t, out, false)
	crit, high, medium := strings.Index(out, "CRITICAL\n"), strings.Index(out, "\nHIGH\n"), strings.Index(out, "\nMEDIUM\n")
	if crit != 0 || high < 0 || medium < high {
		t.Errorf("severity sections missing or out of order:\n%s", out)
	}
	for _, want := range []string{
		"  CW-AWS-EC2-002  Security group does not allow SSH from the internet  1 FAIL\n" +
			"    FAIL     sg-0123456789abcdef0  aws.ec2.security_group  111122223333  us-east-1\n",
		"\n             at infra/s3.tf:3-15\n",
		"\n             reason: resource.mfa_active is unknown",
		"1 UNKNOWN\n",
		"\nPASSED\n  CW-AWS-CT-004   CloudTrail trail is multi-region",
		"\nRemediation for a rule: cloudward rules show RULE-ID\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// PASS results are only counted, in the PASSED section.
	if strings.Contains(out, "LOW") || strings.Contains(out, "    PASS") {
		t.Errorf("a PASS result is listed as a row:\n%s", out)
	}
	if strings.Index(out, "Remediation for a rule") > strings.Index(out, "Summary") {
		t.Errorf("the remediation hint is not between the findings and the summary:\n%s", out)
	}

	colored := testOptions()
	colored.Color = true
	checkTableLines(t, string(render(t, FormatTable, testResult(), colored)), true)

	// Many warnings: only the first few are listed; hostile text cannot
	// reach the terminal as an escape sequence.
	res := testResult()
	res.Findings[0].Resource.ID = "sg-\x1b[2Jevil"
	res.Findings[0].Resource.Name = "web\x1b]0;pwned\x07"
	res.Findings[2].Reason = "bad \x1b[31mvalue\r\n"
	for i := 0; i < 10; i++ {
		res.Summary.Warnings = append(res.Summary.Warnings, finding.Warning{Source: "x.jsonl", Line: 100 + i, Kind: "malformed_line", Message: "bad"})
	}
	out = string(render(t, FormatTable, res, testOptions()))
	if !strings.Contains(out, "... and 7 more") {
		t.Errorf("expected the warning list to be cut:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Error("control characters from the inventory reached the table")
	}

	empty := string(render(t, FormatTable, &finding.Result{}, testOptions()))
	if !strings.Contains(empty, "No findings.") || strings.Contains(empty, "Remediation for a rule") {
		t.Errorf("empty result:\n%s", empty)
	}
}

// manyFindings is a result with n FAIL findings of one rule.
func manyFindings(n int) *finding.Result {
	res := &finding.Result{}
	for i := 0; i < n; i++ {
		res.Findings = append(res.Findings, &finding.Finding{
			Rule:   ruleS3,
			Status: finding.Fail,
			Resource: finding.Resource{
				ID: fmt.Sprintf("arn:aws:s3:::bucket-%02d", i), Type: "aws.s3.bucket",
				Provider: "aws", Account: "111122223333", Region: "eu-west-1",
			},
		})
	}
	res.Summary.Results.Fail = n
	return res
}

func TestTableLimit(t *testing.T) {
	const more = "(use --format json or csv for the full list)"
	for _, c := range []struct {
		limit, rows int
		moreLine    string
	}{
		{0, 20, "    … and 5 more " + more + "\n"},
		{3, 3, "    … and 22 more " + more + "\n"},
		{25, 25, ""},
		{-1, 25, ""},
	} {
		opts := testOptions()
		opts.TableLimit = c.limit
		out := string(render(t, FormatTable, manyFindings(25), opts))
		checkTableLines(t, out, false)
		if n := strings.Count(out, "\n    FAIL "); n != c.rows {
			t.Errorf("TableLimit %d: %d rows, want %d:\n%s", c.limit, n, c.rows, out)
		}
		if !strings.Contains(out, "  CW-AWS-S3-001  S3 bucket blocks public access  25 FAIL\n") {
			t.Errorf("TableLimit %d: the rule line does not count every FAIL:\n%s", c.limit, out)
		}
		if got := strings.Contains(out, "more "+more); got != (c.moreLine != "") ||
			c.moreLine != "" && !strings.Contains(out, c.moreLine) {
			t.Errorf("TableLimit %d: want the line %q:\n%s", c.limit, c.moreLine, out)
		}
		if c.rows < 25 && strings.Contains(out, fmt.Sprintf("bucket-%02d", c.rows)) {
			t.Errorf("TableLimit %d: row %d is listed", c.limit, c.rows+1)
		}
	}
}

// TestTableWide feeds values too long for 120 columns: the lines stay
// within it, the title wraps whole and the ids keep their ends.
func TestTableWide(t *testing.T) {
	long := &rule.Rule{
		ID:       "CW-CUSTOM-VERY-LONG-RULE-IDENTIFIER-0001",
		Title:    strings.Repeat("Something rather long must hold ", 5) + "Supercalifragilisticexpialidocious" + strings.Repeat("x", 130),
		Severity: rule.High,
	}
	res := manyFindings(2)
	res.Findings[0].Rule = long
	res.Findings[0].Resource = finding.Resource{
		ID:   "//compute.googleapis.com/projects/p/instances/" + strings.Repeat("a", 150) + "-end",
		Type: "gcp.compute." + strings.Repeat("t", 60), Provider: "gcp",
		Account: strings.Repeat("9", 60), Region: "europe-west1-" + strings.Repeat("z", 40),
		Name: "a-name",
	}
	res.Findings[0].Location = &finding.Location{File: strings.Repeat("dir/", 50) + "main.tf", StartLine: 1, EndLine: 9}
	res.Findings[1].Status = finding.Unknown
	res.Findings[1].Reason = strings.Repeat("because ", 100)
	for _, color := range []bool{false, true} {
		opts := testOptions()
		opts.Color = color
		out := string(render(t, FormatTable, res, opts))
		checkTableLines(t, out, color)
		out = ansiRE.ReplaceAllString(out, "")
		if !strings.Contains(out, "-end ") || !strings.Contains(out, "main.tf") {
			t.Errorf("an id or a location lost its end:\n%s", out)
		}
		if !strings.Contains(out, "\n  "+long.ID+"\n") {
			t.Errorf("a long rule id was cut:\n%s", out)
		}
		if !strings.Contains(out, "Supercalifragilisticexpialidocious") {
			t.Errorf("the title was cut rather than wrapped:\n%s", out)
		}
		if n := strings.Count(out, "reason:"); n != 1 {
			t.Errorf("%d reason lines, want 1", n)
		}
	}
}

func TestShortID(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:s3:::acme-logs":                          "acme-logs",
		"arn:aws:ec2:us-east-1:1:security-group/sg-1":     "sg-1",
		"//compute.googleapis.com/projects/p/instances/i": "i",
		"sg-123": "sg-123",
		"weird/": "weird",
		"":       "",
	} {
		if got := shortID(in); got != want {
			t.Errorf("shortID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"infra/s3.tf":         "infra/s3.tf",
		"/abs/path/main.tf":   "file:///abs/path/main.tf",
		"dir with space/a.tf": "dir%20with%20space/a.tf",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
