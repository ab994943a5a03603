package terraform

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"

	"cloudward/iac"
)

// Evaluation is lazy, like terraform's graph walk: a variable, local,
// output, resource or module call is evaluated the first time something
// refers to it, and the result is kept. A reference back to something
// still being evaluated is a cycle.

type nodeState uint8

const (
	fresh nodeState = iota
	running
	done
)

type node struct {
	name  string // as a cycle message names it: local.a, module.x.var.y
	rng   hcl.Range
	state nodeState
	val   cty.Value
}

func (l *loader) force(n *node, compute func() cty.Value) cty.Value {
	switch n.state {
	case done:
		return n.val
	case running:
		var chain []string
		for i := len(l.stack) - 1; i >= 0; i-- {
			chain = append([]string{l.stack[i].name}, chain...)
			if l.stack[i] == n {
				break
			}
		}
		chain = append(chain, n.name)
		msg := "cycle: " + strings.Join(chain, " -> ")
		l.diagAt(n.rng, iac.SeverityError, msg+"; the values in the cycle cannot be evaluated, remove the circular reference")
		return unknownBecause(msg)
	}
	n.state = running
	l.stack = append(l.stack, n)
	v := compute()
	l.stack = l.stack[:len(l.stack)-1]
	n.state = done
	n.val = v
	return v
}

// Expansion modes of a resource or module call.
const (
	modeSingle = iota
	modeCount
	modeEach
	modeUnknown // count/for_each not known: one representative instance
)

// modInst is one instance of a module: the root, or an instance of a
// module call (module.app["eu"]).
type modInst struct {
	l       *loader
	node    *modNode
	mod     *module
	parent  *modInst
	call    *callDecl
	addr    string               // "" for the root, module.app["eu"].module.db
	extra   map[string]cty.Value // count / each of the call instance, in the parent's scope
	vars    map[string]*node
	locals  map[string]*node
	outputs map[string]*node
	res     map[string]*resNode
	calls   map[string]*callNode
	regions map[string]*[2]string
}

func (mi *modInst) prefix() string {
	if mi.addr == "" {
		return ""
	}
	return mi.addr + "."
}

type resNode struct {
	node
	decl  *resDecl
	mi    *modInst
	mode  int
	why   string // why count/for_each is unknown
	insts []*resInst
	ref   cty.Value
}

type resInst struct {
	rn   *resNode
	addr string
	key  cty.Value
	body *evBody
	obj  cty.Value
}

type callNode struct {
	node
	decl    *callDecl
	mi      *modInst
	child   *modNode
	missing string
	mode    int
	why     string
	insts   []*modInst
	keys    []cty.Value
}

type scope struct {
	mi    *modInst
	extra map[string]cty.Value
}

func (sc *scope) with(name string, v cty.Value) *scope {
	extra := make(map[string]cty.Value, len(sc.extra)+1)
	for k, x := range sc.extra {
		extra[k] = x
	}
	extra[name] = v
	return &scope{mi: sc.mi, extra: extra}
}

func keyString(k cty.Value) string {
	if k == cty.NilVal {
		return ""
	}
	if k.Type() == cty.Number {
		return "[" + k.AsBigFloat().Text('f', -1) + "]"
	}
	return "[" + strconv.Quote(k.AsString()) + "]"
}

// instKey is one instance of an expanded block.
type instKey struct {
	key   cty.Value
	extra map[string]cty.Value
}

// expand evaluates count or for_each of a resource or module call.
func (l *loader) expand(sc *scope, count, forEach hcl.Expression, what string) (int, []instKey, string) {
	representative := func(kind string, v cty.Value, rng hcl.Range) (int, []instKey, string) {
		rs := cty.ValueMarks{}
		deepReasons(v, rs)
		why := fmt.Sprintf("%s of %s is not known statically", kind, what)
		if len(rs) > 0 {
			why += " (" + reasonText(reasonsOf(rs)) + ")"
		}
		l.diagAt(rng, iac.SeverityWarning, why+"; one representative instance is scanned, with "+map[string]string{"count": "count.index", "for_each": "each.key and each.value"}[kind]+" unknown")
		extra := map[string]cty.Value{}
		u := cty.DynamicVal.Mark(reason(why))
		if kind == "count" {
			extra["count"] = cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number).Mark(reason(why))})
		} else {
			extra["each"] = cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String).Mark(reason(why)), "value": u})
		}
		return modeUnknown, []instKey{{extra: extra}}, why
	}
	invalid := func(kind string, rng hcl.Range, msg string) (int, []instKey, string) {
		why := fmt.Sprintf("%s of %s is invalid", kind, what)
		l.diagAt(rng, iac.SeverityError, fmt.Sprintf("invalid %s for %s: %s; one representative instance is scanned", kind, what, msg))
		extra := map[string]cty.Value{}
		if kind == "count" {
			extra["count"] = cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number).Mark(reason(why))})
		} else {
			extra["each"] = cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String).Mark(reason(why)), "value": cty.DynamicVal.Mark(reason(why))})
		}
		return modeUnknown, []instKey{{extra: extra}}, why
	}
	switch {
	case count != nil:
		v := l.eval(sc, count)
		rng := count.Range()
		uv, _ := v.Unmark()
		if !uv.IsKnown() {
			return representative("count", v, rng)
		}
		if uv.IsNull() {
			return invalid("count", rng, "count must not be null")
		}
		nv, err := convert.Convert(uv, cty.Number)
		if err != nil {
			return invalid("count", rng, "count must be a whole number")
		}
		nv, _ = nv.UnmarkDeep()
		if !nv.IsKnown() {
			return representative("count", v, rng)
		}
		var n int
		if err := gocty.FromCtyValue(nv, &n); err != nil || n < 0 {
			return invalid("count", rng, "count must be a non-negative whole number")
		}
		if n > maxInstances-l.instances {
			l.diagAt(rng, iac.SeverityError, fmt.Sprintf("count of %s is %d, more than the %d instances one scan evaluates; only the first %d are scanned", what, n, maxInstances, max(maxInstances-l.instances, 0)))
			n = max(maxInstances-l.instances, 0)
		}
		keys := make([]instKey, n)
		for i := range n {
			idx := cty.NumberIntVal(int64(i))
			keys[i] = instKey{key: idx, extra: map[string]cty.Value{"count": cty.ObjectVal(map[string]cty.Value{"index": idx})}}
		}
		return modeCount, keys, ""
	case forEach != nil:
		v := l.eval(sc, forEach)
		rng := forEach.Range()
		uv, _ := v.Unmark()
		if !uv.IsKnown() {
			return representative("for_each", v, rng)
		}
		if uv.IsNull() {
			return invalid("for_each", rng, "for_each must not be null")
		}
		ty := uv.Type()
		var keys []instKey
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := uv.ElementIterator(); it.Next(); {
				k, e := it.Element()
				k, _ = k.Unmark()
				keys = append(keys, instKey{key: k, extra: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": e})}})
			}
		case ty.IsSetType():
			if !ty.ElementType().Equals(cty.String) && ty.ElementType() != cty.DynamicPseudoType {
				return invalid("for_each", rng, "for_each must be a map, or a set of strings; you have provided a set of "+ty.ElementType().FriendlyName())
			}
			if !uv.IsWhollyKnown() {
				return representative("for_each", v, rng)
			}
			for it := uv.ElementIterator(); it.Next(); {
				_, e := it.Element()
				e, _ = e.Unmark()
				if e.IsNull() {
					return invalid("for_each", rng, "for_each sets must not contain null values")
				}
				keys = append(keys, instKey{key: e, extra: map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": e, "value": e})}})
			}
		default:
			return invalid("for_each", rng, "for_each must be a map, or a set of strings, and you have provided a value of type "+ty.FriendlyName()+" (convert a list with toset())")
		}
		if len(keys) > maxInstances-l.instances {
			l.diagAt(rng, iac.SeverityError, fmt.Sprintf("for_each of %s has %d elements, more than the %d instances one scan evaluates; only the first %d are scanned", what, len(keys), maxInstances, max(maxInstances-l.instances, 0)))
			keys = keys[:max(maxInstances-l.instances, 0)]
		}
		return modeEach, keys, ""
	}
	return modeSingle, []instKey{{}}, ""
}

// Lazily created nodes of a module instance.

func (mi *modInst) varNode(name string) *node {
	if mi.vars == nil {
		mi.vars = map[string]*node{}
	}
	n := mi.vars[name]
	if n == nil {
		n = &node{name: mi.prefix() + "var." + name, rng: mi.mod.vars[name].rng}
		mi.vars[name] = n
	}
	return n
}

func (mi *modInst) localNode(name string) *node {
	if mi.locals == nil {
		mi.locals = map[string]*node{}
	}
	n := mi.locals[name]
	if n == nil {
		n = &node{name: mi.prefix() + "local." + name, rng: mi.mod.locals[name].rng}
		mi.locals[name] = n
	}
	return n
}

func (mi *modInst) outputNode(name string) *node {
	if mi.outputs == nil {
		mi.outputs = map[string]*node{}
	}
	n := mi.outputs[name]
	if n == nil {
		n = &node{name: mi.prefix() + "output." + name, rng: mi.mod.outputs[name].rng}
		mi.outputs[name] = n
	}
	return n
}

func (mi *modInst) resNode(key string) *resNode {
	if mi.res == nil {
		mi.res = map[string]*resNode{}
	}
	rn := mi.res[key]
	if rn == nil {
		d := mi.mod.resByAddr[key]
		rn = &resNode{node: node{name: mi.prefix() + key, rng: d.defRng}, decl: d, mi: mi}
		mi.res[key] = rn
	}
	return rn
}

func (mi *modInst) callNode(name string) *callNode {
	if mi.calls == nil {
		mi.calls = map[string]*callNode{}
	}
	cn := mi.calls[name]
	if cn == nil {
		d := mi.mod.callByNm[name]
		cn = &callNode{node: node{name: mi.prefix() + "module." + name, rng: d.rng}, decl: d, mi: mi,
			child: mi.node.children[name], missing: mi.node.missing[name]}
		mi.calls[name] = cn
	}
	return cn
}

// Values of named things.

func (l *loader) varValue(mi *modInst, name string) cty.Value {
	n := mi.varNode(name)
	return l.force(n, func() cty.Value {
		d := mi.mod.vars[name]
		where := ""
		if mi.addr != "" {
			where = " in " + mi.addr
		}
		var v cty.Value
		var rng hcl.Range
		switch {
		case mi.parent == nil && l.hasRootVar(name):
			rv := l.rootVars[name]
			v = rv.val
			if rv.rng != nil {
				rng = *rv.rng
			} else {
				rng = d.rng
			}
		case mi.parent != nil && mi.call.args[name] != nil:
			a := mi.call.args[name]
			v = l.eval(&scope{mi: mi.parent, extra: mi.extra}, a.Expr)
			rng = a.Range
		case d.def != nil:
			return l.varDefault(d)
		default:
			why := "variable " + name + " has no value" + where
			if mi.parent == nil {
				l.diagAt(d.rng, iac.SeverityWarning, fmt.Sprintf("variable %q has no value: set it with -var, -var-file, a .tfvars file or a default; values that use it are unknown", name))
			} else {
				l.diagAt(mi.call.rng, iac.SeverityError, fmt.Sprintf("module %q: required variable %q is not set; values that use it are unknown", mi.call.name, name))
			}
			return unknownBecause(why)
		}
		if uv, _ := v.Unmark(); uv.IsKnown() && uv.IsNull() && !d.nullable && d.def != nil {
			return l.varDefault(d)
		}
		return l.convertVar(d, v, rng)
	})
}

func (l *loader) hasRootVar(name string) bool {
	_, ok := l.rootVars[name]
	return ok
}

func (l *loader) varDefault(d *varDecl) cty.Value {
	v, diags := d.def.Value(nil)
	if diags.HasErrors() {
		l.hclDiags(diags, iac.SeverityError)
		return unknownBecause("the default of variable " + d.name + " is invalid")
	}
	return l.convertVar(d, v, d.def.Range())
}

func (l *loader) convertVar(d *varDecl, v cty.Value, rng hcl.Range) (out cty.Value) {
	if !d.hasType {
		return v
	}
	defer func() {
		if r := recover(); r != nil {
			out = v
		}
	}()
	uv, pvm := v.UnmarkDeepWithPaths()
	if d.defaults != nil && !uv.IsNull() {
		uv = applyDefaults(d.defaults, uv)
	}
	cv, err := convert.Convert(uv, d.typ)
	if err != nil {
		l.diagAt(rng, iac.SeverityError, fmt.Sprintf("invalid value for variable %q: %s (the variable's type is %s)", d.name, convertErr(err), typeexpr.TypeString(d.typ)))
		return unknownBecause("variable " + d.name + " has an invalid value")
	}
	return remark(cv, pvm)
}

func applyDefaults(d *typeexpr.Defaults, v cty.Value) (out cty.Value) {
	defer func() {
		if r := recover(); r != nil {
			out = v
		}
	}()
	return d.Apply(v)
}

func convertErr(err error) string {
	if pe, ok := err.(cty.PathError); ok && len(pe.Path) > 0 {
		return fmt.Sprintf("at %s: %s", pathString(pe.Path), pe.Error())
	}
	return err.Error()
}

func pathString(p cty.Path) string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case cty.GetAttrStep:
			b.WriteString("." + s.Name)
		case cty.IndexStep:
			if s.Key.Type() == cty.String {
				b.WriteString("[" + strconv.Quote(s.Key.AsString()) + "]")
			} else if s.Key.Type() == cty.Number {
				b.WriteString("[" + s.Key.AsBigFloat().Text('f', -1) + "]")
			}
		}
	}
	return strings.TrimPrefix(b.String(), ".")
}

// remark puts marks back after a conversion; a mark whose path no longer
// exists goes on the whole value.
func remark(v cty.Value, pvm []cty.PathValueMarks) cty.Value {
	if len(pvm) == 0 {
		return v
	}
	var top []cty.ValueMarks
	var ok []cty.PathValueMarks
	for _, p := range pvm {
		if _, err := p.Path.Apply(v); err == nil {
			ok = append(ok, p)
		} else {
			top = append(top, p.Marks)
		}
	}
	out := markWithPaths(v, ok)
	return out.WithMarks(top...)
}

func markWithPaths(v cty.Value, pvm []cty.PathValueMarks) (out cty.Value) {
	defer func() {
		if r := recover(); r != nil {
			var all []cty.ValueMarks
			for _, p := range pvm {
				all = append(all, p.Marks)
			}
			out = v.WithMarks(all...)
		}
	}()
	return v.MarkWithPaths(pvm)
}

func (l *loader) localValue(mi *modInst, name string) cty.Value {
	return l.force(mi.localNode(name), func() cty.Value {
		return l.eval(&scope{mi: mi}, mi.mod.locals[name].expr)
	})
}

func (l *loader) outputValue(mi *modInst, name string) cty.Value {
	return l.force(mi.outputNode(name), func() cty.Value {
		d := mi.mod.outputs[name]
		if d.expr == nil {
			return cty.NullVal(cty.DynamicPseudoType)
		}
		return l.eval(&scope{mi: mi}, d.expr)
	})
}

// forceResource evaluates every instance of a resource.
func (l *loader) forceResource(rn *resNode) {
	l.force(&rn.node, func() cty.Value {
		d := rn.decl
		mi := rn.mi
		base := mi.prefix() + d.typ + "." + d.name
		mode, keys, why := l.expand(&scope{mi: mi}, d.count, d.forEach, base)
		rn.mode, rn.why = mode, why
		for _, k := range keys {
			if l.instances >= maxInstances {
				l.stopOnce(d.defRng)
				break
			}
			l.instances++
			inst := &resInst{rn: rn, addr: base + keyString(k.key), key: k.key}
			inst.body = l.evalBody(&scope{mi: mi, extra: k.extra}, d.body, true, d.json)
			rn.insts = append(rn.insts, inst)
		}
		return cty.NilVal
	})
}

func (l *loader) stopOnce(rng hcl.Range) {
	if l.stopped {
		return
	}
	l.stopped = true
	l.diagAt(rng, iac.SeverityError, fmt.Sprintf("the configuration expands to more than %d resource and module instances; the rest are not scanned", maxInstances))
}

// forceCall expands a module call into its instances.
func (l *loader) forceCall(cn *callNode) {
	l.force(&cn.node, func() cty.Value {
		if cn.child == nil {
			return cty.NilVal
		}
		d := cn.decl
		for _, name := range sortedKeys(d.args) {
			if cn.child.mod.vars[name] == nil {
				l.diagAt(d.args[name].NameRange, iac.SeverityError, fmt.Sprintf("module %q: unsupported argument %q: the module in %s declares no variable of that name", d.name, name, cn.child.dir))
			}
		}
		base := cn.mi.prefix() + "module." + d.name
		mode, keys, why := l.expand(&scope{mi: cn.mi}, d.count, d.forEach, base)
		cn.mode, cn.why = mode, why
		for _, k := range keys {
			if l.instances >= maxInstances {
				l.stopOnce(d.rng)
				break
			}
			l.instances++
			ci := &modInst{l: l, node: cn.child, mod: cn.child.mod, parent: cn.mi, call: d,
				addr: base + keyString(k.key), extra: k.extra}
			cn.insts = append(cn.insts, ci)
			cn.keys = append(cn.keys, k.key)
		}
		return cty.NilVal
	})
}

// resourceValue is what a reference to a resource sees: an object, a
// tuple of objects (count) or an object of objects (for_each).
func (l *loader) resourceValue(rn *resNode) cty.Value {
	if rn.state == running {
		return l.force(&rn.node, nil)
	}
	l.forceResource(rn)
	if rn.ref != cty.NilVal {
		return rn.ref
	}
	names := rn.mi.mod.resNames[rn.decl.typ]
	rel := rn.mi.mod.relNames
	obj := func(in *resInst) cty.Value {
		if in.obj == cty.NilVal {
			in.obj = refObject(in.body, in.addr, names, rel)
		}
		return in.obj
	}
	switch rn.mode {
	case modeSingle:
		if len(rn.insts) == 0 {
			rn.ref = unknownBecause(rn.name + " was not evaluated")
		} else {
			rn.ref = obj(rn.insts[0])
		}
	case modeCount:
		vals := make([]cty.Value, len(rn.insts))
		for i, in := range rn.insts {
			vals[i] = obj(in)
		}
		rn.ref = cty.TupleVal(vals)
	case modeEach:
		vals := make(map[string]cty.Value, len(rn.insts))
		for _, in := range rn.insts {
			vals[in.key.AsString()] = obj(in)
		}
		rn.ref = cty.ObjectVal(vals)
	default:
		rn.ref = unknownBecause(rn.why)
	}
	return rn.ref
}

// callValue is what module.NAME evaluates to, with the outputs named
// (all when outs is nil).
func (l *loader) callValue(cn *callNode, outs map[string]bool) cty.Value {
	if cn.state == running {
		return l.force(&cn.node, nil)
	}
	l.forceCall(cn)
	if cn.child == nil {
		return unknownBecause(cn.missing)
	}
	obj := func(ci *modInst) cty.Value {
		attrs := map[string]cty.Value{}
		for name := range ci.mod.outputs {
			if outs == nil || outs[name] {
				attrs[name] = l.outputValue(ci, name)
			}
		}
		return cty.ObjectVal(attrs)
	}
	switch cn.mode {
	case modeSingle:
		if len(cn.insts) == 0 {
			return unknownBecause(cn.name + " was not evaluated")
		}
		return obj(cn.insts[0])
	case modeCount:
		vals := make([]cty.Value, len(cn.insts))
		for i, ci := range cn.insts {
			vals[i] = obj(ci)
		}
		return cty.TupleVal(vals)
	case modeEach:
		vals := make(map[string]cty.Value, len(cn.insts))
		for i, ci := range cn.insts {
			vals[cn.keys[i].AsString()] = obj(ci)
		}
		return cty.ObjectVal(vals)
	}
	return unknownBecause(cn.why)
}

// dataValue is what a reference to a data source or ephemeral resource
// sees: its attributes are read from the provider, so they are unknown.
func (l *loader) dataValue(mi *modInst, d *resDecl) cty.Value {
	addr := mi.prefix() + d.mode + "." + d.typ + "." + d.name
	if d.mode == "ephemeral" {
		addr = mi.prefix() + "ephemeral." + d.typ + "." + d.name
	}
	if d.count != nil || d.forEach != nil {
		return unknownBecause(addr + " is read from the provider during plan")
	}
	attrs := map[string]cty.Value{}
	for n := range mi.mod.resNames[d.mode+"."+d.typ] {
		attrs[n] = unknownBecause(addr + "." + n + " is read from the provider during plan")
	}
	for n := range mi.mod.relNames {
		if _, ok := attrs[n]; !ok {
			attrs[n] = unknownBecause(addr + "." + n + " is read from the provider during plan")
		}
	}
	return cty.ObjectVal(attrs)
}

// eval evaluates an expression in a scope.
func (l *loader) eval(sc *scope, expr hcl.Expression) cty.Value {
	if expr == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	refs := expr.Variables()
	ctx := &hcl.EvalContext{Functions: l.funcs}
	if len(refs) > 0 {
		ctx.Variables = l.refValues(sc, refs)
	}
	v, diags := expr.Value(ctx)
	var errs []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		if d.Summary == "Call to unknown function" {
			if d.Subject != nil {
				l.diagAt(*d.Subject, iac.SeverityWarning, "function is not supported by static analysis ("+d.Detail+"); the value is unknown")
			}
			errs = append(errs, "a function it calls is not supported by static analysis")
			continue
		}
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		if d.Subject != nil {
			l.diagAt(*d.Subject, iac.SeverityError, msg)
		} else {
			l.diagAt(expr.Range(), iac.SeverityError, msg)
		}
		errs = append(errs, "error evaluating "+rangeString(expr.Range())+": "+d.Summary)
	}
	if v == cty.NilVal {
		v = cty.DynamicVal
	}
	if !v.IsWhollyKnown() {
		fallback := cty.ValueMarks{}
		for _, e := range errs {
			fallback[reason(e)] = struct{}{}
		}
		if len(fallback) == 0 && ctx.Variables != nil {
			for _, x := range ctx.Variables {
				deepReasons(x, fallback)
			}
		}
		if len(fallback) == 0 {
			fallback[reason("value at "+rangeString(expr.Range())+" cannot be determined statically")] = struct{}{}
		}
		v = fillReasons(v, fallback)
	}
	return v
}

func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d", filepath.Base(r.Filename), r.Start.Line, r.Start.Column)
}

// refValues builds the variables an expression refers to.
func (l *loader) refValues(sc *scope, refs []hcl.Traversal) map[string]cty.Value {
	mi := sc.mi
	vars := map[string]cty.Value{}
	groups := map[string]map[string]cty.Value{} // var, local, module, resource types
	dataGroups := map[string]map[string]map[string]cty.Value{}
	modOuts := map[string]map[string]bool{} // call name → outputs (nil: all)
	bad := func(t hcl.Traversal, msg, why string) {
		l.diagAt(t.SourceRange(), iac.SeverityError, msg)
		vars[t.RootName()] = unknownBecause(why)
	}
	put := func(group, name string, v cty.Value) {
		g := groups[group]
		if g == nil {
			g = map[string]cty.Value{}
			groups[group] = g
		}
		g[name] = v
	}
	for _, t := range refs {
		root := t.RootName()
		if v, ok := sc.extra[root]; ok {
			vars[root] = v
			continue
		}
		if _, ok := vars[root]; ok && groups[root] == nil {
			continue // already resolved (path, terraform, an error)
		}
		name, ok := stepName(t, 1)
		switch root {
		case "var":
			if !ok {
				bad(t, "invalid reference: var must be followed by a variable name", "invalid reference")
				continue
			}
			if mi.mod.vars[name] == nil {
				l.diagAt(t.SourceRange(), iac.SeverityError, fmt.Sprintf("reference to undeclared input variable %q: declare it with a variable block", name))
				put("var", name, unknownBecause("variable "+name+" is not declared"))
				continue
			}
			put("var", name, l.varValue(mi, name))
		case "local":
			if !ok {
				bad(t, "invalid reference: local must be followed by a local value name", "invalid reference")
				continue
			}
			if mi.mod.locals[name] == nil {
				l.diagAt(t.SourceRange(), iac.SeverityError, fmt.Sprintf("reference to undeclared local value %q", name))
				put("local", name, unknownBecause("local value "+name+" is not declared"))
				continue
			}
			put("local", name, l.localValue(mi, name))
		case "module":
			if !ok {
				bad(t, "invalid reference: module must be followed by a module name", "invalid reference")
				continue
			}
			if mi.mod.callByNm[name] == nil {
				l.diagAt(t.SourceRange(), iac.SeverityError, fmt.Sprintf("reference to undeclared module %q", name))
				put("module", name, unknownBecause("module "+name+" is not declared"))
				continue
			}
			outs, seen := modOuts[name]
			if seen && outs == nil {
				continue
			}
			out, ok := stepAttr(t, 2)
			if !ok {
				if _, isIdx := stepAt(t, 2).(hcl.TraverseIndex); isIdx {
					out, ok = stepAttr(t, 3)
				}
			}
			if !ok {
				modOuts[name] = nil
				continue
			}
			if outs == nil {
				outs = map[string]bool{}
				modOuts[name] = outs
			}
			outs[out] = true
		case "path":
			vars["path"] = cty.ObjectVal(map[string]cty.Value{
				"module": cty.StringVal(l.relPath(mi.mod.dir)),
				"root":   cty.StringVal("."),
				"cwd":    cty.StringVal(filepath.ToSlash(l.absRoot)),
			})
		case "terraform":
			ws := l.opts.Workspace
			if ws == "" {
				ws = "default"
			}
			vars["terraform"] = cty.ObjectVal(map[string]cty.Value{"workspace": cty.StringVal(ws)})
		case "count", "each":
			bad(t, fmt.Sprintf("reference to %q in a block that does not set %s", root, map[string]string{"count": "count", "each": "for_each"}[root]),
				root+" is not available here")
		case "self":
			vars["self"] = unknownBecause("self is only known in provisioner and connection blocks")
		case "data", "ephemeral":
			typ, ok1 := stepName(t, 1)
			nm, ok2 := stepName(t, 2)
			if !ok1 || !ok2 {
				bad(t, "invalid reference: "+root+" must be followed by a type and a name", "invalid reference")
				continue
			}
			mode := root
			d := mi.mod.data[mode+"."+typ+"."+nm]
			var v cty.Value
			if d == nil {
				l.diagAt(t.SourceRange(), iac.SeverityError, fmt.Sprintf("reference to undeclared %s %s.%s.%s", map[string]string{"data": "data source", "ephemeral": "ephemeral resource"}[root], root, typ, nm))
				v = unknownBecause(root + "." + typ + "." + nm + " is not declared")
			} else {
				v = l.dataValue(mi, d)
			}
			dg := dataGroups[root]
			if dg == nil {
				dg = map[string]map[string]cty.Value{}
				dataGroups[root] = dg
			}
			if dg[typ] == nil {
				dg[typ] = map[string]cty.Value{}
			}
			dg[typ][nm] = v
		default:
			if !ok {
				bad(t, fmt.Sprintf("invalid reference %q: a resource reference needs a type and a name", root), "invalid reference to "+root)
				continue
			}
			key := root + "." + name
			if mi.mod.resByAddr[key] == nil {
				l.diagAt(t.SourceRange(), iac.SeverityError, fmt.Sprintf("reference to undeclared resource %s", key))
				put(root, name, unknownBecause("resource "+key+" is not declared"))
				continue
			}
			put(root, name, l.resourceValue(mi.resNode(key)))
		}
	}
	for name, outs := range modOuts {
		if _, done := groups["module"][name]; done {
			continue
		}
		put("module", name, l.callValue(mi.callNode(name), outs))
	}
	for g, m := range groups {
		vars[g] = cty.ObjectVal(m)
	}
	for g, types := range dataGroups {
		tm := map[string]cty.Value{}
		for typ, m := range types {
			tm[typ] = cty.ObjectVal(m)
		}
		vars[g] = cty.ObjectVal(tm)
	}
	return vars
}

func stepAt(t hcl.Traversal, i int) hcl.Traverser {
	if i < len(t) {
		return t[i]
	}
	return nil
}

// stepAttr is the attribute name at step i of a traversal.
func stepAttr(t hcl.Traversal, i int) (string, bool) {
	if a, ok := stepAt(t, i).(hcl.TraverseAttr); ok {
		return a.Name, true
	}
	return "", false
}

// stepName is the attribute name at step i of a traversal (a string
// index such as var["x"] counts too).
func stepName(t hcl.Traversal, i int) (string, bool) {
	switch s := stepAt(t, i).(type) {
	case hcl.TraverseAttr:
		return s.Name, true
	case hcl.TraverseIndex:
		if s.Key.Type() == cty.String && s.Key.IsKnown() && !s.Key.IsNull() {
			return s.Key.AsString(), true
		}
	}
	return "", false
}

// relPath is path.module: the module directory relative to the root
// module, slash-separated, "." for the root.
func (l *loader) relPath(dir string) string {
	rel, err := filepath.Rel(l.rootDir, dir)
	if err != nil {
		return filepath.ToSlash(dir)
	}
	return filepath.ToSlash(rel)
}

// region returns the region and account the provider configuration of a
// resource states, when known.
func (l *loader) region(mi *modInst, prov string) (string, string) {
	if mi.regions == nil {
		mi.regions = map[string]*[2]string{}
	}
	if r, ok := mi.regions[prov]; ok {
		return r[0], r[1]
	}
	r := &[2]string{}
	mi.regions[prov] = r
	pmi, pd := l.providerConfig(mi, prov, 0)
	if pd != nil {
		sc := &scope{mi: pmi}
		if pd.region != nil {
			if v, _ := l.eval(sc, pd.region).UnmarkDeep(); v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				r[0] = v.AsString()
			}
		}
		if pd.accounts != nil {
			if v, _ := l.eval(sc, pd.accounts).UnmarkDeep(); v.IsWhollyKnown() && !v.IsNull() &&
				(v.Type().IsListType() || v.Type().IsSetType() || v.Type().IsTupleType()) && v.LengthInt() == 1 {
				it := v.ElementIterator()
				it.Next()
				if _, e := it.Element(); !e.IsNull() {
					if s, err := convert.Convert(e, cty.String); err == nil {
						r[1] = s.AsString()
					}
				}
			}
		}
	}
	return r[0], r[1]
}

// providerConfig finds the provider configuration a module instance uses
// for a provider name: its own provider block, the one its caller passes
// in providers = {...}, or (without providers) the caller's default
// configuration, inherited implicitly.
func (l *loader) providerConfig(mi *modInst, name string, depth int) (*modInst, *providerDecl) {
	if depth > 100 {
		return nil, nil
	}
	if d := mi.mod.providers[name]; d != nil {
		return mi, d
	}
	if mi.parent == nil {
		return nil, nil
	}
	if mi.call.providers != nil {
		if to, ok := mi.call.providers[name]; ok {
			return l.providerConfig(mi.parent, to, depth+1)
		}
		return nil, nil
	}
	if !strings.Contains(name, ".") {
		return l.providerConfig(mi.parent, name, depth+1)
	}
	return nil, nil
}
