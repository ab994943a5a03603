package arm

import (
	"bytes"
	"fmt"
	"strings"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

// canonicalKeys spells the standard members of a resource the way the
// ARM documentation does; ARM reads them case-insensitively, so
// "Properties" and "properties" both become Attrs["properties"].
var canonicalKeys = map[string]string{
	"type": "type", "name": "name", "apiversion": "apiVersion", "location": "location",
	"properties": "properties", "sku": "sku", "kind": "kind", "tags": "tags",
	"identity": "identity", "zones": "zones", "plan": "plan", "dependson": "dependsOn",
	"condition": "condition", "comments": "comments", "scope": "scope",
	"metadata": "metadata", "extendedlocation": "extendedLocation",
	"managedby": "managedBy", "etag": "etag",
}

// parentInfo describes the resource a nested child resource is declared
// in.
type parentInfo struct {
	typ      string
	name     any // evaluated full name (may be Unknown)
	rendered string
}

// maxNestedDepth bounds nested deployments within nested deployments.
const maxNestedDepth = 10

// resources reads a resources section: an array, or (languageVersion
// 2.0) an object of symbolic names.
func (ev *evaluator) resources(list *jsonpos.Node, parent *parentInfo, sc *scope) {
	if list == nil || list.Kind == jsonpos.Null {
		return
	}
	var items []*jsonpos.Node
	switch list.Kind {
	case jsonpos.Array:
		items = list.Elems
	case jsonpos.Object:
		for _, f := range list.Fields {
			items = append(items, f.Val)
		}
	default:
		ev.warn(list.Line, list.Col, "resources is %s, expected an array (or an object of symbolic names); skipped", kindName(list.Kind))
		return
	}
	for _, r := range items {
		ev.resource(r, parent, sc)
	}
}

func (ev *evaluator) resource(r *jsonpos.Node, parent *parentInfo, sc *scope) {
	if r.Kind != jsonpos.Object {
		ev.warn(r.Line, r.Col, "a resource is %s, expected an object; skipped", kindName(r.Kind))
		return
	}
	if ex := r.GetFold("existing"); ex != nil && ex.Kind == jsonpos.Bool && ex.B {
		return // a reference to a resource deployed elsewhere
	}
	cp := r.GetFold("copy")
	if cp == nil {
		ev.instance(r, parent, sc)
		return
	}
	if cp.Kind != jsonpos.Object {
		ev.warn(cp.Line, cp.Col, "the copy of a resource must be an object {name, count}; the resource is read once, with copyIndex() unknown")
		ev.instance(r, parent, sc.withLoop("", 0, true, true))
		return
	}
	name := ""
	if n := cp.GetFold("name"); n != nil && n.Kind == jsonpos.String {
		name = n.Str
	} else {
		ev.warn(cp.Line, cp.Col, "the copy loop of a resource has no name")
	}
	count, ok := ev.loopCount(cp, sc, fmt.Sprintf("resource copy loop %q", name), "the resource is read once, with copyIndex() unknown")
	if !ok {
		ev.instance(r, parent, sc.withLoop(name, 0, true, true))
		return
	}
	for i := int64(0); i < count; i++ {
		ev.instance(r, parent, sc.withLoop(name, i, false, true))
	}
}

// instance reads one resource (one iteration of its copy loop).
func (ev *evaluator) instance(r *jsonpos.Node, parent *parentInfo, sc *scope) {
	if c := r.GetFold("condition"); c != nil {
		switch v := ev.node(c, sc, "", nil).(type) {
		case bool:
			if !v {
				return // not deployed
			}
		case iac.Unknown:
		default:
			ev.warn(c.Line, c.Col, "the condition is %s, expected a boolean; the resource is read as deployed", typeName(v))
		}
	}
	tn := r.GetFold("type")
	if tn == nil {
		ev.warn(r.Line, r.Col, "a resource has no type; skipped")
		return
	}
	typ, ok := ev.node(tn, sc, "", nil).(string)
	if !ok || typ == "" {
		ev.warn(tn.Line, tn.Col, "a resource type must be a non-empty string known before deployment; the resource is skipped")
		return
	}
	nn := r.GetFold("name")
	if nn == nil {
		ev.warn(r.Line, r.Col, "resource of type %s has no name; skipped", typ)
		return
	}
	nameVal := ev.node(nn, sc, "", nil)
	rsc := *sc
	rsc.render = true
	rendered := renderValue(ev.node(nn, &rsc, "", nil))
	if parent != nil && !strings.Contains(typ, "/") {
		typ = parent.typ + "/" + typ
		nameVal = joinName(parent.name, nameVal)
		rendered = parent.rendered + "/" + rendered
	}
	isDeployment := strings.EqualFold(typ, "Microsoft.Resources/deployments")
	ranges := map[string]iac.Range{}
	attrs := map[string]any{}
	for _, f := range r.Fields {
		lk := strings.ToLower(f.Key)
		if lk == "copy" || lk == "resources" {
			continue
		}
		key := f.Key
		if c, ok := canonicalKeys[lk]; ok {
			key = c
		}
		ranges[key] = iac.Range{File: ev.file, StartLine: f.Line, EndLine: f.Val.EndLine}
		switch {
		case lk == "type":
			attrs[key] = typ
		case lk == "name":
			attrs[key] = nameVal
		case isDeployment && lk == "properties" && f.Val.GetFold("template") != nil:
			attrs[key] = ev.deploymentProperties(f.Val, sc, key, ranges)
		default:
			attrs[key] = ev.node(f.Val, sc, key, ranges)
		}
	}
	res := iac.Resource{
		Format:     iac.FormatARM,
		Type:       typ,
		Address:    typ + "/" + rendered,
		Name:       rendered,
		Range:      iac.Range{File: ev.file, StartLine: r.Line, EndLine: r.EndLine},
		AttrRanges: ranges,
		Attrs:      attrs,
	}
	if loc, ok := attrs["location"].(string); ok {
		res.Region = normalizeRegion(loc)
	}
	ev.sink.out = append(ev.sink.out, res)

	ev.resources(r.GetFold("resources"), &parentInfo{typ: typ, name: nameVal, rendered: rendered}, sc)
	if isDeployment {
		ev.nested(r, sc)
	}
}

// normalizeRegion turns a location as ARM accepts it ("East US",
// "eastus") into the region name Azure reports ("eastus").
func normalizeRegion(loc string) string {
	return strings.ToLower(strings.ReplaceAll(loc, " ", ""))
}

// renderValue turns an evaluated name into display text.
func renderValue(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case iac.Unknown:
		return renderUnknown
	}
	if s, ok := text(v); ok {
		return s
	}
	return renderUnknown
}

// joinName builds a child's full name "parent/child".
func joinName(parent, child any) any {
	p, ok1 := parent.(string)
	c, ok2 := child.(string)
	if ok1 && ok2 {
		return p + "/" + c
	}
	if u, ok := firstUnknown([]any{parent, child}); ok {
		return u
	}
	return iac.Unknown{Reason: "the resource name is not a string"}
}

// deploymentProperties evaluates the properties of a nested deployment,
// leaving out the inline template, whose resources are read separately.
func (ev *evaluator) deploymentProperties(props *jsonpos.Node, sc *scope, path string, ranges map[string]iac.Range) any {
	trimmed := *props
	trimmed.Fields = nil
	var tmpl jsonpos.Field
	for _, f := range props.Fields {
		if strings.EqualFold(f.Key, "template") {
			tmpl = f
			continue
		}
		trimmed.Fields = append(trimmed.Fields, f)
	}
	v := ev.node(&trimmed, sc, path, ranges)
	if m, ok := v.(map[string]any); ok {
		p := joinKey(path, tmpl.Key)
		ranges[p] = iac.Range{File: ev.file, StartLine: tmpl.Line, EndLine: tmpl.Val.EndLine}
		m[tmpl.Key] = iac.Unknown{Reason: "inline template of a nested deployment; its resources are reported as separate resources"}
	}
	return v
}

// nested reads the resources of a nested deployment's inline template.
func (ev *evaluator) nested(r *jsonpos.Node, sc *scope) {
	props := r.GetFold("properties")
	tmpl := props.GetFold("template")
	if tmpl == nil || tmpl.Kind != jsonpos.Object {
		return
	}
	if ev.depth >= maxNestedDepth {
		ev.warn(tmpl.Line, tmpl.Col, "nested deployments deeper than %d levels are not read", maxNestedDepth)
		return
	}
	sv := props.GetFold("expressionEvaluationOptions").GetFold("scope")
	inner := false
	if sv != nil {
		s, ok := ev.node(sv, sc, "", nil).(string)
		switch {
		case ok && strings.EqualFold(s, "inner"):
			inner = true
		case ok && strings.EqualFold(s, "outer"):
		default:
			ev.warn(sv.Line, sv.Col, "expressionEvaluationOptions.scope must be \"inner\" or \"outer\"; reading the nested template with outer scope")
		}
	}
	if !inner {
		// Outer scope: the inner template's expressions see this
		// template's parameters and variables.
		ev.depth++
		ev.resources(tmpl.GetFold("resources"), nil, sc)
		ev.depth--
		return
	}
	given := map[string]any{}
	if ps := props.GetFold("parameters"); ps != nil && ps.Kind == jsonpos.Object {
		for _, f := range ps.Fields {
			switch {
			case f.Val.GetFold("value") != nil:
				given[strings.ToLower(f.Key)] = ev.node(f.Val.GetFold("value"), sc, "", nil)
			case f.Val.GetFold("reference") != nil:
				given[strings.ToLower(f.Key)] = iac.Unknown{Reason: "Key Vault secret reference, resolved at deployment"}
			default:
				ev.warn(f.Line, f.Col, "nested deployment parameter %q has neither value nor reference", f.Key)
			}
		}
	}
	child := newEvaluator(ev.file, ev.sink, tmpl, given, ev.depth+1)
	child.resources(tmpl.GetFold("resources"), nil, &scope{})
}

// DetectParameters reports whether data is an ARM parameters file: a
// JSON object whose $schema names deploymentParameters.json.
func DetectParameters(name string, data []byte) bool {
	_ = name
	d := bytes.ToLower(data)
	if len(d) > 4096 {
		d = d[:4096]
	}
	return bytes.Contains(d, []byte(`"$schema"`)) && bytes.Contains(d, []byte("deploymentparameters.json"))
}

// ParseParameters reads an ARM parameters file ({"parameters": {"name":
// {"value": ...}}}; the bare {"name": {"value": ...}} form is accepted
// too) and returns the values by name, for Options.Params. Values are
// taken literally (parameters files have no expressions); Key Vault
// references ({"reference": ...}) become Unknown.
func ParseParameters(file string, data []byte) (map[string]any, []iac.Diagnostic) {
	s := newSink(file)
	root, jerr := jsonpos.Parse(data, true)
	if jerr != nil {
		s.add(iac.SeverityError, jerr.Line, jerr.Col, "invalid JSON in ARM parameters file: "+jerr.Msg)
		return nil, s.diags
	}
	if root.Kind != jsonpos.Object {
		s.add(iac.SeverityError, root.Line, root.Col, fmt.Sprintf("not an ARM parameters file: the top-level value is %s, expected an object", kindName(root.Kind)))
		return nil, s.diags
	}
	ps := root.GetFold("parameters")
	if ps == nil {
		ps = root
	}
	if ps.Kind != jsonpos.Object {
		s.add(iac.SeverityError, ps.Line, ps.Col, fmt.Sprintf("parameters is %s, expected an object", kindName(ps.Kind)))
		return nil, s.diags
	}
	out := map[string]any{}
	for _, f := range ps.Fields {
		if ps == root && strings.HasPrefix(f.Key, "$") || ps == root && strings.EqualFold(f.Key, "contentVersion") {
			continue
		}
		switch {
		case f.Val.GetFold("value") != nil:
			out[f.Key] = f.Val.GetFold("value").Plain()
		case f.Val.GetFold("reference") != nil:
			out[f.Key] = iac.Unknown{Reason: "Key Vault secret reference, resolved at deployment"}
		default:
			s.add(iac.SeverityWarning, f.Line, f.Col, fmt.Sprintf("parameter %q has neither value nor reference; it is ignored", f.Key))
		}
	}
	return out, s.diags
}
