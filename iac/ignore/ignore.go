// Package ignore reads inline ignore comments from infrastructure-as-code
// and applies them to findings:
//
//	# cloudward:ignore CW-AWS-S3-001 reason="public website bucket" expires=2026-12-31
//	// cloudward:ignore CW-AWS-EC2-001 reason="bastion, see SEC-142" expires=2027-03-01
//
// A comment applies to findings of that rule on the resource whose lines
// contain it, or whose first line directly follows it (a run of comment
// lines above the resource). A reason and an expiry date are required: an
// acceptance without them is how suppression lists rot. An expired ignore
// is not applied and says so; the finding is reported again.
package ignore

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"cloudward/finding"
	"cloudward/iac"
)

// Directive is one ignore comment.
type Directive struct {
	File    string
	Line    int
	RuleID  string
	Reason  string
	Expires time.Time // zero when absent or malformed (then the directive is invalid)
	Problem string    // why the directive cannot be applied; empty when valid
	// Next is the first line after the comment that is neither blank nor
	// a comment: the resource an ignore written above a block belongs to.
	Next int
}

var (
	marker = regexp.MustCompile(`(?:#|//|/\*)\s*cloudward:ignore\b(.*)$`)
	ruleID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$`)
	field  = regexp.MustCompile(`(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))`)
)

// Parse finds the ignore comments in a file's text.
func Parse(file string, data []byte) []Directive {
	var out []Directive
	pending := 0 // directives still waiting for their next code line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := bytes.TrimSpace(sc.Bytes())
		if m := marker.FindSubmatch(sc.Bytes()); m != nil {
			out = append(out, parseDirective(file, n, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(m[1])), "*/"))))
			pending++
			if !isComment(text) { // a trailing comment on a code line belongs to that line
				out[len(out)-1].Next = n
				pending--
			}
			continue
		}
		if len(text) == 0 || isComment(text) {
			continue
		}
		for i := len(out) - pending; i < len(out); i++ {
			out[i].Next = n
		}
		pending = 0
	}
	return out
}

func isComment(line []byte) bool {
	return bytes.HasPrefix(line, []byte("#")) || bytes.HasPrefix(line, []byte("//")) || bytes.HasPrefix(line, []byte("/*"))
}

func parseDirective(file string, line int, rest string) Directive {
	d := Directive{File: file, Line: line}
	id, args, _ := strings.Cut(rest, " ")
	d.RuleID = strings.TrimSpace(id)
	if !ruleID.MatchString(d.RuleID) {
		d.Problem = fmt.Sprintf("cloudward:ignore needs a rule id first, e.g. CW-AWS-S3-001 (got %q)", d.RuleID)
		return d
	}
	for _, m := range field.FindAllStringSubmatch(args, -1) {
		v := m[3]
		if m[2] != "" || m[3] == "" {
			v = strings.ReplaceAll(m[2], `\"`, `"`)
		}
		switch strings.ToLower(m[1]) {
		case "reason":
			d.Reason = strings.TrimSpace(v)
		case "expires":
			t, err := time.Parse("2006-01-02", v)
			if err != nil {
				d.Problem = fmt.Sprintf("expires=%q is not a date; write expires=YYYY-MM-DD", v)
				return d
			}
			d.Expires = t
		}
	}
	switch {
	case d.Reason == "":
		d.Problem = `a reason is required: reason="why this is accepted"`
	case d.Expires.IsZero():
		d.Problem = "an expiry date is required: expires=YYYY-MM-DD"
	}
	return d
}

// Apply marks the findings the valid, unexpired directives cover, and
// returns diagnostics for directives that are invalid, expired or match
// no finding's resource. now decides expiry (an ignore expiring today
// still applies today).
func Apply(fs []*finding.Finding, ds []Directive, known func(ruleID string) bool, now time.Time) (applied int, diags []iac.Diagnostic) {
	today := now.UTC().Truncate(24 * time.Hour)
	for _, d := range ds {
		warn := func(format string, args ...any) {
			diags = append(diags, iac.Diagnostic{File: d.File, Line: d.Line, Severity: iac.SeverityWarning,
				Message: "cloudward:ignore " + d.RuleID + ": " + fmt.Sprintf(format, args...)})
		}
		switch {
		case d.Problem != "":
			warn("%s; not applied", d.Problem)
			continue
		case known != nil && !known(d.RuleID):
			warn("no loaded rule has this id; not applied")
			continue
		case d.Expires.Before(today):
			warn("expired on %s; the finding is reported again (renew the reason and date, or fix the resource)", d.Expires.Format("2006-01-02"))
			continue
		}
		for _, f := range fs {
			if f.Rule == nil || f.Rule.ID != d.RuleID || f.Location == nil || f.Location.File != d.File || f.Suppression != nil {
				continue
			}
			if covers(f.Location, d) {
				f.Suppression = &finding.Suppression{Kind: "inline", Reason: d.Reason,
					Expires: d.Expires.Format("2006-01-02"), Source: fmt.Sprintf("%s:%d", d.File, d.Line)}
				applied++
			}
		}
	}
	return applied, diags
}

// covers reports whether an ignore belongs to the resource at loc: written
// inside its lines, or in the comments directly above its first line.
func covers(loc *finding.Location, d Directive) bool {
	return (d.Line >= loc.StartLine && d.Line <= loc.EndLine) || d.Next == loc.StartLine
}
