package cloudformation

import (
	"slices"
	"strings"

	"cloudward/iac"

	"go.yaml.in/yaml/v3"
)

// condition is an entry of the Conditions section and its evaluation
// state.
type condition struct {
	key, node *yaml.Node
	state     int // 0 not evaluated, 1 being evaluated, 2 done
	val       any // bool or iac.Unknown
	cyclic    bool
}

// readConditions evaluates every condition, so that errors in unused
// ones are reported too.
func (p *parser) readConditions(sec *yaml.Node) {
	p.conds = map[string]*condition{}
	if sec = deref(sec); sec == nil || sec.Tag == "!!null" {
		return
	}
	if sec.Kind != yaml.MappingNode {
		p.errorf(sec, "Conditions must be a mapping of condition names to condition functions, not %s", kindName(sec))
		return
	}
	var names []*yaml.Node
	for i := 0; i+1 < len(sec.Content); i += 2 {
		k := sec.Content[i]
		if _, dup := p.conds[k.Value]; dup {
			p.errorf(k, "condition %s is defined twice; the last definition is used", k.Value)
		}
		p.conds[k.Value] = &condition{key: k, node: sec.Content[i+1]}
		names = append(names, k)
	}
	for _, k := range names {
		p.cond(k.Value, k)
	}
}

// cond returns the value of the named condition: true, false or Unknown.
func (p *parser) cond(name string, at *yaml.Node) any {
	c, ok := p.conds[name]
	if !ok {
		p.errorf(at, "condition %q is not defined under Conditions", name)
		return iac.Unknown{Reason: "condition " + name + " is not defined"}
	}
	switch c.state {
	case 2:
		return c.val
	case 1:
		i := slices.Index(p.condStack, name)
		cycle := append(append([]string(nil), p.condStack[i:]...), name)
		for _, n := range p.condStack[i:] {
			p.conds[n].cyclic = true
		}
		key := strings.Join(slices.Sorted(slices.Values(cycle[:len(cycle)-1])), ",")
		if p.cycles == nil {
			p.cycles = map[string]bool{}
		}
		if !p.cycles[key] {
			p.cycles[key] = true
			p.errorf(p.conds[cycle[0]].key, "circular conditions: %s; a condition cannot depend on itself", strings.Join(cycle, " -> "))
		}
		return iac.Unknown{Reason: "condition " + name + " is circular"}
	}
	c.state = 1
	p.condStack = append(p.condStack, name)
	v := p.condExpr(c.node, 1)
	p.condStack = p.condStack[:len(p.condStack)-1]
	if c.cyclic {
		v = iac.Unknown{Reason: "condition " + name + " is circular"}
	} else if u, ok := v.(iac.Unknown); ok && !strings.HasPrefix(u.Reason, "condition ") {
		v = iac.Unknown{Reason: "condition " + name + " depends on an unknown value: " + u.Reason}
	}
	c.val, c.state = v, 2
	return v
}

// condExpr evaluates a condition function to true, false or Unknown.
func (p *parser) condExpr(n *yaml.Node, depth int) any {
	if n == nil {
		return p.asBool(nil, n)
	}
	if !p.step(n, depth) {
		return iac.Unknown{Reason: "the condition is nested too deep to evaluate"}
	}
	if n.Kind == yaml.AliasNode {
		return p.condExpr(deref(n), depth+1)
	}
	name, arg, ok := p.function(n, true)
	if !ok {
		return p.asBool(p.value(n, "", nil, depth+1), n)
	}
	switch name {
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		return p.condFunc(name, arg, n, depth)
	}
	return p.asBool(p.call(name, arg, n, "", nil, depth), n)
}

// asBool accepts a condition operand: a boolean (or "true"/"false") or
// Unknown.
func (p *parser) asBool(v any, n *yaml.Node) any {
	switch v := v.(type) {
	case bool, iac.Unknown:
		return v
	case string:
		switch strings.ToLower(v) {
		case "true":
			return true
		case "false":
			return false
		}
	}
	p.errorf(n, "a condition must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not, Condition), not %s", describe(v))
	return iac.Unknown{Reason: "invalid condition"}
}

// condFunc evaluates the condition functions.
func (p *parser) condFunc(name string, arg, n *yaml.Node, depth int) any {
	switch name {
	case "Condition":
		cname, ok := p.nameArg(name, arg, n, depth)
		if !ok {
			return invalid(name)
		}
		return p.cond(cname, n)
	case "Fn::Equals":
		items, ok := p.args(name, arg, n, 2, 2)
		if !ok {
			return invalid(name)
		}
		a := p.value(items[0], "", nil, depth+1)
		b := p.value(items[1], "", nil, depth+1)
		for _, v := range []any{a, b} {
			if u, ok := firstUnknown(v); ok {
				return u
			}
			if v == noValue {
				p.errorf(n, "Fn::Equals cannot compare AWS::NoValue")
				return invalid(name)
			}
		}
		return equalValues(a, b)
	case "Fn::Not":
		items, ok := p.args(name, arg, n, 1, 1)
		if !ok {
			return invalid(name)
		}
		switch v := p.condExpr(items[0], depth+1).(type) {
		case bool:
			return !v
		default:
			return v
		}
	case "Fn::And", "Fn::Or":
		items, ok := p.args(name, arg, n, 2, 10)
		if !ok {
			return invalid(name)
		}
		// Three-valued logic: a false operand decides Fn::And, a true
		// one Fn::Or, even when other operands are unknown.
		decisive := name == "Fn::Or"
		var unknown any
		decided := false
		for _, it := range items {
			switch v := p.condExpr(it, depth+1).(type) {
			case bool:
				if v == decisive {
					decided = true
				}
			default:
				if unknown == nil {
					unknown = v
				}
			}
		}
		switch {
		case decided:
			return decisive
		case unknown != nil:
			return unknown
		}
		return !decisive
	}
	return invalid(name)
}
