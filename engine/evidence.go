package engine

import (
	"sort"
	"strings"

	"cloudward/asset"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Evidence is one attribute value a rule read, as reported in a finding.
type Evidence struct {
	Path    string // e.g. resource.ingress[*].cidr_ipv4
	Value   any    // plain Go value (see asset.Native)
	Unknown string // why the value is unknown, when it is
}

// path is an attribute path a condition reads: a root variable and field
// names; "[*]" steps mean "every element of the list".
type path struct {
	root  string // resource or account
	steps []string
	text  string // String(), kept for the evidence of every result
}

func (p path) String() string {
	var b strings.Builder
	b.WriteString(p.root)
	for _, s := range p.steps {
		if s == "[*]" {
			b.WriteString(s)
		} else {
			b.WriteByte('.')
			b.WriteString(s)
		}
	}
	return b.String()
}

// analyze lists the attribute paths a checked expression reads, whether it
// reads the account variable, and which relation fields it follows.
func analyze(a *cel.Ast, ts *asset.TypeSchema, reg *asset.Registry, accountType string) ([]path, bool, []*asset.Relation) {
	w := &walker{bound: map[string]path{}, seen: map[string]bool{}}
	w.walk(a.NativeRep().Expr())
	// Drop a path when a longer one extends it: the longer says more.
	var out []path
	for _, p := range w.paths {
		prefix := p.String()
		longer := false
		for _, q := range w.paths {
			if qs := q.String(); len(qs) > len(prefix) && strings.HasPrefix(qs, prefix) &&
				(qs[len(prefix)] == '.' || qs[len(prefix)] == '[') {
				longer = true
				break
			}
		}
		if !longer {
			p.text = prefix
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	acct := false
	var rels []*asset.Relation
	for _, p := range w.paths {
		var o *asset.ObjectSchema
		switch p.root {
		case "resource":
			o = ts.Root
		case "account":
			acct = true
			if at, ok := reg.Lookup(accountType); ok {
				o = at.Root
			}
		}
		for _, s := range p.steps {
			if o == nil {
				break
			}
			if s == "[*]" {
				continue
			}
			f := o.Field(s)
			if f == nil {
				break
			}
			if f.Relation != nil {
				rels = append(rels, f.Relation)
			}
			o = nil
			if f.Type.Kind == asset.KindObject {
				o = f.Type.Object
			} else if f.Type.Elem != nil && f.Type.Elem.Kind == asset.KindObject {
				o = f.Type.Elem.Object
			}
		}
	}
	return out, acct, rels
}

type walker struct {
	bound map[string]path // comprehension variable -> the path it ranges over
	paths []path
	seen  map[string]bool
}

func (w *walker) add(p path) {
	if k := p.String(); !w.seen[k] {
		w.seen[k] = true
		w.paths = append(w.paths, p)
	}
}

// pathOf resolves a select chain to a path rooted at resource/account or
// at a bound comprehension variable.
func (w *walker) pathOf(e ast.Expr) (path, bool) {
	switch e.Kind() {
	case ast.IdentKind:
		name := e.AsIdent()
		if name == "resource" || name == "account" {
			return path{root: name}, true
		}
		if p, ok := w.bound[name]; ok {
			return path{root: p.root, steps: append(append([]string(nil), p.steps...), "[*]")}, true
		}
	case ast.SelectKind:
		s := e.AsSelect()
		p, ok := w.pathOf(s.Operand())
		if !ok {
			return path{}, false
		}
		p.steps = append(p.steps, s.FieldName())
		return p, true
	}
	return path{}, false
}

func (w *walker) walk(e ast.Expr) {
	switch e.Kind() {
	case ast.IdentKind, ast.SelectKind:
		if p, ok := w.pathOf(e); ok {
			w.add(p)
			return
		}
		if e.Kind() == ast.SelectKind {
			w.walk(e.AsSelect().Operand())
		}
	case ast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			w.walk(c.Target())
		}
		for _, a := range c.Args() {
			w.walk(a)
		}
	case ast.ListKind:
		for _, el := range e.AsList().Elements() {
			w.walk(el)
		}
	case ast.MapKind:
		for _, en := range e.AsMap().Entries() {
			m := en.AsMapEntry()
			w.walk(m.Key())
			w.walk(m.Value())
		}
	case ast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			w.walk(f.AsStructField().Value())
		}
	case ast.ComprehensionKind:
		c := e.AsComprehension()
		w.walk(c.IterRange())
		w.walk(c.AccuInit())
		old, had := w.bound[c.IterVar()]
		if p, ok := w.pathOf(c.IterRange()); ok {
			w.bound[c.IterVar()] = p
		} else {
			delete(w.bound, c.IterVar())
		}
		w.walk(c.LoopCondition())
		w.walk(c.LoopStep())
		w.walk(c.Result())
		if had {
			w.bound[c.IterVar()] = old
		} else {
			delete(w.bound, c.IterVar())
		}
	}
}

// evidence extracts the values of the program's paths from an asset.
func (p *Program) evidence(a *asset.Asset, account ref.Val) []Evidence {
	out := make([]Evidence, 0, len(p.paths))
	for _, pa := range p.paths {
		var root ref.Val = a.Root
		if pa.root == "account" {
			root = account
			if root == nil || types.IsUnknown(root) {
				out = append(out, Evidence{Path: pa.text, Unknown: "no " + p.accTyp + " asset for account " + a.Account + " in this scan"})
				continue
			}
		}
		v, unknown := follow(root, pa.steps)
		out = append(out, Evidence{Path: pa.text, Value: v, Unknown: unknown})
	}
	return out
}

// follow walks steps from v and returns the plain value found, or why it is unknown.
func follow(v ref.Val, steps []string) (any, string) {
	for i, s := range steps {
		if s == "[*]" {
			l, ok := v.(traits.Lister)
			if !ok {
				return nil, ""
			}
			n := int(l.Size().(types.Int))
			vals := make([]any, 0, n)
			var why string
			for j := 0; j < n; j++ {
				x, u := follow(l.Get(types.Int(j)), steps[i+1:])
				if u != "" && why == "" {
					why = u
				}
				vals = append(vals, x)
			}
			return vals, why
		}
		o, ok := v.(*asset.Object)
		if !ok {
			if m, ok := v.(traits.Mapper); ok {
				x, found := m.Find(types.String(s))
				if !found {
					return nil, ""
				}
				v = x
				continue
			}
			return nil, ""
		}
		if reason, unk := o.UnknownReason(s); unk {
			return nil, reason
		}
		f := o.Schema().Field(s)
		if f == nil {
			return nil, ""
		}
		x, err := f.Getter()(o)
		if err != nil {
			return nil, err.Error()
		}
		v = x.(ref.Val)
	}
	if types.IsUnknown(v) {
		return nil, "unknown"
	}
	return asset.Native(v), ""
}
