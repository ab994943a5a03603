package cli

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// TestScanIaCGoldenSARIF pins the SARIF a code-scanning UI receives for
// the bundled IaC example: rules, results, and file/line locations.
// Rewrite with `go test ./internal/cli -run GoldenSARIF -update`.
func TestScanIaCGoldenSARIF(t *testing.T) {
	code, out, stderr := run(t, "", "scan", "iac", "examples/iac", "--no-record", "-f", "sarif", "--now", "2026-06-01T00:00:00Z", "-q")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := regexp.MustCompile(`"(start|end)TimeUtc": "[^"]*"`).ReplaceAllString(out, `"${1}TimeUtc": "(time)"`)
	golden := filepath.Join("testdata", "iac.sarif.golden")
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("SARIF differs from %s (-want +got):\n%s", golden, diff)
	}
	var doc struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, EndLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) == 0 {
		t.Fatalf("not a SARIF 2.1.0 log with results: %v", err)
	}
	for _, r := range doc.Runs[0].Results {
		l := r.Locations[0].PhysicalLocation
		if l.ArtifactLocation.URI == "" || l.Region.StartLine == 0 || l.Region.EndLine < l.Region.StartLine {
			t.Errorf("%s: location %+v", r.RuleID, l)
		}
	}
}
