// Package tfplan reads Terraform plans in their JSON form (the output of
// `terraform show -json PLANFILE`, format_version 0.x or 1.x) and returns
// the managed resources the plan will leave in place, with the values
// Terraform plans for them.
//
// What is read:
//
//   - planned_values.root_module and its child_modules, recursively:
//     every resource with mode "managed" (data sources are skipped).
//     Address, Type and Name are the plan's own (address includes the
//     module path and the count/for_each key, e.g.
//     module.net.aws_security_group.web[0]); Attrs are the planned values.
//   - resource_changes[].change.after_unknown: every path it marks true
//     becomes an iac.Unknown in Attrs, whether the plan omitted the value
//     (top-level and object members) or wrote null (list elements).
//     Resources whose only action is "delete" are not in planned_values
//     and so are not returned. The reason comes from the resource's entry
//     in configuration (root_module.resources[] and module_calls[…].module,
//     recursively): when the expression setting the value references a
//     resource attribute (expressions.<attr>.references, nested blocks as
//     lists of objects), "<address>.<attr> is known only after apply" for
//     the first reference of the form [data.]<type>.<name>[key].<attr>,
//     with the module path of the referencing resource prefixed, so that
//     adapters link it as they link iac/terraform's unknowns. A reference
//     without instance key to a resource with count or for_each takes the
//     referencing instance's key when the target has that instance, else
//     the target's only instance, else no key. A value the configuration
//     does not set is ComputedAfterApply (the provider computes it);
//     anything else is "known only after apply". See reasons.reason.
//   - Region: the resource's own "region" value when it is a known string
//     (AWS provider 6 and google resources have one); otherwise the
//     constant region of the provider configuration the resource uses
//     (configuration.provider_config[key].expressions.region.constant_value,
//     key found through configuration's resource entry, so aliased
//     providers and module providers are honoured). A region given by an
//     expression (a variable, a function) is not resolved: Region is empty.
//   - Account: the provider configuration's allowed_account_ids when it is
//     a constant list of exactly one account (as iac/terraform does).
//
// Ranges: a plan has no source-file lines (configuration carries
// expressions, not positions), so Range is the span of the resource's
// object in the plan file itself, and AttrRanges the spans of the values
// under it. `terraform show -json` writes a single line; pretty-print the
// plan (jq . plan.json) for useful lines.
//
// Sensitive values: `terraform show -json` writes sensitive values in clear
// text and only marks them in sensitive_values/after_sensitive. They stay
// in Attrs as the plan has them; this package never writes a value into a
// diagnostic. prior_state, output_changes, checks and the values of
// resources being destroyed are ignored.
package tfplan

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"cloudward/iac"
)

// unknownAfterApply is the reason given for values Terraform computes
// during apply.
const unknownAfterApply = "known only after apply"

// Detect reports whether data looks like a Terraform plan in JSON form:
// a JSON object with format_version, terraform_version and planned_values
// (or resource_changes). The name is not consulted; plans are saved under
// any name. It reads the bytes only and is cheap.
func Detect(name string, data []byte) bool {
	_ = name
	d := bytes.TrimLeft(data, "\xef\xbb\xbf \t\r\n")
	if len(d) == 0 || d[0] != '{' {
		return false
	}
	return bytes.Contains(d, []byte(`"format_version"`)) &&
		bytes.Contains(d, []byte(`"terraform_version"`)) &&
		(bytes.Contains(d, []byte(`"planned_values"`)) || bytes.Contains(d, []byte(`"resource_changes"`)))
}

// parser holds the state of one Parse call.
type parser struct {
	file    string
	diags   []iac.Diagnostic
	changes map[string]*jnode       // address -> resource_changes[].change
	config  *jnode                  // configuration
	seen    map[string]int          // address -> line of first occurrence
	regions map[string]providerInfo // cache: module path + type.name -> provider settings
	planned map[string]bool         // every resource address in planned_values
	out     []iac.Resource
}

// providerInfo is what a resource's provider configuration states.
type providerInfo struct {
	region, account string
}

// Parse reads a Terraform plan in JSON form. file names the plan in
// Ranges and Diagnostics. A file that is not valid JSON or not a plan
// yields one error diagnostic and no resources; a malformed resource
// entry yields a diagnostic and is skipped, and the others are returned.
func Parse(file string, data []byte) ([]iac.Resource, []iac.Diagnostic) {
	p := &parser{file: file, seen: map[string]int{}, regions: map[string]providerInfo{}, planned: map[string]bool{}}
	root, jerr := parseJSON(data, false)
	if jerr != nil {
		p.diag(iac.SeverityError, jerr.line, jerr.col,
			"invalid JSON in Terraform plan: %s; produce the plan with `terraform show -json PLANFILE > plan.json`", jerr.msg)
		return nil, p.diags
	}
	if root.kind != jObject {
		p.diag(iac.SeverityError, root.line, root.col,
			"not a Terraform plan: the top-level value is %s %s, expected an object; produce the plan with `terraform show -json PLANFILE`", article(root.kind), root.kind)
		return nil, p.diags
	}
	if fv := root.get("format_version"); fv != nil {
		if fv.kind != jString {
			p.diag(iac.SeverityWarning, fv.line, fv.col, "format_version is %s %s, expected a string such as \"1.2\"; reading the plan as format 1", article(fv.kind), fv.kind)
		} else if major, _, _ := strings.Cut(fv.str, "."); major != "0" && major != "1" {
			p.diag(iac.SeverityWarning, fv.line, fv.col, "plan format_version %q is newer than the supported 0.x/1.x; resources may be read incompletely: upgrade cloudward or report this", fv.str)
		}
	}
	if e := root.get("errored"); e != nil && e.kind == jBool && e.b {
		p.diag(iac.SeverityWarning, e.line, e.col, "the plan is marked errored (terraform plan failed part-way), so it may lack resources; fix the plan errors and produce it again")
	}
	pv := root.get("planned_values")
	if pv == nil {
		p.diag(iac.SeverityError, root.line, root.col, "not a Terraform plan: planned_values is missing (a state file has values instead); scan the output of `terraform show -json PLANFILE`")
		return nil, p.diags
	}
	if pv.kind != jObject {
		p.diag(iac.SeverityError, pv.line, pv.col, "planned_values is %s %s, expected an object", article(pv.kind), pv.kind)
		return nil, p.diags
	}
	p.config = root.get("configuration")
	p.indexChanges(root.get("resource_changes"))
	if rm := pv.get("root_module"); rm != nil {
		p.collect(rm, 0)
		p.module(rm, nil, "", 0)
	}
	return p.out, p.diags
}

func (p *parser) diag(sev string, line, col int, format string, args ...any) {
	p.diags = append(p.diags, iac.Diagnostic{File: p.file, Line: line, Column: col, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

func article(k jkind) string {
	if k == jArray || k == jObject {
		return "an"
	}
	return "a"
}

// indexChanges maps each managed resource instance's address to its change.
func (p *parser) indexChanges(rc *jnode) {
	p.changes = map[string]*jnode{}
	if rc == nil || rc.kind == jNull {
		return
	}
	if rc.kind != jArray {
		p.diag(iac.SeverityWarning, rc.line, rc.col, "resource_changes is %s %s, expected an array; unknown values cannot be marked", article(rc.kind), rc.kind)
		return
	}
	for _, c := range rc.elems {
		if c.kind != jObject {
			continue
		}
		addr := c.get("address")
		if addr == nil || addr.kind != jString {
			continue
		}
		if m := c.get("mode"); m != nil && m.kind == jString && m.str != "managed" {
			continue
		}
		if c.get("deposed") != nil {
			// A deposed object is the old half of a replacement; it is
			// destroyed, and its change is not the one planned_values has.
			continue
		}
		if ch := c.get("change"); ch != nil && ch.kind == jObject {
			p.changes[addr.str] = ch
		}
	}
}

// maxModuleDepth bounds child_modules recursion.
const maxModuleDepth = 100

// module reads one planned_values module and its children. calls is the
// module-call path (module.a[0].module.b -> [a b]) for configuration
// look-ups.
func (p *parser) module(m *jnode, calls []string, modAddr string, depth int) {
	if m.kind == jNull {
		return
	}
	if m.kind != jObject {
		p.diag(iac.SeverityWarning, m.line, m.col, "a module in planned_values is %s %s, expected an object; skipped", article(m.kind), m.kind)
		return
	}
	if depth > maxModuleDepth {
		p.diag(iac.SeverityWarning, m.line, m.col, "modules nested deeper than %d levels; the deeper ones are skipped", maxModuleDepth)
		return
	}
	if rs := m.get("resources"); rs != nil && rs.kind != jNull {
		if rs.kind != jArray {
			p.diag(iac.SeverityWarning, rs.line, rs.col, "resources is %s %s, expected an array; skipped", article(rs.kind), rs.kind)
		} else {
			for _, r := range rs.elems {
				p.resource(r, calls, modAddr)
			}
		}
	}
	cms := m.get("child_modules")
	if cms == nil || cms.kind == jNull {
		return
	}
	if cms.kind != jArray {
		p.diag(iac.SeverityWarning, cms.line, cms.col, "child_modules is %s %s, expected an array; skipped", article(cms.kind), cms.kind)
		return
	}
	for _, cm := range cms.elems {
		var sub []string
		var subAddr string
		if a := cm.get("address"); a != nil && a.kind == jString {
			if names, ok := moduleCalls(a.str); ok {
				sub, subAddr = names, a.str
			}
		}
		p.module(cm, sub, subAddr, depth+1)
	}
}

func (p *parser) resource(r *jnode, calls []string, modAddr string) {
	if r.kind != jObject {
		p.diag(iac.SeverityWarning, r.line, r.col, "a resource in planned_values is %s %s, expected an object; skipped", article(r.kind), r.kind)
		return
	}
	str := func(key string) string {
		if v := r.get(key); v != nil && v.kind == jString {
			return v.str
		}
		return ""
	}
	addr, typ, name, mode := str("address"), str("type"), str("name"), str("mode")
	if addr == "" || typ == "" {
		p.diag(iac.SeverityWarning, r.line, r.col, "a resource in planned_values has no address or type; skipped")
		return
	}
	if mode == "" {
		// Very old plans lack mode; data sources are addressed data.*.
		if isDataAddress(addr) {
			return
		}
	} else if mode != "managed" {
		return
	}
	change := p.changes[addr]
	if change != nil && onlyDelete(change.get("actions")) {
		return
	}
	if first, dup := p.seen[addr]; dup {
		p.diag(iac.SeverityWarning, r.line, r.col, "resource %s appears twice in planned_values (first at line %d); the plan is inconsistent, this copy is skipped", addr, first)
		return
	}
	p.seen[addr] = r.line

	res := iac.Resource{
		Format:     iac.FormatTerraformPlan,
		Type:       typ,
		Address:    addr,
		Name:       name,
		Range:      iac.Range{File: p.file, StartLine: r.line, EndLine: r.endLine},
		AttrRanges: map[string]iac.Range{},
	}
	attrs := map[string]any{}
	if v := r.get("values"); v != nil && v.kind != jNull {
		if v.kind != jObject {
			p.diag(iac.SeverityWarning, v.line, v.col, "values of %s is %s %s, expected an object; its attributes are unknown", addr, article(v.kind), v.kind)
		} else {
			attrs = v.plain().(map[string]any)
			p.ranges(res.AttrRanges, v, "")
		}
	}
	if change != nil {
		if au := change.get("after_unknown"); au != nil {
			switch u := au.plain().(type) {
			case bool:
				if u {
					// The whole object is unknown: every attribute is.
					for k := range attrs {
						attrs[k] = iac.Unknown{Reason: unknownAfterApply}
					}
				}
			case map[string]any:
				rc := &reasons{p: p, modAddr: modAddr, typ: typ, name: name, addr: addr}
				if cr := p.configResource(calls, typ, name); cr != nil {
					rc.exprs = cr.get("expressions")
					if rc.exprs == nil || rc.exprs.kind != jObject {
						rc.exprs = nil
					}
				}
				for k, uv := range u {
					if anyTrue(uv) {
						attrs[k] = rc.mark(attrs[k], uv, []any{k})
					}
				}
			}
		}
	}
	res.Attrs = attrs
	prov := p.provider(calls, typ, name)
	res.Region = prov.region
	if r, ok := attrs["region"].(string); ok && r != "" {
		res.Region = r
	}
	res.Account = prov.account
	p.out = append(p.out, res)
}

// mark returns v with the paths unk (an after_unknown structure) marks
// true replaced by Unknown, whose reason reason() chooses from the path.
// Where unk describes members or elements that v does not have, v itself
// is unknown.
func (rc *reasons) mark(v any, unk any, path []any) any {
	switch u := unk.(type) {
	case bool:
		if u {
			return iac.Unknown{Reason: rc.reason(path)}
		}
		return v
	case map[string]any:
		if !anyTrue(u) {
			return v
		}
		m, ok := v.(map[string]any)
		if !ok {
			// The plan has no object where after_unknown describes one:
			// the object is not known.
			return iac.Unknown{Reason: rc.reason(path)}
		}
		for k, uv := range u {
			if anyTrue(uv) {
				m[k] = rc.mark(m[k], uv, append(path[:len(path):len(path)], k))
			}
		}
		return m
	case []any:
		if !anyTrue(u) {
			return v
		}
		l, ok := v.([]any)
		if !ok || len(l) != len(u) {
			return iac.Unknown{Reason: rc.reason(path)}
		}
		for i, uv := range u {
			l[i] = rc.mark(l[i], uv, append(path[:len(path):len(path)], i))
		}
		return l
	}
	return v
}

// anyTrue reports whether an after_unknown structure marks anything.
func anyTrue(u any) bool {
	switch t := u.(type) {
	case bool:
		return t
	case map[string]any:
		for _, v := range t {
			if anyTrue(v) {
				return true
			}
		}
	case []any:
		for _, v := range t {
			if anyTrue(v) {
				return true
			}
		}
	}
	return false
}

func onlyDelete(actions *jnode) bool {
	if actions == nil || actions.kind != jArray || len(actions.elems) != 1 {
		return false
	}
	a := actions.elems[0]
	return a.kind == jString && a.str == "delete"
}

// maxPathLen bounds the attribute paths recorded in AttrRanges, so that
// deeply nested values cannot make the paths' total size quadratic.
const maxPathLen = 1024

// ranges records the span of every value under n, by dotted path.
func (p *parser) ranges(out map[string]iac.Range, n *jnode, prefix string) {
	if len(prefix) > maxPathLen {
		return
	}
	switch n.kind {
	case jObject:
		for _, f := range n.fields {
			path := joinKey(prefix, f.key)
			out[path] = iac.Range{File: p.file, StartLine: f.line, EndLine: f.val.endLine}
			p.ranges(out, f.val, path)
		}
	case jArray:
		for i, e := range n.elems {
			path := prefix + "[" + strconv.Itoa(i) + "]"
			out[path] = iac.Range{File: p.file, StartLine: e.line, EndLine: e.endLine}
			p.ranges(out, e, path)
		}
	}
}

// joinKey appends key to a dotted path. Keys that would make the path
// ambiguous (empty, or containing '.', '[', ']' or '"') are written as
// ["key"] with Go string quoting: tags["kubernetes.io/cluster/x"].
func joinKey(prefix, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) {
		return prefix + "[" + strconv.Quote(key) + "]"
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// provider finds the region and account a resource's provider
// configuration states; see the package comment.
func (p *parser) provider(calls []string, typ, name string) providerInfo {
	key := strings.Join(calls, "\x00") + "\x01" + typ + "." + name
	if r, ok := p.regions[key]; ok {
		return r
	}
	var info providerInfo
	if r := p.configResource(calls, typ, name); r != nil {
		if k := r.get("provider_config_key"); k != nil && k.kind == jString {
			exprs := p.config.get("provider_config").get(k.str).get("expressions")
			if rv := exprs.get("region").get("constant_value"); rv != nil && rv.kind == jString {
				info.region = rv.str
			}
			if av := exprs.get("allowed_account_ids").get("constant_value"); av != nil && av.kind == jArray &&
				len(av.elems) == 1 && av.elems[0].kind == jString {
				info.account = av.elems[0].str
			}
		}
	}
	p.regions[key] = info
	return info
}

// configResource finds a managed resource's entry in the configuration
// section: calls is the module-call path, typ.name its configuration
// address (without module path or instance key).
func (p *parser) configResource(calls []string, typ, name string) *jnode {
	if p.config == nil {
		return nil
	}
	m := p.config.get("root_module")
	for _, c := range calls {
		m = m.get("module_calls").get(c).get("module")
	}
	rs := m.get("resources")
	if rs == nil || rs.kind != jArray {
		return nil
	}
	for _, r := range rs.elems {
		if mode := r.get("mode"); mode != nil && mode.kind == jString && mode.str != "managed" {
			continue
		}
		if a := r.get("address"); a != nil && a.kind == jString && a.str == typ+"."+name {
			return r
		}
	}
	return nil
}

// isDataAddress reports whether a resource address names a data source
// (its last resource segment starts with "data.").
func isDataAddress(addr string) bool {
	if strings.HasPrefix(addr, "data.") {
		return true
	}
	return strings.Contains(addr, ".data.")
}

// moduleCalls parses a module instance address (module.a[0].module.b["x"])
// into its call names ([a b]).
func moduleCalls(addr string) ([]string, bool) {
	var names []string
	s := addr
	for s != "" {
		if !strings.HasPrefix(s, "module.") {
			return nil, false
		}
		s = s[len("module."):]
		i := 0
		for i < len(s) && s[i] != '.' && s[i] != '[' {
			i++
		}
		if i == 0 {
			return nil, false
		}
		names = append(names, s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "[") {
			end, ok := skipIndex(s)
			if !ok {
				return nil, false
			}
			s = s[end:]
		}
		if s == "" {
			break
		}
		if s[0] != '.' {
			return nil, false
		}
		s = s[1:]
	}
	return names, true
}

// skipIndex returns the length of a leading [0] or ["key"] index.
func skipIndex(s string) (int, bool) {
	if len(s) < 3 || s[0] != '[' {
		return 0, false
	}
	if s[1] == '"' {
		for i := 2; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				if i+1 < len(s) && s[i+1] == ']' {
					return i + 2, true
				}
				return 0, false
			}
		}
		return 0, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return 0, false
	}
	return end + 1, true
}
