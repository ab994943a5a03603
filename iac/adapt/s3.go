package adapt

import (
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// S3 buckets: the bucket resource makes the asset, the per-setting
// resources fold into it, and finishS3 applies what AWS does for a
// setting no resource configures.

func tfS3Bucket(c *ctx) *prim {
	p := c.newAsset("aws.s3.bucket", c.get("bucket"), false)
	o := p.a.Root
	// Inline (AWS provider v3) settings; the standalone resources override them.
	c.attr(o, "object_lock_enabled", "object_lock_enabled")
	if v := c.get("object_lock_configuration.object_lock_enabled"); v != nil {
		c.set(o, "object_lock_enabled", "object_lock_configuration", enabledWord(v))
	}
	if v := c.get("acl"); v != nil {
		c.set(o, "acl_is_public", "acl", cannedACLPublic(v))
	}
	if v := c.get("policy"); v != nil {
		c.set(o, "policy", "policy", v)
	}
	if v := c.get("versioning"); v != nil {
		ver := o.SetNested("versioning")
		switch en := c.get("versioning.enabled").(type) {
		case bool:
			if en {
				ver.SetString("status", "Enabled")
			} else {
				ver.SetString("status", "")
			}
		case iac.Unknown:
			ver.SetUnknown("status", en.Reason)
		default:
			ver.SetString("status", "")
		}
		c.setd(ver, "mfa_delete", "versioning", c.get("versioning.mfa_delete"), false)
	}
	if c.get("logging") != nil {
		lg := o.SetNested("logging")
		lg.SetBool("enabled", true)
		c.attr(lg, "target_bucket", "logging.target_bucket")
	}
	if sse := c.get("server_side_encryption_configuration.rule"); sse != nil {
		tfSSE(c, o, "server_side_encryption_configuration.rule", sse)
	}
	p.finish = finishS3
	return p
}

// tfSSE reads the rule block(s) of an SSE configuration.
func tfSSE(c *ctx, o *asset.Object, attr string, v any) {
	rules, u := blocks(v)
	if u != nil {
		o.SetUnknown("encryption", u.Reason)
		return
	}
	e := o.SetNested("encryption")
	e.SetBool("enabled", false)
	for _, r := range rules {
		d, du := blocks(r["apply_server_side_encryption_by_default"])
		if du != nil {
			o.SetUnknown("encryption", du.Reason)
			return
		}
		if len(d) == 0 {
			continue
		}
		e.SetBool("enabled", true)
		c.set(e, "sse_algorithm", attr, d[0]["sse_algorithm"])
		c.setd(e, "kms_key_id", attr, d[0]["kms_master_key_id"], "")
		c.setd(e, "bucket_key_enabled", attr, r["bucket_key_enabled"], false)
		break
	}
}

// enabledWord turns "Enabled"/"Disabled" into a bool, keeping unknowns.
func enabledWord(v any) any {
	if s, ok := v.(string); ok {
		return strings.EqualFold(s, "Enabled")
	}
	return v
}

// cannedACLPublic tells whether a canned ACL (Terraform or
// CloudFormation spelling) grants access to AllUsers or
// AuthenticatedUsers.
func cannedACLPublic(v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	switch strings.ToLower(strings.ReplaceAll(s, "-", "")) {
	case "publicread", "publicreadwrite", "authenticatedread":
		return true
	}
	return false
}

// bucketOf finds the bucket an S3 setting resource applies to and reports
// the ones it cannot link.
func bucketOf(c *ctx, attr string) *asset.Object {
	v := c.get(attr)
	if p := c.target(v, "aws.s3.bucket"); p != nil {
		return p.a.Root
	}
	if _, ok := v.(string); ok || v == nil {
		// A bucket created elsewhere: nothing to fold into.
		return nil
	}
	c.warn(attr, "cannot tell which bucket this applies to; the setting is not applied to any bucket")
	return nil
}

func tfS3PublicAccessBlock(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		pab := o.SetNested("public_access_block")
		for _, f := range []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"} {
			c.attrd(pab, f, f, false)
		}
	}
}

func tfS3SSE(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		tfSSE(c, o, "rule", c.get("rule"))
	}
}

func tfS3Versioning(c *ctx) {
	o := bucketOf(c, "bucket")
	if o == nil {
		return
	}
	ver := o.SetNested("versioning")
	switch s := c.get("versioning_configuration.status").(type) {
	case string:
		if s == "Disabled" { // only valid for a bucket that never had versioning
			s = ""
		}
		ver.SetString("status", s)
	default:
		c.set(ver, "status", "versioning_configuration.status", s)
	}
	c.setd(ver, "mfa_delete", "versioning_configuration.mfa_delete", enabledWord(c.get("versioning_configuration.mfa_delete")), false)
}

func tfS3Logging(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		lg := o.SetNested("logging")
		lg.SetBool("enabled", true)
		c.set(lg, "target_bucket", "target_bucket", c.nameOf(c.get("target_bucket"), "bucket"))
	}
}

func tfS3Policy(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		c.attr(o, "policy", "policy")
	}
}

func tfS3ACL(c *ctx) {
	o := bucketOf(c, "bucket")
	if o == nil {
		return
	}
	if v := c.get("acl"); v != nil {
		c.set(o, "acl_is_public", "acl", cannedACLPublic(v))
		return
	}
	grants, u := blocks(c.get("access_control_policy.grant"))
	if u != nil {
		o.SetUnknown("acl_is_public", u.Reason)
		return
	}
	public := false
	for _, g := range grants {
		switch uri := lookup(g, "grantee.uri").(type) {
		case string:
			if strings.HasSuffix(uri, "/global/AllUsers") || strings.HasSuffix(uri, "/global/AuthenticatedUsers") {
				public = true
			}
		case iac.Unknown:
			o.SetUnknown("acl_is_public", uri.Reason)
			return
		}
	}
	o.SetBool("acl_is_public", public)
}

func tfS3Ownership(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		c.attr(o, "object_ownership", "rule.object_ownership")
	}
}

func tfS3ObjectLock(c *ctx) {
	if o := bucketOf(c, "bucket"); o != nil {
		c.setd(o, "object_lock_enabled", "object_lock_enabled", enabledWord(c.get("object_lock_enabled")), true)
	}
}

func cfnS3Bucket(c *ctx) *prim {
	p := c.newAsset("aws.s3.bucket", c.get("BucketName"), false)
	o := p.a.Root
	if v := c.get("PublicAccessBlockConfiguration"); v != nil {
		if u, ok := v.(iac.Unknown); ok {
			o.SetUnknown("public_access_block", u.Reason)
		} else {
			pab := o.SetNested("public_access_block")
			for f, a := range map[string]string{"block_public_acls": "BlockPublicAcls", "ignore_public_acls": "IgnorePublicAcls",
				"block_public_policy": "BlockPublicPolicy", "restrict_public_buckets": "RestrictPublicBuckets"} {
				c.attrd(pab, f, "PublicAccessBlockConfiguration."+a, false)
			}
		}
	}
	if v := c.get("BucketEncryption.ServerSideEncryptionConfiguration"); v != nil {
		rules, u := blocks(v)
		if u != nil {
			o.SetUnknown("encryption", u.Reason)
		} else {
			e := o.SetNested("encryption")
			e.SetBool("enabled", false)
			for _, r := range rules {
				if _, ok := r["ServerSideEncryptionByDefault"]; !ok {
					continue
				}
				e.SetBool("enabled", true)
				c.set(e, "sse_algorithm", "BucketEncryption", lookup(r, "ServerSideEncryptionByDefault.SSEAlgorithm"))
				c.setd(e, "kms_key_id", "BucketEncryption", lookup(r, "ServerSideEncryptionByDefault.KMSMasterKeyID"), "")
				c.setd(e, "bucket_key_enabled", "BucketEncryption", r["BucketKeyEnabled"], false)
				break
			}
		}
	}
	if v := c.get("VersioningConfiguration"); v != nil {
		ver := o.SetNested("versioning")
		c.attr(ver, "status", "VersioningConfiguration.Status")
		ver.SetBool("mfa_delete", false) // CloudFormation cannot enable MFA delete
	}
	if v := c.get("LoggingConfiguration"); v != nil {
		lg := o.SetNested("logging")
		lg.SetBool("enabled", true)
		if t := c.get("LoggingConfiguration.DestinationBucketName"); t != nil {
			c.set(lg, "target_bucket", "LoggingConfiguration.DestinationBucketName", c.nameOf(t, "BucketName"))
		} else if p.name != "" {
			lg.SetString("target_bucket", p.name) // logs go to the bucket itself
		}
	}
	if v := c.get("AccessControl"); v != nil {
		c.set(o, "acl_is_public", "AccessControl", cannedACLPublic(v))
	}
	c.attr(o, "object_ownership", "OwnershipControls.Rules.ObjectOwnership")
	c.attr(o, "object_lock_enabled", "ObjectLockEnabled")
	p.finish = finishS3
	return p
}

func cfnS3BucketPolicy(c *ctx) {
	if o := bucketOf(c, "Bucket"); o != nil {
		c.attr(o, "policy", "PolicyDocument")
	}
}

// finishS3 applies the defaults AWS gives a new bucket (since April
// 2023: Block Public Access on, ACLs disabled, SSE-S3 encryption) to the
// settings no resource configured, and derives policy_is_public.
func finishS3(c *ctx) {
	o := c.b.prims[key(c.r, c.r.Address)].a.Root
	if _, ok := o.Get("public_access_block"); !ok {
		o.SetNested("public_access_block").SetBool("block_public_acls", true).SetBool("ignore_public_acls", true).
			SetBool("block_public_policy", true).SetBool("restrict_public_buckets", true)
	}
	if _, ok := o.Get("encryption"); !ok {
		o.SetNested("encryption").SetBool("enabled", true).SetString("sse_algorithm", "AES256").
			SetString("kms_key_id", "").SetBool("bucket_key_enabled", false)
	}
	if _, ok := o.Get("versioning"); !ok {
		o.SetNested("versioning").SetString("status", "").SetBool("mfa_delete", false)
	}
	if _, ok := o.Get("logging"); !ok {
		o.SetNested("logging").SetBool("enabled", false)
	}
	if _, ok := o.Get("acl_is_public"); !ok {
		o.SetBool("acl_is_public", false)
	}
	if _, ok := o.Get("object_ownership"); !ok {
		o.SetString("object_ownership", "BucketOwnerEnforced")
	}
	if _, ok := o.Get("object_lock_enabled"); !ok {
		o.SetBool("object_lock_enabled", false)
	}
	setPolicyIsPublic(o, "policy", "policy_is_public")
}

// setPolicyIsPublic derives a *_is_public field from the policy field: an
// Allow statement for everyone without a condition restricting the caller.
func setPolicyIsPublic(o *asset.Object, policy, public string) {
	if r, unk := o.UnknownReason(policy); unk {
		o.SetUnknown(public, r)
		return
	}
	v, ok := o.Get(policy)
	if !ok {
		o.SetBool(public, false)
		return
	}
	o.SetBool(public, docIsPublic(asset.Native(v)))
}

// restrictingKeys are condition keys that limit who may use a grant to
// everyone, as S3's PolicyStatus and Lambda treat them.
var restrictingKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceowner": true, "aws:principalorgid": true,
	"aws:principalaccount": true, "aws:principalarn": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
	"aws:principalorgpaths": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "lambda:eventsourcetoken": true,
	"aws:sourceip": true, "aws:userid": true, "aws:username": true,
}

func docIsPublic(doc any) bool {
	m, _ := doc.(map[string]any)
	var stmts []any
	switch s := m["Statement"].(type) {
	case []any:
		stmts = s
	case map[string]any:
		stmts = []any{s}
	}
	for _, e := range stmts {
		s, _ := e.(map[string]any)
		if s["Effect"] != "Allow" || !principalIsEveryone(s["Principal"]) {
			continue
		}
		if !conditionRestricts(s["Condition"]) {
			return true
		}
	}
	return false
}

func principalIsEveryone(p any) bool {
	switch x := p.(type) {
	case string:
		return x == "*"
	case map[string]any:
		switch a := x["AWS"].(type) {
		case string:
			return a == "*"
		case []any:
			for _, e := range a {
				if e == "*" {
					return true
				}
			}
		}
	}
	return false
}

func conditionRestricts(cond any) bool {
	m, _ := cond.(map[string]any)
	for _, kv := range m {
		km, _ := kv.(map[string]any)
		for k, v := range km {
			if !restrictingKeys[strings.ToLower(k)] {
				continue
			}
			vals, _, _ := toStrings(v)
			for _, s := range vals {
				if s != "*" && s != "0.0.0.0/0" && s != "::/0" {
					return true
				}
			}
		}
	}
	return false
}
