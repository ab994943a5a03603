package terraform

import (
	"fmt"
	"strconv"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"cloudward/iac"
)

// evBody is an evaluated resource body: its arguments and nested blocks
// (dynamic blocks expanded) in source order.
type evBody struct {
	attrs  []evAttr
	blocks []*evBlock
}

type evAttr struct {
	name string
	val  cty.Value
	rng  hcl.Range
	expr hcl.Expression
	// wrap: a JSON property of a block type that repeats, written as a
	// single object; it is shown as a list of one.
	wrap bool
}

type evBlock struct {
	typ     string
	body    *evBody   // nil when unknown is set
	unknown cty.Value // a dynamic block whose for_each is not known
	rng     hcl.Range
}

// Meta-arguments of a resource block: not part of Attrs.
var metaAttrs = map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
var metaBlocks = map[string]bool{"lifecycle": true, "provisioner": true, "connection": true}

// repeatedBlocks are block types that hold a list of items in common
// providers (AWS, Azure, Google, Kubernetes): Attrs always shows them as
// lists of maps, whatever their count. Other block types are maps,
// unless the type appears more than once in one body of any instance of
// the same resource type in the scan (then lists for that resource type
// and path everywhere).
var repeatedBlocks = map[string]bool{
	"ingress": true, "egress": true, "rule": true, "statement": true, "principals": true,
	"not_principals": true, "condition": true, "action": true, "default_action": true,
	"ebs_block_device": true, "ephemeral_block_device": true, "network_interface": true,
	"block_device_mappings": true, "tag_specifications": true, "network_interfaces": true,
	"origin": true, "origin_group": true, "ordered_cache_behavior": true, "custom_error_response": true,
	"lifecycle_rule": true, "cors_rule": true, "grant": true, "transition": true,
	"noncurrent_version_transition": true, "attribute": true, "global_secondary_index": true,
	"local_secondary_index": true, "replica": true, "listener": true, "route": true,
	"subnet_mapping": true, "event_selector": true, "advanced_event_selector": true,
	"field_selector": true, "data_resource": true, "insight_selector": true, "parameter": true,
	"option": true, "option_settings": true, "setting": true, "tag": true,
	"capacity_provider_strategy": true, "ordered_placement_strategy": true,
	"placement_constraints": true, "load_balancer": true, "volume": true, "member": true,
	"cache_behavior": true, "lambda_function_association": true, "function_association": true,
	"metric_query": true, "step": true, "bootstrap_action": true, "security_rule": true,
	"ip_restriction": true, "scm_ip_restriction": true, "allow": true, "deny": true,
	"access_policy": true, "network_rules": true, "binding": true, "container": true,
	"env": true, "port": true, "volume_mount": true, "toleration": true, "match_expressions": true,
	"destination": true, "notification": true, "topic": true, "queue": true,
	"lambda_function": true, "source": true, "filter_rule": true, "dimension": true,
	"target": true, "scaling_policy": true, "additional_authentication_provider": true,
}

// evalBody evaluates the arguments and nested blocks of a body. top is
// the resource body itself (meta-arguments are skipped there).
func (l *loader) evalBody(sc *scope, body hcl.Body, top, json bool) *evBody {
	out := &evBody{}
	if sb, ok := body.(*hclsyntax.Body); ok {
		attrs := make([]*hcl.Attribute, 0, len(sb.Attributes))
		for name, a := range sb.Attributes {
			if top && metaAttrs[name] {
				continue
			}
			attrs = append(attrs, a.AsHCLAttribute())
		}
		sortAttrs(attrs)
		for _, a := range attrs {
			out.attrs = append(out.attrs, evAttr{name: a.Name, val: l.eval(sc, a.Expr), rng: a.Range, expr: a.Expr})
		}
		for _, b := range sb.Blocks {
			switch {
			case top && metaBlocks[b.Type]:
			case b.Type == "dynamic":
				l.expandDynamic(sc, b.AsHCLBlock(), out, json)
			default:
				if !l.blockBudget(b.TypeRange) {
					return out
				}
				out.blocks = append(out.blocks, &evBlock{typ: b.Type, body: l.evalBody(sc, b.Body, false, false),
					rng: hcl.RangeBetween(b.TypeRange, b.Body.SrcRange)})
			}
		}
		return out
	}
	// JSON: without a provider schema, properties are arguments, except
	// dynamic (and the meta blocks at the top).
	schema := &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "dynamic", LabelNames: []string{"type"}}}}
	if top {
		schema.Blocks = append(schema.Blocks,
			hcl.BlockHeaderSchema{Type: "lifecycle"},
			hcl.BlockHeaderSchema{Type: "provisioner", LabelNames: []string{"type"}},
			hcl.BlockHeaderSchema{Type: "connection"})
		for name := range metaAttrs {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
	}
	content, rest, diags := body.PartialContent(schema)
	l.hclDiags(diags, iac.SeverityError)
	attrs, diags := rest.JustAttributes()
	l.hclDiags(diags, iac.SeverityError)
	for _, a := range sortedAttrs(attrs) {
		v := l.eval(sc, a.Expr)
		wrap := false
		if repeatedBlocks[a.Name] {
			if uv, _ := v.Unmark(); uv.IsKnown() && !uv.IsNull() && uv.Type().IsObjectType() {
				v, wrap = cty.TupleVal([]cty.Value{v}), true
			}
		}
		out.attrs = append(out.attrs, evAttr{name: a.Name, val: v, rng: a.Range, expr: a.Expr, wrap: wrap})
	}
	for _, b := range content.Blocks {
		if b.Type == "dynamic" {
			l.expandDynamic(sc, b, out, true)
		}
	}
	return out
}

func (l *loader) blockBudget(rng hcl.Range) bool {
	l.blocks++
	if l.blocks > maxBlocks {
		if l.blocks == maxBlocks+1 {
			l.diagAt(rng, iac.SeverityError, fmt.Sprintf("the configuration generates more than %d nested blocks; the rest are not scanned", maxBlocks))
		}
		return false
	}
	return true
}

var dynamicSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "for_each", Required: true}, {Name: "iterator"}, {Name: "labels"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: "content"}},
}

// expandDynamic expands a dynamic block into the blocks it generates.
func (l *loader) expandDynamic(sc *scope, b *hcl.Block, out *evBody, json bool) {
	if len(b.Labels) != 1 {
		l.diagAt(b.DefRange, iac.SeverityError, "a dynamic block needs exactly one label: the type of the blocks it generates")
		return
	}
	typ := b.Labels[0]
	rng := blockRange(b)
	c, diags := b.Body.Content(dynamicSchema)
	if diags.HasErrors() {
		l.hclDiags(diags, iac.SeverityError)
		return
	}
	var content *hcl.Block
	for _, cb := range c.Blocks {
		if content != nil {
			l.diagAt(cb.DefRange, iac.SeverityError, "a dynamic block must have exactly one content block; the extra ones are ignored")
			continue
		}
		content = cb
	}
	if content == nil {
		l.diagAt(b.DefRange, iac.SeverityError, "dynamic block \""+typ+"\" has no content block")
		return
	}
	iter := typ
	if a := c.Attributes["iterator"]; a != nil {
		iter = hcl.ExprAsKeyword(a.Expr)
		if iter == "" {
			l.diagAt(a.Expr.Range(), iac.SeverityError, "the iterator of a dynamic block must be a single identifier")
			return
		}
	}
	fe := c.Attributes["for_each"]
	v := l.eval(sc, fe.Expr)
	uv, marks := v.Unmark()
	if !uv.IsKnown() {
		out.blocks = append(out.blocks, &evBlock{typ: typ, unknown: v, rng: rng})
		return
	}
	if uv.IsNull() || !uv.CanIterateElements() {
		l.diagAt(fe.Expr.Range(), iac.SeverityError, fmt.Sprintf("invalid dynamic for_each value: a %s cannot be iterated; use a list, set or map", friendly(uv)))
		out.blocks = append(out.blocks, &evBlock{typ: typ, unknown: unknownBecause("the for_each of dynamic block " + typ + " is invalid"), rng: rng})
		return
	}
	_ = marks
	for it := uv.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if !l.blockBudget(rng) {
			return
		}
		child := sc.with(iter, cty.ObjectVal(map[string]cty.Value{"key": k, "value": e}))
		out.blocks = append(out.blocks, &evBlock{typ: typ, body: l.evalBody(child, content.Body, false, json), rng: rng})
	}
}

func friendly(v cty.Value) string {
	if v.IsNull() {
		return "null value"
	}
	return v.Type().FriendlyName()
}

// refObject is the object references to a resource instance see: the
// configured arguments, nested blocks as lists of objects (as terraform
// shows most nested blocks), and an unknown for each attribute that an
// expression accesses but the configuration does not set: those are
// computed by the provider.
func refObject(b *evBody, addr string, names, rel map[string]struct{}) cty.Value {
	attrs := make(map[string]cty.Value, len(b.attrs)+len(b.blocks)+len(names))
	for _, a := range b.attrs {
		attrs[a.name] = a.val
	}
	var order []string
	groups := map[string][]cty.Value{}
	unknown := map[string]cty.Value{}
	for _, blk := range b.blocks {
		if _, ok := groups[blk.typ]; !ok {
			order = append(order, blk.typ)
			groups[blk.typ] = nil
		}
		if blk.body == nil {
			unknown[blk.typ] = blk.unknown
			continue
		}
		i := len(groups[blk.typ])
		groups[blk.typ] = append(groups[blk.typ], refObject(blk.body, addr+"."+blk.typ+"["+strconv.Itoa(i)+"]", names, rel))
	}
	for _, t := range order {
		if u, ok := unknown[t]; ok {
			attrs[t] = u
			continue
		}
		attrs[t] = cty.TupleVal(groups[t])
	}
	for _, set := range []map[string]struct{}{names, rel} {
		for n := range set {
			if _, ok := attrs[n]; !ok {
				attrs[n] = unknownBecause(addr + "." + n + " is known only after apply")
			}
		}
	}
	return cty.ObjectVal(attrs)
}

// countRepeats records block types that appear more than once in one body.
func countRepeats(resType, path string, b *evBody, into map[string]bool) {
	if len(b.blocks) == 0 {
		return
	}
	n := map[string]int{}
	for _, blk := range b.blocks {
		if blk.body != nil {
			n[blk.typ]++
			countRepeats(resType, path+blk.typ+".", blk.body, into)
		}
	}
	for t, c := range n {
		if c > 1 {
			into[resType+"/"+path+t] = true
		}
	}
}

// attrsOf converts an evaluated body to Attrs, recording AttrRanges.
func (l *loader) attrsOf(resType, path, prefix string, b *evBody, ranges map[string]iac.Range) map[string]any {
	out := make(map[string]any, len(b.attrs)+len(b.blocks))
	for _, a := range b.attrs {
		out[a.name] = toGo(a.val)
		key := prefix + a.name
		ranges[key] = toRange(a.rng)
		if a.wrap {
			key += "[0]"
			ranges[key] = toRange(a.rng)
		}
		exprRanges(a.expr, key, ranges, 0)
	}
	var order []string
	groups := map[string][]*evBlock{}
	for _, blk := range b.blocks {
		if _, ok := groups[blk.typ]; !ok {
			order = append(order, blk.typ)
		}
		groups[blk.typ] = append(groups[blk.typ], blk)
	}
	for _, t := range order {
		blks := groups[t]
		bpath := path + t
		if repeatedBlocks[t] || l.repeated[resType+"/"+bpath] {
			list := make([]any, 0, len(blks))
			allUnknown := true
			for _, blk := range blks {
				if blk.body != nil {
					allUnknown = false
				}
			}
			if allUnknown {
				out[t] = toGo(blks[0].unknown)
				ranges[prefix+t] = toRange(blks[0].rng)
				continue
			}
			for i, blk := range blks {
				key := fmt.Sprintf("%s%s[%d]", prefix, t, i)
				ranges[key] = toRange(blk.rng)
				if blk.body == nil {
					list = append(list, toGo(blk.unknown))
					continue
				}
				list = append(list, l.attrsOf(resType, bpath+".", key+".", blk.body, ranges))
			}
			out[t] = list
			continue
		}
		blk := blks[0]
		ranges[prefix+t] = toRange(blk.rng)
		if blk.body == nil {
			out[t] = toGo(blk.unknown)
			continue
		}
		out[t] = l.attrsOf(resType, bpath+".", prefix+t+".", blk.body, ranges)
	}
	return out
}

func toRange(r hcl.Range) iac.Range {
	return iac.Range{File: r.Filename, StartLine: r.Start.Line, EndLine: r.End.Line}
}

// exprRanges records the ranges of the keys of object literals and the
// elements of list literals inside an argument (tags.Name, cidr_blocks[0]).
func exprRanges(e hcl.Expression, key string, ranges map[string]iac.Range, depth int) {
	if e == nil || depth > 8 {
		return
	}
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range x.Items {
			k := objectKey(item.KeyExpr)
			if k == "" {
				continue
			}
			kk := key + "." + k
			ranges[kk] = toRange(hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range()))
			exprRanges(item.ValueExpr, kk, ranges, depth+1)
		}
		return
	case *hclsyntax.TupleConsExpr:
		for i, el := range x.Exprs {
			kk := fmt.Sprintf("%s[%d]", key, i)
			ranges[kk] = toRange(el.Range())
			exprRanges(el, kk, ranges, depth+1)
		}
		return
	case hclsyntax.Expression:
		return
	}
	// JSON values.
	if pairs, diags := hcl.ExprMap(e); !diags.HasErrors() {
		for _, p := range pairs {
			k := objectKey(p.Key)
			if k == "" {
				continue
			}
			kk := key + "." + k
			ranges[kk] = toRange(hcl.RangeBetween(p.Key.Range(), p.Value.Range()))
			exprRanges(p.Value, kk, ranges, depth+1)
		}
		return
	}
	if items, diags := hcl.ExprList(e); !diags.HasErrors() {
		for i, el := range items {
			kk := fmt.Sprintf("%s[%d]", key, i)
			ranges[kk] = toRange(el.Range())
			exprRanges(el, kk, ranges, depth+1)
		}
	}
}

func objectKey(e hcl.Expression) string {
	if kw := hcl.ExprAsKeyword(e); kw != "" {
		return kw
	}
	if v, diags := e.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		return v.AsString()
	}
	return ""
}

// evaluate walks every module instance and converts its resources.
func (l *loader) evaluate() []iac.Resource {
	var insts []*resInst
	l.walk(l.root, &insts, 0)
	l.repeated = map[string]bool{}
	for _, in := range insts {
		countRepeats(in.rn.decl.typ, "", in.body, l.repeated)
	}
	out := make([]iac.Resource, 0, len(insts))
	for _, in := range insts {
		out = append(out, l.convert(in))
	}
	return out
}

func (l *loader) walk(mi *modInst, into *[]*resInst, depth int) {
	for _, d := range mi.mod.resources {
		rn := mi.resNode(d.typ + "." + d.name)
		l.safely(rn.name, d.defRng, func() { l.forceResource(rn) })
		*into = append(*into, rn.insts...)
	}
	for _, c := range mi.mod.calls {
		cn := mi.callNode(c.name)
		l.safely(cn.name, c.rng, func() { l.forceCall(cn) })
		for _, ci := range cn.insts {
			l.walk(ci, into, depth+1)
		}
	}
}

// safely runs f, turning a panic into a diagnostic so one bad resource
// does not end the scan.
func (l *loader) safely(what string, rng hcl.Range, f func()) {
	depth := len(l.stack)
	defer func() {
		if r := recover(); r != nil {
			for _, n := range l.stack[depth:] {
				n.state, n.val = done, unknownBecause("internal error while evaluating "+n.name)
			}
			l.stack = l.stack[:depth]
			l.diagAt(rng, iac.SeverityError, fmt.Sprintf("internal error while evaluating %s (please report it): %v", what, r))
		}
	}()
	f()
}

func (l *loader) convert(in *resInst) iac.Resource {
	d := in.rn.decl
	ranges := map[string]iac.Range{}
	attrs := l.attrsOf(d.typ, "", "", in.body, ranges)
	r := iac.Resource{
		Format:     iac.FormatTerraform,
		Type:       d.typ,
		Address:    in.addr,
		Name:       d.name,
		Range:      toRange(d.rng),
		AttrRanges: ranges,
		Attrs:      attrs,
	}
	prov := d.provider
	if prov == "" {
		prov = providerOf(d.typ)
	}
	r.Region, r.Account = l.region(in.rn.mi, prov)
	if s, ok := attrs["region"].(string); ok && s != "" && providerOf(d.typ) == "aws" {
		r.Region = s // AWS provider 6: per-resource region
	}
	return r
}

// providerOf is the provider a resource type belongs to by default: the
// prefix before the first underscore.
func providerOf(typ string) string {
	for i := 0; i < len(typ); i++ {
		if typ[i] == '_' {
			return typ[:i]
		}
	}
	return typ
}
