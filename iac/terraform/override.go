package terraform

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"cloudward/iac"
)

// applyOverride merges an override file (override.tf, *_override.tf) into
// the module the way terraform does: each block in it changes the block
// of the same kind and name in the other files; its arguments replace
// the original's, and nested blocks of a type it sets replace all the
// original's blocks of that type.
func (l *loader) applyOverride(m *module, f *parsedFile) {
	d := &f.decls
	missing := func(kind, name string, rng hcl.Range) {
		l.diagAt(rng, iac.SeverityError, fmt.Sprintf("override file declares %s %q, which no other file of the module declares; it is ignored", kind, name))
	}
	for _, v := range d.vars {
		base := m.vars[v.name]
		if base == nil {
			missing("variable", v.name, v.rng)
			continue
		}
		if v.def != nil {
			base.def = v.def
		}
		if v.hasType {
			base.typ, base.defaults, base.hasType = v.typ, v.defaults, true
		}
	}
	for _, v := range d.locals {
		if m.locals[v.name] == nil {
			missing("local value", v.name, v.rng)
			continue
		}
		m.locals[v.name] = v
	}
	for _, v := range d.outputs {
		base := m.outputs[v.name]
		if base == nil {
			missing("output", v.name, v.rng)
			continue
		}
		if v.expr != nil {
			base.expr = v.expr
		}
	}
	for _, r := range d.resources {
		base := m.resByAddr[r.typ+"."+r.name]
		if base == nil {
			missing("resource", r.typ+"."+r.name, r.defRng)
			continue
		}
		l.overrideResource(base, r)
	}
	for _, r := range d.data {
		base := m.data[r.mode+"."+r.typ+"."+r.name]
		if base == nil {
			missing(r.mode, r.typ+"."+r.name, r.defRng)
			continue
		}
		l.overrideResource(base, r)
	}
	for _, c := range d.calls {
		base := m.callByNm[c.name]
		if base == nil {
			missing("module call", c.name, c.rng)
			continue
		}
		for k, a := range c.args {
			base.args[k] = a
		}
		if c.count != nil {
			base.count, base.forEach = c.count, nil
		}
		if c.forEach != nil {
			base.forEach, base.count = c.forEach, nil
		}
		if c.providers != nil {
			base.providers = c.providers
		}
	}
	for _, p := range d.providers {
		base := m.providers[p.name]
		if base == nil {
			missing("provider configuration", p.name, p.rng)
			continue
		}
		if p.region != nil {
			base.region = p.region
		}
		if p.accounts != nil {
			base.accounts = p.accounts
		}
	}
}

func (l *loader) overrideResource(base, over *resDecl) {
	b, ok1 := base.body.(*hclsyntax.Body)
	o, ok2 := over.body.(*hclsyntax.Body)
	if !ok1 || !ok2 {
		l.diagAt(over.defRng, iac.SeverityWarning, "overriding a block written in JSON syntax (or with a JSON override) is not supported by static analysis; the override is ignored")
		return
	}
	nb := &hclsyntax.Body{Attributes: hclsyntax.Attributes{}, SrcRange: b.SrcRange, EndRange: b.EndRange}
	for k, a := range b.Attributes {
		nb.Attributes[k] = a
	}
	for k, a := range o.Attributes {
		nb.Attributes[k] = a
	}
	overTypes := map[string]bool{}
	for _, blk := range o.Blocks {
		overTypes[effectiveBlockType(blk)] = true
	}
	for _, blk := range b.Blocks {
		if !overTypes[effectiveBlockType(blk)] {
			nb.Blocks = append(nb.Blocks, blk)
		}
	}
	nb.Blocks = append(nb.Blocks, o.Blocks...)
	base.body = nb
	if a := o.Attributes["count"]; a != nil {
		base.count, base.forEach = a.Expr, nil
	}
	if a := o.Attributes["for_each"]; a != nil {
		base.forEach, base.count = a.Expr, nil
	}
	if a := o.Attributes["provider"]; a != nil {
		base.provider = traversalName(a.Expr)
	}
}

// effectiveBlockType is the type of block a block produces: dynamic
// "ingress" produces ingress blocks.
func effectiveBlockType(b *hclsyntax.Block) string {
	if b.Type == "dynamic" && len(b.Labels) > 0 {
		return b.Labels[0]
	}
	return b.Type
}
