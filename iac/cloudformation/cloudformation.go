// Package cloudformation reads AWS CloudFormation templates, in YAML or
// JSON, into iac.Resources: one per entry of the Resources section, with
// the resource's Properties evaluated as far as they can be without
// deploying the stack.
//
// # Evaluation
//
// Every intrinsic function is understood in both forms: the YAML short
// form (!Ref, !Sub, !GetAtt, !Join, !If, !Equals, !Not, !And, !Or,
// !Condition, !Select, !Split, !FindInMap, !Base64, !GetAZs, !ImportValue,
// !Cidr, !Transform) and the long form ({"Ref": …}, {"Fn::Sub": …}, …),
// plus Fn::Length, Fn::ToJsonString and the Fn::FindInMap default value
// of the AWS::LanguageExtensions transform.
//
//   - Parameters take their Default, overridden by Options.Params. A
//     parameter with neither is iac.Unknown{"parameter X has no value"}.
//     Number parameters become int64 or float64, CommaDelimitedList and
//     List<…> parameters become []any of strings (List<Number> of
//     numbers), other types strings. AWS::SSM::Parameter::Value<…>
//     parameters are resolved at deployment and are always Unknown.
//   - Pseudo parameters: AWS::Region, AWS::AccountId and AWS::StackName
//     come from Options (Unknown when not given); AWS::Partition and
//     AWS::URLSuffix follow the region ("aws" and "amazonaws.com" unless
//     the region is in China or GovCloud); AWS::StackId and
//     AWS::NotificationARNs are Unknown; AWS::NoValue removes the property
//     or list element it is the value of.
//   - Conditions are evaluated with three values (true, false, unknown):
//     Fn::And is false as soon as one operand is false, Fn::Or true as soon
//     as one is true. A resource whose Condition is false is left out; one
//     whose Condition is unknown is kept, with a warning diagnostic.
//   - Fn::If picks its branch. When the condition is unknown, both
//     branches are evaluated and merged: what they agree on is kept,
//     everything else is Unknown (a property set in one branch only is
//     Unknown, since it may be absent).
//   - Strings holding a dynamic reference ({{resolve:ssm:…}},
//     {{resolve:secretsmanager:…}}) are Unknown: they are resolved at
//     deployment.
//   - Fn::GetAZs, Fn::ImportValue and Fn::Transform (macros, AWS::Include)
//     are Unknown; so is everything computed from an Unknown.
//
// # References between resources
//
// Ref and Fn::GetAtt to a resource of the template are Unknown (physical
// ids and attributes exist only after deployment), but their Reason keeps
// the target so adapters can link resources (a bucket policy to its
// bucket):
//
//	Ref:        "ref:<LogicalId>: physical id of <LogicalId> is known only after deployment"
//	Fn::GetAtt: "getatt:<LogicalId>.<Attribute>: attribute <Attribute> of <LogicalId> is known only after deployment"
//
// Only a value that is exactly such a reference has these prefixes
// (!Ref Bucket, !GetAtt Bucket.Arn, !Sub "${Bucket}"); a value computed
// from one (!Sub "arn:aws:s3:::${Bucket}/*") is a plain Unknown. Use
// Reference to read them.
//
// # Resources
//
// Format is "cloudformation", Type the resource type (AWS::S3::Bucket),
// Address and Name the logical id, Attrs the evaluated Properties (no
// resource attributes such as DeletionPolicy, DependsOn or Metadata),
// Region and Account from Options. Range spans the resource's entry in the
// Resources mapping. AttrRanges has an entry for every path into Attrs:
// map keys joined with ".", list elements as "[i]"
// ("BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm");
// a key that contains '.', '[', ']' or '"', or is empty, is written
// ["key"] with Go string quoting (Parameters["rds.force_ssl"]). A value
// produced by a function points at the function call; one from a YAML
// alias points at the anchored node.
//
// SAM templates (Transform: AWS::Serverless-2016-10-31) are read as they
// are: AWS::Serverless::* resources keep their types and properties and
// are not expanded into the resources SAM would generate, Globals are not
// merged into them, and Ref/Fn::GetAtt to names SAM generates
// (MyFunctionRole, ServerlessRestApi) are references without a
// diagnostic.
//
// # Diagnostics
//
// Severity error means CloudFormation would reject the template: a syntax
// error (then no resources are returned), a malformed section or
// resource, an unknown intrinsic function, wrong arguments, a Ref to an
// undefined name, circular conditions. The affected value is Unknown or
// the affected resource left out, and the rest is still returned.
// Severity warning marks what is valid but cannot be evaluated statically
// (unknown resource conditions, macros, Fn::ForEach, several YAML
// documents).
package cloudformation

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf16"

	"cloudward/iac"

	"go.yaml.in/yaml/v3"
)

// Options give the values a template cannot state itself.
type Options struct {
	// Params override parameter defaults, by parameter name, as they
	// would be passed to CloudFormation (lists comma-separated).
	Params map[string]string
	// Region and AccountID are the values of the pseudo parameters
	// AWS::Region and AWS::AccountId, and of Resource.Region/Account.
	// Unknown when empty.
	Region    string
	AccountID string
	// StackName is the value of AWS::StackName; Unknown when empty.
	StackName string
}

// Transform names with special meaning.
const (
	samTransform      = "AWS::Serverless-2016-10-31"
	languageTransform = "AWS::LanguageExtensions"
)

// Limits on evaluation work, against YAML alias bombs and deep nesting:
// a template may take baseSteps plus stepsPerByte steps per byte of text
// (far more than real templates need, even with Fn::If evaluating both
// branches) and nest values maxDepth deep.
const (
	baseSteps    = 100_000
	stepsPerByte = 20
	maxDepth     = 1000
)

// tfExt lists file name endings that are never CloudFormation templates
// even if they contain one (a Terraform heredoc, for example).
var tfExt = []string{".tf", ".tf.json", ".tfvars", ".tfvars.json", ".hcl", ".tfstate", ".tfplan"}

var (
	detectVersionRE  = regexp.MustCompile(`(?m)^[ \t]*["']?AWSTemplateFormatVersion["']?[ \t]*:`)
	detectResourceRE = regexp.MustCompile(`(?m)(^Resources\s*:|"Resources"\s*:)`)
	detectTypeRE     = regexp.MustCompile(`["']?Type["']?\s*:\s*["']?(AWS|Custom|Alexa)::`)
)

// Detect reports whether data (the content of file name) is a
// CloudFormation template, YAML or JSON: a mapping with an
// AWSTemplateFormatVersion key, or with a Resources mapping in which some
// resource's Type is AWS::…, Custom::…, Alexa::… or …::MODULE. A file
// that cannot be parsed is detected by the same keys found as text, so
// that a broken template is reported rather than ignored. Terraform files
// are never templates.
func Detect(name string, data []byte) bool {
	lower := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	for _, ext := range tfExt {
		if strings.HasSuffix(lower, ext) {
			return false
		}
	}
	data = utf8Text(data)
	hasVersion := bytes.Contains(data, []byte("AWSTemplateFormatVersion"))
	if !hasVersion && !(bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("::"))) {
		return false
	}
	if hasVersion && !isJSONText(data) && topLevelVersionKey(data) {
		return true
	}
	doc, err := decode(data, isJSONName(name))
	if err != nil {
		return detectVersionRE.Match(data) || detectResourceRE.Match(data) && detectTypeRE.Match(data)
	}
	root := deref(doc.root)
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		switch root.Content[i].Value {
		case "AWSTemplateFormatVersion":
			return true
		case "Resources":
			res := deref(root.Content[i+1])
			if res == nil || res.Kind != yaml.MappingNode {
				continue
			}
			for j := 1; j < len(res.Content); j += 2 {
				if t := deref(lookup(deref(res.Content[j]), "Type")); t != nil && t.Kind == yaml.ScalarNode && isResourceType(t.Value) {
					return true
				}
			}
		}
	}
	return false
}

// utf8Text converts UTF-16 text (recognised by its byte order mark) to
// UTF-8, so that byte offsets and the YAML library's positions agree.
func utf8Text(data []byte) []byte {
	var order binary.ByteOrder
	switch {
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		order = binary.LittleEndian
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		order = binary.BigEndian
	default:
		return data
	}
	units := make([]uint16, 0, len(data)/2)
	for i := 2; i+1 < len(data); i += 2 {
		units = append(units, order.Uint16(data[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}

// topLevelVersionKey reports whether a YAML text has the key
// AWSTemplateFormatVersion at the start of a line, where only a top-level
// key can be.
func topLevelVersionKey(data []byte) bool {
	const key = "AWSTemplateFormatVersion"
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(key))
		if i < 0 {
			return false
		}
		i += off
		start := i
		if start > 0 && (data[start-1] == '"' || data[start-1] == '\'') {
			start--
		}
		rest := bytes.TrimLeft(bytes.TrimLeft(data[i+len(key):], "\"'"), " \t")
		if (start == 0 || data[start-1] == '\n' || data[start-1] == '\r') && len(rest) > 0 && rest[0] == ':' {
			return true
		}
		off = i + len(key)
	}
}

func isYAMLName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")
}

func isJSONName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".json")
}

func isResourceType(t string) bool {
	return strings.HasPrefix(t, "AWS::") || strings.HasPrefix(t, "Custom::") ||
		strings.HasPrefix(t, "Alexa::") || strings.HasSuffix(t, "::MODULE")
}

// Parse reads the template in data (named file in diagnostics and
// ranges) and returns its resources, in template order, with diagnostics
// for what could not be read. A file named *.json must be valid JSON;
// other names are read as JSON when they start with '{' and are valid
// JSON, else as YAML. Parse never panics and is safe for concurrent use.
func Parse(file string, data []byte, opts Options) (resources []iac.Resource, diags []iac.Diagnostic) {
	p := &parser{file: file, opts: opts}
	defer func() {
		if r := recover(); r != nil {
			resources = nil
			diags = append(p.diags, iac.Diagnostic{File: file, Severity: iac.SeverityError,
				Message: fmt.Sprintf("internal error while reading the template (%v); the file was not scanned, please report this", r)})
		}
	}()
	data = utf8Text(data)
	doc, serr := decode(data, isJSONName(file))
	if serr != nil {
		return nil, []iac.Diagnostic{{File: file, Line: serr.line, Column: serr.col, Severity: iac.SeverityError, Message: serr.msg}}
	}
	p.doc = doc
	p.maxSteps = baseSteps + stepsPerByte*len(data)
	p.template()
	return p.resources, p.diags
}

// parser holds the state of one Parse.
type parser struct {
	file string
	opts Options
	doc  *document

	diags     []iac.Diagnostic
	resources []iac.Resource

	sam        bool
	params     map[string]any
	mappings   map[string]*yaml.Node
	conds      map[string]*condition
	condStack  []string
	cycles     map[string]bool
	resTypes   map[string]string
	rec        map[string]iac.Range // AttrRanges being recorded for the current resource
	steps      int
	maxSteps   int
	overBudget bool
}

func (p *parser) diag(sev string, at *yaml.Node, format string, args ...any) {
	d := iac.Diagnostic{File: p.file, Severity: sev, Message: fmt.Sprintf(format, args...)}
	if at != nil {
		d.Line, d.Column = at.Line, at.Column
	}
	p.diags = append(p.diags, d)
}

func (p *parser) errorf(at *yaml.Node, format string, args ...any) {
	p.diag(iac.SeverityError, at, format, args...)
}

func (p *parser) warnf(at *yaml.Node, format string, args ...any) {
	p.diag(iac.SeverityWarning, at, format, args...)
}

// deref follows YAML aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// lookup returns the value of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// kindName describes a node for messages.
func kindName(n *yaml.Node) string {
	n = deref(n)
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return fmt.Sprintf("a list of %d", len(n.Content))
	case n.Tag == "!!null":
		return "null"
	}
	return fmt.Sprintf("the value %q", n.Value)
}

var sections = map[string]bool{
	"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true, "Parameters": true,
	"Rules": true, "Mappings": true, "Conditions": true, "Transform": true, "Resources": true,
	"Outputs": true, "Hooks": true,
}

// template reads the sections of the template.
func (p *parser) template() {
	root := deref(p.doc.root)
	if root == nil || root.Kind != yaml.MappingNode {
		p.errorf(root, "a CloudFormation template must be a mapping of sections (Parameters, Resources, …), not %s", kindName(root))
		return
	}
	if e := p.doc.notJSON; e != nil && !isYAMLName(p.file) {
		p.diags = append(p.diags, iac.Diagnostic{File: p.file, Line: e.line, Column: e.col, Severity: iac.SeverityWarning,
			Message: "the template is not valid JSON (" + e.msg + "); it was read as YAML, which accepts this"})
	}
	if p.doc.multi {
		p.warnf(nil, "the file holds several YAML documents; only the first is read as the template")
	}
	sec := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if prev, dup := keys[k.Value]; dup {
			p.errorf(k, "section %s is defined twice (also at line %d); the last one is used", k.Value, prev.Line)
		}
		keys[k.Value], sec[k.Value] = k, root.Content[i+1]
	}
	if t, ok := sec["Transform"]; ok {
		p.transforms(t)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !sections[k.Value] && !(p.sam && k.Value == "Globals") {
			p.errorf(k, "unknown template section %q: valid sections are AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs and Hooks", k.Value)
		}
	}
	if v, ok := sec["AWSTemplateFormatVersion"]; ok {
		if v := deref(v); v == nil || v.Kind != yaml.ScalarNode || v.Value != "2010-09-09" {
			p.errorf(v, "AWSTemplateFormatVersion must be \"2010-09-09\", not %s", kindName(v))
		}
	}
	p.parameters(sec["Parameters"])
	p.readMappings(sec["Mappings"])
	res := deref(sec["Resources"])
	if res == nil || res.Kind != yaml.MappingNode || len(res.Content) == 0 {
		at := keys["Resources"]
		if at == nil {
			at = root
		}
		p.errorf(at, "the template has no resources: a Resources section mapping logical ids to resources is required")
		res = nil
	}
	p.resTypes = map[string]string{}
	if res != nil {
		for i := 0; i+1 < len(res.Content); i += 2 {
			body := deref(res.Content[i+1])
			t := deref(lookup(body, "Type"))
			if t != nil && t.Kind == yaml.ScalarNode {
				p.resTypes[res.Content[i].Value] = t.Value
			} else {
				p.resTypes[res.Content[i].Value] = ""
			}
		}
	}
	if ps := deref(sec["Parameters"]); ps != nil && ps.Kind == yaml.MappingNode {
		for i := 0; i < len(ps.Content); i += 2 {
			if _, dup := p.resTypes[ps.Content[i].Value]; dup {
				p.errorf(ps.Content[i], "%s is both a parameter and a resource: logical ids must be unique; Ref %s means the parameter", ps.Content[i].Value, ps.Content[i].Value)
			}
		}
	}
	p.readConditions(sec["Conditions"])
	if res != nil {
		p.readResources(res)
	}
}

func (p *parser) transforms(t *yaml.Node) {
	var names []*yaml.Node
	switch t = deref(t); {
	case t == nil:
	case t.Kind == yaml.ScalarNode:
		names = []*yaml.Node{t}
	case t.Kind == yaml.SequenceNode:
		for _, n := range t.Content {
			names = append(names, deref(n))
		}
	default:
		p.errorf(t, "Transform must be a transform name or a list of names, not %s", kindName(t))
	}
	for _, n := range names {
		switch {
		case n == nil || n.Kind != yaml.ScalarNode:
			p.errorf(t, "Transform must be a transform name or a list of names")
		case n.Value == samTransform:
			p.sam = true
		case n.Value == languageTransform:
		default:
			p.warnf(n, "transform (macro) %s is not expanded: resources it would add or change are not scanned", n.Value)
		}
	}
}

// readMappings indexes the Mappings section.
func (p *parser) readMappings(m *yaml.Node) {
	p.mappings = map[string]*yaml.Node{}
	if m = deref(m); m == nil || m.Tag == "!!null" {
		return
	}
	if m.Kind != yaml.MappingNode {
		p.errorf(m, "Mappings must be a mapping of map names to maps, not %s", kindName(m))
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], deref(m.Content[i+1])
		if v == nil || v.Kind != yaml.MappingNode {
			p.errorf(k, "mapping %s must be a mapping of keys to mappings, not %s", k.Value, kindName(v))
			continue
		}
		p.mappings[k.Value] = v
	}
}

var resourceAttributes = map[string]bool{
	"Type": true, "Properties": true, "Condition": true, "DependsOn": true, "Metadata": true,
	"DeletionPolicy": true, "UpdateReplacePolicy": true, "CreationPolicy": true, "UpdatePolicy": true,
	"Version": true, "Description": true, "IgnoreErrors": true,
}

var logicalIDRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// readResources evaluates every resource.
func (p *parser) readResources(res *yaml.Node) {
	seen := map[string]int{}
	for i := 0; i+1 < len(res.Content); i += 2 {
		seen[res.Content[i].Value] = i
	}
	for i := 0; i+1 < len(res.Content); i += 2 {
		k, v := res.Content[i], res.Content[i+1]
		id := k.Value
		if strings.HasPrefix(id, "Fn::ForEach") {
			p.warnf(k, "%s (AWS::LanguageExtensions) is not expanded: the resources it generates are not scanned", id)
			continue
		}
		if last := seen[id]; last != i {
			p.errorf(k, "resource %s is defined twice (again at line %d); the last definition is used", id, res.Content[last].Line)
			continue
		}
		if r, ok := p.resource(k, v, res.Style&yaml.FlowStyle != 0); ok {
			p.resources = append(p.resources, r)
		}
	}
}

func (p *parser) resource(k, v *yaml.Node, inFlow bool) (iac.Resource, bool) {
	id := k.Value
	body := deref(v)
	if body == nil || body.Kind != yaml.MappingNode {
		p.errorf(k, "resource %s must be a mapping with Type and Properties, not %s", id, kindName(body))
		return iac.Resource{}, false
	}
	if !logicalIDRE.MatchString(id) {
		p.errorf(k, "logical id %q must contain only letters and digits", id)
	}
	var typ, cond, props, propsKey *yaml.Node
	for i := 0; i+1 < len(body.Content); i += 2 {
		ak, av := body.Content[i], body.Content[i+1]
		switch ak.Value {
		case "Type":
			typ = deref(av)
		case "Condition":
			cond = av
		case "Properties":
			props, propsKey = av, ak
		case "DependsOn":
			p.dependsOn(id, av)
		default:
			if !resourceAttributes[ak.Value] {
				p.errorf(ak, "resource %s has unknown attribute %q: valid attributes are Type, Properties, Condition, DependsOn, Metadata, DeletionPolicy, UpdateReplacePolicy, CreationPolicy and UpdatePolicy (properties go under Properties)", id, ak.Value)
			}
		}
	}
	if typ == nil || typ.Kind != yaml.ScalarNode || typ.Value == "" || typ.Tag == "!!null" {
		at := typ
		if at == nil {
			at = k
		}
		p.errorf(at, "resource %s has no Type: set Type to a resource type such as AWS::S3::Bucket; the resource is not scanned", id)
		return iac.Resource{}, false
	}
	if typ.Tag != "!!str" && typ.Style&yaml.TaggedStyle != 0 {
		p.errorf(typ, "resource %s: Type must be a literal resource type, not an intrinsic function; the resource is not scanned", id)
		return iac.Resource{}, false
	}
	if cond != nil {
		cn := deref(cond)
		if cn == nil || cn.Kind != yaml.ScalarNode || cn.Style&yaml.TaggedStyle != 0 {
			p.errorf(cond, "resource %s: Condition must be the name of a condition, not %s", id, kindName(cn))
		} else {
			switch c := p.cond(cn.Value, cn).(type) {
			case bool:
				if !c {
					return iac.Resource{}, false
				}
			case iac.Unknown:
				p.warnf(cn, "resource %s is created only if condition %s is true, which cannot be known statically (%s); it is scanned as if it were created", id, cn.Value, c.Reason)
			}
		}
	}
	r := iac.Resource{
		Format:  iac.FormatCloudFormation,
		Type:    typ.Value,
		Address: id,
		Name:    id,
		Range:   iac.Range{File: p.file, StartLine: k.Line, EndLine: p.doc.end(v, k.Column, k.Line, inFlow)},
		Attrs:   map[string]any{},
		Region:  p.opts.Region,
		Account: p.opts.AccountID,
	}
	if props != nil {
		base := iac.Range{File: p.file, StartLine: propsKey.Line, EndLine: p.doc.end(props, propsKey.Column, propsKey.Line, inFlow || body.Style&yaml.FlowStyle != 0)}
		p.rec = map[string]iac.Range{}
		switch pv := p.value(props, "", &base, 1).(type) {
		case map[string]any:
			r.Attrs = pv
		case nil, noValueT:
		case iac.Unknown:
			p.warnf(propsKey, "the properties of resource %s cannot be determined statically (%s); it is scanned without properties", id, pv.Reason)
		default:
			p.errorf(propsKey, "resource %s: Properties must be a mapping of property names to values, not %s", id, describe(pv))
		}
		r.AttrRanges = attrRanges(r.Attrs, p.rec, base)
		p.rec = nil
	}
	return r, true
}

// dependsOn checks that a DependsOn names resources of the template.
func (p *parser) dependsOn(id string, v *yaml.Node) {
	v = deref(v)
	names := []*yaml.Node{v}
	if v != nil && v.Kind == yaml.SequenceNode {
		names = v.Content
	}
	for _, n := range names {
		n = deref(n)
		if n == nil || n.Kind != yaml.ScalarNode || n.Style&yaml.TaggedStyle != 0 {
			p.errorf(v, "resource %s: DependsOn must be a logical id or a list of logical ids", id)
			return
		}
		if _, ok := p.resTypes[n.Value]; !ok && !p.sam {
			p.errorf(n, "resource %s depends on %q, which is not defined under Resources", id, n.Value)
		}
	}
}

// attrRanges returns a range for every path into attrs: the recorded one,
// or else that of the closest enclosing path.
func attrRanges(attrs map[string]any, rec map[string]iac.Range, base iac.Range) map[string]iac.Range {
	if len(attrs) == 0 {
		return nil
	}
	out := make(map[string]iac.Range, len(rec))
	var walk func(v any, path string, parent iac.Range)
	walk = func(v any, path string, parent iac.Range) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				cp := joinKey(path, k)
				r, ok := rec[cp]
				if !ok {
					r = parent
				}
				out[cp] = r
				walk(e, cp, r)
			}
		case []any:
			for i, e := range v {
				cp := joinIndex(path, i)
				r, ok := rec[cp]
				if !ok {
					r = parent
				}
				out[cp] = r
				walk(e, cp, r)
			}
		}
	}
	walk(attrs, "", base)
	return out
}
