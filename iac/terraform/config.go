package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The static configuration of one module directory.

type module struct {
	dir       string // directory, as file names are reported
	files     []*parsedFile
	vars      map[string]*varDecl
	locals    map[string]*localDecl
	outputs   map[string]*outputDecl
	resources []*resDecl          // managed resources, in file order
	resByAddr map[string]*resDecl // "type.name"
	data      map[string]*resDecl // "type.name" of data and ephemeral blocks
	calls     []*callDecl
	callByNm  map[string]*callDecl
	providers map[string]*providerDecl // "aws", "aws.west"
	// resNames[type] holds the attribute names that expressions access on
	// resources of that type; relNames those accessed after an index or
	// splat, whose source is not known syntactically. Resource objects
	// seen by references get an unknown value for each of them that the
	// configuration does not set.
	resNames map[string]map[string]struct{}
	relNames map[string]struct{}
}

type parsedFile struct {
	path     string
	body     hcl.Body
	json     bool
	override bool
	decls    fileDecls
	funcUses map[string]hcl.Range // function name → first call
	resNames map[string]map[string]struct{}
	relNames map[string]struct{}
}

type fileDecls struct {
	vars      []*varDecl
	locals    []*localDecl
	outputs   []*outputDecl
	resources []*resDecl
	data      []*resDecl
	calls     []*callDecl
	providers []*providerDecl
	diags     hcl.Diagnostics
}

type varDecl struct {
	name     string
	def      hcl.Expression
	typ      cty.Type
	defaults *typeexpr.Defaults
	hasType  bool
	nullable bool
	rng      hcl.Range
}

type localDecl struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
}

type outputDecl struct {
	name string
	expr hcl.Expression
	rng  hcl.Range
}

type resDecl struct {
	mode     string // "resource", "data", "ephemeral"
	typ      string
	name     string
	body     hcl.Body
	count    hcl.Expression
	forEach  hcl.Expression
	provider string // "aws.west"; "" for the implied default
	rng      hcl.Range
	defRng   hcl.Range
	json     bool
}

type callDecl struct {
	name      string
	source    string
	sourceRng hcl.Range
	count     hcl.Expression
	forEach   hcl.Expression
	args      map[string]*hcl.Attribute
	providers map[string]string // child name → parent config ("aws.west")
	rng       hcl.Range
}

type providerDecl struct {
	name     string // "aws" or "aws.west"
	region   hcl.Expression
	accounts hcl.Expression
	rng      hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "terraform"},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "ephemeral", LabelNames: []string{"type", "name"}},
	{Type: "moved"},
	{Type: "import"},
	{Type: "removed"},
	{Type: "check", LabelNames: []string{"name"}},
}}

var variableSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "default"}, {Name: "type"}, {Name: "nullable"},
}}

var outputSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "value"}}}

var providerSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "alias"}, {Name: "region"}, {Name: "allowed_account_ids"},
}}

var resourceMetaSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "count"}, {Name: "for_each"}, {Name: "provider"},
}}

// blockRange is the whole extent of a block: header to closing brace.
func blockRange(b *hcl.Block) hcl.Range {
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		return hcl.RangeBetween(b.DefRange, sb.SrcRange)
	}
	return b.DefRange
}

// decodeFile extracts the top-level declarations of one parsed file.
func decodeFile(f *parsedFile) {
	d := &f.decls
	content, _, diags := f.body.PartialContent(fileSchema)
	d.diags = append(d.diags, diags...)
	for _, b := range content.Blocks {
		if !validLabels(b, d) {
			continue
		}
		switch b.Type {
		case "variable":
			d.vars = append(d.vars, decodeVariable(b, d))
		case "locals":
			attrs, diags := b.Body.JustAttributes()
			d.diags = append(d.diags, diags...)
			for _, a := range sortedAttrs(attrs) {
				d.locals = append(d.locals, &localDecl{name: a.Name, expr: a.Expr, rng: a.Range})
			}
		case "output":
			c, _, diags := b.Body.PartialContent(outputSchema)
			d.diags = append(d.diags, diags...)
			o := &outputDecl{name: b.Labels[0], rng: b.DefRange}
			if a := c.Attributes["value"]; a != nil {
				o.expr = a.Expr
			}
			d.outputs = append(d.outputs, o)
		case "module":
			if c := decodeCall(b, d); c != nil {
				d.calls = append(d.calls, c)
			}
		case "provider":
			d.providers = append(d.providers, decodeProvider(b, d))
		case "resource", "data", "ephemeral":
			r := decodeResource(b, d, f.json)
			switch b.Type {
			case "resource":
				d.resources = append(d.resources, r)
			default:
				d.data = append(d.data, r)
			}
		}
	}
}

// validLabels reports (and skips) blocks whose names are not identifiers,
// which terraform rejects.
func validLabels(b *hcl.Block, d *fileDecls) bool {
	for i, lbl := range b.Labels {
		if b.Type == "provider" || hclsyntax.ValidIdentifier(lbl) {
			continue
		}
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid " + b.Type + " name",
			Detail:   fmt.Sprintf("%q is not a valid name: a name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes; the block is ignored", lbl),
			Subject:  b.LabelRanges[i].Ptr(),
		})
		return false
	}
	return true
}

func decodeVariable(b *hcl.Block, d *fileDecls) *varDecl {
	v := &varDecl{name: b.Labels[0], typ: cty.DynamicPseudoType, nullable: true, rng: b.DefRange}
	c, _, diags := b.Body.PartialContent(variableSchema)
	d.diags = append(d.diags, diags...)
	if a := c.Attributes["default"]; a != nil {
		v.def = a.Expr
	}
	if a := c.Attributes["type"]; a != nil {
		ty, defaults, diags := typeexpr.TypeConstraintWithDefaults(a.Expr)
		d.diags = append(d.diags, diags...)
		if !diags.HasErrors() {
			v.typ, v.defaults, v.hasType = ty, defaults, true
		}
	}
	if a := c.Attributes["nullable"]; a != nil {
		if nv, diags := a.Expr.Value(nil); !diags.HasErrors() && nv.Type() == cty.Bool && nv.IsKnown() && !nv.IsNull() {
			v.nullable = nv.True()
		}
	}
	return v
}

func decodeProvider(b *hcl.Block, d *fileDecls) *providerDecl {
	p := &providerDecl{name: b.Labels[0], rng: b.DefRange}
	c, _, diags := b.Body.PartialContent(providerSchema)
	d.diags = append(d.diags, diags...)
	if a := c.Attributes["alias"]; a != nil {
		if kw := hcl.ExprAsKeyword(a.Expr); kw != "" {
			p.name += "." + kw
		} else if av, diags := a.Expr.Value(nil); !diags.HasErrors() && av.Type() == cty.String && av.IsKnown() && !av.IsNull() {
			p.name += "." + av.AsString()
		}
	}
	if a := c.Attributes["region"]; a != nil {
		p.region = a.Expr
	}
	if a := c.Attributes["allowed_account_ids"]; a != nil {
		p.accounts = a.Expr
	}
	return p
}

var callMeta = map[string]bool{
	"source": true, "version": true, "count": true, "for_each": true,
	"providers": true, "depends_on": true,
}

func decodeCall(b *hcl.Block, d *fileDecls) *callDecl {
	c := &callDecl{name: b.Labels[0], rng: b.DefRange, args: map[string]*hcl.Attribute{}}
	attrs, diags := b.Body.JustAttributes()
	d.diags = append(d.diags, diags...)
	for name, a := range attrs {
		if !callMeta[name] {
			c.args[name] = a
		}
	}
	a := attrs["source"]
	if a == nil {
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Missing required argument",
			Detail:   "The module block \"" + c.name + "\" has no source argument; add source = \"./path\" or a registry address.",
			Subject:  b.DefRange.Ptr(),
		})
		return nil
	}
	sv, sdiags := a.Expr.Value(nil)
	if sdiags.HasErrors() || sv.Type() != cty.String || !sv.IsKnown() || sv.IsNull() {
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid module source",
			Detail:   "The source of module \"" + c.name + "\" must be a literal string (Terraform does not allow expressions here).",
			Subject:  a.Expr.Range().Ptr(),
		})
		return nil
	}
	c.source, c.sourceRng = sv.AsString(), a.Expr.Range()
	if a := attrs["count"]; a != nil {
		c.count = a.Expr
	}
	if a := attrs["for_each"]; a != nil {
		c.forEach = a.Expr
	}
	if a := attrs["providers"]; a != nil {
		c.providers = map[string]string{}
		pairs, diags := hcl.ExprMap(a.Expr)
		d.diags = append(d.diags, diags...)
		for _, p := range pairs {
			k := traversalName(p.Key)
			v := traversalName(p.Value)
			if k != "" && v != "" {
				c.providers[k] = v
			}
		}
	}
	return c
}

// traversalName renders aws or aws.west from a provider reference
// (a bare traversal, or a string in JSON).
func traversalName(e hcl.Expression) string {
	if t, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() {
		var parts []string
		for _, s := range t {
			switch s := s.(type) {
			case hcl.TraverseRoot:
				parts = append(parts, s.Name)
			case hcl.TraverseAttr:
				parts = append(parts, s.Name)
			default:
				return ""
			}
		}
		return strings.Join(parts, ".")
	}
	if v, diags := e.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		return v.AsString()
	}
	return ""
}

func decodeResource(b *hcl.Block, d *fileDecls, json bool) *resDecl {
	r := &resDecl{mode: b.Type, typ: b.Labels[0], name: b.Labels[1], body: b.Body,
		rng: blockRange(b), defRng: b.DefRange, json: json}
	if b.Type != "resource" {
		if c, _, diags := b.Body.PartialContent(resourceMetaSchema); !diags.HasErrors() {
			r.count, r.forEach = attrExpr(c, "count"), attrExpr(c, "for_each")
		}
		return r
	}
	c, _, diags := b.Body.PartialContent(resourceMetaSchema)
	d.diags = append(d.diags, diags...)
	r.count, r.forEach = attrExpr(c, "count"), attrExpr(c, "for_each")
	if r.count != nil && r.forEach != nil {
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid combination of \"count\" and \"for_each\"",
			Detail:   "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive; only for_each is used.",
			Subject:  r.count.Range().Ptr(),
		})
		r.count = nil
	}
	if e := attrExpr(c, "provider"); e != nil {
		r.provider = traversalName(e)
	}
	if json {
		// A JSON body's extent: up to its last attribute.
		if attrs, diags := b.Body.JustAttributes(); !diags.HasErrors() {
			for _, a := range attrs {
				if a.Range.End.Line > r.rng.End.Line {
					r.rng.End = a.Range.End
				}
			}
		}
	}
	return r
}

func attrExpr(c *hcl.BodyContent, name string) hcl.Expression {
	if a := c.Attributes[name]; a != nil {
		return a.Expr
	}
	return nil
}

// sortedAttrs orders attributes by source position.
func sortedAttrs(attrs hcl.Attributes) []*hcl.Attribute {
	out := make([]*hcl.Attribute, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a)
	}
	sortAttrs(out)
	return out
}

func sortAttrs(out []*hcl.Attribute) {
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Range.Start.Byte < out[j-1].Range.Start.Byte; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
}

var referenceRoots = map[string]bool{
	"var": true, "local": true, "module": true, "path": true, "terraform": true,
	"count": true, "each": true, "self": true, "data": true, "ephemeral": true,
}

// scanSyntax walks a native-syntax file once for the function names it
// calls and the attribute names its expressions access on resources.
func scanSyntax(f *parsedFile, body *hclsyntax.Body) {
	f.funcUses = map[string]hcl.Range{}
	f.resNames = map[string]map[string]struct{}{}
	f.relNames = map[string]struct{}{}
	// Type constraints (variable "x" { type = map(string) }) look like
	// function calls but are not.
	var typeRanges []hcl.Range
	for _, b := range body.Blocks {
		if b.Type == "variable" {
			if a := b.Body.Attributes["type"]; a != nil {
				typeRanges = append(typeRanges, a.Expr.Range())
			}
		}
	}
	inType := func(r hcl.Range) bool {
		for _, t := range typeRanges {
			if t.ContainsOffset(r.Start.Byte) {
				return true
			}
		}
		return false
	}
	hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.FunctionCallExpr:
			if _, ok := f.funcUses[n.Name]; !ok && !inType(n.NameRange) {
				f.funcUses[n.Name] = n.NameRange
			}
		case *hclsyntax.ScopeTraversalExpr:
			addTraversalNames(f.resNames, n.Traversal)
		case *hclsyntax.RelativeTraversalExpr:
			for _, s := range n.Traversal {
				if a, ok := s.(hcl.TraverseAttr); ok {
					f.relNames[a.Name] = struct{}{}
				}
			}
		}
		return nil
	})
}

// addTraversalNames records, for a reference to a resource (type.name...)
// or data source (data.type.name...), the attribute names accessed after
// its address.
func addTraversalNames(into map[string]map[string]struct{}, t hcl.Traversal) {
	if len(t) < 3 {
		return
	}
	root := t.RootName()
	start := 2
	key := root
	if root == "data" || root == "ephemeral" {
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return
		}
		key = root + "." + a.Name
		start = 3
	} else if referenceRoots[root] {
		return
	}
	for _, s := range t[min(start, len(t)):] {
		if a, ok := s.(hcl.TraverseAttr); ok {
			m := into[key]
			if m == nil {
				m = map[string]struct{}{}
				into[key] = m
			}
			m[a.Name] = struct{}{}
		}
	}
}
