package cloudformation

import (
	"strconv"
	"strings"

	"cloudward/iac"

	"go.yaml.in/yaml/v3"
)

// parameters computes the value of every parameter.
func (p *parser) parameters(sec *yaml.Node) {
	p.params = map[string]any{}
	if sec = deref(sec); sec == nil || sec.Tag == "!!null" {
		return
	}
	if sec.Kind != yaml.MappingNode {
		p.errorf(sec, "Parameters must be a mapping of parameter names to declarations, not %s", kindName(sec))
		return
	}
	for i := 0; i+1 < len(sec.Content); i += 2 {
		k := sec.Content[i]
		p.params[k.Value] = p.parameter(k, deref(sec.Content[i+1]))
	}
}

func (p *parser) parameter(k, decl *yaml.Node) any {
	name := k.Value
	if decl == nil || decl.Kind != yaml.MappingNode {
		p.errorf(k, "parameter %s must be a mapping with a Type (and optionally a Default), not %s", name, kindName(decl))
		return iac.Unknown{Reason: "parameter " + name + " is invalid"}
	}
	tn := deref(lookup(decl, "Type"))
	if tn == nil || tn.Kind != yaml.ScalarNode || tn.Value == "" {
		p.errorf(k, "parameter %s has no Type: add Type: String (or Number, CommaDelimitedList, List<…>, an AWS-specific type)", name)
		return iac.Unknown{Reason: "parameter " + name + " is invalid"}
	}
	typ := strings.TrimSpace(tn.Value)
	isList := typ == "CommaDelimitedList" || strings.HasPrefix(typ, "List<")
	switch {
	case strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<"):
		return iac.Unknown{Reason: "parameter " + name + " is read from SSM Parameter Store at deployment"}
	case typ == "String" || typ == "Number" || isList || strings.HasPrefix(typ, "AWS::"):
	default:
		p.errorf(tn, "parameter %s has unknown type %q: use String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or AWS::SSM::Parameter::Value<…>", name, typ)
	}
	var raw string
	have := false
	if ov, ok := p.opts.Params[name]; ok {
		raw, have = ov, true
		if av := deref(lookup(decl, "AllowedValues")); av != nil && av.Kind == yaml.SequenceNode && !isList {
			allowed := false
			for _, a := range av.Content {
				if a = deref(a); a != nil && a.Value == ov {
					allowed = true
				}
			}
			if !allowed {
				p.warnf(k, "parameter %s: the given value %q is not one of its AllowedValues; CloudFormation would reject it", name, ov)
			}
		}
	} else if d := deref(lookup(decl, "Default")); d != nil && d.Tag != "!!null" {
		switch {
		case d.Kind == yaml.ScalarNode && d.Style&yaml.TaggedStyle == 0:
			raw, have = d.Value, true
		case d.Kind == yaml.SequenceNode && isList && d.Style&yaml.TaggedStyle == 0:
			parts := make([]string, 0, len(d.Content))
			for _, e := range d.Content {
				if e = deref(e); e != nil && e.Kind == yaml.ScalarNode {
					parts = append(parts, e.Value)
				}
			}
			raw, have = strings.Join(parts, ","), true
		default:
			p.errorf(d, "parameter %s: Default must be a literal value, not %s", name, kindName(d))
			return iac.Unknown{Reason: "parameter " + name + " has an invalid default"}
		}
	}
	if !have {
		return iac.Unknown{Reason: "parameter " + name + " has no value"}
	}
	switch {
	case typ == "Number":
		if v, ok := parseNumber(raw); ok {
			return v
		}
		p.errorf(k, "parameter %s is a Number but its value %q is not a number", name, raw)
		return iac.Unknown{Reason: "parameter " + name + " has an invalid value"}
	case isList:
		parts := strings.Split(raw, ",")
		out := make([]any, len(parts))
		for i, s := range parts {
			s = strings.TrimSpace(s)
			out[i] = s
			if typ == "List<Number>" {
				v, ok := parseNumber(s)
				if !ok {
					p.errorf(k, "parameter %s is a List<Number> but %q is not a number", name, s)
					return iac.Unknown{Reason: "parameter " + name + " has an invalid value"}
				}
				out[i] = v
			}
		}
		return out
	}
	return raw
}

// parseNumber parses a Number parameter value.
func parseNumber(s string) (any, bool) {
	s = strings.TrimSpace(s)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return normFloat(f), true
	}
	return nil, false
}
