package compliance

import (
	"sort"

	"cloudward/finding"
	"cloudward/rule"
)

// Weights of the severities in posture scores: each level counts twice the
// one below; informational rules do not count.
var Weights = map[rule.Severity]float64{
	rule.Critical: 8,
	rule.High:     4,
	rule.Medium:   2,
	rule.Low:      1,
	rule.Info:     0,
}

// Score is a weighted pass ratio. It is undefined (Defined false) when
// nothing it covers reached a verdict — no PASS or FAIL with a weight.
type Score struct {
	Passed float64 // weighted passing share, summed
	Weight float64 // total weight
}

// Defined reports whether the score has any weight behind it.
func (s Score) Defined() bool { return s.Weight > 0 }

// Percent is the score from 0 to 100 (0 when undefined).
func (s Score) Percent() float64 {
	if s.Weight == 0 {
		return 0
	}
	return 100 * s.Passed / s.Weight
}

type weighted struct {
	sev rule.Severity
	c   finding.Counts
}

// controlScore is the severity-weighted share of a control's rule ×
// resource checks that pass: Σ w·PASS / Σ w·(PASS+FAIL). UNKNOWN results
// are left out of the ratio (they show as coverage).
func controlScore(checks []weighted) Score {
	var s Score
	for _, w := range checks {
		wt := Weights[w.sev]
		s.Passed += wt * float64(w.c.Pass)
		s.Weight += wt * float64(w.c.Pass+w.c.Fail)
	}
	return s
}

// frameworkScore averages control scores, each control counted once and
// weighted by the highest severity among its rules that reached a verdict:
// Σ W_c · score_c / Σ W_c. A thousand passing instances cannot hide one
// public bucket, because resources only weigh within their control.
func frameworkScore(cs []*ControlResult) Score {
	var s Score
	for _, cr := range cs {
		if !cr.Score.Defined() {
			continue
		}
		w := 0.0
		for _, rr := range cr.Rules {
			if rr.Counts.Pass+rr.Counts.Fail > 0 && Weights[rr.Rule.Severity] > w {
				w = Weights[rr.Rule.Severity]
			}
		}
		s.Passed += w * cr.Score.Percent() / 100
		s.Weight += w
	}
	return s
}

// Posture is the overall posture score of a scan, independent of any
// framework: every rule counts once, weighted by its severity, with its
// own pass ratio — Σ w_r · PASS_r/(PASS_r+FAIL_r) / Σ w_r — overall and per
// account.
type Posture struct {
	Score     Score
	Counts    finding.Counts
	ByAccount []AccountPosture
}

// AccountPosture is one account's posture score.
type AccountPosture struct {
	Account string
	Score   Score
	Counts  finding.Counts
}

// PostureOf computes the posture score from a scan's tallies.
func PostureOf(tallies []finding.Tally) Posture {
	var p Posture
	all := map[*rule.Rule]finding.Counts{}
	accts := map[string]map[*rule.Rule]finding.Counts{}
	for _, t := range tallies {
		c := all[t.Rule]
		c.Pass, c.Fail, c.Unknown = c.Pass+t.Pass, c.Fail+t.Fail, c.Unknown+t.Unknown
		all[t.Rule] = c
		if accts[t.Account] == nil {
			accts[t.Account] = map[*rule.Rule]finding.Counts{}
		}
		accts[t.Account][t.Rule] = t.Counts
	}
	p.Score, p.Counts = ruleScore(all)
	for acct, m := range accts {
		s, c := ruleScore(m)
		p.ByAccount = append(p.ByAccount, AccountPosture{Account: acct, Score: s, Counts: c})
	}
	sort.Slice(p.ByAccount, func(i, j int) bool { return p.ByAccount[i].Account < p.ByAccount[j].Account })
	return p
}

func ruleScore(m map[*rule.Rule]finding.Counts) (Score, finding.Counts) {
	var s Score
	var total finding.Counts
	for r, c := range m {
		total.Pass += c.Pass
		total.Fail += c.Fail
		total.Unknown += c.Unknown
		if c.Pass+c.Fail == 0 {
			continue
		}
		w := Weights[r.Severity]
		s.Passed += w * float64(c.Pass) / float64(c.Pass+c.Fail)
		s.Weight += w
	}
	return s, total
}
