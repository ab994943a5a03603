package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mutateDemo writes a copy of the demo inventory with an encrypted volume
// turned unencrypted (and its team tag changed) and an unencrypted one gone.
func mutateDemo(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../" + demo)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	changed, removed := false, false
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.Contains(line, `"type":"aws.ec2.volume"`) {
			switch {
			case !changed && strings.Contains(line, `"encrypted":true`) && strings.Contains(line, `"team":"mobile"`):
				changed = true
				line = strings.Replace(line, `"encrypted":true`, `"encrypted":false`, 1)
				line = strings.Replace(line, `"team":"mobile"`, `"team":"web"`, 1)
			case !removed && strings.Contains(line, `"encrypted":false`):
				removed = true // an unencrypted volume, with findings to resolve
				continue
			}
		}
		out = append(out, line)
	}
	if !changed || !removed {
		t.Fatal("the demo lacks the volumes this test changes")
	}
	p := filepath.Join(t.TempDir(), "day2.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func jsonOut(t *testing.T, v any, args ...string) {
	t.Helper()
	code, out, stderr := run(t, "", args...)
	if code != ExitOK {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

// TestHistoryEndToEnd records two scans of an inventory that changes
// between them and reads the history back through every command.
func TestHistoryEndToEnd(t *testing.T) {
	st := filepath.Join(t.TempDir(), "history.db")
	now := "2026-06-01T00:00:00Z"
	if code, _, _ := run(t, "", "findings", "list", "--store", st); code != ExitUsage {
		t.Errorf("findings list before any scan: exit %d, want %d", code, ExitUsage)
	}
	var first struct {
		Summary struct {
			Results struct{ Fail, Unknown int }
			History struct {
				ScanID   int64 `json:"scan_id"`
				Added    int   `json:"assets_added"`
				Previous int64 `json:"previous_scan_id"`
			}
		}
	}
	jsonOut(t, &first, "scan", "snapshot", demo, "--store", st, "--now", now, "-f", "json", "--no-exceptions")
	if first.Summary.History.ScanID != 1 || first.Summary.History.Added != 1000 || first.Summary.History.Previous != 0 {
		t.Errorf("first scan's history: %+v", first.Summary.History)
	}
	day2 := mutateDemo(t)
	var second struct {
		Summary struct {
			Results struct{ Fail, Unknown int }
			History struct {
				Removed  int `json:"assets_removed"`
				Changed  int `json:"assets_changed"`
				Opened   int `json:"findings_new"`
				Resolved int `json:"findings_resolved"`
			}
		}
	}
	jsonOut(t, &second, "scan", "snapshot", day2, "--store", st, "--now", now, "-f", "json", "--no-exceptions")
	h := second.Summary.History
	if h.Removed != 1 || h.Changed != 1 || h.Opened < 1 {
		t.Errorf("second scan's history: %+v", h)
	}

	// Every FAIL and UNKNOWN of the latest scan is an open finding.
	var open []struct {
		ID        int64
		RuleID    string `json:"rule_id"`
		Severity  string
		FirstSeen int64 `json:"first_seen_scan"`
	}
	jsonOut(t, &open, "findings", "list", "--store", st, "-f", "json")
	if want := second.Summary.Results.Fail + second.Summary.Results.Unknown; len(open) != want {
		t.Errorf("%d open findings, want %d (FAIL + UNKNOWN of the latest scan)", len(open), want)
	}
	var fresh []struct {
		RuleID     string `json:"rule_id"`
		ResourceID string `json:"resource_id"`
	}
	jsonOut(t, &fresh, "findings", "list", "--store", st, "-f", "json", "--new-since", "1")
	if len(fresh) != h.Opened {
		t.Errorf("%d findings new since scan 1, want %d", len(fresh), h.Opened)
	}
	for _, f := range fresh {
		if !strings.Contains(f.ResourceID, ":volume/") {
			t.Errorf("unexpected new finding %s on %s", f.RuleID, f.ResourceID)
		}
	}
	var high []struct{ Severity string }
	jsonOut(t, &high, "findings", "list", "--store", st, "-f", "json", "--severity", "high,critical")
	for _, f := range high {
		if f.Severity != "high" && f.Severity != "critical" {
			t.Errorf("--severity high,critical listed a %s finding", f.Severity)
		}
	}
	var resolved []struct{ State string }
	jsonOut(t, &resolved, "findings", "list", "--store", st, "-f", "json", "--state", "resolved")
	if len(resolved) != h.Resolved || len(resolved) == 0 {
		t.Errorf("%d resolved findings, want %d", len(resolved), h.Resolved)
	}
	var ebs []struct {
		RuleID string `json:"rule_id"`
	}
	jsonOut(t, &ebs, "findings", "list", "--store", st, "-f", "json", "--control", "cis-aws-5.0:5.1.1")
	for _, f := range ebs {
		if !strings.HasPrefix(f.RuleID, "CW-AWS-EC2-") {
			t.Errorf("--control cis-aws-5.0:5.1.1 listed %s", f.RuleID)
		}
	}
	if code, _, _ := run(t, "", "findings", "list", "--store", st, "--control", "cis-aws-5.0:99.9"); code != ExitUsage {
		t.Errorf("unknown control: exit %d", code)
	}

	// Drift with attribute-level differences.
	var drift []struct {
		Change, Type string
		ID           string `json:"id"`
		Diffs        []struct {
			Path     string
			Old, New any
		}
	}
	jsonOut(t, &drift, "drift", "--store", st, "-f", "json")
	paths := map[string]bool{}
	kinds := map[string]int{}
	for _, c := range drift {
		kinds[c.Change]++
		for _, d := range c.Diffs {
			paths[d.Path] = true
		}
	}
	if kinds["removed"] != 1 || kinds["changed"] != 1 || !paths["attributes.encrypted"] || !paths["tags.team"] {
		t.Errorf("drift: %+v", drift)
	}
	_, table, _ := run(t, "", "drift", "--store", st, "--from", "1", "--to", "2")
	if !strings.Contains(table, "attributes.encrypted: true → false") || !strings.Contains(table, "1 removed, 1 changed") {
		t.Errorf("drift table:\n%s", table)
	}

	// Inventory now and at scan 1, and one asset's history.
	var vols, vols1 []struct{ ID string }
	jsonOut(t, &vols, "inventory", "list", "--store", st, "--type", "aws.ec2.volume", "-f", "json")
	jsonOut(t, &vols1, "inventory", "list", "--store", st, "--type", "aws.ec2.volume", "--at", "1", "-f", "json")
	if len(vols1) != len(vols)+1 {
		t.Errorf("%d volumes at scan 1, %d now: want one fewer now", len(vols1), len(vols))
	}
	var changedID string
	for _, c := range drift {
		if c.Change == "changed" {
			changedID = c.ID
		}
	}
	_, hist, _ := run(t, "", "inventory", "history", changedID, "--store", st)
	if !strings.Contains(hist, "from scan 1, until scan 2") || !strings.Contains(hist, "from scan 2, current") ||
		!strings.Contains(hist, `attributes.encrypted: true → false`) {
		t.Errorf("inventory history:\n%s", hist)
	}
	var shown struct {
		Asset struct{ Attributes map[string]any }
	}
	jsonOut(t, &shown, "inventory", "show", changedID, "--store", st, "--at", "1")
	if shown.Asset.Attributes["encrypted"] != true {
		t.Errorf("the asset at scan 1: %+v", shown.Asset.Attributes)
	}

	// Read-only SQL over the views.
	var rows []map[string]any
	jsonOut(t, &rows, "query", "--store", st, "-f", "json",
		"SELECT COUNT(*) AS n FROM assets WHERE type = 'aws.ec2.volume' AND json_extract(content, '$.attributes.encrypted') = 0")
	if len(rows) != 1 || rows[0]["n"].(float64) < 1 {
		t.Errorf("query: %+v", rows)
	}
	if code, _, stderr := run(t, "", "query", "--store", st, "DELETE FROM finding_records"); code != ExitUsage || !strings.Contains(stderr, "query") {
		t.Errorf("a write through query: exit %d %s", code, stderr)
	}

	// Baselines: approve scan 1's state; the day-2 changes are deviations.
	if code, out, stderr := run(t, "", "baseline", "approve", "--store", st, "--account", "111111111111", "--scan", "1"); code != ExitOK ||
		!strings.Contains(out, "baseline 1: account 111111111111 as of scan 1") {
		t.Errorf("baseline approve: exit %d %s %s", code, out, stderr)
	}
	var dev []struct{ Change string }
	jsonOut(t, &dev, "drift", "--baseline", "--store", st, "-f", "json")
	if len(dev) != 2 {
		t.Errorf("deviations from the baseline: %+v", dev)
	}

	// Stored exceptions apply to the next scan and are audited.
	t.Setenv("CLOUDWARD_ACTOR", "alice")
	if code, _, stderr := run(t, "", "exception", "add", "--store", st, "--id", "EXC-VOL", "--reason", "volume being migrated",
		"--owner", "storage-team", "--expires", time.Now().AddDate(0, 0, 30).Format("2006-01-02"), "--rule", "CW-AWS-EC2-*", "--resource", "*"+changedID[strings.LastIndex(changedID, "/"):]); code != ExitOK {
		t.Fatalf("exception add: exit %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "", "exception", "add", "--store", st, "--id", "EXC-BAD", "--owner", "x", "--expires", "2026-07-01", "--rule", "x"); code != ExitUsage ||
		!strings.Contains(stderr, "reason: required") {
		t.Errorf("exception add without reason: exit %d %s", code, stderr)
	}
	var third struct{ Summary struct{ Suppressed int } }
	jsonOut(t, &third, "scan", "snapshot", day2, "--store", st, "--now", now, "-f", "json")
	if third.Summary.Suppressed == 0 {
		t.Error("the stored exception suppressed nothing")
	}
	var supp []struct {
		SuppressedBy string `json:"suppressed_by"`
	}
	jsonOut(t, &supp, "findings", "list", "--store", st, "-f", "json", "--suppressed")
	if len(supp) != third.Summary.Suppressed || supp[0].SuppressedBy != "EXC-VOL" {
		t.Errorf("suppressed findings: %+v", supp)
	}
	t.Setenv("CLOUDWARD_ACTOR", "bob")
	if code, _, _ := run(t, "", "exception", "revoke", "EXC-VOL", "--store", st, "--reason", "migrated"); code != ExitOK {
		t.Errorf("revoke: exit %d", code)
	}
	var audit []struct{ Action, Actor string }
	jsonOut(t, &audit, "exception", "history", "--store", st, "-f", "json")
	if len(audit) != 2 || audit[0].Actor != "alice" || audit[1].Action != "revoked" || audit[1].Actor != "bob" {
		t.Errorf("audit trail: %+v", audit)
	}
	_, list, _ := run(t, "", "exception", "list", "--store", st)
	if !strings.Contains(list, "EXC-VOL") || !strings.Contains(list, "revoked") {
		t.Errorf("exception list:\n%s", list)
	}
	var scans []struct{ ID int64 }
	jsonOut(t, &scans, "scans", "list", "--store", st, "-f", "json")
	if len(scans) != 3 || scans[0].ID != 3 {
		t.Errorf("scans: %+v", scans)
	}
	// --no-record leaves the store alone.
	run(t, "", "scan", "snapshot", demo, "--store", st, "--no-record", "-f", "json")
	jsonOut(t, &scans, "scans", "list", "--store", st, "-f", "json")
	if len(scans) != 3 {
		t.Errorf("%d scans after --no-record, want 3", len(scans))
	}
}

// TestIaCHistoryKeepsFindingsOfUnreadableFiles: a file that stops parsing
// does not make its resources "removed" nor resolve their findings.
func TestIaCHistoryKeepsFindingsOfUnreadableFiles(t *testing.T) {
	st := filepath.Join(t.TempDir(), "h.db")
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("sg.tf", tfBucket)
	write("other.tf", "resource \"aws_ebs_volume\" \"v\" {\n  availability_zone = \"us-east-1a\"\n  size = 1\n}\n")
	var first, second struct {
		Summary struct {
			History struct {
				Removed  int `json:"assets_removed"`
				Resolved int `json:"findings_resolved"`
				Opened   int `json:"findings_new"`
			}
		}
	}
	jsonOut(t, &first, "scan", "iac", dir, "--store", st, "-f", "json", "--no-exceptions")
	if first.Summary.History.Opened == 0 {
		t.Fatal("the first IaC scan opened no finding")
	}
	write("other.tf", "resource \"aws_ebs_volume\" \"v\" {\n  size = \n")
	code, out, _ := run(t, "", "scan", "iac", dir, "--store", st, "-f", "json", "--no-exceptions")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	json.Unmarshal([]byte(out), &second)
	if h := second.Summary.History; h.Removed != 0 || h.Resolved != 0 {
		t.Errorf("after a syntax error: %+v; the unreadable file's resources must not be removed", h)
	}
	// An exception id that the file already uses cannot be added to the store.
	ex := writeExceptions(t, "version: 1\nexceptions:\n  - {id: EXC-1, reason: r, owner: o, expires: "+time.Now().AddDate(0, 0, 10).Format("2006-01-02")+", match: [{rule: x}]}\n")
	if code, _, stderr := run(t, "", "exception", "add", "--store", st, "--exceptions", ex, "--id", "EXC-1", "--reason", "r", "--owner", "o",
		"--expires", time.Now().AddDate(0, 0, 10).Format("2006-01-02"), "--rule", "y"); code != ExitUsage || !strings.Contains(stderr, "already in") {
		t.Errorf("adding a file's id to the store: exit %d %s", code, stderr)
	}
}
