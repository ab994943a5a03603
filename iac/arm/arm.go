// Package arm reads Azure Resource Manager templates (JSON files whose
// $schema is a deploymentTemplate.json schema: resource group,
// subscription, management group and tenant templates) and returns the
// resources they declare, with template expressions evaluated as far as
// they can be before deployment.
//
// What is evaluated:
//
//   - parameters: the value from Options.Params (a parameters file, see
//     ParseParameters), else defaultValue (itself evaluated), else
//     Unknown. Names are case-insensitive.
//   - variables, including variable copy loops ("copy": [{name, count,
//     input}]) and property copy loops inside variable values.
//   - resources: every member of the resource object except "copy" and
//     "resources" becomes an attribute, evaluated (type, name,
//     apiVersion, location, properties, sku, kind, tags, identity, zones,
//     condition, dependsOn, ...). Property copy loops are expanded.
//     Nested child resources are flattened with type "parent/child" and
//     name "parent/child". languageVersion 2.0 templates (resources as an
//     object of symbolic names) are read the same way; "existing"
//     resources are references, not declarations, and are skipped.
//   - resource copy loops: expanded with copyIndex() when the count is
//     known; otherwise one resource whose copyIndex() is Unknown, and a
//     warning. Counts must be 0..800, as ARM requires.
//   - condition: a resource whose condition is false is not returned; an
//     unknown condition keeps the resource, with Attrs["condition"]
//     Unknown.
//   - nested deployments (Microsoft.Resources/deployments with an inline
//     properties.template): the inner template's resources are returned
//     too, evaluated in the outer template's context (scope "outer", the
//     default) or with the deployment's parameters (scope "inner").
//     properties.template itself is Unknown in the deployment resource's
//     Attrs, since its resources are reported separately. Linked
//     templates (templateLink) are not fetched.
//
// Expressions ("[...]", with "[[" escaping a literal '['): the parser
// covers the whole template language grammar (function calls, 'strings'
// with doubled quotes as escapes, integers, property access .name and
// indexing [x]);
// user-defined functions (the functions section) are evaluated. Built-in
// functions evaluated: parameters, variables, copyIndex, concat, format,
// toLower, toUpper, trim, string, int, bool, json, if, equals, not, and,
// or, coalesce, less, lessOrEquals, greater, greaterOrEquals, true,
// false, null, empty, contains, length, union, intersection,
// createArray, createObject, array, first, last, skip, take, min, max,
// range, items, tryGet, join, flatten, shallowMerge, split, replace,
// substring, indexOf, lastIndexOf, startsWith, endsWith, padLeft,
// base64, base64ToString, base64ToJson, uriComponent,
// uriComponentToString, add, sub, mul, div, mod.
//
// Known only at deployment, always Unknown (no warning): resourceGroup,
// subscription, tenant, managementGroup, deployment, environment,
// deployer, reference, references, uniqueString, guid, newGuid, utcNow,
// providers, pickZones, and every list* function (listKeys, ...).
// Resource IDs: resourceId() is rendered as
// /subscriptions/<sub>/resourceGroups/<rg>/providers/<type>/<name> only
// when the subscription ID and resource group name are passed and known;
// without them it depends on the deployment and is Unknown.
// tenantResourceId() and extensionResourceId() of a known ID are
// rendered; subscriptionResourceId() and managementGroupResourceId() when
// the subscription / group is passed.
//
// Not supported (Unknown with a warning): lambda functions (filter, map,
// reduce, sort, toObject, mapValues, groupBy), dateTimeAdd,
// dateTimeFromEpoch, dateTimeToEpoch, uri, dataUri, dataUriToString,
// parseCidr, cidrSubnet, cidrHost, and any function not listed above.
// string() of an object writes members in name order (ARM keeps
// declaration order). less()/greater() on strings other than plain
// letters and digits are Unknown (ARM compares with culture rules).
//
// Addresses are "<type>/<name>" with the evaluated full type and name;
// unknown parts of the name are rendered "{unknown}"
// (Microsoft.Storage/storageAccounts/st{unknown}), and Name is the same
// rendered name. Region is the location when known, in Azure's canonical
// form ("East US" becomes "eastus"; Attrs keep it as written). Range is the
// resource object's lines; AttrRanges locate attributes by dotted path
// (properties.securityRules[0].properties.access); a value produced by
// an expression is located at the expression, and copy-loop elements at
// the loop's input.
//
// Evaluation is bounded so that hostile templates cannot take unbounded
// time or memory: 5 million evaluation steps per file, strings of 4 MB,
// arrays of 1 million elements; beyond that values are Unknown and a
// warning says so.
package arm

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"cloudward/iac"
	"cloudward/iac/internal/jsonpos"
)

// Options configures Parse.
type Options struct {
	// Params holds parameter values by name (case-insensitive), as
	// ParseParameters returns them from a parameters file. They override
	// the template's default values.
	Params map[string]any
}

// Detect reports whether data is an ARM template: a JSON object whose
// $schema names a deploymentTemplate schema. Parameters files
// (deploymentParameters.json) are not templates. The name is not
// consulted.
func Detect(name string, data []byte) bool {
	_ = name
	d := bytes.TrimLeft(data, "\xef\xbb\xbf \t\r\n")
	if len(d) == 0 || d[0] != '{' {
		return false
	}
	i := bytes.Index(d, []byte(`"$schema"`))
	if i < 0 {
		return false
	}
	rest := bytes.TrimLeft(d[i+len(`"$schema"`):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return false
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return false
	}
	return bytes.Contains(bytes.ToLower(rest[1:1+end]), []byte("deploymenttemplate.json"))
}

// sink collects diagnostics, once per position and message.
type sink struct {
	file  string
	diags []iac.Diagnostic
	seen  map[string]bool
	out   []iac.Resource
	// steps is the evaluation work left (see maxSteps); when it runs
	// out, every further value is Unknown.
	steps     int
	exhausted bool
}

func newSink(file string) *sink {
	return &sink{file: file, seen: map[string]bool{}, steps: maxSteps}
}

// maxSteps bounds the work one template may cost: each expression node,
// template value and copied value element is a step. Real templates use
// far less (ARM itself limits templates to 4 MB, 800 resources and 800
// copies); hostile ones (a function calling itself twice, doubling
// variables) would otherwise take exponential time.
const maxSteps = 5_000_000

// Limits on single values, for the same reason.
const (
	maxStringLen = 4 << 20 // bytes
	maxArrayLen  = 1 << 20 // elements
)

// exhaustedReason is the Unknown reason once the budget is spent.
const exhaustedReason = "the template is too expensive to evaluate completely"

// step spends n steps and reports whether work may continue.
func (ev *evaluator) step(n int) bool {
	s := ev.sink
	if s.exhausted {
		return false
	}
	s.steps -= n
	if s.steps < 0 {
		s.exhausted = true
		s.add(iac.SeverityWarning, 0, 0, fmt.Sprintf("evaluating this template takes more than %d steps (deeply repeated copy loops, self-calling functions?); the values not evaluated by then are unknown", maxSteps))
		return false
	}
	return true
}

func (s *sink) add(sev string, line, col int, msg string) {
	key := fmt.Sprintf("%d:%d:%s:%s", line, col, sev, msg)
	if s.seen[key] {
		return
	}
	s.seen[key] = true
	s.diags = append(s.diags, iac.Diagnostic{File: s.file, Line: line, Column: col, Severity: sev, Message: msg})
}

// evaluator evaluates one template (a nested inner-scope template has its
// own).
type evaluator struct {
	file     string
	sink     *sink
	params   map[string]*jsonpos.Node // lower-cased name -> declaration
	given    map[string]any           // lower-cased name -> supplied value
	vars     map[string]*jsonpos.Node // lower-cased name -> value
	varLoops map[string]*jsonpos.Node // lower-cased name -> copy loop
	funcs    map[string]*jsonpos.Node // lower-cased namespace.member -> definition
	cache    [2]map[string]any        // [render] "p:"/"v:" + name -> value
	busy     [2]map[string]bool
	exprs    map[string]exprEntry
	udfCache map[string]any // user-defined function results by arguments
	depth    int            // nested deployment depth
}

type exprEntry struct {
	e   *expr
	err error
}

func (ev *evaluator) warn(line, col int, format string, args ...any) {
	ev.sink.add(iac.SeverityWarning, line, col, fmt.Sprintf(format, args...))
}

// Parse reads an ARM template. file names the template in Ranges and
// Diagnostics. Invalid JSON (comments are allowed, as ARM allows them)
// yields one error diagnostic and no resources; problems with single
// expressions or resources yield warnings, the affected values are
// Unknown or the resource is skipped, and the rest is returned.
func Parse(file string, data []byte, opts Options) ([]iac.Resource, []iac.Diagnostic) {
	s := newSink(file)
	root, jerr := jsonpos.Parse(data, true)
	if jerr != nil {
		s.add(iac.SeverityError, jerr.Line, jerr.Col, "invalid JSON in ARM template: "+jerr.Msg)
		return nil, s.diags
	}
	if root.Kind != jsonpos.Object {
		s.add(iac.SeverityError, root.Line, root.Col, fmt.Sprintf("not an ARM template: the top-level value is %s, expected an object", kindName(root.Kind)))
		return nil, s.diags
	}
	given := map[string]any{}
	for k, v := range opts.Params {
		given[strings.ToLower(k)] = normalize(v)
	}
	ev := newEvaluator(file, s, root, given, 0)
	var extra []string
	for k := range opts.Params {
		if ev.params[strings.ToLower(k)] == nil {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		s.add(iac.SeverityWarning, 0, 0, fmt.Sprintf("parameter %q is given a value but is not declared in the template; the value is ignored", k))
	}
	ev.resources(root.GetFold("resources"), nil, &scope{})
	return s.out, s.diags
}

func kindName(k jsonpos.Kind) string {
	switch k {
	case jsonpos.Array, jsonpos.Object:
		return "an " + k.String()
	}
	return "a " + k.String()
}

func newEvaluator(file string, s *sink, tmpl *jsonpos.Node, given map[string]any, depth int) *evaluator {
	ev := &evaluator{
		file: file, sink: s, given: given, depth: depth,
		params: map[string]*jsonpos.Node{}, vars: map[string]*jsonpos.Node{}, varLoops: map[string]*jsonpos.Node{},
		funcs: map[string]*jsonpos.Node{}, exprs: map[string]exprEntry{}, udfCache: map[string]any{},
		cache: [2]map[string]any{{}, {}}, busy: [2]map[string]bool{{}, {}},
	}
	if ps := tmpl.GetFold("parameters"); ps != nil {
		if ps.Kind != jsonpos.Object {
			ev.warn(ps.Line, ps.Col, "parameters is %s, expected an object; parameters are unknown", kindName(ps.Kind))
		} else {
			for _, f := range ps.Fields {
				ev.params[strings.ToLower(f.Key)] = f.Val
			}
		}
	}
	if vs := tmpl.GetFold("variables"); vs != nil {
		if vs.Kind != jsonpos.Object {
			ev.warn(vs.Line, vs.Col, "variables is %s, expected an object; variables are unknown", kindName(vs.Kind))
		} else {
			for _, f := range vs.Fields {
				if strings.EqualFold(f.Key, "copy") && f.Val.Kind == jsonpos.Array {
					for _, loop := range f.Val.Elems {
						if n := loop.GetFold("name"); n != nil && n.Kind == jsonpos.String {
							ev.varLoops[strings.ToLower(n.Str)] = loop
						} else {
							ev.warn(loop.Line, loop.Col, "a variable copy loop has no name; it is ignored")
						}
					}
					continue
				}
				ev.vars[strings.ToLower(f.Key)] = f.Val
			}
		}
	}
	if fs := tmpl.GetFold("functions"); fs != nil && fs.Kind == jsonpos.Array {
		for _, ns := range fs.Elems {
			nsName := ns.GetFold("namespace")
			members := ns.GetFold("members")
			if nsName == nil || nsName.Kind != jsonpos.String || members == nil || members.Kind != jsonpos.Object {
				ev.warn(ns.Line, ns.Col, "a functions entry needs a namespace and members; it is ignored")
				continue
			}
			for _, m := range members.Fields {
				ev.funcs[strings.ToLower(nsName.Str+"."+m.Key)] = m.Val
			}
		}
	}
	return ev
}

func renderIdx(render bool) int {
	if render {
		return 1
	}
	return 0
}

// param returns the value of a template parameter.
func (ev *evaluator) param(name string, sc *scope, e *expr) any {
	key := strings.ToLower(name)
	decl := ev.params[key]
	if decl == nil {
		return ev.fail(sc, e, "parameter %q is not declared", name)
	}
	if v, ok := ev.given[key]; ok {
		return v
	}
	def := decl.GetFold("defaultValue")
	if def == nil {
		return iac.Unknown{Reason: fmt.Sprintf("parameter %q has no default value and no value was given (pass a parameters file)", name)}
	}
	return ev.cached("p:"+key, name, sc, e, func(inner *scope) any { return ev.node(def, inner, "", nil) })
}

// variable returns the value of a template variable.
func (ev *evaluator) variable(name string, sc *scope, e *expr) any {
	key := strings.ToLower(name)
	if n := ev.vars[key]; n != nil {
		return ev.cached("v:"+key, name, sc, e, func(inner *scope) any { return ev.node(n, inner, "", nil) })
	}
	if loop := ev.varLoops[key]; loop != nil {
		return ev.cached("v:"+key, name, sc, e, func(inner *scope) any { return ev.copyLoop(loop, inner, "", nil) })
	}
	return ev.fail(sc, e, "variable %q is not declared", name)
}

// cached evaluates a parameter default or variable once per mode, and
// detects cycles.
func (ev *evaluator) cached(key, name string, sc *scope, e *expr, f func(*scope) any) any {
	m := renderIdx(sc.render)
	if v, ok := ev.cache[m][key]; ok {
		return v
	}
	if ev.busy[m][key] {
		return ev.fail(sc, e, "%q refers to itself", name)
	}
	ev.busy[m][key] = true
	v := f(&scope{render: sc.render})
	delete(ev.busy[m], key)
	ev.cache[m][key] = v
	return v
}

// maxPathLen bounds the attribute paths recorded in AttrRanges, so that
// deeply nested values cannot make the paths' total size quadratic.
const maxPathLen = 1024

// maxCopy is ARM's limit on a copy loop's count.
const maxCopy = 800

// loopCount evaluates a copy loop's count. what names the loop and
// then says what happens when the count is not usable.
func (ev *evaluator) loopCount(loop *jsonpos.Node, sc *scope, what, then string) (int64, bool) {
	cn := loop.GetFold("count")
	if cn == nil {
		ev.warn(loop.Line, loop.Col, "%s has no count; %s", what, then)
		return 0, false
	}
	v := ev.node(cn, sc, "", nil)
	if _, ok := v.(iac.Unknown); ok {
		ev.warn(cn.Line, cn.Col, "the count of %s is not known before deployment; %s", what, then)
		return 0, false
	}
	n, ok := toInt(v)
	if !ok {
		ev.warn(cn.Line, cn.Col, "the count of %s is %s, expected an integer; %s", what, typeName(v), then)
		return 0, false
	}
	if n < 0 || n > maxCopy {
		ev.warn(cn.Line, cn.Col, "the count of %s is %d, outside ARM's limits 0..%d; %s", what, n, maxCopy, then)
		return 0, false
	}
	return n, true
}

// copyLoop evaluates a variable or property copy loop {name, count,
// input} into an array.
func (ev *evaluator) copyLoop(loop *jsonpos.Node, sc *scope, path string, rs map[string]iac.Range) any {
	name := ""
	if n := loop.GetFold("name"); n != nil && n.Kind == jsonpos.String {
		name = n.Str
	}
	input := loop.GetFold("input")
	if input == nil {
		ev.warn(loop.Line, loop.Col, "copy loop %q has no input; its value is unknown", name)
		return iac.Unknown{Reason: "copy loop without input"}
	}
	n, ok := ev.loopCount(loop, sc, fmt.Sprintf("copy loop %q", name), "its value is unknown")
	if !ok {
		return iac.Unknown{Reason: fmt.Sprintf("the count of copy loop %q is not known", name)}
	}
	out := make([]any, n)
	for i := range out {
		p := fmt.Sprintf("%s[%d]", path, i)
		if rs != nil {
			rs[p] = iac.Range{File: ev.file, StartLine: input.Line, EndLine: input.EndLine}
		}
		out[i] = ev.node(input, sc.withLoop(name, int64(i), false, false), p, rs)
	}
	return out
}

// isPropertyCopy reports whether a "copy" member is a property copy loop
// array ([{name, count, input}, ...]).
func isPropertyCopy(n *jsonpos.Node) bool {
	if n.Kind != jsonpos.Array || len(n.Elems) == 0 {
		return false
	}
	for _, l := range n.Elems {
		if l.Kind != jsonpos.Object || l.GetFold("name") == nil || l.GetFold("input") == nil {
			return false
		}
	}
	return true
}

// node evaluates a template JSON value: strings that are expressions are
// evaluated, objects and arrays recursively, property copy loops
// expanded. When rs is not nil, the range of every value is recorded
// under its dotted path.
func (ev *evaluator) node(n *jsonpos.Node, sc *scope, path string, rs map[string]iac.Range) any {
	if !ev.step(1) {
		return iac.Unknown{Reason: exhaustedReason}
	}
	if len(path) > maxPathLen {
		rs = nil // deeper values are not located
	}
	switch n.Kind {
	case jsonpos.String:
		return ev.str(n, sc)
	case jsonpos.Array:
		out := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			p := fmt.Sprintf("%s[%d]", path, i)
			if rs != nil {
				rs[p] = iac.Range{File: ev.file, StartLine: e.Line, EndLine: e.EndLine}
			}
			out[i] = ev.node(e, sc, p, rs)
		}
		return out
	case jsonpos.Object:
		out := make(map[string]any, len(n.Fields))
		for _, f := range n.Fields {
			if strings.EqualFold(f.Key, "copy") && isPropertyCopy(f.Val) {
				for _, loop := range f.Val.Elems {
					nm := loop.GetFold("name")
					if nm.Kind != jsonpos.String {
						ev.warn(nm.Line, nm.Col, "a copy loop name must be a string; the loop is ignored")
						continue
					}
					p := joinKey(path, nm.Str)
					if rs != nil {
						rs[p] = iac.Range{File: ev.file, StartLine: loop.Line, EndLine: loop.EndLine}
					}
					out[nm.Str] = ev.copyLoop(loop, sc, p, rs)
				}
				continue
			}
			key := f.Key
			if isExpression(key) {
				// ARM evaluates expressions in property names.
				k := ev.str(&jsonpos.Node{Kind: jsonpos.String, Str: key, Line: f.Line, Col: f.Col}, &scope{loops: sc.loops, unknownLoops: sc.unknownLoops, resLoop: sc.resLoop, inLoop: sc.inLoop, udf: sc.udf, udfDepth: sc.udfDepth, render: true})
				s, ok := k.(string)
				if !ok {
					ev.warn(f.Line, f.Col, "a property name expression yields %s, not a string; the name is kept as written", typeName(k))
					s = key
				}
				key = s
			} else {
				key = literalString(key)
			}
			p := joinKey(path, key)
			if rs != nil {
				rs[p] = iac.Range{File: ev.file, StartLine: f.Line, EndLine: f.Val.EndLine}
			}
			out[key] = ev.node(f.Val, sc, p, rs)
		}
		return out
	}
	return n.Plain()
}

// str evaluates a JSON string: an expression, or a literal.
func (ev *evaluator) str(n *jsonpos.Node, sc *scope) any {
	if !isExpression(n.Str) {
		return literalString(n.Str)
	}
	src := n.Str[1 : len(n.Str)-1]
	ent, ok := ev.exprs[src]
	if !ok {
		e, err := parseExpr(src)
		ent = exprEntry{e, err}
		ev.exprs[src] = ent
	}
	if ent.err != nil {
		ev.warn(n.Line, n.Col, "invalid template expression %s: %v; the value is treated as unknown", clip(n.Str), ent.err)
		if sc.render {
			return renderUnknown
		}
		return iac.Unknown{Reason: "invalid template expression"}
	}
	inner := *sc
	inner.line, inner.col = n.Line, n.Col
	v := ev.eval(ent.e, &inner)
	if sc.render {
		if _, ok := v.(iac.Unknown); ok {
			return renderUnknown
		}
		if s, ok := v.(string); ok {
			return s
		}
	}
	switch v.(type) {
	case []any, map[string]any:
		if !ev.step(valueSize(v)) {
			return iac.Unknown{Reason: exhaustedReason}
		}
		return copyValue(v)
	}
	return v
}

// clip shortens long expressions in messages.
func clip(s string) string {
	if len(s) > 120 {
		return s[:117] + "..."
	}
	return s
}

// joinKey appends key to a dotted path. Keys that would make the path
// ambiguous (empty, or containing '.', '[', ']' or '"') are written as
// ["key"] with Go string quoting: tags["hidden-link:/x.y"].
func joinKey(prefix, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) {
		return prefix + "[" + fmt.Sprintf("%q", key) + "]"
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
