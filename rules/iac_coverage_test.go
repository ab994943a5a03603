package rules_test

import (
	"strings"
	"testing"
)

// codeCannotFail lists AWS rules that code can show compliant but never
// non-compliant, with the reason: they keep their IaC pass fixtures (and
// unknown ones), and need no IaC fail fixture. Keep it short: a rule code
// can neither pass nor fail is live_only instead.
var codeCannotFail = map[string]string{
	"CW-AWS-ACCOUNT-001":        "code can declare the security contact, not its absence (the provider requires an email address)",
	"CW-AWS-ACCOUNT-002":        "code can declare the operations and billing contacts, not their absence (the provider requires an email address)",
	"CW-AWS-ACM-003":            "ACM issues keys of 2048 bits or more: only an imported certificate, whose key code does not show, can have a shorter one",
	"CW-AWS-EC2-023":            "a public IPv4 address assigned at launch is unknown in code, so code can show only its absence",
	"CW-AWS-IAM-006":            "access key creation dates exist only after apply: code can show only that a user has no active key",
	"CW-AWS-IAM-011":            "access keys' creation and last use exist only after apply: code can show only that a user has no active key",
	"CW-AWS-IAM-012":            "credentials' creation and last use exist only after apply: code can show only that a user has none",
	"CW-AWS-IAM-014":            "access keys' creation and last use exist only after apply: code can show only that a console user has no key",
	"CW-AWS-KMS-003":            "code cannot schedule a key's deletion: a key it declares is never pending deletion",
	"CW-AWS-SECRETSMANAGER-002": "code can declare a rotation schedule; whether rotations run on time is known only after they run",
	"CW-AWS-VPC-003":            "code can declare a flow log; a delivery failure is known only once it delivers",
}

// TestIaCCoverage holds every AWS rule to one of: IaC pass and fail
// fixtures (the rule judges code as it judges accounts), a live_only
// reason (the rule reads state code cannot declare; `scan iac` skips it),
// or an entry in codeCannotFail.
func TestIaCCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range load(t) {
		if !strings.HasPrefix(r.ID, "CW-AWS-") {
			continue
		}
		seen[r.ID] = true
		pass, fail := len(r.IaCFixtures("pass")) > 0, len(r.IaCFixtures("fail")) > 0
		_, exempt := codeCannotFail[r.ID]
		switch {
		case r.LiveOnly != "" && exempt:
			t.Errorf("%s (%s): live_only and listed in codeCannotFail; pick one", r.File, r.ID)
		case r.LiveOnly != "":
			if !strings.HasSuffix(strings.TrimSpace(r.LiveOnly), ".") {
				t.Errorf("%s (%s): live_only should be one sentence ending with a period", r.File, r.ID)
			}
		case exempt:
			if !pass {
				t.Errorf("%s (%s): listed in codeCannotFail but has no IaC pass fixture in testdata/iac/pass/", r.File, r.ID)
			}
		case !pass || !fail:
			t.Errorf("%s (%s): no IaC pass and fail fixtures (testdata/iac/{pass,fail}/) and no live_only reason", r.File, r.ID)
		}
	}
	for id := range codeCannotFail {
		if !seen[id] {
			t.Errorf("codeCannotFail lists %s, which is not a built-in AWS rule", id)
		}
	}
}
