// Package compliance holds compliance frameworks as data, links them to
// rules, and turns scan results into per-control statuses and posture scores
// (see docs/scoring.md).
//
// A framework is a YAML file (frameworks/<id>.yaml): metadata and a list of
// controls. A control is assessed by rules linked three ways:
//   - a rule's own rule.yaml lists the control under `compliance`;
//   - the control's `via` crosswalk names controls of other frameworks, and
//     every rule that implements those is linked too (one level, never
//     transitive);
//   - the control lists rule ids explicitly under `rules`.
//
// Controls that configuration data cannot assess are `manual`, with the
// reason.
package compliance

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"cloudward/rule"

	"go.yaml.in/yaml/v3"
)

// Framework is one compliance framework.
type Framework struct {
	ID          string
	Name        string
	Version     string
	Published   string
	Source      string
	Description string
	Provenance  string
	Controls    []*Control
	File        string // as shown to users

	byID map[string]*Control
}

// Control is one control (requirement, recommendation, criterion) of a
// framework.
type Control struct {
	ID           string
	Title        string
	Section      string
	Description  string
	Manual       bool
	ManualReason string
	Via          map[string][]string // framework id → control ids
	Rules        []string            // explicitly linked rule ids
	Provenance   string
	Line         int

	// Linked is filled by Link: the rules that assess the control, sorted
	// by id, and how each is linked.
	Linked []LinkedRule
}

// LinkedRule is a rule that assesses a control and why.
type LinkedRule struct {
	Rule *rule.Rule
	// How: "rule" (the rule maps itself), "explicit" (the control lists
	// it) or "via <framework> <control>" (crosswalk).
	How string
}

// Control returns the control with the id, or nil.
func (f *Framework) Control(id string) *Control { return f.byID[id] }

// Automated reports whether a control is assessed by rules.
func (c *Control) Automated() bool { return !c.Manual }

// RuleIDs returns the ids of the linked rules.
func (c *Control) RuleIDs() []string {
	out := make([]string, len(c.Linked))
	for i, l := range c.Linked {
		out[i] = l.Rule.ID
	}
	return out
}

var (
	frameworkID = regexp.MustCompile(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)
	topKeys     = []string{"id", "name", "version", "published", "source", "description", "provenance", "controls"}
	controlKeys = []string{"id", "title", "section", "description", "manual", "manual_reason", "via", "rules", "provenance"}
)

// Load reads every *.yaml file directly in dir of fsys. display maps paths
// for messages (nil: as is). One broken file never hides the others.
func Load(fsys fs.FS, dir string, display func(string) string) ([]*Framework, []error) {
	if display == nil {
		display = func(p string) string { return p }
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, []error{&rule.Error{File: display(dir), Msg: "frameworks directory: " + err.Error()}}
	}
	var out []*Framework
	var errs []error
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &rule.Error{File: display(p), Msg: err.Error()})
			continue
		}
		f, err := Parse(data, display(p))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if want := strings.TrimSuffix(strings.TrimSuffix(e.Name(), ".yaml"), ".yml"); f.ID != want {
			errs = append(errs, &rule.Error{File: f.File, Line: 1,
				Msg: fmt.Sprintf("id %q does not match the file name; name the file %s.yaml", f.ID, f.ID)})
			continue
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errs
}

// Parse decodes one framework file; file names it in errors.
func Parse(data []byte, file string) (*Framework, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		return nil, yamlErr(file, err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, &rule.Error{File: file, Line: 1, Msg: "a framework file is a mapping with id, name, version, source and controls"}
	}
	top := doc.Content[0]
	fail := func(n *yaml.Node, format string, args ...any) error {
		return &rule.Error{File: file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
	}
	f := &Framework{File: file, byID: map[string]*Control{}}
	var controls *yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if !slices.Contains(topKeys, k.Value) {
			return nil, fail(k, "unknown key %q (want one of %s)", k.Value, strings.Join(topKeys, ", "))
		}
		seen[k.Value] = true
		if k.Value == "controls" {
			controls = v
			continue
		}
		strs := map[string]*string{"id": &f.ID, "name": &f.Name, "version": &f.Version, "published": &f.Published,
			"source": &f.Source, "description": &f.Description, "provenance": &f.Provenance}
		if err := setString(strs[k.Value], k.Value, v, fail); err != nil {
			return nil, err
		}
	}
	for _, req := range []string{"id", "name", "version", "source", "controls"} {
		if !seen[req] {
			return nil, &rule.Error{File: file, Line: 1, Msg: req + " is required"}
		}
	}
	if !frameworkID.MatchString(f.ID) {
		return nil, &rule.Error{File: file, Line: 1, Msg: fmt.Sprintf("id %q must be lower-case words joined by dashes or dots, e.g. cis-aws-5.0", f.ID)}
	}
	if controls.Kind != yaml.SequenceNode || len(controls.Content) == 0 {
		return nil, fail(controls, "controls must be a non-empty list")
	}
	for _, cn := range controls.Content {
		c, err := parseControl(cn, fail)
		if err != nil {
			return nil, err
		}
		if f.byID[c.ID] != nil {
			return nil, fail(cn, "control %q is listed twice (first on line %d)", c.ID, f.byID[c.ID].Line)
		}
		f.byID[c.ID] = c
		f.Controls = append(f.Controls, c)
	}
	return f, nil
}

func parseControl(n *yaml.Node, fail func(*yaml.Node, string, ...any) error) (*Control, error) {
	if n.Kind != yaml.MappingNode {
		return nil, fail(n, "a control is a mapping with id, title and section")
	}
	c := &Control{Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(controlKeys, k.Value) {
			return nil, fail(k, "unknown control key %q (want one of %s)", k.Value, strings.Join(controlKeys, ", "))
		}
		switch k.Value {
		case "via":
			if err := v.Decode(&c.Via); err != nil || v.Kind != yaml.MappingNode {
				return nil, fail(v, "via must map framework ids to lists of control ids, e.g. aws-fsbp: [\"S3.8\"]")
			}
		case "rules":
			if err := v.Decode(&c.Rules); err != nil {
				return nil, fail(v, "rules must be a list of rule ids")
			}
		case "manual":
			if err := v.Decode(&c.Manual); err != nil {
				return nil, fail(v, "manual must be true or false")
			}
		default:
			strs := map[string]*string{"id": &c.ID, "title": &c.Title, "section": &c.Section,
				"description": &c.Description, "manual_reason": &c.ManualReason, "provenance": &c.Provenance}
			if err := setString(strs[k.Value], k.Value, v, fail); err != nil {
				return nil, err
			}
		}
	}
	switch {
	case c.ID == "":
		return nil, fail(n, "control id is required")
	case c.Title == "":
		return nil, fail(n, "control %s: title is required", c.ID)
	case c.Section == "":
		return nil, fail(n, "control %s: section is required", c.ID)
	case c.Manual && c.ManualReason == "":
		return nil, fail(n, "control %s is manual: manual_reason is required (why configuration data cannot assess it)", c.ID)
	case c.Manual && (len(c.Via) > 0 || len(c.Rules) > 0):
		return nil, fail(n, "control %s is manual but links rules (via or rules); remove one or the other", c.ID)
	}
	return c, nil
}

// setString stores a scalar's trimmed text in dst.
func setString(dst *string, key string, v *yaml.Node, fail func(*yaml.Node, string, ...any) error) error {
	if v.Kind != yaml.ScalarNode {
		return fail(v, "%s must be a string", key)
	}
	*dst = strings.TrimSpace(v.Value)
	return nil
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func yamlErr(file string, err error) error {
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return &rule.Error{File: file, Line: line, Msg: m[2]}
	}
	return &rule.Error{File: file, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
}

// Problem is an inconsistency found while linking frameworks and rules: a
// rule mapping to a control that does not exist, a crosswalk to an unknown
// framework. Built-in content is held to having none by a test; for a
// user's content they are warnings.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// Link resolves which rules assess each control, and adds every control a
// rule is linked to through `via` or `rules` to the rule's Compliance map,
// so findings carry all their framework references.
func Link(fws []*Framework, rs []*rule.Rule) []Problem {
	var probs []Problem
	byFW := map[string]*Framework{}
	for _, f := range fws {
		byFW[f.ID] = f
	}
	byRule := map[string]*rule.Rule{}
	for _, r := range rs {
		byRule[r.ID] = r
	}
	// direct[fw][control] = rules that map themselves to it.
	direct := map[string]map[string][]*rule.Rule{}
	for _, r := range rs {
		for fwID, ids := range r.Compliance {
			f := byFW[fwID]
			if f == nil {
				probs = append(probs, Problem{File: r.File, Msg: fmt.Sprintf("%s maps to framework %q, which is not loaded", r.ID, fwID)})
				continue
			}
			for _, id := range ids {
				if f.byID[id] == nil {
					probs = append(probs, Problem{File: r.File, Msg: fmt.Sprintf("%s maps to %s control %q, which the framework does not list", r.ID, fwID, id)})
					continue
				}
				if direct[fwID] == nil {
					direct[fwID] = map[string][]*rule.Rule{}
				}
				direct[fwID][id] = append(direct[fwID][id], r)
			}
		}
	}
	type addition struct {
		r       *rule.Rule
		fw, ctl string
	}
	var adds []addition
	for _, f := range fws {
		for _, c := range f.Controls {
			c.Linked = c.Linked[:0]
			seen := map[string]bool{}
			add := func(r *rule.Rule, how string) {
				if seen[r.ID] {
					return
				}
				seen[r.ID] = true
				c.Linked = append(c.Linked, LinkedRule{Rule: r, How: how})
			}
			for _, r := range direct[f.ID][c.ID] {
				add(r, "rule")
			}
			for _, id := range c.Rules {
				r := byRule[id]
				if r == nil {
					probs = append(probs, Problem{File: f.File, Line: c.Line, Msg: fmt.Sprintf("control %s lists rule %s, which is not loaded", c.ID, id)})
					continue
				}
				if !seen[id] {
					adds = append(adds, addition{r, f.ID, c.ID})
				}
				add(r, "explicit")
			}
			for _, other := range slices.Sorted(maps.Keys(c.Via)) {
				of := byFW[other]
				if of == nil {
					probs = append(probs, Problem{File: f.File, Line: c.Line, Msg: fmt.Sprintf("control %s: via names framework %q, which is not loaded", c.ID, other)})
					continue
				}
				for _, oc := range c.Via[other] {
					if of.byID[oc] == nil {
						probs = append(probs, Problem{File: f.File, Line: c.Line, Msg: fmt.Sprintf("control %s: via %s control %q, which that framework does not list", c.ID, other, oc)})
						continue
					}
					for _, r := range direct[other][oc] {
						if !seen[r.ID] {
							adds = append(adds, addition{r, f.ID, c.ID})
						}
						add(r, "via "+other+" "+oc)
					}
				}
			}
			sort.SliceStable(c.Linked, func(i, j int) bool { return c.Linked[i].Rule.ID < c.Linked[j].Rule.ID })
		}
	}
	for _, a := range adds {
		if a.r.Compliance == nil {
			a.r.Compliance = map[string][]string{}
		}
		if !slices.Contains(a.r.Compliance[a.fw], a.ctl) {
			a.r.Compliance[a.fw] = append(a.r.Compliance[a.fw], a.ctl)
		}
	}
	for _, r := range rs {
		for fw, ids := range r.Compliance {
			if f := byFW[fw]; f != nil {
				sortControls(f, ids)
			}
		}
	}
	return probs
}

// sortControls orders control ids as the framework lists them.
func sortControls(f *Framework, ids []string) {
	pos := make(map[string]int, len(f.Controls))
	for i, c := range f.Controls {
		pos[c.ID] = i
	}
	sort.SliceStable(ids, func(i, j int) bool { return pos[ids[i]] < pos[ids[j]] })
}

// Sections returns the framework's sections in the order they first appear.
func (f *Framework) Sections() []string {
	var out []string
	for _, c := range f.Controls {
		if len(out) == 0 || out[len(out)-1] != c.Section {
			if !slices.Contains(out, c.Section) {
				out = append(out, c.Section)
			}
		}
	}
	return out
}
