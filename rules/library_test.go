package rules_test

import (
	"strings"
	"testing"
	"time"

	"cloudward/rule"
	"cloudward/ruletest"
	"cloudward/scan"
)

// fixtureNow is the scan time fixtures are written against, so rules that
// measure age (days_since) give the same answer on any day.
var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func load(t *testing.T) []*rule.Rule {
	t.Helper()
	rs, errs := scan.LoadRules(nil, false)
	for _, err := range errs {
		t.Error(err)
	}
	if len(rs) == 0 {
		t.Fatal("no built-in rules loaded")
	}
	return rs
}

// TestLibraryLint holds every built-in rule to the publication standard.
func TestLibraryLint(t *testing.T) {
	for _, r := range load(t) {
		for _, p := range r.Lint() {
			t.Errorf("%s (%s): %s", r.File, r.ID, p)
		}
		if !strings.HasPrefix(r.ID, "CW-") {
			t.Errorf("%s: built-in rule ids start with CW-: %s", r.File, r.ID)
		}
	}
}

// TestLibraryFixtures runs every built-in rule against its fixtures.
func TestLibraryFixtures(t *testing.T) {
	rs := load(t)
	eng, errs := scan.NewEngine(rs, fixtureNow)
	for _, err := range errs {
		t.Error(err)
	}
	cases := ruletest.Run(scan.Registry(), eng, nil)
	if len(cases) < 2*len(rs) {
		t.Errorf("%d fixture files for %d rules; every rule needs pass and fail fixtures", len(cases), len(rs))
	}
	for _, c := range cases {
		for _, p := range c.Problems {
			t.Errorf("%s %s: %s", c.Rule.ID, c.File, p)
		}
	}
}

// TestLibraryRemediation requires every way of fixing a finding: text, AWS
// CLI, Terraform and console (a field may explain why a way does not exist).
func TestLibraryRemediation(t *testing.T) {
	seen := map[string]string{}
	for _, r := range load(t) {
		if prev, dup := seen[r.ID]; dup {
			t.Errorf("%s: id %s is also used by %s", r.File, r.ID, prev)
		}
		seen[r.ID] = r.File
		for name, v := range map[string]string{"cli": r.Remediation.CLI, "terraform": r.Remediation.Terraform, "console": r.Remediation.Console} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s (%s): remediation.%s is empty", r.File, r.ID, name)
			}
		}
	}
}

// TestLibraryFrameworks holds rules and frameworks to each other: every
// mapping names a control that exists, and every control that is not
// manual is assessed by at least one rule.
func TestLibraryFrameworks(t *testing.T) {
	rs, fws, errs, probs := scan.BuiltinLibrary()
	for _, err := range errs {
		t.Error(err)
	}
	for _, p := range probs {
		t.Error(p.String())
	}
	if len(rs) == 0 || len(fws) == 0 {
		t.Fatalf("%d rules, %d frameworks loaded", len(rs), len(fws))
	}
	for _, f := range fws {
		for _, c := range f.Controls {
			if !c.Manual && len(c.Linked) == 0 {
				t.Errorf("%s:%d: %s control %s is automated but no rule assesses it (write one, or mark it manual with the reason)",
					f.File, c.Line, f.ID, c.ID)
			}
		}
	}
}
