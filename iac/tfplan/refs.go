package tfplan

import (
	"strings"

	"cloudward/iac/internal/jsonpos"
)

// ComputedAfterApply is the reason given to a value that is unknown in
// the plan although the configuration does not set it: the provider
// computes it during apply (an id, an ARN, an Optional+Computed argument
// left to its default). Adapters may treat such a value as absent, as
// they treat an argument the configuration omits.
const ComputedAfterApply = "computed by the provider, known only after apply (the configuration does not set it)"

// reasons chooses the reason of the unknown values of one resource
// instance, from the configuration expressions of its resource.
type reasons struct {
	p       *parser
	exprs   *jsonpos.Node // configuration expressions of the resource; nil when not found
	modAddr string        // module instance address of the resource ("" for the root)
	typ     string
	name    string
	addr    string // the resource instance address
}

// collect records the address of every resource in planned_values, so
// references can be resolved to instances.
func (p *parser) collect(m *jsonpos.Node, depth int) {
	if m == nil || m.Kind != jsonpos.Object || depth > maxModuleDepth {
		return
	}
	if rs := m.Get("resources"); rs != nil && rs.Kind == jsonpos.Array {
		for _, r := range rs.Elems {
			if a := r.Get("address"); a != nil && a.Kind == jsonpos.String {
				p.planned[a.Str] = true
			}
		}
	}
	if cms := m.Get("child_modules"); cms != nil && cms.Kind == jsonpos.Array {
		for _, cm := range cms.Elems {
			p.collect(cm, depth+1)
		}
	}
}

// reason returns the reason for the unknown value at path (attribute
// names and list indexes) of the resource's planned values:
//
//   - when the configuration expression that sets the value references an
//     attribute of a resource, "<address>.<attr> is known only after
//     apply" for the first such reference, as iac/terraform writes it
//     (when it references resources only as a whole, as Terraform shows
//     aws_s3_bucket.b[count.index].id, "<address>.* is known only after
//     apply" for the first);
//   - when the configuration is known and does not set the value (the
//     first path element it lacks is the unknown value itself),
//     ComputedAfterApply;
//   - otherwise (no configuration, an expression without a resource
//     reference, an unknown inside a block the configuration does not
//     show, such as a dynamic block) "known only after apply".
//
// Nested blocks are lists of objects in the configuration as in the
// values; the value's element i is matched with the configuration's
// element i (or the only one). For set-typed blocks the orders may
// differ, so a member missing from the matched element but present in
// another one is taken as configured.
func (rc *reasons) reason(path []any) string {
	n := rc.exprs
	if n == nil {
		return unknownAfterApply
	}
	var siblings []*jsonpos.Node // the other elements of the last block list entered
	for i, el := range path {
		// The resource's expressions are a block body, even when empty.
		if i > 0 && isExpr(n) {
			return rc.refReason(n)
		}
		switch e := el.(type) {
		case string:
			if n.Kind != jsonpos.Object {
				return unknownAfterApply
			}
			child := n.Get(e)
			if child == nil || child.Kind == jsonpos.Null {
				for _, s := range siblings {
					if s.Get(e) != nil {
						return unknownAfterApply
					}
				}
				if i == len(path)-1 {
					return ComputedAfterApply
				}
				return unknownAfterApply
			}
			n, siblings = child, nil
		case int:
			switch n.Kind {
			case jsonpos.Array:
				switch {
				case e < len(n.Elems):
					siblings = n.Elems
					n = n.Elems[e]
				case len(n.Elems) == 1:
					n = n.Elems[0]
				default:
					return unknownAfterApply
				}
			case jsonpos.Object:
				// A single nested block (an object in the configuration)
				// shown as a list of one in the values.
			default:
				return unknownAfterApply
			}
		}
	}
	if isExpr(n) {
		return rc.refReason(n)
	}
	return unknownAfterApply
}

// isExpr tells a configuration expression ({"constant_value": …,
// "references": […]}, or {} for an expression without either) from a
// block body, whose members are argument names.
func isExpr(n *jsonpos.Node) bool {
	if n == nil || n.Kind != jsonpos.Object {
		return false
	}
	for _, f := range n.Fields {
		if f.Key != "constant_value" && f.Key != "references" {
			return false
		}
	}
	return true
}

// refReason names the first resource attribute an expression references.
func (rc *reasons) refReason(expr *jsonpos.Node) string {
	refs := expr.Get("references")
	if refs == nil || refs.Kind != jsonpos.Array {
		return unknownAfterApply
	}
	for _, r := range refs.Elems {
		if r.Kind != jsonpos.String {
			continue
		}
		if addr, attr, ok := rc.resolve(r.Str); ok {
			return addr + "." + attr + " is known only after apply"
		}
	}
	// aws_s3_bucket.b[count.index].id is shown as the references
	// aws_s3_bucket.b and count.index: the attribute is lost, the
	// resource is still named ("<address>.*").
	for _, r := range refs.Elems {
		if r.Kind != jsonpos.String {
			continue
		}
		if addr, _, ok := rc.resolve(r.Str + ".*"); ok {
			return addr + ".* is known only after apply"
		}
	}
	return unknownAfterApply
}

// resolve turns a configuration reference of the form [data.]type.name.attr
// or [data.]type.name[key].attr (written inside the resource's module) into
// the planned address of the referenced instance and the attribute name.
// A reference without an instance key to a resource with count or
// for_each takes the referencing resource's own key when the target has
// an instance with it (aws_s3_bucket.b[count.index].id is shown as
// aws_s3_bucket.b.id), else its only instance when it has one, else the
// address without key.
func (rc *reasons) resolve(ref string) (addr, attr string, ok bool) {
	s := ref
	prefix := ""
	if strings.HasPrefix(s, "data.") {
		prefix, s = "data.", s[len("data."):]
	}
	typ, s := ident(s)
	if typ == "" || !strings.HasPrefix(s, ".") {
		return "", "", false
	}
	if prefix == "" {
		switch typ {
		case "var", "local", "module", "each", "count", "path", "self", "terraform", "resource", "ephemeral":
			return "", "", false
		}
	}
	name, s := ident(s[1:])
	if name == "" {
		return "", "", false
	}
	key := ""
	if strings.HasPrefix(s, "[") {
		end, ok := skipIndex(s)
		if !ok {
			return "", "", false
		}
		key, s = s[:end], s[end:]
	}
	if !strings.HasPrefix(s, ".") {
		return "", "", false
	}
	attr, _ = ident(s[1:])
	if s == ".*" {
		attr = "*"
	}
	if attr == "" {
		return "", "", false
	}
	base := prefix + typ + "." + name
	if rc.modAddr != "" {
		base = rc.modAddr + "." + base
	}
	if key != "" {
		return base + key, attr, true
	}
	if own := rc.ownKey(); own != "" && rc.p.planned[base+own] {
		return base + own, attr, true
	}
	if !rc.p.planned[base] {
		var only string
		n := 0
		for a := range rc.p.planned {
			if strings.HasPrefix(a, base+"[") {
				if k, ok := skipIndex(a[len(base):]); ok && k == len(a)-len(base) {
					only = a
					n++
				}
			}
		}
		if n == 1 {
			return only, attr, true
		}
	}
	return base, attr, true
}

// ownKey is the referencing resource's instance key ("[0]", `["a"]`, or "").
func (rc *reasons) ownKey() string {
	base := rc.typ + "." + rc.name
	if rc.modAddr != "" {
		base = rc.modAddr + "." + base
	}
	if strings.HasPrefix(rc.addr, base) {
		return rc.addr[len(base):]
	}
	return ""
}

// ident reads a leading Terraform identifier.
func ident(s string) (string, string) {
	i := 0
	for i < len(s) && (isIdentByte(s[i]) || s[i] == '-') {
		i++
	}
	return s[:i], s[i:]
}

// isIdentByte reports whether c is an ASCII letter, digit or underscore.
func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
