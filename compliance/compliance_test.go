package compliance

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"cloudward/finding"
	"cloudward/rule"
)

const fwYAML = `id: demo-1.0
name: Demo framework
version: 1.0.0
source: https://example.com/demo
controls:
  - id: "1.1"
    title: Buckets are private
    section: "1 Storage"
  - id: "1.2"
    title: Keys rotate
    section: "1 Storage"
  - id: "2.1"
    title: Contacts are current
    section: "2 Governance"
    manual: true
    manual_reason: Only a person can confirm a contact is current.
  - id: "2.2"
    title: Crosswalked control
    section: "2 Governance"
    via:
      other-1: ["A"]
  - id: "2.3"
    title: Explicit control
    section: "2 Governance"
    rules: [R-LOW]
  - id: "2.4"
    title: Nothing implements this
    section: "2 Governance"
`

const otherYAML = `id: other-1
name: Other
version: "1"
source: https://example.com/other
controls:
  - {id: A, title: Crosswalk target, section: "A"}
`

func load(t *testing.T) ([]*Framework, []*rule.Rule) {
	t.Helper()
	fsys := fstest.MapFS{"demo-1.0.yaml": {Data: []byte(fwYAML)}, "other-1.yaml": {Data: []byte(otherYAML)}}
	fws, errs := Load(fsys, ".", nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rs := []*rule.Rule{
		{ID: "R-CRIT", Severity: rule.Critical, Compliance: map[string][]string{"demo-1.0": {"1.1"}}},
		{ID: "R-MED", Severity: rule.Medium, Compliance: map[string][]string{"demo-1.0": {"1.2"}, "other-1": {"A"}}},
		{ID: "R-LOW", Severity: rule.Low},
		{ID: "R-NOWHERE", Severity: rule.High, Compliance: map[string][]string{"missing-fw": {"x"}, "demo-1.0": {"9.9"}}},
	}
	return fws, rs
}

func TestLinkThreeWays(t *testing.T) {
	fws, rs := load(t)
	probs := Link(fws, rs)
	demo := fws[0]
	if got := demo.Control("1.1").RuleIDs(); strings.Join(got, ",") != "R-CRIT" {
		t.Errorf("1.1 linked %v", got)
	}
	if l := demo.Control("2.2").Linked; len(l) != 1 || l[0].Rule.ID != "R-MED" || l[0].How != "via other-1 A" {
		t.Errorf("2.2 linked %+v", l)
	}
	if l := demo.Control("2.3").Linked; len(l) != 1 || l[0].Rule.ID != "R-LOW" || l[0].How != "explicit" {
		t.Errorf("2.3 linked %+v", l)
	}
	// Crosswalked and explicit links are added to the rules' own
	// compliance maps, so findings carry them.
	if got := rs[1].Compliance["demo-1.0"]; strings.Join(got, ",") != "1.2,2.2" {
		t.Errorf("R-MED compliance demo-1.0 = %v, want 1.2,2.2 in framework order", got)
	}
	if got := rs[2].Compliance["demo-1.0"]; strings.Join(got, ",") != "2.3" {
		t.Errorf("R-LOW compliance = %v", rs[2].Compliance)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`framework "missing-fw", which is not loaded`, `control "9.9", which the framework does not list`} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q lack %q", all, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := map[string]string{
		"unknown top key":   "id: x\nname: X\nversion: 1\nsource: s\ncontrol: []\n",
		"unknown ctrl key":  "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, manul: true}\n",
		"manual no reason":  "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, manual: true}\n",
		"duplicate control": "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s}\n  - {id: a, title: t, section: s}\n",
		"missing title":     "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, section: s}\n",
		"bad via":           "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, via: [1]}\n",
		"manual with rules": "id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, manual: true, manual_reason: r, rules: [R]}\n",
		"bad id":            "id: X Y\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s}\n",
		"not yaml":          "id: [\n",
	}
	for name, src := range cases {
		_, err := Parse([]byte(src), "fw.yaml")
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "fw.yaml") {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
	if _, err := Parse([]byte("id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s}\n  - {id: a, title: t, section: s}\n"), "f.yaml"); !strings.Contains(err.Error(), "f.yaml:7") {
		t.Errorf("duplicate control error lacks its line: %v", err)
	}
}

func TestLoadRejectsMismatchedFileName(t *testing.T) {
	fsys := fstest.MapFS{"wrong.yaml": {Data: []byte(otherYAML)}}
	_, errs := Load(fsys, ".", nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "does not match the file name") {
		t.Fatalf("errs = %v", errs)
	}
}

func tally(r *rule.Rule, acct string, pass, fail, unknown int) finding.Tally {
	return finding.Tally{Rule: r, Account: acct, Counts: finding.Counts{Pass: pass, Fail: fail, Unknown: unknown}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAssessStatusesAndScores(t *testing.T) {
	fws, rs := load(t)
	Link(fws, rs)
	crit, med, low := rs[0], rs[1], rs[2]
	res := &finding.Result{Summary: finding.Summary{Tallies: []finding.Tally{
		tally(crit, "111", 9, 1, 0), // 1.1: 90 % of critical checks pass
		tally(crit, "222", 0, 0, 2), // unknown in the other account
		tally(med, "111", 4, 0, 0),  // 1.2 passes; 2.2 via crosswalk passes
		tally(low, "222", 0, 0, 3),  // 2.3: only unknowns
	}}, Findings: []*finding.Finding{
		{Rule: crit, Status: finding.Fail, Resource: finding.Resource{ID: "b1", Account: "111"}},
		{Rule: crit, Status: finding.Unknown, Resource: finding.Resource{ID: "b2", Account: "222"}},
		{Rule: crit, Status: finding.Unknown, Resource: finding.Resource{ID: "b3", Account: "222"}},
	}}
	a := Assess(fws[0], res, Options{MaxFindings: 2})
	want := map[string]Status{"1.1": StatusFail, "1.2": StatusPass, "2.1": StatusManual, "2.2": StatusPass, "2.3": StatusUnknown, "2.4": StatusUnknown}
	for _, cr := range a.Controls {
		if cr.Status != want[cr.Control.ID] {
			t.Errorf("control %s: %s, want %s (%s)", cr.Control.ID, cr.Status, want[cr.Control.ID], cr.Reason)
		}
	}
	c11 := a.Controls[0]
	if len(c11.Rules[0].Findings) != 2 || c11.Rules[0].More != 1 {
		t.Errorf("MaxFindings: kept %d, more %d", len(c11.Rules[0].Findings), c11.Rules[0].More)
	}
	if !near(c11.Score.Percent(), 90) {
		t.Errorf("1.1 score %v, want 90", c11.Score.Percent())
	}
	if a.Controls[5].Reason == "" {
		t.Error("a control no rule implements must say so")
	}
	// Framework score: 1.1 (weight 8, 90 %), 1.2 (weight 2, 100 %), 2.2
	// (weight 2, 100 %); 2.3 has only UNKNOWN and no score.
	wantScore := (8*0.9 + 2 + 2) / 12 * 100
	if !near(a.Score.Percent(), wantScore) {
		t.Errorf("framework score %v, want %v", a.Score.Percent(), wantScore)
	}
	// R-MED is linked twice but counted once in the framework's checks.
	if a.Counts != (finding.Counts{Pass: 13, Fail: 1, Unknown: 5}) {
		t.Errorf("checks %+v", a.Counts)
	}
	if pct, _ := Coverage(a.Counts); !near(pct, 14.0/19*100) {
		t.Errorf("coverage %v", pct)
	}
	if len(a.ByAccount) != 2 || a.ByAccount[0].Failing != 1 || a.ByAccount[1].Score.Defined() {
		t.Errorf("by account %+v %+v", a.ByAccount[0], a.ByAccount[1])
	}
	if a.Status[StatusManual] != 1 || a.Status[StatusFail] != 1 {
		t.Errorf("status counts %v", a.Status)
	}

	// Limited to account 222: nothing failed there, the critical rule is
	// UNKNOWN, so 1.1 is UNKNOWN — never PASS.
	b := Assess(fws[0], res, Options{Accounts: []string{"222"}})
	if b.Controls[0].Status != StatusUnknown || b.Controls[1].Status != StatusNotApplicable {
		t.Errorf("account 222: 1.1 %s, 1.2 %s", b.Controls[0].Status, b.Controls[1].Status)
	}
}

func TestPostureIsNotDilutedByResourceCounts(t *testing.T) {
	crit := &rule.Rule{ID: "C", Severity: rule.Critical}
	low := &rule.Rule{ID: "L", Severity: rule.Low}
	info := &rule.Rule{ID: "I", Severity: rule.Info}
	p := PostureOf([]finding.Tally{
		tally(crit, "1", 0, 1, 0),    // the one public bucket
		tally(low, "1", 10000, 0, 0), // ten thousand tidy instances
		tally(info, "1", 0, 50, 0),   // informational: no weight
	})
	// (8·0 + 1·1) / (8 + 1)
	if !near(p.Score.Percent(), 100.0/9) {
		t.Errorf("posture %v, want %v", p.Score.Percent(), 100.0/9)
	}
	if len(p.ByAccount) != 1 || !near(p.ByAccount[0].Score.Percent(), 100.0/9) {
		t.Errorf("by account %+v", p.ByAccount)
	}
	if (PostureOf(nil).Score).Defined() {
		t.Error("an empty scan has no score")
	}
}

// A control the framework marks manual is still assessed when a rule maps
// itself to it, and the report keeps the framework's note.
func TestManualControlWithRuleIsAssessed(t *testing.T) {
	fws, rs := load(t)
	rs[2].Compliance = map[string][]string{"demo-1.0": {"2.1"}}
	Link(fws, rs)
	res := &finding.Result{Summary: finding.Summary{Tallies: []finding.Tally{tally(rs[2], "1", 1, 1, 0)}}}
	a := Assess(fws[0], res, Options{})
	c := a.Controls[2]
	if c.Control.ID != "2.1" || c.Status != StatusFail || !strings.Contains(c.Reason, "marks this control manual") {
		t.Errorf("2.1: %s %q", c.Status, c.Reason)
	}
}

// FuzzParse: a framework file never panics the parser, and what parses is
// well formed.
func FuzzParse(f *testing.F) {
	f.Add([]byte(fwYAML))
	f.Add([]byte(otherYAML))
	f.Add([]byte("id: x\nname: X\nversion: 1\nsource: s\ncontrols:\n  - {id: a, title: t, section: s, via: {y: [b]}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range fw.Controls {
			if c.ID == "" || c.Title == "" || c.Section == "" || seen[c.ID] || (c.Manual && c.ManualReason == "") {
				t.Fatalf("malformed control accepted: %+v", c)
			}
			seen[c.ID] = true
		}
	})
}
