package arm

import (
	"bytes"
	"fmt"
	"strings"

	"cloudward/iac"
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
func (ev *evaluator) resources(list *jnode, parent *parentInfo, sc *scope) {
	if list == nil || list.kind == jNull {
		return
	}
	var items []*jnode
	switch list.kind {
	case jArray:
		items = list.elems
	case jObject:
		for _, f := range list.fields {
			items = append(items, f.val)
		}
	default:
		ev.warn(list.line, list.col, "resources is %s, expected an array (or an object of symbolic names); skipped", kindName(list.kind))
		return
	}
	for _, r := range items {
		ev.resource(r, parent, sc)
	}
}

func (ev *evaluator) resource(r *jnode, parent *parentInfo, sc *scope) {
	if r.kind != jObject {
		ev.warn(r.line, r.col, "a resource is %s, expected an object; skipped", kindName(r.kind))
		return
	}
	if ex := r.getFold("existing"); ex != nil && ex.kind == jBool && ex.b {
		return // a reference to a resource deployed elsewhere
	}
	cp := r.getFold("copy")
	if cp == nil {
		ev.instance(r, parent, sc)
		return
	}
	if cp.kind != jObject {
		ev.warn(cp.line, cp.col, "the copy of a resource must be an object {name, count}; the resource is read once, with copyIndex() unknown")
		ev.instance(r, parent, sc.withLoop("", 0, true, true))
		return
	}
	name := ""
	if n := cp.getFold("name"); n != nil && n.kind == jString {
		name = n.str
	} else {
		ev.warn(cp.line, cp.col, "the copy loop of a resource has no name")
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
func (ev *evaluator) instance(r *jnode, parent *parentInfo, sc *scope) {
	if c := r.getFold("condition"); c != nil {
		switch v := ev.node(c, sc, "", nil).(type) {
		case bool:
			if !v {
				return // not deployed
			}
		case iac.Unknown:
		default:
			ev.warn(c.line, c.col, "the condition is %s, expected a boolean; the resource is read as deployed", typeName(v))
		}
	}
	tn := r.getFold("type")
	if tn == nil {
		ev.warn(r.line, r.col, "a resource has no type; skipped")
		return
	}
	typ, ok := ev.node(tn, sc, "", nil).(string)
	if !ok || typ == "" {
		ev.warn(tn.line, tn.col, "a resource type must be a non-empty string known before deployment; the resource is skipped")
		return
	}
	nn := r.getFold("name")
	if nn == nil {
		ev.warn(r.line, r.col, "resource of type %s has no name; skipped", typ)
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
	for _, f := range r.fields {
		lk := strings.ToLower(f.key)
		if lk == "copy" || lk == "resources" {
			continue
		}
		key := f.key
		if c, ok := canonicalKeys[lk]; ok {
			key = c
		}
		ranges[key] = iac.Range{File: ev.file, StartLine: f.line, EndLine: f.val.endLine}
		switch {
		case lk == "type":
			attrs[key] = typ
		case lk == "name":
			attrs[key] = nameVal
		case isDeployment && lk == "properties" && f.val.getFold("template") != nil:
			attrs[key] = ev.deploymentProperties(f.val, sc, key, ranges)
		default:
			attrs[key] = ev.node(f.val, sc, key, ranges)
		}
	}
	res := iac.Resource{
		Format:     iac.FormatARM,
		Type:       typ,
		Address:    typ + "/" + rendered,
		Name:       rendered,
		Range:      iac.Range{File: ev.file, StartLine: r.line, EndLine: r.endLine},
		AttrRanges: ranges,
		Attrs:      attrs,
	}
	if loc, ok := attrs["location"].(string); ok {
		res.Region = normalizeRegion(loc)
	}
	ev.sink.out = append(ev.sink.out, res)

	ev.resources(r.getFold("resources"), &parentInfo{typ: typ, name: nameVal, rendered: rendered}, sc)
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
func (ev *evaluator) deploymentProperties(props *jnode, sc *scope, path string, ranges map[string]iac.Range) any {
	trimmed := *props
	trimmed.fields = nil
	var tmpl jfield
	for _, f := range props.fields {
		if strings.EqualFold(f.key, "template") {
			tmpl = f
			continue
		}
		trimmed.fields = append(trimmed.fields, f)
	}
	v := ev.node(&trimmed, sc, path, ranges)
	if m, ok := v.(map[string]any); ok {
		p := joinKey(path, tmpl.key)
		ranges[p] = iac.Range{File: ev.file, StartLine: tmpl.line, EndLine: tmpl.val.endLine}
		m[tmpl.key] = iac.Unknown{Reason: "inline template of a nested deployment; its resources are reported as separate resources"}
	}
	return v
}

// nested reads the resources of a nested deployment's inline template.
func (ev *evaluator) nested(r *jnode, sc *scope) {
	props := r.getFold("properties")
	tmpl := props.getFold("template")
	if tmpl == nil || tmpl.kind != jObject {
		return
	}
	if ev.depth >= maxNestedDepth {
		ev.warn(tmpl.line, tmpl.col, "nested deployments deeper than %d levels are not read", maxNestedDepth)
		return
	}
	sv := props.getFold("expressionEvaluationOptions").getFold("scope")
	inner := false
	if sv != nil {
		s, ok := ev.node(sv, sc, "", nil).(string)
		switch {
		case ok && strings.EqualFold(s, "inner"):
			inner = true
		case ok && strings.EqualFold(s, "outer"):
		default:
			ev.warn(sv.line, sv.col, "expressionEvaluationOptions.scope must be \"inner\" or \"outer\"; reading the nested template with outer scope")
		}
	}
	if !inner {
		// Outer scope: the inner template's expressions see this
		// template's parameters and variables.
		ev.depth++
		ev.resources(tmpl.getFold("resources"), nil, sc)
		ev.depth--
		return
	}
	given := map[string]any{}
	if ps := props.getFold("parameters"); ps != nil && ps.kind == jObject {
		for _, f := range ps.fields {
			switch {
			case f.val.getFold("value") != nil:
				given[strings.ToLower(f.key)] = ev.node(f.val.getFold("value"), sc, "", nil)
			case f.val.getFold("reference") != nil:
				given[strings.ToLower(f.key)] = iac.Unknown{Reason: "Key Vault secret reference, resolved at deployment"}
			default:
				ev.warn(f.line, f.col, "nested deployment parameter %q has neither value nor reference", f.key)
			}
		}
	}
	child := newEvaluator(ev.file, ev.sink, tmpl, given, ev.depth+1)
	child.resources(tmpl.getFold("resources"), nil, &scope{})
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
	root, jerr := parseJSON(data, true)
	if jerr != nil {
		s.add(iac.SeverityError, jerr.line, jerr.col, "invalid JSON in ARM parameters file: "+jerr.msg)
		return nil, s.diags
	}
	if root.kind != jObject {
		s.add(iac.SeverityError, root.line, root.col, fmt.Sprintf("not an ARM parameters file: the top-level value is %s, expected an object", kindName(root.kind)))
		return nil, s.diags
	}
	ps := root.getFold("parameters")
	if ps == nil {
		ps = root
	}
	if ps.kind != jObject {
		s.add(iac.SeverityError, ps.line, ps.col, fmt.Sprintf("parameters is %s, expected an object", kindName(ps.kind)))
		return nil, s.diags
	}
	out := map[string]any{}
	for _, f := range ps.fields {
		if ps == root && strings.HasPrefix(f.key, "$") || ps == root && strings.EqualFold(f.key, "contentVersion") {
			continue
		}
		switch {
		case f.val.getFold("value") != nil:
			out[f.key] = f.val.getFold("value").plain()
		case f.val.getFold("reference") != nil:
			out[f.key] = iac.Unknown{Reason: "Key Vault secret reference, resolved at deployment"}
		default:
			s.add(iac.SeverityWarning, f.line, f.col, fmt.Sprintf("parameter %q has neither value nor reference; it is ignored", f.key))
		}
	}
	return out, s.diags
}
