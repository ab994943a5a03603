package compliance

import (
	"slices"
	"sort"
	"strings"
	"time"

	"cloudward/asset"
	"cloudward/finding"
	"cloudward/rule"
)

// Status of a control in an assessment.
type Status string

// Control statuses. PASS, FAIL and UNKNOWN come from rule results;
// MANUAL controls need a human assessor; NOT_APPLICABLE controls had no
// resource of their rules' types in the scan.
const (
	StatusPass          Status = "PASS"
	StatusFail          Status = "FAIL"
	StatusUnknown       Status = "UNKNOWN"
	StatusManual        Status = "MANUAL"
	StatusNotApplicable Status = "NOT_APPLICABLE"
)

// Statuses in report order.
var Statuses = []Status{StatusFail, StatusUnknown, StatusPass, StatusManual, StatusNotApplicable}

// Options narrow an assessment.
type Options struct {
	// Accounts, when set, limits the assessment to these accounts.
	Accounts []string
	// MaxFindings caps the findings kept per rule and control (0: all).
	MaxFindings int
}

// Assessment is a framework judged against one scan.
type Assessment struct {
	Framework *Framework
	Summary   finding.Summary
	Accounts  []string // accounts with at least one result, sorted
	Controls  []*ControlResult
	Sections  []*SectionResult
	Score     Score
	Counts    finding.Counts // every rule × resource check of the framework's rules
	Status    map[Status]int // controls per status
	ByAccount []*AccountResult
	Gaps      []asset.Gap
	Generated time.Time
}

// ControlResult is one control's outcome.
type ControlResult struct {
	Control *Control
	Status  Status
	// Reason explains MANUAL, UNKNOWN without results and NOT_APPLICABLE.
	Reason string
	Counts finding.Counts
	Score  Score
	Rules  []*RuleResult
}

// RuleResult is one linked rule's results within a control.
type RuleResult struct {
	Rule   *rule.Rule
	How    string
	Counts finding.Counts
	// Findings lists the rule's FAIL and UNKNOWN results (and PASS ones
	// when the scan kept them), up to Options.MaxFindings.
	Findings []*finding.Finding
	// More counts findings left out by MaxFindings.
	More int
}

// SectionResult aggregates the controls of one section.
type SectionResult struct {
	Name   string
	Status map[Status]int
	Score  Score
}

// AccountResult is the framework's score in one account.
type AccountResult struct {
	Account string
	Score   Score
	Counts  finding.Counts
	Failing int // controls failing in this account
}

// Assess judges framework f against a scan result.
func Assess(f *Framework, res *finding.Result, opts Options) *Assessment {
	a := &Assessment{Framework: f, Summary: res.Summary, Status: map[Status]int{}, Generated: time.Now().UTC()}
	inScope := func(acct string) bool { return len(opts.Accounts) == 0 || slices.Contains(opts.Accounts, acct) }

	// Tallies per rule, overall and per account.
	type key struct{ rule, account string }
	perAcct := map[key]finding.Counts{}
	perRule := map[string]finding.Counts{}
	accounts := map[string]bool{}
	for _, t := range res.Summary.Tallies {
		if !inScope(t.Account) {
			continue
		}
		accounts[t.Account] = true
		c := perRule[t.Rule.ID]
		c.Pass, c.Fail, c.Unknown = c.Pass+t.Pass, c.Fail+t.Fail, c.Unknown+t.Unknown
		perRule[t.Rule.ID] = c
		perAcct[key{t.Rule.ID, t.Account}] = t.Counts
	}
	for acct := range accounts {
		a.Accounts = append(a.Accounts, acct)
	}
	sort.Strings(a.Accounts)
	byRule := map[string][]*finding.Finding{}
	for _, fd := range res.Findings {
		if inScope(fd.Resource.Account) {
			byRule[fd.Rule.ID] = append(byRule[fd.Rule.ID], fd)
		}
	}
	for _, g := range res.Summary.Gaps {
		if inScope(g.Account) {
			a.Gaps = append(a.Gaps, g)
		}
	}

	counted := map[string]bool{}
	for _, c := range f.Controls {
		cr := &ControlResult{Control: c}
		switch {
		case len(c.Linked) == 0 && c.Manual:
			cr.Status, cr.Reason = StatusManual, c.ManualReason
		case len(c.Linked) == 0:
			cr.Status, cr.Reason = StatusUnknown, "no loaded rule assesses this control"
		default:
			// A control the framework calls manual is still assessed when
			// rules implement it; the report notes what a person must add.
			var checks []weighted
			for _, l := range c.Linked {
				rr := &RuleResult{Rule: l.Rule, How: l.How, Counts: perRule[l.Rule.ID]}
				fs := byRule[l.Rule.ID]
				if opts.MaxFindings > 0 && len(fs) > opts.MaxFindings {
					rr.More = len(fs) - opts.MaxFindings
					fs = fs[:opts.MaxFindings]
				}
				rr.Findings = fs
				cr.Rules = append(cr.Rules, rr)
				cr.Counts.Pass += rr.Counts.Pass
				cr.Counts.Fail += rr.Counts.Fail
				cr.Counts.Unknown += rr.Counts.Unknown
				checks = append(checks, weighted{l.Rule.Severity, rr.Counts})
				if !counted[l.Rule.ID] {
					counted[l.Rule.ID] = true
					a.Counts.Pass += rr.Counts.Pass
					a.Counts.Fail += rr.Counts.Fail
					a.Counts.Unknown += rr.Counts.Unknown
				}
			}
			cr.Score = controlScore(checks)
			switch {
			case cr.Counts.Fail > 0:
				cr.Status = StatusFail
			case cr.Counts.Unknown > 0:
				cr.Status = StatusUnknown
				cr.Reason = "a setting the rules need could not be read (see the findings)"
			case cr.Counts.Pass > 0:
				cr.Status = StatusPass
			default:
				cr.Status = StatusNotApplicable
				cr.Reason = "no resource of the rules' types was in the scan"
			}
			if c.Manual {
				cr.Reason = strings.TrimSpace(cr.Reason + " The framework marks this control manual: " + c.ManualReason)
			}
		}
		a.Status[cr.Status]++
		a.Controls = append(a.Controls, cr)
	}
	a.Score = frameworkScore(a.Controls)

	for _, name := range f.Sections() {
		sr := &SectionResult{Name: name, Status: map[Status]int{}}
		var cs []*ControlResult
		for _, cr := range a.Controls {
			if cr.Control.Section == name {
				cs = append(cs, cr)
				sr.Status[cr.Status]++
			}
		}
		sr.Score = frameworkScore(cs)
		a.Sections = append(a.Sections, sr)
	}

	for _, acct := range a.Accounts {
		ar := &AccountResult{Account: acct}
		var controls []*ControlResult
		seen := map[string]bool{}
		for _, cr := range a.Controls {
			if len(cr.Rules) == 0 {
				continue
			}
			acr := &ControlResult{Control: cr.Control}
			var checks []weighted
			for _, rr := range cr.Rules {
				c := perAcct[key{rr.Rule.ID, acct}]
				checks = append(checks, weighted{rr.Rule.Severity, c})
				acr.Rules = append(acr.Rules, &RuleResult{Rule: rr.Rule, How: rr.How, Counts: c})
				acr.Counts.Pass += c.Pass
				acr.Counts.Fail += c.Fail
				acr.Counts.Unknown += c.Unknown
				if !seen[rr.Rule.ID] {
					seen[rr.Rule.ID] = true
					ar.Counts.Pass += c.Pass
					ar.Counts.Fail += c.Fail
					ar.Counts.Unknown += c.Unknown
				}
			}
			acr.Score = controlScore(checks)
			if acr.Counts.Fail > 0 {
				ar.Failing++
			}
			controls = append(controls, acr)
		}
		ar.Score = frameworkScore(controls)
		a.ByAccount = append(a.ByAccount, ar)
	}
	return a
}

// Coverage is the share of checks that reached a verdict: (PASS + FAIL) /
// (PASS + FAIL + UNKNOWN); ok is false when there were no checks.
func Coverage(c finding.Counts) (pct float64, ok bool) {
	if c.Total() == 0 {
		return 0, false
	}
	return 100 * float64(c.Pass+c.Fail) / float64(c.Total()), true
}
