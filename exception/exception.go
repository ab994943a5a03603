// Package exception reads governed exceptions — accepted risks with a
// reason, an owner and an expiry — and applies them to findings, the same
// way for cloud and infrastructure-as-code scans.
//
// Exceptions are written in a reviewable YAML file (by default
// .cloudward/exceptions.yaml, see docs/exceptions.md):
//
//	version: 1
//	max_days: 365
//	exceptions:
//	  - id: EXC-001
//	    reason: Public website bucket; content is public by design.
//	    owner: web-team@example.com
//	    expires: 2027-03-31
//	    ticket: https://tracker.example.com/SEC-42
//	    compensating_control: CloudFront with WAF in front of the bucket
//	    match:
//	      - rule: CW-AWS-S3-00*
//	        resource: "arn:aws:s3:::www-*"
//	        account: "111111111111"
//	      - resource: module.site.aws_s3_bucket.www
//
// Each exception lists selectors under match: entries combine with OR,
// the fields of one entry (rule, resource, account, region, tags) with
// AND. rule and resource accept * (any run of characters) and ?.
//
// A file with any invalid entry is rejected whole, with every problem
// named by line, entry and field: applying half a file would report
// accepted risks as new failures, or hide the wrong ones.
package exception

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"cloudward/asset"
	"cloudward/finding"
)

// DefaultFile is where scans look for exceptions when --exceptions is not
// given, relative to the working directory.
const DefaultFile = ".cloudward/exceptions.yaml"

// DefaultMaxDays bounds how far ahead an exception may expire when the
// file does not set max_days.
const DefaultMaxDays = 365

// SoonDays is how close to its expiry an exception is reported as expiring.
const SoonDays = 14

// Selector narrows which findings an exception covers. Empty fields match
// anything; a selector with no field set is invalid.
type Selector struct {
	Rule     string            `yaml:"rule,omitempty" json:"rule,omitempty"`
	Resource string            `yaml:"resource,omitempty" json:"resource,omitempty"`
	Account  string            `yaml:"account,omitempty" json:"account,omitempty"`
	Region   string            `yaml:"region,omitempty" json:"region,omitempty"`
	Tags     map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// Exception is one accepted risk.
type Exception struct {
	ID                  string     `yaml:"id" json:"id"`
	Reason              string     `yaml:"reason" json:"reason"`
	Owner               string     `yaml:"owner" json:"owner"`
	Expires             Date       `yaml:"expires" json:"expires"`
	Created             Date       `yaml:"created,omitempty" json:"created,omitzero"`
	CreatedBy           string     `yaml:"created_by,omitempty" json:"created_by,omitempty"`
	CompensatingControl string     `yaml:"compensating_control,omitempty" json:"compensating_control,omitempty"`
	Ticket              string     `yaml:"ticket,omitempty" json:"ticket,omitempty"`
	Match               []Selector `yaml:"match" json:"match"`

	// Source is where the exception is written: file:line.
	Source string `yaml:"-" json:"source"`
	// matched counts the findings it covered in the last Apply.
	matched atomic.Int64
}

// Date is a calendar day (YYYY-MM-DD), in UTC.
type Date struct{ time.Time }

// String formats the date as YYYY-MM-DD (empty for the zero date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// MarshalJSON writes YYYY-MM-DD.
func (d Date) MarshalJSON() ([]byte, error) { return []byte(`"` + d.String() + `"`), nil }

// MarshalYAML writes YYYY-MM-DD.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// Problem is one validation error, located in the file.
type Problem struct {
	File  string
	Line  int
	Entry string // the exception's id, or "exception #N" when it has none
	Field string
	Msg   string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Entry != "" {
		b.WriteString(p.Entry + ": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every validation error of a file.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Load reads and validates an exceptions file as of now (the maximum
// expiry is counted from an exception's created date, or from now when it
// has none). The error is a Problems listing every invalid entry, or the
// read error.
func Load(path string, now time.Time) (*Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, now)
}

// Parse validates an exceptions file's content; see Load.
func Parse(file string, data []byte, now time.Time) (*Set, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Problems{yamlProblem(file, err)}
	}
	if len(bytes.TrimSpace(data)) == 0 || len(doc.Content) == 0 {
		return nil, Problems{{File: file, Msg: "the file is empty; write `version: 1` and an `exceptions:` list"}}
	}
	root := doc.Content[0]
	v := &validator{file: file, now: now.UTC().Truncate(24 * time.Hour)}
	set := v.parse(root)
	if len(v.probs) > 0 {
		return nil, v.probs
	}
	return set, nil
}

func yamlProblem(file string, err error) Problem {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	p := Problem{File: file, Msg: msg}
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		p.Line = line
		p.Msg = strings.TrimSpace(msg[strings.Index(msg, ":")+1:])
	}
	return p
}

type validator struct {
	file  string
	now   time.Time
	probs Problems
}

func (v *validator) add(line int, entry, field, format string, args ...any) {
	v.probs = append(v.probs, Problem{File: v.file, Line: line, Entry: entry, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// mapping returns a mapping node's keys and values, reporting unknown keys.
func (v *validator) mapping(n *yaml.Node, entry, what string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		v.add(n.Line, entry, "", "%s must be a mapping (key: value lines)", what)
		return nil
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !slices.Contains(known, k.Value) {
			v.add(k.Line, entry, k.Value, "unknown field (known: %s)", strings.Join(known, ", "))
			continue
		}
		if _, dup := out[k.Value]; dup {
			v.add(k.Line, entry, k.Value, "given twice")
			continue
		}
		out[k.Value] = val
	}
	return out
}

// date reads an optional YYYY-MM-DD field: the date (zero when absent or
// malformed, which is reported) and its line.
func (v *validator) date(m map[string]*yaml.Node, entry, field string) (Date, int) {
	node := m[field]
	s := v.str(node, entry, field)
	if s == "" {
		return Date{}, 0
	}
	d, err := ParseDate(s)
	if err != nil {
		v.add(node.Line, entry, field, "%v", err)
	}
	return d, node.Line
}

func (v *validator) str(n *yaml.Node, entry, field string) string {
	if n == nil {
		return ""
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		v.add(n.Line, entry, field, "must be a single value")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// parse reads the whole file, recording every problem.
func (v *validator) parse(root *yaml.Node) *Set {
	f := &Set{File: v.file, MaxDays: DefaultMaxDays}
	m := v.mapping(root, "", "the file", "version", "max_days", "exceptions")
	if m == nil {
		return f
	}
	switch n := m["version"]; {
	case n == nil:
		v.add(root.Line, "", "version", "missing; write `version: 1`")
	case n.Value != "1":
		v.add(n.Line, "", "version", "%q is not supported; this cloudward reads version 1", n.Value)
	}
	if n := m["max_days"]; n != nil {
		var d int
		if err := n.Decode(&d); err != nil || d <= 0 {
			v.add(n.Line, "", "max_days", "must be a positive number of days")
		} else {
			f.MaxDays = d
		}
	}
	list := m["exceptions"]
	if list == nil {
		v.add(root.Line, "", "exceptions", "missing; list the exceptions under `exceptions:`")
		return f
	}
	if list.Kind != yaml.SequenceNode {
		if list.Tag != "!!null" {
			v.add(list.Line, "", "exceptions", "must be a list of exceptions")
		}
		return f
	}
	ids := map[string]int{}
	for i, n := range list.Content {
		e := v.exception(n, i, f.MaxDays)
		if e == nil {
			continue
		}
		if prev, dup := ids[e.ID]; dup && e.ID != "" {
			v.add(n.Line, e.ID, "id", "also used by the exception at line %d; ids must be unique", prev)
		}
		ids[e.ID] = n.Line
		f.Exceptions = append(f.Exceptions, e)
	}
	return f
}

func (v *validator) exception(n *yaml.Node, i, maxDays int) *Exception {
	entry := fmt.Sprintf("exception #%d", i+1)
	if n.Kind == yaml.MappingNode {
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == "id" && n.Content[j+1].Value != "" {
				entry = n.Content[j+1].Value
			}
		}
	}
	m := v.mapping(n, entry, "an exception", "id", "reason", "owner", "expires", "created", "created_by",
		"compensating_control", "ticket", "match")
	if m == nil {
		return nil
	}
	e := &Exception{Source: fmt.Sprintf("%s:%d", v.file, n.Line)}
	e.ID = v.str(m["id"], entry, "id")
	e.Reason = v.str(m["reason"], entry, "reason")
	e.Owner = v.str(m["owner"], entry, "owner")
	e.CreatedBy = v.str(m["created_by"], entry, "created_by")
	e.CompensatingControl = v.str(m["compensating_control"], entry, "compensating_control")
	e.Ticket = v.str(m["ticket"], entry, "ticket")
	required := func(field, val, hint string) {
		if val != "" {
			return
		}
		line := n.Line
		if m[field] != nil {
			line = m[field].Line
		}
		v.add(line, entry, field, "required: %s", hint)
	}
	required("id", e.ID, "a unique name for the exception, such as EXC-001")
	required("reason", e.Reason, "why the risk is accepted")
	required("owner", e.Owner, "who answers for the exception (a person or team)")
	e.Created, _ = v.date(m, entry, "created")
	expires := v.str(m["expires"], entry, "expires")
	required("expires", expires, fmt.Sprintf("the last day the exception applies (YYYY-MM-DD), at most %d days ahead", maxDays))
	if expires != "" {
		d, line := v.date(m, entry, "expires")
		e.Expires = d
		from, what := v.now, "today"
		if !e.Created.IsZero() {
			from, what = e.Created.Time, "created "+e.Created.String()
			if !d.IsZero() && d.Before(e.Created.Time) {
				v.add(line, entry, "expires", "%s is before created %s", d, e.Created)
			}
		}
		if limit := from.AddDate(0, 0, maxDays); !d.IsZero() && d.After(limit) {
			v.add(line, entry, "expires", "%s is more than max_days (%d) after %s; the latest allowed is %s",
				d, maxDays, what, limit.Format(time.DateOnly))
		}
	}
	if t := e.Ticket; t != "" && !strings.Contains(t, "://") && strings.ContainsAny(t, " \t") {
		v.add(m["ticket"].Line, entry, "ticket", "must be a link or a ticket key such as SEC-42")
	}
	mn := m["match"]
	switch {
	case mn == nil:
		v.add(n.Line, entry, "match", "required: at least one selector (rule, resource, account, region, tags)")
	case mn.Kind != yaml.SequenceNode || len(mn.Content) == 0:
		v.add(mn.Line, entry, "match", "must be a list of selectors, such as `- rule: CW-AWS-S3-001`")
	default:
		for j, sn := range mn.Content {
			field := fmt.Sprintf("match[%d]", j)
			sm := v.mapping(sn, entry, field, "rule", "resource", "account", "region", "tags")
			if sm == nil {
				continue
			}
			s := Selector{
				Rule:     v.str(sm["rule"], entry, field+".rule"),
				Resource: v.str(sm["resource"], entry, field+".resource"),
				Account:  v.str(sm["account"], entry, field+".account"),
				Region:   v.str(sm["region"], entry, field+".region"),
			}
			if tn := sm["tags"]; tn != nil {
				if err := tn.Decode(&s.Tags); err != nil || tn.Kind != yaml.MappingNode {
					v.add(tn.Line, entry, field+".tags", "must be a mapping of tag keys to values")
				}
			}
			if s.Rule == "" && s.Resource == "" && s.Account == "" && s.Region == "" && len(s.Tags) == 0 {
				v.add(sn.Line, entry, field, "selects everything; set at least one of rule, resource, account, region, tags")
				continue
			}
			if s.Rule == "*" && s.Resource == "" && s.Account == "" && s.Region == "" && len(s.Tags) == 0 {
				v.add(sn.Line, entry, field, "selects every finding; narrow it with rule, resource, account, region or tags")
				continue
			}
			e.Match = append(e.Match, s)
		}
	}
	return e
}

// Set is a validated list of exceptions, ready to apply.
type Set struct {
	File       string
	MaxDays    int
	Exceptions []*Exception
}

// Status of an exception on a given day.
const (
	Active   = "active"
	Expiring = "expiring" // active, and expires within SoonDays
	Expired  = "expired"
)

// StatusOn reports whether the exception applies on day now. An exception
// applies through its expiry day.
func (e *Exception) StatusOn(now time.Time) string {
	day := now.UTC().Truncate(24 * time.Hour)
	switch {
	case e.Expires.Before(day):
		return Expired
	case e.Expires.Before(day.AddDate(0, 0, SoonDays+1)):
		return Expiring
	}
	return Active
}

// Matches reports whether the exception covers a finding on asset a (nil
// when only the finding is known).
func (e *Exception) Matches(f *finding.Finding, a *asset.Asset) bool {
	for i := range e.Match {
		if e.Match[i].matches(f, a) {
			return true
		}
	}
	return false
}

func (s *Selector) matches(f *finding.Finding, a *asset.Asset) bool {
	if s.Rule != "" && (f.Rule == nil || !glob(s.Rule, f.Rule.ID)) {
		return false
	}
	if s.Resource != "" && !glob(s.Resource, f.Resource.ID) {
		return false
	}
	if s.Account != "" && s.Account != f.Resource.Account {
		return false
	}
	if s.Region != "" && !glob(s.Region, f.Resource.Region) {
		return false
	}
	for k, want := range s.Tags {
		if a == nil {
			return false
		}
		got, ok := a.Tags[k]
		if !ok || !glob(want, got) {
			return false
		}
	}
	return true
}

// glob matches s against pattern, where * matches any run of characters
// (slashes and colons included) and ? one character.
func glob(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == s
	}
	// Iterative matching with backtracking on the last star.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// Apply marks a finding (FAIL or UNKNOWN) on asset a: covered by an
// active exception, it carries that exception as its Suppression; covered
// only by expired ones, it carries the most recently expired as Expired,
// so reports say the finding was reopened. It reports whether the finding
// is suppressed. Apply is safe for concurrent use.
func (s *Set) Apply(f *finding.Finding, a *asset.Asset, now time.Time) bool {
	if s == nil || f.Status == finding.Pass || f.Suppression != nil {
		return false
	}
	var expired *Exception
	for _, e := range s.Exceptions {
		if !e.Matches(f, a) {
			continue
		}
		e.matched.Add(1)
		if e.StatusOn(now) == Expired {
			if expired == nil || e.Expires.After(expired.Expires.Time) {
				expired = e
			}
			continue
		}
		f.Suppression = e.suppression()
		f.Expired = nil
		return true
	}
	if expired != nil {
		f.Expired = expired.suppression()
	}
	return false
}

func (e *Exception) suppression() *finding.Suppression {
	return &finding.Suppression{Kind: "exception", ID: e.ID, Reason: e.Reason, Owner: e.Owner,
		Expires: e.Expires.String(), Ticket: e.Ticket, CompensatingControl: e.CompensatingControl, Source: e.Source}
}

// Reset clears the counts of covered findings, before a scan.
func (s *Set) Reset() {
	if s == nil {
		return
	}
	for _, e := range s.Exceptions {
		e.matched.Store(0)
	}
}

// Uses summarizes how each exception applied in a scan, for the summary.
func (s *Set) Uses(now time.Time) []finding.ExceptionUse {
	if s == nil {
		return nil
	}
	out := make([]finding.ExceptionUse, 0, len(s.Exceptions))
	for _, e := range s.Exceptions {
		out = append(out, finding.ExceptionUse{ID: e.ID, Owner: e.Owner, Expires: e.Expires.String(),
			Status: e.StatusOn(now), Matched: int(e.matched.Load()), Source: e.Source})
	}
	return out
}

// Validate checks one exception made outside a file (exception add) by the
// file's own rules; problems name the field.
func Validate(e *Exception, maxDays int, now time.Time) error {
	doc := map[string]any{"version": 1, "max_days": maxDays, "exceptions": []*Exception{e}}
	data, err := yaml.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = Parse("", data, now)
	var ps Problems
	if errors.As(err, &ps) {
		for i := range ps {
			ps[i].File, ps[i].Line = "exception", 0
		}
		return ps
	}
	return err
}
