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
	"cloudward/iac/internal/jsonpos"
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
	changes map[string]*jsonpos.Node // address -> resource_changes[].change
	config  *jsonpos.Node            // configuration
	seen    map[string]int           // address -> line of first occurrence
	regions map[string]providerInfo  // cache: module path + type.name -> provider settings
	planned map[string]bool          // every resource address in planned_values
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
	root, jerr := jsonpos.Parse(data, false)
	if jerr != nil {
		p.diag(iac.SeverityError, jerr.Line, jerr.Col,
			"invalid JSON in Terraform plan: %s; produce the plan with `terraform show -json PLANFILE > plan.json`", jerr.Msg)
		return nil, p.diags
	}
	if root.Kind != jsonpos.Object {
		p.diag(iac.SeverityError, root.Line, root.Col,
			"not a Terraform plan: the top-level value is %s %s, expected an object; produce the plan with `terraform show -json PLANFILE`", article(root.Kind), root.Kind)
		return nil, p.diags
	}
	if fv := root.Get("format_version"); fv != nil {
		if fv.Kind != jsonpos.String {
			p.diag(iac.SeverityWarning, fv.Line, fv.Col, "format_version is %s %s, expected a string such as \"1.2\"; reading the plan as format 1", article(fv.Kind), fv.Kind)
		} else if major, _, _ := strings.Cut(fv.Str, "."); major != "0" && major != "1" {
			p.diag(iac.SeverityWarning, fv.Line, fv.Col, "plan format_version %q is newer than the supported 0.x/1.x; resources may be read incompletely: upgrade cloudward or report this", fv.Str)
		}
	}
	if e := root.Get("errored"); e != nil && e.Kind == jsonpos.Bool && e.B {
		p.diag(iac.SeverityWarning, e.Line, e.Col, "the plan is marked errored (terraform plan failed part-way), so it may lack resources; fix the plan errors and produce it again")
	}
	pv := root.Get("planned_values")
	if pv == nil {
		p.diag(iac.SeverityError, root.Line, root.Col, "not a Terraform plan: planned_values is missing (a state file has values instead); scan the output of `terraform show -json PLANFILE`")
		return nil, p.diags
	}
	if pv.Kind != jsonpos.Object {
		p.diag(iac.SeverityError, pv.Line, pv.Col, "planned_values is %s %s, expected an object", article(pv.Kind), pv.Kind)
		return nil, p.diags
	}
	p.config = root.Get("configuration")
	p.indexChanges(root.Get("resource_changes"))
	if rm := pv.Get("root_module"); rm != nil {
		p.collect(rm, 0)
		p.module(rm, nil, "", 0)
	}
	return p.out, p.diags
}

func (p *parser) diag(sev string, line, col int, format string, args ...any) {
	p.diags = append(p.diags, iac.Diagnostic{File: p.file, Line: line, Column: col, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

func article(k jsonpos.Kind) string {
	if k == jsonpos.Array || k == jsonpos.Object {
		return "an"
	}
	return "a"
}

// indexChanges maps each managed resource instance's address to its change.
func (p *parser) indexChanges(rc *jsonpos.Node) {
	p.changes = map[string]*jsonpos.Node{}
	if rc == nil || rc.Kind == jsonpos.Null {
		return
	}
	if rc.Kind != jsonpos.Array {
		p.diag(iac.SeverityWarning, rc.Line, rc.Col, "resource_changes is %s %s, expected an array; unknown values cannot be marked", article(rc.Kind), rc.Kind)
		return
	}
	for _, c := range rc.Elems {
		if c.Kind != jsonpos.Object {
			continue
		}
		addr := c.Get("address")
		if addr == nil || addr.Kind != jsonpos.String {
			continue
		}
		if m := c.Get("mode"); m != nil && m.Kind == jsonpos.String && m.Str != "managed" {
			continue
		}
		if c.Get("deposed") != nil {
			// A deposed object is the old half of a replacement; it is
			// destroyed, and its change is not the one planned_values has.
			continue
		}
		if ch := c.Get("change"); ch != nil && ch.Kind == jsonpos.Object {
			p.changes[addr.Str] = ch
		}
	}
}

// maxModuleDepth bounds child_modules recursion.
const maxModuleDepth = 100

// module reads one planned_values module and its children. calls is the
// module-call path (module.a[0].module.b -> [a b]) for configuration
// look-ups.
func (p *parser) module(m *jsonpos.Node, calls []string, modAddr string, depth int) {
	if m.Kind == jsonpos.Null {
		return
	}
	if m.Kind != jsonpos.Object {
		p.diag(iac.SeverityWarning, m.Line, m.Col, "a module in planned_values is %s %s, expected an object; skipped", article(m.Kind), m.Kind)
		return
	}
	if depth > maxModuleDepth {
		p.diag(iac.SeverityWarning, m.Line, m.Col, "modules nested deeper than %d levels; the deeper ones are skipped", maxModuleDepth)
		return
	}
	if rs := m.Get("resources"); rs != nil && rs.Kind != jsonpos.Null {
		if rs.Kind != jsonpos.Array {
			p.diag(iac.SeverityWarning, rs.Line, rs.Col, "resources is %s %s, expected an array; skipped", article(rs.Kind), rs.Kind)
		} else {
			for _, r := range rs.Elems {
				p.resource(r, calls, modAddr)
			}
		}
	}
	cms := m.Get("child_modules")
	if cms == nil || cms.Kind == jsonpos.Null {
		return
	}
	if cms.Kind != jsonpos.Array {
		p.diag(iac.SeverityWarning, cms.Line, cms.Col, "child_modules is %s %s, expected an array; skipped", article(cms.Kind), cms.Kind)
		return
	}
	for _, cm := range cms.Elems {
		var sub []string
		var subAddr string
		if a := cm.Get("address"); a != nil && a.Kind == jsonpos.String {
			if names, ok := moduleCalls(a.Str); ok {
				sub, subAddr = names, a.Str
			}
		}
		p.module(cm, sub, subAddr, depth+1)
	}
}

func (p *parser) resource(r *jsonpos.Node, calls []string, modAddr string) {
	if r.Kind != jsonpos.Object {
		p.diag(iac.SeverityWarning, r.Line, r.Col, "a resource in planned_values is %s %s, expected an object; skipped", article(r.Kind), r.Kind)
		return
	}
	str := func(key string) string {
		if v := r.Get(key); v != nil && v.Kind == jsonpos.String {
			return v.Str
		}
		return ""
	}
	addr, typ, name, mode := str("address"), str("type"), str("name"), str("mode")
	if addr == "" || typ == "" {
		p.diag(iac.SeverityWarning, r.Line, r.Col, "a resource in planned_values has no address or type; skipped")
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
	if change != nil && onlyDelete(change.Get("actions")) {
		return
	}
	if first, dup := p.seen[addr]; dup {
		p.diag(iac.SeverityWarning, r.Line, r.Col, "resource %s appears twice in planned_values (first at line %d); the plan is inconsistent, this copy is skipped", addr, first)
		return
	}
	p.seen[addr] = r.Line

	res := iac.Resource{
		Format:     iac.FormatTerraformPlan,
		Type:       typ,
		Address:    addr,
		Name:       name,
		Range:      iac.Range{File: p.file, StartLine: r.Line, EndLine: r.EndLine},
		AttrRanges: map[string]iac.Range{},
	}
	attrs := map[string]any{}
	if v := r.Get("values"); v != nil && v.Kind != jsonpos.Null {
		if v.Kind != jsonpos.Object {
			p.diag(iac.SeverityWarning, v.Line, v.Col, "values of %s is %s %s, expected an object; its attributes are unknown", addr, article(v.Kind), v.Kind)
		} else {
			attrs = v.Plain().(map[string]any)
			p.ranges(res.AttrRanges, v, "")
		}
	}
	if change != nil {
		if au := change.Get("after_unknown"); au != nil {
			switch u := au.Plain().(type) {
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
					rc.exprs = cr.Get("expressions")
					if rc.exprs == nil || rc.exprs.Kind != jsonpos.Object {
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

func onlyDelete(actions *jsonpos.Node) bool {
	if actions == nil || actions.Kind != jsonpos.Array || len(actions.Elems) != 1 {
		return false
	}
	a := actions.Elems[0]
	return a.Kind == jsonpos.String && a.Str == "delete"
}

// maxPathLen bounds the attribute paths recorded in AttrRanges, so that
// deeply nested values cannot make the paths' total size quadratic.
const maxPathLen = 1024

// ranges records the span of every value under n, by dotted path.
func (p *parser) ranges(out map[string]iac.Range, n *jsonpos.Node, prefix string) {
	if len(prefix) > maxPathLen {
		return
	}
	switch n.Kind {
	case jsonpos.Object:
		for _, f := range n.Fields {
			path := joinKey(prefix, f.Key)
			out[path] = iac.Range{File: p.file, StartLine: f.Line, EndLine: f.Val.EndLine}
			p.ranges(out, f.Val, path)
		}
	case jsonpos.Array:
		for i, e := range n.Elems {
			path := prefix + "[" + strconv.Itoa(i) + "]"
			out[path] = iac.Range{File: p.file, StartLine: e.Line, EndLine: e.EndLine}
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
		if k := r.Get("provider_config_key"); k != nil && k.Kind == jsonpos.String {
			exprs := p.config.Get("provider_config").Get(k.Str).Get("expressions")
			if rv := exprs.Get("region").Get("constant_value"); rv != nil && rv.Kind == jsonpos.String {
				info.region = rv.Str
			}
			if av := exprs.Get("allowed_account_ids").Get("constant_value"); av != nil && av.Kind == jsonpos.Array &&
				len(av.Elems) == 1 && av.Elems[0].Kind == jsonpos.String {
				info.account = av.Elems[0].Str
			}
		}
	}
	p.regions[key] = info
	return info
}

// configResource finds a managed resource's entry in the configuration
// section: calls is the module-call path, typ.name its configuration
// address (without module path or instance key).
func (p *parser) configResource(calls []string, typ, name string) *jsonpos.Node {
	if p.config == nil {
		return nil
	}
	m := p.config.Get("root_module")
	for _, c := range calls {
		m = m.Get("module_calls").Get(c).Get("module")
	}
	rs := m.Get("resources")
	if rs == nil || rs.Kind != jsonpos.Array {
		return nil
	}
	for _, r := range rs.Elems {
		if mode := r.Get("mode"); mode != nil && mode.Kind == jsonpos.String && mode.Str != "managed" {
			continue
		}
		if a := r.Get("address"); a != nil && a.Kind == jsonpos.String && a.Str == typ+"."+name {
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
