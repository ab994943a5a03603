package cloudformation

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/netip"
	"strconv"
	"strings"

	"cloudward/iac"

	"go.yaml.in/yaml/v3"
)

// Prefixes of the Reason of an Unknown that stands for a resource's
// physical id (Ref) or attribute (Fn::GetAtt).
const (
	RefPrefix    = "ref:"
	GetAttPrefix = "getatt:"
)

// Reference reports whether v is the Unknown produced by a Ref or an
// Fn::GetAtt to a resource of the template, and to which: logicalID, and
// attr ("" for a Ref). Values computed from a reference (a Fn::Sub around
// it, say) are not references.
func Reference(v any) (logicalID, attr string, ok bool) {
	u, isU := v.(iac.Unknown)
	if !isU {
		return "", "", false
	}
	var rest string
	switch {
	case strings.HasPrefix(u.Reason, RefPrefix):
		rest = u.Reason[len(RefPrefix):]
	case strings.HasPrefix(u.Reason, GetAttPrefix):
		rest = u.Reason[len(GetAttPrefix):]
	default:
		return "", "", false
	}
	i := strings.Index(rest, ": ")
	if i <= 0 {
		return "", "", false
	}
	target := rest[:i]
	if strings.HasPrefix(u.Reason, GetAttPrefix) {
		j := strings.IndexByte(target, '.')
		if j <= 0 || j == len(target)-1 {
			return "", "", false
		}
		return target[:j], target[j+1:], true
	}
	return target, "", true
}

func refUnknown(id, note string) iac.Unknown {
	return iac.Unknown{Reason: RefPrefix + id + ": physical id of " + id + " is known only after deployment" + note}
}

func getAttUnknown(id, attr, note string) iac.Unknown {
	return iac.Unknown{Reason: GetAttPrefix + id + "." + attr + ": attribute " + attr + " of " + id + " is known only after deployment" + note}
}

// samNote explains a reference to a name the template does not declare
// in a SAM template.
func samNote(id string) string {
	return " (" + id + " is not declared in the template; the SAM transform may generate it)"
}

// invalid is the value of a function call with wrong arguments.
func invalid(name string) iac.Unknown {
	return iac.Unknown{Reason: "invalid " + name + " (see the diagnostics)"}
}

// call evaluates intrinsic function name with argument arg, written at n.
func (p *parser) call(name string, arg, n *yaml.Node, path string, r *iac.Range, depth int) any {
	switch name {
	case "Ref":
		s, ok := p.nameArg(name, arg, n, depth)
		if !ok {
			return invalid(name)
		}
		return p.ref(s, n)
	case "Fn::GetAtt":
		return p.getAtt(arg, n, depth)
	case "Fn::Sub":
		return p.sub(arg, n, depth)
	case "Fn::Join":
		return p.join(arg, n, depth)
	case "Fn::Select":
		return p.selectFn(arg, n, depth)
	case "Fn::Split":
		return p.split(arg, n, depth)
	case "Fn::Base64":
		v := p.value(arg, "", nil, depth+1)
		if u, ok := v.(iac.Unknown); ok {
			return iac.Unknown{Reason: "Fn::Base64 of an unknown value: " + u.Reason}
		}
		s, ok := toString(v)
		if !ok {
			p.errorf(n, "Fn::Base64 needs a string, not %s", describe(v))
			return invalid(name)
		}
		return base64.StdEncoding.EncodeToString([]byte(s))
	case "Fn::GetAZs":
		v := p.value(arg, "", nil, depth+1)
		region, _ := toString(v)
		if region == "" {
			region = p.opts.Region
		}
		if region == "" {
			return iac.Unknown{Reason: "Fn::GetAZs: the availability zones of the stack's region are known only at deployment"}
		}
		return iac.Unknown{Reason: "Fn::GetAZs: the availability zones of " + region + " are known only at deployment"}
	case "Fn::ImportValue":
		v := p.value(arg, "", nil, depth+1)
		if s, ok := toString(v); ok {
			return iac.Unknown{Reason: "Fn::ImportValue " + s + ": the value is exported by another stack"}
		}
		if _, ok := v.(iac.Unknown); !ok {
			p.errorf(n, "Fn::ImportValue needs the name of an export, not %s", describe(v))
		}
		return iac.Unknown{Reason: "Fn::ImportValue: the value is exported by another stack"}
	case "Fn::Cidr":
		return p.cidr(arg, n, depth)
	case "Fn::FindInMap":
		return p.findInMap(arg, n, depth)
	case "Fn::If":
		return p.ifFn(arg, n, path, r, depth)
	case "Fn::Transform":
		p.warnf(n, "Fn::Transform (macro or AWS::Include) is not expanded; its value is unknown")
		return iac.Unknown{Reason: "Fn::Transform: the value is produced by a macro at deployment"}
	case "Fn::Length":
		v := p.value(arg, "", nil, depth+1)
		switch v := v.(type) {
		case []any:
			return int64(len(v))
		case iac.Unknown:
			return iac.Unknown{Reason: "Fn::Length of an unknown list: " + v.Reason}
		}
		p.errorf(n, "Fn::Length needs a list, not %s", describe(v))
		return invalid(name)
	case "Fn::ToJsonString":
		v := p.value(arg, "", nil, depth+1)
		if u, ok := firstUnknown(v); ok {
			return iac.Unknown{Reason: "Fn::ToJsonString of an unknown value: " + u.Reason}
		}
		b, err := json.Marshal(v)
		if err != nil || v == noValue {
			p.errorf(n, "Fn::ToJsonString needs a mapping or list, not %s", describe(v))
			return invalid(name)
		}
		return string(b)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		return p.condFunc(name, arg, n, depth)
	}
	p.errorf(n, "unknown intrinsic function %s: supported are Ref, Condition and Fn::Base64, Cidr, Equals, FindInMap, GetAtt, GetAZs, If, ImportValue, Join, Not, And, Or, Select, Split, Sub, Transform, Length, ToJsonString", functionLabel(name, n))
	return iac.Unknown{Reason: "unknown intrinsic function " + functionLabel(name, n)}
}

// args returns the list argument of function name, checking its length.
func (p *parser) args(name string, arg, n *yaml.Node, minN, maxN int) ([]*yaml.Node, bool) {
	a := deref(arg)
	if a == nil || a.Kind != yaml.SequenceNode || len(a.Content) < minN || len(a.Content) > maxN {
		want := strconv.Itoa(minN)
		if maxN != minN {
			want = fmt.Sprintf("%d to %d", minN, maxN)
		}
		p.errorf(n, "%s needs a list of %s arguments, not %s", functionLabel(name, n), want, kindName(a))
		return nil, false
	}
	return a.Content, true
}

// nameArg returns the literal name argument of Ref or Condition.
func (p *parser) nameArg(name string, arg, n *yaml.Node, depth int) (string, bool) {
	a := deref(arg)
	if a != nil && a.Kind == yaml.ScalarNode && a.Style&yaml.TaggedStyle == 0 && a.Value != "" && a.Tag != "!!null" {
		return a.Value, true
	}
	if a != nil && (a.Kind != yaml.ScalarNode || a.Style&yaml.TaggedStyle != 0) {
		if _, _, fn := p.function(a, false); fn {
			p.errorf(n, "%s needs a literal name; intrinsic functions are not allowed here", functionLabel(name, n))
			return "", false
		}
	}
	p.errorf(n, "%s needs a name, not %s", functionLabel(name, n), kindName(a))
	return "", false
}

// ref resolves a Ref to name.
func (p *parser) ref(name string, n *yaml.Node) any {
	if v, ok := p.params[name]; ok {
		if l, ok := v.([]any); ok {
			return append([]any(nil), l...)
		}
		return v
	}
	if strings.HasPrefix(name, "AWS::") {
		return p.pseudo(name, n)
	}
	if _, ok := p.resTypes[name]; ok {
		return refUnknown(name, "")
	}
	if p.sam {
		return refUnknown(name, samNote(name))
	}
	p.errorf(n, "Ref to undefined name %q: declare it under Parameters or Resources, or use a pseudo parameter such as AWS::Region", name)
	return iac.Unknown{Reason: "Ref to undefined name " + name}
}

func (p *parser) pseudo(name string, n *yaml.Node) any {
	region := p.opts.Region
	switch name {
	case "AWS::Region":
		if region == "" {
			return iac.Unknown{Reason: "AWS::Region is known only at deployment (no region given)"}
		}
		return region
	case "AWS::AccountId":
		if p.opts.AccountID == "" {
			return iac.Unknown{Reason: "AWS::AccountId is known only at deployment (no account given)"}
		}
		return p.opts.AccountID
	case "AWS::Partition":
		switch {
		case strings.HasPrefix(region, "cn-"):
			return "aws-cn"
		case strings.HasPrefix(region, "us-gov-"):
			return "aws-us-gov"
		}
		return "aws"
	case "AWS::URLSuffix":
		if strings.HasPrefix(region, "cn-") {
			return "amazonaws.com.cn"
		}
		return "amazonaws.com"
	case "AWS::StackName":
		if p.opts.StackName == "" {
			return iac.Unknown{Reason: "AWS::StackName is known only at deployment (no stack name given)"}
		}
		return p.opts.StackName
	case "AWS::StackId":
		return iac.Unknown{Reason: "AWS::StackId is known only after deployment"}
	case "AWS::NotificationARNs":
		return iac.Unknown{Reason: "AWS::NotificationARNs are known only at deployment"}
	case "AWS::NoValue":
		return noValue
	}
	p.errorf(n, "unknown pseudo parameter %s: valid are AWS::AccountId, AWS::NotificationARNs, AWS::NoValue, AWS::Partition, AWS::Region, AWS::StackId, AWS::StackName and AWS::URLSuffix", name)
	return iac.Unknown{Reason: "unknown pseudo parameter " + name}
}

// getAttTarget resolves resource attribute res.attr.
func (p *parser) getAttTarget(res, attr string, n *yaml.Node) any {
	if _, ok := p.resTypes[res]; ok {
		return getAttUnknown(res, attr, "")
	}
	if _, ok := p.params[res]; ok {
		p.errorf(n, "Fn::GetAtt %s.%s: %s is a parameter, not a resource; use Ref for parameters", res, attr, res)
		return iac.Unknown{Reason: "Fn::GetAtt on parameter " + res}
	}
	if p.sam {
		return getAttUnknown(res, attr, samNote(res))
	}
	p.errorf(n, "Fn::GetAtt %s.%s: resource %s is not defined under Resources", res, attr, res)
	return iac.Unknown{Reason: "Fn::GetAtt to undefined resource " + res}
}

func (p *parser) getAtt(arg, n *yaml.Node, depth int) any {
	a := deref(arg)
	if a != nil && a.Kind == yaml.ScalarNode && a.Style&yaml.TaggedStyle == 0 {
		s := a.Value
		i := strings.IndexByte(s, '.')
		if i <= 0 || i == len(s)-1 {
			p.errorf(n, "Fn::GetAtt needs LogicalId.AttributeName or [LogicalId, AttributeName], not %q", s)
			return invalid("Fn::GetAtt")
		}
		return p.getAttTarget(s[:i], s[i+1:], n)
	}
	items, ok := p.args("Fn::GetAtt", arg, n, 2, 2)
	if !ok {
		return invalid("Fn::GetAtt")
	}
	res, ok := p.nameArg("Fn::GetAtt", items[0], n, depth)
	if !ok {
		return invalid("Fn::GetAtt")
	}
	switch v := p.value(items[1], "", nil, depth+1).(type) {
	case string:
		if v == "" {
			break
		}
		return p.getAttTarget(res, v, n)
	case iac.Unknown:
		if _, ok := p.resTypes[res]; !ok && !p.sam {
			p.errorf(n, "Fn::GetAtt: resource %s is not defined under Resources", res)
		}
		return iac.Unknown{Reason: "an attribute of " + res + " chosen by an unknown value (" + v.Reason + ") is known only after deployment"}
	}
	p.errorf(n, "Fn::GetAtt needs an attribute name as its second argument")
	return invalid("Fn::GetAtt")
}

// subPart is a literal or a ${variable} of a Fn::Sub template.
type subPart struct {
	text  string
	isVar bool
}

func parseSub(s string) []subPart {
	var parts []subPart
	var lit strings.Builder
	for len(s) > 0 {
		i := strings.Index(s, "${")
		if i < 0 {
			lit.WriteString(s)
			break
		}
		lit.WriteString(s[:i])
		s = s[i+2:]
		if strings.HasPrefix(s, "!") {
			lit.WriteString("${")
			s = s[1:]
			continue
		}
		j := strings.IndexByte(s, '}')
		if j < 0 {
			lit.WriteString("${")
			lit.WriteString(s)
			break
		}
		if lit.Len() > 0 {
			parts = append(parts, subPart{text: lit.String()})
			lit.Reset()
		}
		parts = append(parts, subPart{text: strings.TrimSpace(s[:j]), isVar: true})
		s = s[j+1:]
	}
	if lit.Len() > 0 {
		parts = append(parts, subPart{text: lit.String()})
	}
	return parts
}

func (p *parser) sub(arg, n *yaml.Node, depth int) any {
	a := deref(arg)
	var tplNode *yaml.Node
	var vars *yaml.Node
	switch {
	case a != nil && a.Kind == yaml.ScalarNode:
		tplNode = a
	case a != nil && a.Kind == yaml.SequenceNode && (len(a.Content) == 1 || len(a.Content) == 2):
		tplNode = deref(a.Content[0])
		if len(a.Content) == 2 {
			vars = deref(a.Content[1])
			if vars == nil || vars.Kind != yaml.MappingNode {
				p.errorf(n, "Fn::Sub: the second argument must be a mapping of variable names to values, not %s", kindName(vars))
				return invalid("Fn::Sub")
			}
			if _, _, fn := p.function(vars, false); fn {
				p.errorf(n, "Fn::Sub: the variable mapping cannot be an intrinsic function")
				return invalid("Fn::Sub")
			}
		}
	default:
		p.errorf(n, "Fn::Sub needs a string, or a list of a string and a variable mapping, not %s", kindName(a))
		return invalid("Fn::Sub")
	}
	if tplNode == nil || tplNode.Kind != yaml.ScalarNode || tplNode.Style&yaml.TaggedStyle != 0 {
		p.errorf(n, "Fn::Sub: the template must be a literal string, not %s", kindName(tplNode))
		return invalid("Fn::Sub")
	}
	tpl := tplNode.Value
	parts := parseSub(tpl)
	var sb strings.Builder
	var unknown *iac.Unknown
	for _, part := range parts {
		if !part.isVar {
			sb.WriteString(part.text)
			continue
		}
		var v any
		if vn := lookup(vars, part.text); vn != nil {
			v = p.value(vn, "", nil, depth+1)
		} else if i := strings.IndexByte(part.text, '.'); i > 0 && !strings.HasPrefix(part.text, "AWS::") {
			v = p.getAttTarget(part.text[:i], part.text[i+1:], n)
		} else if part.text == "" {
			p.errorf(n, "Fn::Sub: empty variable ${} in %q", tpl)
			v = invalid("Fn::Sub")
		} else {
			v = p.ref(part.text, n)
		}
		if len(parts) == 1 {
			if u, ok := v.(iac.Unknown); ok {
				return u
			}
		}
		switch v := v.(type) {
		case iac.Unknown:
			if unknown == nil {
				unknown = &iac.Unknown{Reason: fmt.Sprintf("Fn::Sub %q: ${%s} is unknown: %s", tpl, part.text, v.Reason)}
			}
			continue
		case noValueT:
			p.errorf(n, "Fn::Sub: ${%s} is AWS::NoValue, which cannot be used in a string", part.text)
			return invalid("Fn::Sub")
		}
		s, ok := toString(v)
		if !ok {
			p.errorf(n, "Fn::Sub: ${%s} is %s; only strings and numbers can be substituted", part.text, describe(v))
			return invalid("Fn::Sub")
		}
		sb.WriteString(s)
	}
	if unknown != nil {
		return *unknown
	}
	out := sb.String()
	if strings.Contains(out, "{{resolve:") {
		return dynamicRef(out)
	}
	return out
}

func (p *parser) join(arg, n *yaml.Node, depth int) any {
	items, ok := p.args("Fn::Join", arg, n, 2, 2)
	if !ok {
		return invalid("Fn::Join")
	}
	dv := p.value(items[0], "", nil, depth+1)
	lv := p.value(items[1], "", nil, depth+1)
	if u, ok := dv.(iac.Unknown); ok {
		return iac.Unknown{Reason: "Fn::Join with an unknown delimiter: " + u.Reason}
	}
	delim, ok := dv.(string)
	if !ok {
		p.errorf(n, "Fn::Join: the delimiter must be a string, not %s", describe(dv))
		return invalid("Fn::Join")
	}
	var list []any
	switch lv := lv.(type) {
	case []any:
		list = lv
	case iac.Unknown:
		return iac.Unknown{Reason: "Fn::Join of an unknown list: " + lv.Reason}
	default:
		p.errorf(n, "Fn::Join: the second argument must be a list, not %s", describe(lv))
		return invalid("Fn::Join")
	}
	strs := make([]string, len(list))
	for i, e := range list {
		if u, ok := e.(iac.Unknown); ok {
			return iac.Unknown{Reason: fmt.Sprintf("Fn::Join: element %d is unknown: %s", i, u.Reason)}
		}
		s, ok := toString(e)
		if !ok {
			p.errorf(n, "Fn::Join: element %d is %s; only strings and numbers can be joined", i, describe(e))
			return invalid("Fn::Join")
		}
		strs[i] = s
	}
	out := strings.Join(strs, delim)
	if strings.Contains(out, "{{resolve:") {
		return dynamicRef(out)
	}
	return out
}

func (p *parser) selectFn(arg, n *yaml.Node, depth int) any {
	items, ok := p.args("Fn::Select", arg, n, 2, 2)
	if !ok {
		return invalid("Fn::Select")
	}
	iv := p.value(items[0], "", nil, depth+1)
	lv := p.value(items[1], "", nil, depth+1)
	if u, ok := iv.(iac.Unknown); ok {
		return iac.Unknown{Reason: "Fn::Select with an unknown index: " + u.Reason}
	}
	var idx int64 = -1
	switch v := iv.(type) {
	case int64:
		idx = v
	case string:
		if i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			idx = i
		}
	}
	if idx < 0 {
		p.errorf(n, "Fn::Select: the index must be a non-negative integer, not %s", describe(iv))
		return invalid("Fn::Select")
	}
	switch lv := lv.(type) {
	case iac.Unknown:
		return iac.Unknown{Reason: "Fn::Select from an unknown list: " + lv.Reason}
	case []any:
		if idx >= int64(len(lv)) {
			p.errorf(n, "Fn::Select: index %d is out of range for a list of %d", idx, len(lv))
			return invalid("Fn::Select")
		}
		return lv[idx]
	}
	p.errorf(n, "Fn::Select: the second argument must be a list, not %s", describe(lv))
	return invalid("Fn::Select")
}

func (p *parser) split(arg, n *yaml.Node, depth int) any {
	items, ok := p.args("Fn::Split", arg, n, 2, 2)
	if !ok {
		return invalid("Fn::Split")
	}
	dv := p.value(items[0], "", nil, depth+1)
	sv := p.value(items[1], "", nil, depth+1)
	for _, v := range []any{dv, sv} {
		if u, ok := v.(iac.Unknown); ok {
			return iac.Unknown{Reason: "Fn::Split of an unknown value: " + u.Reason}
		}
	}
	delim, ok1 := dv.(string)
	s, ok2 := toString(sv)
	if !ok1 || !ok2 || delim == "" {
		p.errorf(n, "Fn::Split needs a non-empty delimiter and a string")
		return invalid("Fn::Split")
	}
	parts := strings.Split(s, delim)
	out := make([]any, len(parts))
	for i, x := range parts {
		out[i] = x
	}
	return out
}

// cidr implements Fn::Cidr: count consecutive subnets of the address
// block, each with cidrBits host bits.
func (p *parser) cidr(arg, n *yaml.Node, depth int) any {
	items, ok := p.args("Fn::Cidr", arg, n, 3, 3)
	if !ok {
		return invalid("Fn::Cidr")
	}
	vals := make([]any, 3)
	for i, it := range items {
		vals[i] = p.value(it, "", nil, depth+1)
		if u, ok := vals[i].(iac.Unknown); ok {
			return iac.Unknown{Reason: "Fn::Cidr of an unknown value: " + u.Reason}
		}
	}
	block, _ := vals[0].(string)
	pfx, err := netip.ParsePrefix(strings.TrimSpace(block))
	if err != nil {
		p.errorf(n, "Fn::Cidr: %s is not an address block in CIDR notation", describe(vals[0]))
		return invalid("Fn::Cidr")
	}
	num := func(v any) int64 {
		switch v := v.(type) {
		case int64:
			return v
		case string:
			if i, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return i
			}
		}
		return -1
	}
	count, bits := num(vals[1]), num(vals[2])
	total := int64(pfx.Addr().BitLen())
	newLen := total - bits
	if count < 1 || count > 256 || bits < 1 || newLen < int64(pfx.Bits()) {
		p.errorf(n, "Fn::Cidr: the count must be 1 to 256 and the subnet size (%v host bits) must fit in %s", vals[2], pfx)
		return invalid("Fn::Cidr")
	}
	if avail := newLen - int64(pfx.Bits()); avail < 9 && count > int64(1)<<avail {
		p.errorf(n, "Fn::Cidr: %s holds only %d subnets with %d host bits, not %d", pfx, int64(1)<<avail, bits, count)
		return invalid("Fn::Cidr")
	}
	base := new(big.Int).SetBytes(pfx.Masked().Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	size := int(total / 8)
	out := make([]any, count)
	for i := range out {
		b := base.Bytes()
		buf := make([]byte, size)
		copy(buf[size-len(b):], b)
		addr, _ := netip.AddrFromSlice(buf)
		out[i] = netip.PrefixFrom(addr, int(newLen)).String()
		base.Add(base, step)
	}
	return out
}

func (p *parser) findInMap(arg, n *yaml.Node, depth int) any {
	items, ok := p.args("Fn::FindInMap", arg, n, 3, 4)
	if !ok {
		return invalid("Fn::FindInMap")
	}
	var def *yaml.Node
	if len(items) == 4 {
		def = lookup(deref(items[3]), "DefaultValue")
		if def == nil {
			p.errorf(n, "Fn::FindInMap: the fourth argument must be a mapping with DefaultValue")
			return invalid("Fn::FindInMap")
		}
	}
	keys := make([]string, 3)
	for i := 0; i < 3; i++ {
		v := p.value(items[i], "", nil, depth+1)
		if u, ok := v.(iac.Unknown); ok {
			// A default value does not help: the key may exist.
			return iac.Unknown{Reason: "Fn::FindInMap with an unknown key: " + u.Reason}
		}
		s, ok := toString(v)
		if !ok {
			p.errorf(n, "Fn::FindInMap: argument %d must be a string, not %s", i+1, describe(v))
			return invalid("Fn::FindInMap")
		}
		keys[i] = s
	}
	m, ok := p.mappings[keys[0]]
	if !ok {
		p.errorf(n, "Fn::FindInMap: mapping %q is not defined under Mappings", keys[0])
		return invalid("Fn::FindInMap")
	}
	var v *yaml.Node
	if top := deref(lookup(m, keys[1])); top != nil {
		v = lookup(top, keys[2])
	}
	if v == nil {
		if def != nil {
			return p.value(def, "", nil, depth+1)
		}
		p.errorf(n, "Fn::FindInMap: mapping %s has no value for keys %q, %q", keys[0], keys[1], keys[2])
		return iac.Unknown{Reason: fmt.Sprintf("Fn::FindInMap: mapping %s has no value for keys %q, %q", keys[0], keys[1], keys[2])}
	}
	return p.value(v, "", nil, depth+1)
}

func (p *parser) ifFn(arg, n *yaml.Node, path string, r *iac.Range, depth int) any {
	items, ok := p.args("Fn::If", arg, n, 3, 3)
	if !ok {
		return invalid("Fn::If")
	}
	name, ok := p.nameArg("Fn::If", items[0], n, depth)
	if !ok {
		return invalid("Fn::If")
	}
	switch c := p.cond(name, items[0]).(type) {
	case bool:
		taken, other := items[1], items[2]
		if !c {
			taken, other = other, taken
		}
		// The other branch is evaluated for its diagnostics only.
		p.value(other, "", nil, depth+1)
		return p.value(taken, path, r, depth+1)
	case iac.Unknown:
		reason := "Fn::If: " + c.Reason
		a := p.value(items[1], path, r, depth+1)
		b := p.value(items[2], path, r, depth+1)
		return mergeBranches(a, b, reason)
	}
	return invalid("Fn::If")
}
