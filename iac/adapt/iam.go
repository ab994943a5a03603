package adapt

import (
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// IAM roles, users and customer managed policies. Attachments and inline
// policies declared as separate resources fold into the role or user;
// creation and last-use dates exist only after apply and are unknown.

var iamPrimaries = map[string]func(c *ctx) *prim{
	"aws_iam_role":            tfRole,
	"AWS::IAM::Role":          cfnRole,
	"aws_iam_user":            tfUser,
	"AWS::IAM::User":          cfnUser,
	"aws_iam_policy":          tfPolicy,
	"AWS::IAM::ManagedPolicy": cfnPolicy,
}

var iamAttachments = map[string]func(c *ctx){
	"aws_iam_role_policy_attachment": attachPolicy("role", "policy_arn", "aws.iam.role"),
	"aws_iam_user_policy_attachment": attachPolicy("user", "policy_arn", "aws.iam.user"),
	"aws_iam_role_policy":            inlinePolicy("role", "name", "aws.iam.role"),
	"aws_iam_user_policy":            inlinePolicy("user", "name", "aws.iam.user"),
	"aws_iam_user_login_profile":     tfLoginProfile,
	"aws_iam_access_key":             accessKey("user", "status"),
	"AWS::IAM::AccessKey":            accessKey("UserName", "Status"),
	"aws_iam_policy_attachment":      tfPolicyAttachment,
	"AWS::IAM::Policy":               cfnInlinePolicy,
}

func iamPrim(c *ctx, typ string, name any) *prim {
	p := c.newAsset(typ, name, true)
	p.extra = map[string]any{}
	return p
}

func tfRole(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.role", c.get("name"))
	o := p.a.Root
	c.attrd(o, "path", "path", "/")
	c.attr(o, "trust_policy", "assume_role_policy")
	c.attrd(o, "max_session_duration", "max_session_duration", int64(3600))
	c.attr(o, "permissions_boundary_arn", "permissions_boundary")
	p.extra["attached"] = c.get("managed_policy_arns")
	bs, _ := blocks(c.get("inline_policy"))
	var names []any
	for _, b := range bs {
		names = append(names, b["name"])
	}
	p.extra["inline"] = names
	o.SetUnknown("create_date", "the role's creation date is known only after apply")
	p.finish = finishPrincipal
	return p
}

func cfnRole(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.role", c.get("RoleName"))
	o := p.a.Root
	c.attrd(o, "path", "Path", "/")
	c.attr(o, "trust_policy", "AssumeRolePolicyDocument")
	c.attrd(o, "max_session_duration", "MaxSessionDuration", int64(3600))
	c.attr(o, "permissions_boundary_arn", "PermissionsBoundary")
	p.extra["attached"] = c.get("ManagedPolicyArns")
	p.extra["inline"] = cfnInlineNames(c)
	o.SetUnknown("create_date", "the role's creation date is known only after deployment")
	p.finish = finishPrincipal
	return p
}

func cfnInlineNames(c *ctx) []any {
	bs, _ := blocks(c.get("Policies"))
	var names []any
	for _, b := range bs {
		names = append(names, b["PolicyName"])
	}
	return names
}

func tfUser(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.user", c.get("name"))
	o := p.a.Root
	o.SetBool("password_enabled", false)
	o.SetUnknown("create_date", "the user's creation date is known only after apply")
	p.finish = finishPrincipal
	return p
}

func cfnUser(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.user", c.get("UserName"))
	o := p.a.Root
	o.SetBool("password_enabled", c.get("LoginProfile") != nil)
	p.extra["attached"] = c.get("ManagedPolicyArns")
	p.extra["inline"] = cfnInlineNames(c)
	o.SetUnknown("create_date", "the user's creation date is known only after deployment")
	p.finish = finishPrincipal
	return p
}

func tfLoginProfile(c *ctx) {
	if p := c.target(c.get("user"), "aws.iam.user"); p != nil {
		p.a.Root.SetBool("password_enabled", true)
	}
}

// accessKey adds an access key to its user; its dates are unknown.
func accessKey(userAttr, statusAttr string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get(userAttr), "aws.iam.user")
		if p == nil {
			c.unlinkedTo(userAttr, "user")
			return
		}
		k := p.a.Root.Nested("access_keys")
		c.setd(k, "status", statusAttr, c.get(statusAttr), "Active")
		k.SetUnknown("create_date", "the key's creation date is known only after apply")
		keys, _ := p.extra["keys"].([]*asset.Object)
		p.extra["keys"] = append(keys, k)
	}
}

func attachPolicy(toAttr, arnAttr, typ string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get(toAttr), typ)
		if p == nil {
			c.unlinkedTo(toAttr, strings.TrimPrefix(typ, "aws.iam."))
			return
		}
		arn := c.get(arnAttr)
		if pol := c.target(arn, "aws.iam.policy"); pol != nil {
			pol.extra["attachments"] = count(pol.extra["attachments"]) + 1
		}
		p.extra["more"] = append(anyList(p.extra["more"]), arn)
	}
}

func inlinePolicy(toAttr, nameAttr, typ string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get(toAttr), typ)
		if p == nil {
			c.unlinkedTo(toAttr, strings.TrimPrefix(typ, "aws.iam."))
			return
		}
		n := c.get(nameAttr)
		if n == nil {
			n = iac.Unknown{Reason: c.r.Address + " name is generated at creation"}
		}
		p.extra["moreInline"] = append(anyList(p.extra["moreInline"]), n)
	}
}

// tfPolicyAttachment is aws_iam_policy_attachment: users, roles and groups at once.
func tfPolicyAttachment(c *ctx) {
	arn := c.get("policy_arn")
	n := 0
	for attr, typ := range map[string]string{"users": "aws.iam.user", "roles": "aws.iam.role", "groups": ""} {
		l, _ := c.get(attr).([]any)
		n += len(l)
		if typ == "" {
			continue
		}
		for _, v := range l {
			if p := c.target(v, typ); p != nil {
				p.extra["more"] = append(anyList(p.extra["more"]), arn)
			}
		}
	}
	if pol := c.target(arn, "aws.iam.policy"); pol != nil {
		pol.extra["attachments"] = count(pol.extra["attachments"]) + n
	}
}

// cfnInlinePolicy is AWS::IAM::Policy: an inline policy of roles and users.
func cfnInlinePolicy(c *ctx) {
	for attr, typ := range map[string]string{"Roles": "aws.iam.role", "Users": "aws.iam.user"} {
		l, _ := c.get(attr).([]any)
		for _, v := range l {
			if p := c.target(v, typ); p != nil {
				p.extra["moreInline"] = append(anyList(p.extra["moreInline"]), c.get("PolicyName"))
			}
		}
	}
}

func anyList(v any) []any { l, _ := v.([]any); return l }

func count(v any) int { n, _ := v.(int); return n }

func finishPrincipal(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	att := anyList(p.extra["attached"])
	if u, ok := p.extra["attached"].(iac.Unknown); ok {
		o.SetUnknown("attached_policy_arns", u.Reason)
	} else {
		att = append(att, anyList(p.extra["more"])...)
		if !c.set(o, "attached_policy_arns", "managed_policy_arns", att) {
			o.SetStrings("attached_policy_arns", nil)
		}
	}
	in := append(anyList(p.extra["inline"]), anyList(p.extra["moreInline"])...)
	if !c.set(o, "inline_policy_names", "inline_policy", in) {
		o.SetStrings("inline_policy_names", nil)
	}
	if o.Schema().Field("access_keys") != nil {
		keys, _ := p.extra["keys"].([]*asset.Object)
		o.SetObjects("access_keys", keys)
		o.SetUnknown("mfa_active", "MFA devices are assigned by the user, not in infrastructure code")
		if v, _ := o.Get("password_enabled"); v != nil && v.Value() == false {
			o.SetBool("mfa_active", false)
		}
	}
}

func tfPolicy(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.policy", c.get("name"))
	o := p.a.Root
	c.attrd(o, "path", "path", "/")
	c.attr(o, "document", "policy")
	p.finish = finishPolicy
	return p
}

func cfnPolicy(c *ctx) *prim {
	p := iamPrim(c, "aws.iam.policy", c.get("ManagedPolicyName"))
	o := p.a.Root
	c.attrd(o, "path", "Path", "/")
	c.attr(o, "document", "PolicyDocument")
	n := 0
	for _, a := range []string{"Roles", "Users", "Groups"} {
		n += len(anyList(c.get(a)))
	}
	p.extra["attachments"] = n
	p.finish = finishPolicy
	return p
}

// finishPolicy counts the attachments the scan declares (a policy may be
// attached elsewhere too) and evaluates allows_full_admin.
func finishPolicy(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	o.SetString("default_version_id", "v1").SetBool("is_attachable", true)
	o.SetInt("attachment_count", int64(count(p.extra["attachments"])))
	o.SetInt("permissions_boundary_usage_count", 0)
	if r, unk := o.UnknownReason("document"); unk {
		o.SetUnknown("allows_full_admin", r)
		return
	}
	v, ok := o.Get("document")
	o.SetBool("allows_full_admin", ok && fullAdmin(asset.Native(v)))
}

func fullAdmin(doc any) bool {
	m, _ := doc.(map[string]any)
	var stmts []any
	switch s := m["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	has := func(v any) bool {
		l, _, _ := toStrings(v)
		for _, s := range l {
			if s == "*" {
				return true
			}
		}
		return false
	}
	for _, e := range stmts {
		s, _ := e.(map[string]any)
		if s["Effect"] == "Allow" && has(s["Action"]) && has(s["Resource"]) {
			return true
		}
	}
	return false
}
