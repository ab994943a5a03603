package adapt

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"cloudward/asset"
	"cloudward/iac"
	"cloudward/iac/cloudformation"
	"cloudward/iac/tfplan"
)

// UnknownAccount and UnknownRegion fill an asset's envelope when the code
// does not state its account (Terraform allowed_account_ids, the
// CloudFormation AccountID option) or region. Every asset of a scan with
// no stated account shares UnknownAccount, so account-scoped relations
// (the account's Block Public Access, its trails) still line up.
const (
	UnknownAccount = "unknown"
	UnknownRegion  = "unknown"
)

// Assets turns Terraform and CloudFormation resources into the asset
// types the live AWS collector produces. Resources of types it does not
// map are ignored; a mapped resource with a value it cannot use yields a
// warning diagnostic. rs may mix formats and files.
func Assets(reg *asset.Registry, rs []iac.Resource) (assets []*asset.Asset, diags []iac.Diagnostic) {
	b := &builder{reg: reg, prims: map[string]*prim{}, raw: map[string]*iac.Resource{}}
	defer func() {
		if r := recover(); r != nil {
			assets = nil
			diags = append(b.diags, iac.Diagnostic{Severity: iac.SeverityError,
				Message: fmt.Sprintf("internal error while adapting IaC resources to assets (please report it): %v", r)})
		}
	}()
	rs = normalize(rs)
	for i := range rs {
		b.raw[key(&rs[i], rs[i].Address)] = &rs[i]
	}
	// Primaries first, so attachments (policies, rules, aliases) find them.
	for i := range rs {
		r := &rs[i]
		if f := primaries[r.Type]; f != nil {
			c := &ctx{b: b, r: r}
			if p := f(c); p != nil {
				p.r = r
				b.prims[key(r, r.Address)] = p
				b.order = append(b.order, p)
			}
		}
	}
	for i := range rs {
		r := &rs[i]
		if f := attachments[r.Type]; f != nil {
			f(&ctx{b: b, r: r})
		}
	}
	for _, p := range b.order {
		if p.finish != nil {
			p.finish(&ctx{b: b, r: p.r})
		}
		b.out = append(b.out, p.a)
	}
	b.out = append(b.out, b.settings...)
	undeclaredRelations(b.out, b.settings)
	for _, a := range b.out {
		a.CollectSpans()
	}
	return b.out, b.diags
}

// builder holds the state of one Assets call.
type builder struct {
	reg      *asset.Registry
	diags    []iac.Diagnostic
	prims    map[string]*prim         // key(resource, address) -> primary
	order    []*prim                  // primaries in input order
	raw      map[string]*iac.Resource // every resource, by key
	settings []*asset.Asset           // account and region settings assets
	out      []*asset.Asset
}

// prim is an asset made from one primary resource, which other resources
// may fold into.
type prim struct {
	a      *asset.Asset
	r      *iac.Resource
	name   string // the configured name (bucket name, group name) when known
	finish func(c *ctx)
	// Folded state, per asset type.
	ingress, egress []*asset.Object
	entries         []*asset.Object
	rulesUnknown    map[string]string // field -> reason when a rule list is unknown
	aliases         []string
	members         []*iac.Resource
	listeners       []*asset.Object
	extra           map[string]any
}

// key identifies a resource within a scan: Terraform addresses are unique
// per configuration; CloudFormation logical ids, ARM resource names and
// Kubernetes kind/namespace/name per file.
func key(r *iac.Resource, addr string) string {
	switch r.Format {
	case iac.FormatTerraform, iac.FormatTerraformPlan:
		return r.Format + "|" + addr
	}
	return r.Format + "|" + r.Range.File + "|" + addr
}

// ctx is the resource being adapted.
type ctx struct {
	b *builder
	r *iac.Resource
}

// warn records a warning at the attribute's line (or the resource's).
func (c *ctx) warn(attr, msg string) {
	line := c.r.Range.StartLine
	if rg, ok := c.r.AttrRanges[attr]; ok && rg.StartLine > 0 {
		line = rg.StartLine
	}
	c.b.diags = append(c.b.diags, iac.Diagnostic{File: c.r.Range.File, Line: line, Severity: iac.SeverityWarning,
		Message: fmt.Sprintf("%s %s: %s: %s", c.r.Type, c.r.Address, attr, msg)})
}

// newAsset makes the asset of type typ for the resource. name is the
// configured name when it is a known string; otherwise the address is used.
func (c *ctx) newAsset(typ string, name any, global bool) *prim {
	ts, ok := c.b.reg.Lookup(typ)
	if !ok {
		panic("adapt: unknown asset type " + typ)
	}
	acct := c.r.Account
	if acct == "" {
		acct = UnknownAccount
	}
	region := c.r.Region
	switch {
	case global:
		region = "global"
	case region == "":
		region = UnknownRegion
	}
	n, _ := name.(string)
	p := &prim{name: n}
	if n == "" {
		n = c.r.Address
	}
	p.a = asset.New(ts, acct, region, c.r.Address, n)
	p.a.Source = asset.Source{File: c.r.Range.File, StartLine: c.r.Range.StartLine, EndLine: c.r.Range.EndLine}
	p.a.SetTags(c.tags())
	return p
}

// tags reads Terraform tags maps and CloudFormation Tags lists; unknown
// keys or values are left out.
func (c *ctx) tags() map[string]string {
	out := map[string]string{}
	switch t := c.r.Attrs["tags"].(type) {
	case map[string]any:
		for k, v := range t {
			if s, ok := scalar(v); ok {
				out[k] = s
			}
		}
	}
	if l, ok := c.r.Attrs["Tags"].([]any); ok {
		for _, e := range l {
			m, _ := e.(map[string]any)
			k, ok1 := m["Key"].(string)
			v, ok2 := scalar(m["Value"])
			if ok1 && ok2 {
				out[k] = v
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

// get navigates dotted path through the resource's attributes. A nested
// block written as a list of one map is entered as that map; an Unknown
// met on the way is returned.
func (c *ctx) get(path string) any { return lookup(c.r.Attrs, path) }

func lookup(m map[string]any, path string) any {
	var v any = m
	for _, part := range strings.Split(path, ".") {
		o, u := block(v)
		if u != nil {
			return *u
		}
		if o == nil {
			return nil
		}
		v = o[part]
	}
	return v
}

// block reads a non-repeating nested block as one object, whichever shape
// the format gives it: a map (Terraform HCL, CloudFormation), or a list
// of objects (Terraform plans render every nested block as a list; HCL
// does for the block types that may repeat), whose first element is
// taken. An unknown block, or an unknown first element, returns its
// reason; nil, an empty list and other values return neither.
func block(v any) (map[string]any, *iac.Unknown) {
	if l, ok := v.([]any); ok {
		if len(l) == 0 {
			return nil, nil
		}
		v = l[0]
	}
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case iac.Unknown:
		return nil, &x
	}
	return nil, nil
}

// normalize returns rs with Terraform plan resources (iac/tfplan) given the
// shape iac/terraform gives the configuration they come from, so that
// they are adapted exactly like it: arguments the plan shows as null or
// as an empty list (an unset argument, zero nested blocks) and values the
// provider computes although the configuration does not set them
// (tfplan.ComputedAfterApply: ids, ARNs, Optional+Computed arguments left
// to their default) are left out, as the configuration leaves them out,
// so the defaults of this package apply. Provider defaults the plan shows
// as known values (http_tokens "optional", force_destroy false) are kept.
// Nested blocks stay lists of objects: lookup and blocks read both shapes.
// Other resources are returned as they are; rs itself is not modified.
func normalize(rs []iac.Resource) []iac.Resource {
	var out []iac.Resource
	for i := range rs {
		if rs[i].Format != iac.FormatTerraformPlan {
			continue
		}
		if out == nil {
			out = append([]iac.Resource(nil), rs...)
		}
		out[i].Attrs, _ = planValue(rs[i].Attrs).(map[string]any)
		if out[i].Attrs == nil {
			out[i].Attrs = map[string]any{}
		}
	}
	if out == nil {
		return rs
	}
	return out
}

// planValue copies a plan value, dropping the object members normalize
// leaves out.
func planValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			switch y := e.(type) {
			case nil:
				continue
			case iac.Unknown:
				if y.Reason == tfplan.ComputedAfterApply {
					continue
				}
			case []any:
				if len(y) == 0 {
					continue
				}
			}
			m[k] = planValue(e)
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = planValue(e)
		}
		return l
	}
	return v
}

// blocks reads a nested block that may be a map or a list of maps. An
// unknown block (or element) returns its reason.
func blocks(v any) ([]map[string]any, *iac.Unknown) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return []map[string]any{x}, nil
	case iac.Unknown:
		return nil, &x
	case []any:
		out := make([]map[string]any, 0, len(x))
		for _, e := range x {
			switch y := e.(type) {
			case map[string]any:
				out = append(out, y)
			case iac.Unknown:
				return nil, &y
			}
		}
		return out, nil
	}
	return nil, nil
}

// set stores v in field of o, converting it to the field's type. nil
// stores nothing and returns false; an iac.Unknown makes the field
// unknown with its reason; a value of the wrong type is reported and
// left out. attr names the attribute for diagnostics.
func (c *ctx) set(o *asset.Object, field, attr string, v any) bool {
	if v == nil {
		return false
	}
	if rg, ok := c.r.AttrRanges[attr]; ok {
		o.SetSpan(field, asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine})
	}
	if u, ok := v.(iac.Unknown); ok {
		if addr := c.standIn(o, field, u); addr != "" {
			o.SetString(field, addr)
			return true
		}
		o.SetUnknown(field, u.Reason)
		return true
	}
	f := o.Schema().Field(field)
	if f == nil {
		panic("adapt: no field " + field + " in " + o.Schema().Name)
	}
	bad := func() bool {
		c.warn(attr, fmt.Sprintf("unexpected value %v for %s", v, field))
		return false
	}
	switch f.Type.Kind {
	case asset.KindBool:
		b, ok := toBool(v)
		if !ok {
			return bad()
		}
		o.SetBool(field, b)
	case asset.KindInt:
		n, ok := toInt(v)
		if !ok {
			return bad()
		}
		o.SetInt(field, n)
	case asset.KindString:
		s, ok := scalar(v)
		if !ok {
			return bad()
		}
		o.SetString(field, s)
	case asset.KindList:
		l, u, ok := toStrings(v)
		if u != nil {
			o.SetUnknown(field, u.Reason)
			return true
		}
		if !ok {
			return bad()
		}
		o.SetStrings(field, l)
	case asset.KindDyn:
		return c.setDoc(o, field, attr, v)
	default:
		panic("adapt: cannot set " + field)
	}
	return true
}

// setDoc stores a JSON document (a policy) given as a string or as a
// structure; a structure holding an unknown value makes the whole
// document unknown.
func (c *ctx) setDoc(o *asset.Object, field, attr string, v any) bool {
	var doc string
	switch x := v.(type) {
	case string:
		doc = x
	default:
		if u := firstUnknown(v); u != nil {
			o.SetUnknown(field, u.Reason)
			return true
		}
		js, err := json.Marshal(v)
		if err != nil {
			c.warn(attr, "cannot encode document: "+err.Error())
			return false
		}
		doc = string(js)
	}
	if err := o.SetJSON(field, doc); err != nil {
		c.warn(attr, "not a valid JSON document")
		o.SetUnknown(field, attr+" is not a valid JSON document")
	}
	return true
}

// setd is set with a default for an absent value.
func (c *ctx) setd(o *asset.Object, field, attr string, v, def any) {
	if v == nil {
		v = def
	}
	c.set(o, field, attr, v)
}

// field maps one asset attribute to the Terraform and CloudFormation
// arguments that set it, with the value AWS applies when the argument is
// omitted (nil: none, the attribute stays absent). An empty path means the
// format has no such argument.
type field struct {
	name, tf, cfn string
	def           any
}

// fields sets each field from the argument of the resource's format
// (Terraform configurations and plans share the Terraform names).
func (c *ctx) fields(o *asset.Object, fs []field) {
	for _, f := range fs {
		path := f.tf
		if c.r.Format == iac.FormatCloudFormation {
			path = f.cfn
		}
		if path != "" {
			c.attrd(o, f.name, path, f.def)
		}
	}
}

// attr sets field from the resource attribute at path.
func (c *ctx) attr(o *asset.Object, field, path string) bool {
	return c.set(o, field, path, c.get(path))
}

// attrd sets field from path, or def when the attribute is absent.
func (c *ctx) attrd(o *asset.Object, field, path string, def any) {
	c.setd(o, field, path, c.get(path), def)
}

func firstUnknown(v any) *iac.Unknown {
	switch x := v.(type) {
	case iac.Unknown:
		return &x
	case map[string]any:
		ks := make([]string, 0, len(x))
		for k := range x {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		for _, k := range ks {
			if u := firstUnknown(x[k]); u != nil {
				return u
			}
		}
	case []any:
		for _, e := range x {
			if u := firstUnknown(e); u != nil {
				return u
			}
		}
	}
	return nil
}

func toBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		b, err := strconv.ParseBool(strings.ToLower(x))
		return b, err == nil
	}
	return false, false
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) {
			return int64(x), true
		}
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// toStrings reads a list of scalars (or one scalar) as strings.
func toStrings(v any) ([]string, *iac.Unknown, bool) {
	switch x := v.(type) {
	case iac.Unknown:
		return nil, &x, false
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if u, ok := e.(iac.Unknown); ok {
				return nil, &u, false
			}
			s, ok := scalar(e)
			if !ok {
				return nil, nil, false
			}
			out = append(out, s)
		}
		return out, nil, true
	}
	if s, ok := scalar(v); ok {
		return []string{s}, nil, true
	}
	return nil, nil, false
}

// target finds the primary a reference points at: a CloudFormation Ref or
// GetAtt, a Terraform "<address>.<attr> is known only after apply"
// unknown, or a literal name equal to a primary's configured name. types
// restricts the asset types accepted.
func (c *ctx) target(v any, types ...string) *prim {
	ok := func(p *prim) bool {
		if p == nil {
			return false
		}
		for _, t := range types {
			if p.a.Type == t {
				return true
			}
		}
		return len(types) == 0
	}
	switch x := v.(type) {
	case iac.Unknown:
		if id, _, isRef := cloudformation.Reference(x); isRef {
			if p := c.b.prims[key(c.r, id)]; ok(p) {
				return p
			}
			return nil
		}
		for _, addr := range refAddresses(x.Reason) {
			if p := c.b.prims[key(c.r, addr)]; ok(p) {
				return p
			}
		}
	case string:
		if x == "" {
			return nil
		}
		for _, p := range c.b.order {
			if p.r.Format == c.r.Format && ok(p) && (p.name == x || p.r.Address == x) {
				return p
			}
		}
	}
	return nil
}

// rawTarget finds any resource (mapped or not) a reference points at.
func (c *ctx) rawTarget(v any) *iac.Resource {
	u, isU := v.(iac.Unknown)
	if !isU {
		return nil
	}
	if id, _, isRef := cloudformation.Reference(u); isRef {
		return c.b.raw[key(c.r, id)]
	}
	for _, addr := range refAddresses(u.Reason) {
		if r := c.b.raw[key(c.r, addr)]; r != nil {
			return r
		}
	}
	return nil
}

// refAddresses extracts the resource addresses named by a Terraform
// unknown's reason ("aws_s3_bucket.logs.id is known only after apply",
// up to three joined with "; ").
func refAddresses(reason string) []string {
	var out []string
	for _, part := range strings.Split(reason, "; ") {
		s, found := strings.CutSuffix(part, " is known only after apply")
		if !found {
			continue
		}
		if i := strings.LastIndexByte(s, '.'); i > 0 {
			out = append(out, s[:i])
		}
	}
	return out
}

// symbolicID is the relation key of a resource whose provider id is
// computed at apply: its address. A reference to a resource of the scan
// resolves to the same key, so relations (VPC flow logs) line up.
func (c *ctx) symbolicID(v any, types ...string) any {
	if p := c.target(v, types...); p != nil {
		return p.r.Address
	}
	return v
}

// nameOf resolves a reference to a resource of the scan into that
// resource's configured name attribute (a bucket's name: what a Terraform
// aws_s3_bucket's id and a CloudFormation bucket's Ref return), when it
// is known; other values are returned as they are.
func (c *ctx) nameOf(v any, attrs ...string) any {
	u, isU := v.(iac.Unknown)
	if !isU {
		return v
	}
	var r *iac.Resource
	if id, attr, isRef := cloudformation.Reference(u); isRef {
		if attr == "" {
			r = c.b.raw[key(c.r, id)]
		}
	} else if addrs := refAddresses(u.Reason); len(addrs) == 1 {
		if strings.HasSuffix(u.Reason, addrs[0]+".id is known only after apply") {
			r = c.b.raw[key(c.r, addrs[0])]
		}
	}
	if r == nil {
		return v
	}
	for _, a := range attrs {
		if s, ok := r.Attrs[a].(string); ok {
			return s
		}
	}
	return v
}

// symbolicRaw is symbolicID for a reference to a resource of one of the
// given IaC types, whether or not its asset is made yet.
func (c *ctx) symbolicRaw(v any, iacTypes ...string) any {
	if r := c.rawTarget(v); r != nil {
		for _, t := range iacTypes {
			if r.Type == t {
				return r.Address
			}
		}
	}
	return v
}

// standIns are the attributes that hold the id or ARN of another resource
// and the IaC types that create it. A reference to such a resource of the
// code is known only after apply, but the resource exists, so its address
// stands in for it: a KMS key of the code is a customer managed key, an
// instance profile of the code is attached.
var standIns = []struct {
	field string // substring of the asset attribute name
	types []string
}{
	{"kms", []string{"aws_kms_key", "aws_kms_replica_key", "aws_kms_alias", "AWS::KMS::Key", "AWS::KMS::ReplicaKey", "AWS::KMS::Alias"}},
	{"iam_instance_profile", []string{"aws_iam_instance_profile", "AWS::IAM::InstanceProfile"}},
}

// standIn returns the address that stands in for a reference held by a
// string attribute (see standIns), or "".
func (c *ctx) standIn(o *asset.Object, field string, u iac.Unknown) string {
	f := o.Schema().Field(field)
	if f == nil || f.Type.Kind != asset.KindString {
		return ""
	}
	for _, si := range standIns {
		if !strings.Contains(field, si.field) {
			continue
		}
		if r := c.rawTarget(u); r != nil && slices.Contains(si.types, r.Type) {
			return r.Address
		}
	}
	return ""
}

// undeclaredRelations marks an account-wide relation of an account or
// region settings asset unknown when the code declares no resource of its
// target type: a module that sets the password policy says nothing of the
// account's trails, metric filters or topics, so "no trail" must not read
// as a failure. When the code does declare some (a trail), the relation is
// computed from them: the code is taken as the account's definition of
// that kind of resource.
func undeclaredRelations(out, settings []*asset.Asset) {
	has := map[string]bool{}
	for _, a := range out {
		has[a.Account+"\x00"+a.Type] = true
	}
	for _, s := range settings {
		for _, f := range s.Root.Schema().Fields {
			if f.Relation == nil || has[s.Account+"\x00"+f.Relation.Target] {
				continue
			}
			s.Root.SetUnknown(f.Name, "no "+f.Relation.Target+" is declared in this code: the account's are defined elsewhere, if at all")
		}
	}
}
