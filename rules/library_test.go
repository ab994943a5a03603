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
