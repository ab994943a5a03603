// Package rule defines the rule format: one folder per rule holding
// rule.yaml (metadata and a CEL condition) and testdata/pass and
// testdata/fail fixtures. It loads and validates rule folders from any
// fs.FS — the embedded library or a user's directory — and reports
// problems with file and line.
package rule

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Severity ranks how bad a failing rule is.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name.
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity parses a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames, ", "))
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalYAML accepts a severity name.
func (s *Severity) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseSeverity(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*s = v
	return nil
}

// Remediation tells a user how to fix a failing resource, several ways.
type Remediation struct {
	Text      string `yaml:"text" json:"text"`
	CLI       string `yaml:"cli,omitempty" json:"cli,omitempty"`
	Terraform string `yaml:"terraform,omitempty" json:"terraform,omitempty"`
	Console   string `yaml:"console,omitempty" json:"console,omitempty"`
}

// Rule is one policy-as-code rule.
type Rule struct {
	ID            string              `yaml:"id"`
	Title         string              `yaml:"title"`
	Severity      Severity            `yaml:"severity"`
	ResourceTypes []string            `yaml:"resource_types"`
	Description   string              `yaml:"description"`
	Rationale     string              `yaml:"rationale"`
	Remediation   Remediation         `yaml:"remediation"`
	References    []string            `yaml:"references"`
	Compliance    map[string][]string `yaml:"compliance"`
	// When, if set, is a CEL precondition: a resource for which it is false
	// is not applicable and yields no result.
	When string `yaml:"when,omitempty"`
	// Condition is the CEL expression that is true for a compliant resource.
	Condition string `yaml:"condition"`
	// LiveOnly, if set, is a one-sentence reason the rule can be judged
	// only on a live account: it reads state that infrastructure-as-code
	// cannot declare (last use, expiry dates, runtime status). `scan iac`
	// does not evaluate such rules, which would only report UNKNOWN.
	LiveOnly string `yaml:"live_only,omitempty"`

	// Where the rule came from.
	Source     string `yaml:"-"` // label of the library ("builtin" or a directory)
	File       string `yaml:"-"` // path of rule.yaml, as shown to users
	Dir        string `yaml:"-"` // folder within FS
	FS         fs.FS  `yaml:"-"` // filesystem holding Dir (for fixtures)
	Condition0 Pos    `yaml:"-"` // where the condition text starts
	When0      Pos    `yaml:"-"` // where the when text starts
}

// Pos locates the start of an embedded expression in rule.yaml.
type Pos struct {
	Line, Col int  // 1-based line and column of the expression's first character
	Block     bool // a literal/folded block: following lines keep the block's indent
}

// Map converts a position inside the expression (1-based line, 0-based
// column, as CEL reports it) to a file position.
func (p Pos) Map(line, col int) (int, int) {
	if line <= 1 {
		return p.Line, p.Col + col
	}
	if p.Block {
		return p.Line + line - 1, p.Col + col
	}
	return p.Line + line - 1, col + 1
}

// Error is a problem in a rule file, with its position when known.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// FileName is the name of a rule's metadata file.
const FileName = "rule.yaml"

var (
	idPattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)
	yamlLine  = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// Load reads every rule folder below root in fsys. display maps a path in
// fsys to the path shown to users (nil: shown as is). It returns the rules
// that loaded and an error for each that did not; one broken rule never
// hides the others.
func Load(fsys fs.FS, root, source string, display func(string) string) ([]*Rule, []error) {
	if display == nil {
		display = func(p string) string { return p }
	}
	var rules []*Rule
	var errs []error
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &Error{File: display(p), Msg: err.Error()})
			return nil
		}
		if d.IsDir() && d.Name() == "testdata" {
			return fs.SkipDir
		}
		if d.IsDir() || d.Name() != FileName {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &Error{File: display(p), Msg: err.Error()})
			return nil
		}
		r, err := Parse(data, display(p))
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		r.Source, r.Dir, r.FS = source, path.Dir(p), fsys
		rules = append(rules, r)
		return nil
	})
	if err != nil {
		errs = append(errs, &Error{File: display(root), Msg: err.Error()})
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, errs
}

// Parse decodes one rule.yaml. file names it in errors. Parse checks the
// metadata; the condition is compiled by the engine.
func Parse(data []byte, file string) (*Rule, error) {
	var r Rule
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, yamlError(file, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	r.File = file
	lines := bytes.Split(data, []byte("\n"))
	if len(doc.Content) == 1 {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			switch m.Content[i].Value {
			case "condition":
				r.Condition0 = exprPos(m.Content[i+1], lines)
			case "when":
				r.When0 = exprPos(m.Content[i+1], lines)
			}
		}
	}
	if err := r.validate(keyLines(&doc)); err != nil {
		return nil, err
	}
	return &r, nil
}

func yamlError(file string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		err = errors.New(te.Errors[0])
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return &Error{File: file, Line: line, Msg: m[2]}
	}
	return &Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

func keyLines(doc *yaml.Node) map[string]int {
	out := map[string]int{}
	if len(doc.Content) == 1 {
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			out[m.Content[i].Value] = m.Content[i].Line
		}
	}
	return out
}

func exprPos(v *yaml.Node, lines [][]byte) Pos {
	switch v.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// The text starts on the line after the indicator, at its indent.
		l := v.Line + 1
		for l <= len(lines) && len(bytes.TrimSpace(lines[l-1])) == 0 {
			l++
		}
		col := 1
		if l <= len(lines) {
			col = len(lines[l-1]) - len(bytes.TrimLeft(lines[l-1], " ")) + 1
		}
		return Pos{Line: l, Col: col, Block: true}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		return Pos{Line: v.Line, Col: v.Column + 1}
	}
	return Pos{Line: v.Line, Col: v.Column}
}

func (r *Rule) validate(lines map[string]int) error {
	fail := func(key, format string, args ...any) error {
		return &Error{File: r.File, Line: lines[key], Msg: fmt.Sprintf(format, args...)}
	}
	switch {
	case r.ID == "":
		return fail("id", "id is required")
	case !idPattern.MatchString(r.ID):
		return fail("id", "id %q must be upper-case words joined by dashes, e.g. CW-AWS-S3-001", r.ID)
	case strings.TrimSpace(r.Title) == "":
		return fail("title", "title is required")
	case lines["severity"] == 0:
		return fail("severity", "severity is required (critical, high, medium, low or info)")
	case len(r.ResourceTypes) == 0:
		return fail("resource_types", "resource_types needs at least one asset type, e.g. aws.s3.bucket")
	case strings.TrimSpace(r.Condition) == "":
		return fail("condition", "condition is required: a CEL expression that is true for a compliant resource")
	}
	return nil
}

// Lint reports metadata a published rule should have beyond what Parse
// requires: description, rationale, remediation, references, compliance
// mappings and fixtures.
func (r *Rule) Lint() []string {
	var out []string
	need := func(ok bool, msg string) {
		if !ok {
			out = append(out, msg)
		}
	}
	need(strings.TrimSpace(r.Description) != "", "description is empty")
	need(strings.TrimSpace(r.Rationale) != "", "rationale is empty")
	need(strings.TrimSpace(r.Remediation.Text) != "", "remediation.text is empty")
	need(strings.TrimSpace(r.Remediation.CLI) != "" || strings.TrimSpace(r.Remediation.Terraform) != "" ||
		strings.TrimSpace(r.Remediation.Console) != "", "remediation needs at least one of cli, terraform, console")
	need(len(r.References) > 0, "references is empty")
	for _, ref := range r.References {
		if !strings.HasPrefix(ref, "https://") {
			out = append(out, fmt.Sprintf("reference %q is not an https URL", ref))
		}
	}
	for fw, controls := range r.Compliance {
		if len(controls) == 0 {
			out = append(out, fmt.Sprintf("compliance %s lists no controls", fw))
		}
	}
	for _, kind := range []string{"pass", "fail"} {
		if len(r.Fixtures(kind)) == 0 {
			out = append(out, fmt.Sprintf("no fixtures in testdata/%s/", kind))
		}
		// A rule judged from code is not live-only; unknown/ fixtures may
		// show that code leaves it UNKNOWN.
		if r.LiveOnly != "" && len(r.IaCFixtures(kind)) > 0 {
			out = append(out, fmt.Sprintf("live_only is set but the rule has IaC fixtures in testdata/iac/%s/", kind))
		}
	}
	return out
}

// Fixtures lists the fixture files of a kind ("pass" or "fail").
func (r *Rule) Fixtures(kind string) []string {
	if r.FS == nil {
		return nil
	}
	dir := path.Join(r.Dir, "testdata", kind)
	entries, err := fs.ReadDir(r.FS, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".json") || strings.HasSuffix(e.Name(), ".jsonl")) {
			out = append(out, path.Join(dir, e.Name()))
		}
	}
	return out
}

// IaCFixtures lists the infrastructure-as-code fixtures of a kind: files
// under testdata/iac/<kind>/ — Terraform (.tf, each file its own module),
// and Terraform plans, CloudFormation and ARM templates and Kubernetes
// manifests (.yaml, .yml, .json; the format is detected by content).
func (r *Rule) IaCFixtures(kind string) []string {
	if r.FS == nil {
		return nil
	}
	dir := path.Join(r.Dir, "testdata", "iac", kind)
	entries, err := fs.ReadDir(r.FS, dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		switch path.Ext(e.Name()) {
		case ".tf", ".yaml", ".yml", ".json":
			if !e.IsDir() {
				out = append(out, path.Join(dir, e.Name()))
			}
		}
	}
	return out
}

// Frameworks returns the framework ids the rule maps to, sorted.
func (r *Rule) Frameworks() []string {
	out := make([]string, 0, len(r.Compliance))
	for fw := range r.Compliance {
		out = append(out, fw)
	}
	sort.Strings(out)
	return out
}
