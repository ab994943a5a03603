package cloudformation

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"cloudward/iac"

	"go.yaml.in/yaml/v3"
)

// noValueT is the value of AWS::NoValue while evaluating: the property or
// list element holding it is removed. It never reaches Attrs.
type noValueT struct{}

var noValue = noValueT{}

// joinKey appends map key k to path.
func joinKey(path, k string) string {
	if k == "" || strings.ContainsAny(k, ".[]\"") {
		return path + "[" + strconv.Quote(k) + "]"
	}
	if path == "" {
		return k
	}
	return path + "." + k
}

// joinIndex appends list index i to path.
func joinIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// step counts evaluation work; it reports false (once with an error) when
// the template needs more than the limits allow.
func (p *parser) step(n *yaml.Node, depth int) bool {
	p.steps++
	if p.steps <= p.maxSteps && depth <= maxDepth {
		return true
	}
	if !p.overBudget {
		p.overBudget = true
		if depth > maxDepth {
			p.errorf(n, "values are nested more than %d levels deep; deeper values are treated as unknown", maxDepth)
		} else {
			p.errorf(n, "the template needs more than %d evaluation steps (are YAML aliases expanding exponentially?); remaining values are treated as unknown", p.maxSteps)
		}
	}
	return false
}

// value evaluates node n. When r is not nil, n is the value of property
// path (whose range is *r) and the ranges of the properties nested in it
// are recorded in p.rec.
func (p *parser) value(n *yaml.Node, path string, r *iac.Range, depth int) any {
	if n == nil {
		return nil
	}
	if !p.step(n, depth) {
		return iac.Unknown{Reason: "the value is nested too deep or the template is too large to evaluate"}
	}
	if n.Kind == yaml.AliasNode {
		t := deref(n)
		if t == nil {
			p.errorf(n, "alias *%s cannot be resolved", n.Value)
			return iac.Unknown{Reason: "unresolvable YAML alias *" + n.Value}
		}
		return p.value(t, path, r, depth+1)
	}
	if name, arg, ok := p.function(n, false); ok {
		return p.call(name, arg, n, path, r, depth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return p.mapping(n, path, r, depth)
	case yaml.SequenceNode:
		return p.sequence(n, path, r, depth)
	case yaml.ScalarNode:
		return scalar(n)
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return p.value(n.Content[0], path, r, depth+1)
		}
	}
	return nil
}

// function reports whether n is an intrinsic function call: a node with a
// CloudFormation short-form tag, or a mapping with the single key Ref or
// Fn::… (or Condition, in conditions). arg is the function's argument.
func (p *parser) function(n *yaml.Node, inCondition bool) (name string, arg *yaml.Node, ok bool) {
	if t := n.Tag; len(t) > 1 && t[0] == '!' && t[1] != '!' {
		switch t {
		case "!Ref":
			name = "Ref"
		case "!Condition":
			name = "Condition"
		default:
			name = "Fn::" + t[1:]
		}
		cp := *n
		cp.Style &^= yaml.TaggedStyle
		switch n.Kind {
		case yaml.MappingNode:
			cp.Tag = "!!map"
		case yaml.SequenceNode:
			cp.Tag = "!!seq"
		default:
			cp.Tag = "!!str"
		}
		return name, &cp, true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		k := n.Content[0].Value
		if k == "Ref" || strings.HasPrefix(k, "Fn::") || (inCondition && k == "Condition") {
			return k, n.Content[1], true
		}
	}
	return "", nil, false
}

// functionLabel names function name as the template wrote it at n.
func functionLabel(name string, n *yaml.Node) string {
	if n.Style&yaml.TaggedStyle != 0 {
		return n.Tag
	}
	return name
}

// scalar converts a YAML scalar to an Attrs value.
func scalar(n *yaml.Node) any {
	v := n.Value
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		return strings.EqualFold(v, "true")
	case "!!int":
		if i, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) {
			return normFloat(f)
		}
		return v
	case "!!float":
		f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return v
		}
		return normFloat(f)
	}
	if strings.Contains(v, "{{resolve:") {
		return dynamicRef(v)
	}
	return v
}

// normFloat returns integral floats as int64.
func normFloat(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return int64(f)
	}
	return f
}

func dynamicRef(s string) iac.Unknown {
	ref := s
	if i := strings.Index(s, "{{resolve:"); i >= 0 {
		ref = s[i:]
		if j := strings.Index(ref, "}}"); j >= 0 {
			ref = ref[:j+2]
		}
	}
	return iac.Unknown{Reason: "dynamic reference " + ref + " is resolved at deployment"}
}

func (p *parser) mapping(n *yaml.Node, path string, r *iac.Range, depth int) any {
	out := make(map[string]any, len(n.Content)/2)
	var keyLine map[string]int
	if len(n.Content) > 2 {
		keyLine = make(map[string]int, len(n.Content)/2)
	}
	inFlow := n.Style&yaml.FlowStyle != 0
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "mapping keys must be strings, not %s", kindName(k))
			continue
		}
		if k.Value == "Fn::Transform" {
			p.warnf(k, "Fn::Transform (macro or AWS::Include) is not expanded; the properties it would add are not scanned")
			continue
		}
		if keyLine != nil {
			if l, dup := keyLine[k.Value]; dup {
				p.errorf(k, "key %q is defined twice in this mapping (also at line %d); the last value is used", k.Value, l)
			}
			keyLine[k.Value] = k.Line
		}
		p.entry(out, k, v, path, r, inFlow, depth)
	}
	// YAML merge keys (<<: *anchor): merged entries do not override
	// the mapping's own.
	for _, m := range merges {
		srcs := []*yaml.Node{m}
		if d := deref(m); d != nil && d.Kind == yaml.SequenceNode {
			srcs = d.Content
		}
		for _, s := range srcs {
			s = deref(s)
			if s == nil || s.Kind != yaml.MappingNode {
				p.errorf(m, "a YAML merge key (<<) needs a mapping or a list of mappings")
				continue
			}
			for i := 0; i+1 < len(s.Content); i += 2 {
				k := s.Content[i]
				if _, own := out[k.Value]; own || k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
					continue
				}
				p.entry(out, k, s.Content[i+1], path, r, s.Style&yaml.FlowStyle != 0, depth)
			}
		}
	}
	return out
}

// entry evaluates mapping entry k: v into out.
func (p *parser) entry(out map[string]any, k, v *yaml.Node, path string, r *iac.Range, inFlow bool, depth int) {
	var cr *iac.Range
	var cp string
	if r != nil {
		cp = joinKey(path, k.Value)
		rr := iac.Range{File: p.file, StartLine: k.Line, EndLine: p.doc.end(v, k.Column, k.Line, inFlow)}
		cr = &rr
	}
	val := p.value(v, cp, cr, depth+1)
	if val == noValue {
		delete(out, k.Value)
		return
	}
	out[k.Value] = val
	if cr != nil {
		p.rec[cp] = *cr
	}
}

func (p *parser) sequence(n *yaml.Node, path string, r *iac.Range, depth int) any {
	out := make([]any, 0, len(n.Content))
	inFlow := n.Style&yaml.FlowStyle != 0
	col := n.Column
	for _, item := range n.Content {
		var cr *iac.Range
		var cp string
		if r != nil {
			cp = joinIndex(path, len(out))
			c := col
			if n.Style&yaml.TaggedStyle != 0 {
				c = max(1, item.Column-1)
			}
			rr := iac.Range{File: p.file, StartLine: item.Line, EndLine: p.doc.end(item, c, item.Line, inFlow)}
			cr = &rr
		}
		val := p.value(item, cp, cr, depth+1)
		if val == noValue {
			continue
		}
		out = append(out, val)
		if cr != nil {
			p.rec[cp] = *cr
		}
	}
	return out
}

// describe names a value's type for messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", v)
	case bool, int64, float64:
		return fmt.Sprintf("the value %v", v)
	case []any:
		return fmt.Sprintf("a list of %d", len(v))
	case map[string]any:
		return "a mapping"
	case noValueT:
		return "AWS::NoValue"
	case iac.Unknown:
		return "an unknown value"
	}
	return fmt.Sprintf("%T", v)
}

// firstUnknown returns the first Unknown in v (depth-first, maps in key
// order).
func firstUnknown(v any) (iac.Unknown, bool) {
	switch v := v.(type) {
	case iac.Unknown:
		return v, true
	case []any:
		for _, e := range v {
			if u, ok := firstUnknown(e); ok {
				return u, true
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if u, ok := firstUnknown(v[k]); ok {
				return u, true
			}
		}
	}
	return iac.Unknown{}, false
}

// toString converts a scalar value to the string CloudFormation would
// use in Fn::Sub, Fn::Join and comparisons.
func toString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "", false
}

// equalValues compares values the way Fn::Equals does: scalars as
// strings, lists and maps element by element.
func equalValues(a, b any) bool {
	switch av := a.(type) {
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for i := range av {
			if !equalValues(av[i], bv[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok || len(av) != len(bv) {
			return false
		}
		for k, x := range av {
			y, ok := bv[k]
			if !ok || !equalValues(x, y) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case iac.Unknown, noValueT:
		return false
	}
	as, aok := toString(a)
	bs, bok := toString(b)
	return aok && bok && as == bs
}

// mergeBranches combines the two branches of an Fn::If whose condition
// is unknown: what both branches agree on is kept, the rest is Unknown.
func mergeBranches(a, b any, reason string) any {
	if a == noValue && b == noValue {
		return noValue
	}
	if am, ok := a.(map[string]any); ok {
		if bm, ok := b.(map[string]any); ok {
			out := make(map[string]any, len(am))
			for k, av := range am {
				if bv, ok := bm[k]; ok {
					out[k] = mergeBranches(av, bv, reason)
				} else {
					out[k] = iac.Unknown{Reason: reason + " (the property is set in one branch only)"}
				}
			}
			for k := range bm {
				if _, ok := am[k]; !ok {
					out[k] = iac.Unknown{Reason: reason + " (the property is set in one branch only)"}
				}
			}
			return out
		}
	}
	if al, ok := a.([]any); ok {
		if bl, ok := b.([]any); ok && len(al) == len(bl) {
			out := make([]any, len(al))
			for i := range al {
				out[i] = mergeBranches(al[i], bl[i], reason)
			}
			return out
		}
	}
	if _, ok := firstUnknown(a); !ok && equalValues(a, b) {
		if _, ok := b.(iac.Unknown); !ok {
			return a
		}
	}
	return iac.Unknown{Reason: reason}
}
