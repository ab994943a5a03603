package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the CLI in-process from the repository root.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const demo = "examples/demo-inventory.jsonl"

func TestScanDemoJSON(t *testing.T) {
	code, out, stderr := run(t, "", "scan", "snapshot", demo, "--format", "json", "--now", "2026-06-01T00:00:00Z")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Summary struct {
			Assets  int `json:"assets"`
			Results struct{ Pass, Fail, Unknown int }
		}
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Status   string `json:"status"`
			Resource struct{ ID, Type, Account, Region string }
			Evidence map[string]any `json:"evidence"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, out[:min(len(out), 500)])
	}
	if doc.Summary.Assets < 300 {
		t.Errorf("demo has %d assets, want 300+", doc.Summary.Assets)
	}
	r := doc.Summary.Results
	if r.Fail == 0 || r.Pass == 0 || r.Unknown == 0 {
		t.Errorf("demo should exercise every status: %+v", r)
	}
	if len(doc.Findings) != r.Fail+r.Unknown {
		t.Errorf("%d findings listed, want FAIL+UNKNOWN = %d", len(doc.Findings), r.Fail+r.Unknown)
	}
	for _, f := range doc.Findings {
		if f.Status == "PASS" {
			t.Fatal("PASS listed without --include-passed")
		}
		if f.RuleID == "" || f.Resource.ID == "" || f.Resource.Type == "" || len(f.Evidence) == 0 {
			t.Fatalf("incomplete finding %+v", f)
		}
	}
}

func TestScanIncludePassedAndFailOn(t *testing.T) {
	code, out, _ := run(t, "", "scan", "snapshot", demo, "-f", "json", "--include-passed", "--fail-on", "critical")
	if code != ExitFindings {
		t.Fatalf("demo has critical failures: exit %d, want %d", code, ExitFindings)
	}
	if !strings.Contains(out, `"status": "PASS"`) {
		t.Error("--include-passed lists PASS results")
	}
}

func TestFailOnNotReached(t *testing.T) {
	inv := `{"provider":"aws","account":"1","region":"us-east-1","type":"aws.ec2.volume","id":"vol-1","attributes":{"encrypted":false}}`
	code, _, stderr := run(t, inv, "scan", "snapshot", "-", "-f", "json", "--fail-on", "high")
	if code != ExitOK {
		t.Fatalf("only a medium failure: exit %d, want 0 (%s)", code, stderr)
	}
	code, _, _ = run(t, inv, "scan", "snapshot", "-", "-f", "json", "--fail-on", "medium")
	if code != ExitFindings {
		t.Fatalf("medium failure with --fail-on medium: exit %d, want 1", code)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := [][]string{
		{"scan", "snapshot"},
		{"scan", "snapshot", demo, "--format", "xml"},
		{"scan", "snapshot", demo, "--fail-on", "severe"},
		{"scan", "snapshot", "does-not-exist.jsonl"},
		{"scan", "snapshot", demo, "--bogus"},
		{"nonsense"},
	}
	for _, args := range cases {
		code, _, stderr := run(t, "", args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, stderr)
		}
		if stderr == "" {
			t.Errorf("%v: no message", args)
		}
	}
}

func TestBrokenUserRule(t *testing.T) {
	dir := t.TempDir()
	rdir := filepath.Join(dir, "mine")
	os.MkdirAll(rdir, 0o755)
	os.WriteFile(filepath.Join(rdir, "rule.yaml"), []byte("id: MY-1\ntitle: t\nseverity: low\nresource_types: [aws.s3.bucket]\ncondition: |\n  resource.encryption.enabledd\n"), 0o644)
	code, _, stderr := run(t, "", "scan", "snapshot", demo, "--rules", dir, "-f", "json")
	if code != ExitUsage {
		t.Fatalf("exit %d, want 2", code)
	}
	want := filepath.Join(rdir, "rule.yaml") + ":6:"
	if !strings.Contains(stderr, want) || !strings.Contains(stderr, "enabledd") {
		t.Fatalf("stderr %q should name %s and the field", stderr, want)
	}
}

func TestMalformedLineKeepsScanning(t *testing.T) {
	inv := "{not json\n" + `{"provider":"aws","account":"1","region":"us-east-1","type":"aws.ec2.volume","id":"vol-1","attributes":{"encrypted":false}}` + "\n"
	code, out, stderr := run(t, inv, "scan", "snapshot", "-", "-f", "json")
	if code != ExitOK || !strings.Contains(stderr, "<stdin>:1: malformed asset") || !strings.Contains(out, "vol-1") {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
	code, _, stderr = run(t, inv, "scan", "snapshot", "-", "-f", "json", "--strict")
	if code != ExitUsage || !strings.Contains(stderr, "<stdin>:1:") {
		t.Fatalf("--strict: exit %d stderr %q", code, stderr)
	}
}

func TestRulesCommands(t *testing.T) {
	code, out, _ := run(t, "", "rules", "list")
	if code != 0 || !strings.Contains(out, "CW-AWS-S3-001") {
		t.Fatalf("rules list: %d %s", code, out)
	}
	code, out, _ = run(t, "", "rules", "show", "cw-aws-s3-001")
	if code != 0 || !strings.Contains(out, "Compliant when") || !strings.Contains(out, "put-public-access-block") {
		t.Fatalf("rules show: %d %s", code, out)
	}
	code, out, _ = run(t, "", "rules", "lint")
	if code != 0 || !strings.Contains(out, "0 problems") {
		t.Fatalf("rules lint: %d %s", code, out)
	}
	code, out, _ = run(t, "", "rules", "test")
	if code != 0 || !strings.Contains(out, " 0 failed") {
		t.Fatalf("rules test: %d %s", code, out)
	}
	code, _, _ = run(t, "", "rules", "show", "NOPE-1")
	if code != ExitUsage {
		t.Fatalf("unknown rule: exit %d", code)
	}
}

func TestRulesTestReportsFailingFixture(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "r", "testdata", "pass"), 0o755)
	os.MkdirAll(filepath.Join(dir, "r", "testdata", "fail"), 0o755)
	os.WriteFile(filepath.Join(dir, "r", "rule.yaml"), []byte("id: MY-2\ntitle: t\nseverity: low\nresource_types: [aws.ec2.volume]\ncondition: resource.encrypted\n"), 0o644)
	vol := func(enc bool) string {
		b, _ := json.Marshal(map[string]any{"type": "aws.ec2.volume", "id": "vol-1", "attributes": map[string]any{"encrypted": enc}})
		return string(b)
	}
	os.WriteFile(filepath.Join(dir, "r", "testdata", "pass", "a.jsonl"), []byte(vol(true)), 0o644)
	os.WriteFile(filepath.Join(dir, "r", "testdata", "fail", "a.jsonl"), []byte(vol(true)), 0o644) // wrong on purpose
	code, out, _ := run(t, "", "rules", "test", dir)
	if code != ExitFindings || !strings.Contains(out, "vol-1: got PASS, want FAIL") || !strings.Contains(out, "1 passed, 1 failed") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestVersionAndAssets(t *testing.T) {
	code, out, _ := run(t, "", "version")
	if code != 0 || !strings.Contains(out, "cloudward "+Version) {
		t.Fatalf("%d %s", code, out)
	}
	code, out, _ = run(t, "", "assets", "aws.s3.bucket")
	if code != 0 || !strings.Contains(out, "resource.public_access_block") {
		t.Fatalf("%d %s", code, out)
	}
}

// TestMain keeps the tests' scans out of the user's history store: they
// record into a temporary one (CLOUDWARD_STORE) unless a test names its own.
func TestMain(m *testing.M) {
	// The durability test runs the CLI as a child process it can kill.
	if os.Getenv("CLOUDWARD_TEST_AS_CLI") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	dir, err := os.MkdirTemp("", "cloudward-cli-store-*")
	if err != nil {
		panic(err)
	}
	os.Setenv("CLOUDWARD_STORE", filepath.Join(dir, "store.db"))
	os.Unsetenv("CLOUDWARD_ACTOR")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
