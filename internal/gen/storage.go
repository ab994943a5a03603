package gen

import (
	"cloudward/asset"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

var bucketUnknowns = []unknownField{
	{"encryption", "AccessDenied: s3:GetBucketEncryption"},
	{"public_access_block", "AccessDenied: s3:GetBucketPublicAccessBlock"},
	{"policy", "AccessDenied: s3:GetBucketPolicy"},
	{"logging", "AccessDenied: s3:GetBucketLogging"},
	{"versioning", throttled},
}

// Bucket misconfigurations, with weights.
const (
	bPABAbsent = iota
	bPABPartial
	bNoVersioning
	bNoLogging
	bPublicPolicy
	bPublicACL
	bNoEncryption
)

var bucketFlaws = cumulative(30, 20, 15, 12, 10, 5, 8)

// bucket emits an S3 bucket. The first two buckets of an account are its
// CloudTrail and access-log buckets; the rest are application buckets,
// about 80% of them well configured.
func (g *generator) bucket() error {
	a := g.acct
	k := a.buckets
	a.buckets++
	ri := 0
	if k > 1 {
		ri = g.regionIndex()
	}
	region := g.opts.Regions[ri]
	var name, team string
	var policy ref.Val
	backup := false
	switch k {
	case 0:
		team = "security"
		name = g.company + "-cloudtrail-logs-" + a.id
		policy = cloudTrailBucketPolicy("arn:aws:s3:::"+name, a.id)
	case 1:
		team = "platform"
		name = g.company + "-s3-access-logs-" + a.id + "-" + region
	default:
		team = g.one(teams)
		purpose := g.one(purposes)
		backup = purpose == "backups" || purpose == "archive"
		name = g.company + "-" + team + "-" + purpose + "-" + a.env + "-" + hex8(mix32(g.bucketSeq))
		g.bucketSeq++
	}
	arn := "arn:aws:s3:::" + name
	x := g.newAsset(g.s.bucket, region, arn, name)
	o := x.Root
	o.Set("creation_date", timestamp(g.ago(20, 2400)))

	var flaws [bNoEncryption + 1]bool
	if k > 1 && g.flawed(0.25) {
		flaws[pick(g.r, bucketFlaws)] = true
		if g.chance(0.3) {
			flaws[pick(g.r, bucketFlaws)] = true
		}
	}
	public := flaws[bPublicPolicy] || flaws[bPublicACL]

	// Block Public Access: full, unless flawed; buckets covered by the
	// account-level setting often have none of their own.
	switch {
	case public || flaws[bPABAbsent]:
	case flaws[bPABPartial]:
		o.Set("public_access_block", g.pab(false))
	case a.s3PAB == pabOn && g.chance(0.3):
	default:
		o.Set("public_access_block", g.pab(true))
	}

	enc := newObject(g.s.bucket.Root.Field("encryption").Type.Object)
	if flaws[bNoEncryption] {
		enc.Set("enabled", types.False)
	} else {
		enc.Set("enabled", types.True)
		switch x := g.r.IntN(100); {
		case x < 60 || k == 1:
			enc.Set("sse_algorithm", str("AES256"))
			enc.Set("bucket_key_enabled", types.False)
		case x < 97:
			enc.Set("sse_algorithm", str("aws:kms"))
			enc.Set("kms_key_id", str(a.dataKey[ri]))
			enc.Set("bucket_key_enabled", boolean(g.chance(0.8)))
		default:
			enc.Set("sse_algorithm", str("aws:kms:dsse"))
			enc.Set("kms_key_id", str(a.dataKey[ri]))
			enc.Set("bucket_key_enabled", types.False)
		}
	}
	o.Set("encryption", enc)

	ver := newObject(g.s.bucket.Root.Field("versioning").Type.Object)
	switch {
	case !flaws[bNoVersioning]:
		ver.Set("status", str("Enabled"))
		ver.Set("mfa_delete", boolean(k == 0 || g.chance(0.03)))
	case g.chance(0.3):
		ver.Set("status", str("Suspended"))
		ver.Set("mfa_delete", types.False)
	default:
		ver.Set("status", str(""))
		ver.Set("mfa_delete", types.False)
	}
	o.Set("versioning", ver)

	lg := newObject(g.s.bucket.Root.Field("logging").Type.Object)
	if flaws[bNoLogging] || k == 1 {
		lg.Set("enabled", types.False)
	} else {
		lg.Set("enabled", types.True)
		lg.Set("target_bucket", str(g.company+"-s3-access-logs-"+a.id+"-"+region))
	}
	o.Set("logging", lg)

	if k > 1 {
		switch x := g.r.IntN(100); {
		case flaws[bPublicPolicy]:
			policy = bucketPolicy(publicRead(arn))
		case g.flawed(0.5): // no TLS-only statement
			if x < 20 {
				policy = bucketPolicy(crossAccountRead(arn, g.otherAccount()))
			}
		case x < 75:
			policy = bucketPolicy(denyInsecureTransport(arn))
		case x < 90:
			policy = bucketPolicy(cloudFrontRead(arn, a.id, "E"+g.iamID("", 12)), denyInsecureTransport(arn))
		default:
			policy = bucketPolicy(crossAccountRead(arn, g.otherAccount()), denyInsecureTransport(arn))
		}
	}
	if policy != nil {
		o.Set("policy", policy)
	}
	o.Set("policy_is_public", boolean(flaws[bPublicPolicy]))
	o.Set("acl_is_public", boolean(flaws[bPublicACL]))
	o.Set("object_lock_enabled", boolean(k == 0 || g.chance(pickFloat(backup, 0.5, 0.05))))
	own := "BucketOwnerEnforced"
	if flaws[bPublicACL] {
		own = "ObjectWriter"
	} else if k > 1 && g.flawed(0.15) {
		own = "BucketOwnerPreferred"
	}
	o.Set("object_ownership", str(own))
	x.SetTags(g.tags(team, ""))
	return g.out(x, bucketUnknowns)
}

// pab is a bucket Block Public Access block, full or the typical partial
// one (ACLs blocked, policies allowed).
func (g *generator) pab(full bool) ref.Val {
	p := newObject(g.s.bucket.Root.Field("public_access_block").Type.Object)
	p.Set("block_public_acls", types.True)
	p.Set("ignore_public_acls", types.True)
	p.Set("block_public_policy", boolean(full))
	p.Set("restrict_public_buckets", boolean(full))
	return p
}

// otherAccount returns another account of the inventory (or a partner's).
func (g *generator) otherAccount() string {
	if len(g.accounts) > 1 && g.chance(0.8) {
		b := g.accounts[g.r.IntN(len(g.accounts))]
		if b != g.acct {
			return b.id
		}
	}
	return "999988887777"
}

func pickFloat(cond bool, yes, no float64) float64 {
	if cond {
		return yes
	}
	return no
}

var kmsUnknowns = []unknownField{
	{"rotation_enabled", "AccessDenied: kms:GetKeyRotationStatus"},
	{"policy", "AccessDenied: kms:GetKeyPolicy"},
}

var keySpecs = []struct{ spec, usage string }{
	{"SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT"},
	{"RSA_2048", "ENCRYPT_DECRYPT"},
	{"RSA_4096", "SIGN_VERIFY"},
	{"ECC_NIST_P256", "SIGN_VERIFY"},
	{"HMAC_256", "GENERATE_VERIFY_MAC"},
}
var keySpecsW = cumulative(85, 5, 3, 4, 3)

// dataKey emits the region's customer "data" key, which buckets, trails,
// volumes, databases and log groups use.
func (g *generator) dataKey() error {
	a := g.acct
	arn := a.dataKey[g.reg]
	rotate := a.idx == 0 || g.chance(0.8)
	x := g.kmsAsset(arn, "alias/"+a.env+"-data", "CUSTOMER", "Enabled", keySpecs[0].spec, keySpecs[0].usage, "AWS_KMS", rotate,
		"Default key for "+a.env+" data at rest", a.keyPolicy)
	x.SetTags(g.tags("platform", ""))
	var unk []unknownField
	if a.idx > 1 {
		unk = kmsUnknowns
	}
	return g.out(x, unk)
}

// ebsKey emits the region's AWS managed aws/ebs key.
func (g *generator) ebsKey() error {
	a := g.acct
	x := g.kmsAsset(a.ebsKey[g.reg], "alias/aws/ebs", "AWS", "Enabled", keySpecs[0].spec, keySpecs[0].usage, "AWS_KMS", true,
		"Default key that protects my EBS volumes when no other key is defined", a.keyPolicy)
	return g.out(x, nil)
}

func (g *generator) kmsAsset(arn, alias, manager, state, spec, usage, origin string, rotate bool, desc string, policy ref.Val) *asset.Asset {
	x := g.newAsset(g.s.kms, g.region(), arn, alias)
	o := x.Root
	o.SetString("key_id", arn[len(arn)-36:])
	o.SetString("arn", arn)
	o.SetString("key_manager", manager)
	o.SetString("key_state", state)
	o.SetString("key_spec", spec)
	o.SetString("key_usage", usage)
	o.SetString("origin", origin)
	o.SetBool("rotation_enabled", rotate)
	if rotate {
		o.SetInt("rotation_period_days", int64(pickInt(manager == "AWS" || g.chance(0.85), 365, 180)))
	}
	o.Set("policy", policy)
	o.SetStrings("aliases", []string{alias})
	o.SetString("description", desc)
	o.SetTime("creation_date", g.ago(30, 2400))
	o.SetBool("multi_region", false)
	return x
}

// kmsKey emits a KMS key: a mix of customer keys (rotation mostly on, a few
// disabled or pending deletion, rarely a key policy open to everyone) and
// AWS managed keys.
func (g *generator) kmsKey() error {
	a, s, region := g.acct, g.slot, g.region()
	arn := "arn:aws:kms:" + region + ":" + a.id + ":key/" + g.uuid()
	if g.chance(0.25) {
		alias := awsManagedKeys[s.managed%len(awsManagedKeys)]
		s.managed++
		if s.managed > len(awsManagedKeys) {
			alias += "-" + itoa(s.managed/len(awsManagedKeys)+1) // only for very large inventories
		}
		x := g.kmsAsset(arn, alias, "AWS", "Enabled", keySpecs[0].spec, keySpecs[0].usage, "AWS_KMS", true,
			"Default key that protects my "+alias[len("alias/aws/"):]+" data when no other key is defined", a.keyPolicy)
		return g.out(x, kmsUnknowns)
	}
	c, round := combo(s.kms, g.slotSalt(), len(teams), len(components))
	s.kms++
	team := teams[c[0]]
	alias := withDash("alias/"+team+"-"+components[c[1]], round)
	state := "Enabled"
	switch x := g.r.IntN(100); {
	case x < 4:
		state = "Disabled"
	case x < 7:
		state = "PendingDeletion"
	}
	spec := keySpecs[pick(g.r, keySpecsW)]
	origin := "AWS_KMS"
	rotate := false
	if spec.spec == "SYMMETRIC_DEFAULT" {
		switch x := g.r.IntN(100); {
		case x < 3:
			origin = "EXTERNAL" // imported material cannot rotate
		case x < 5:
			origin = "AWS_CLOUDHSM"
		default:
			rotate = !g.flawed(0.25)
		}
	}
	policy := a.keyPolicy
	switch x := g.r.IntN(200); {
	case x < 1: // a grant to everyone, meant for one partner
		policy = doc("Version", policyVersion, "Id", "key-consolepolicy-3", "Statement", []ref.Val{
			doc("Sid", "Enable IAM User Permissions", "Effect", "Allow",
				"Principal", doc("AWS", "arn:aws:iam::"+a.id+":root"), "Action", "kms:*", "Resource", "*"),
			doc("Sid", "Allow use of the key", "Effect", "Allow", "Principal", doc("AWS", "*"),
				"Action", []string{"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"}, "Resource", "*"),
		})
	case x < 16: // shared with the organization
		policy = doc("Version", policyVersion, "Id", "key-org-share", "Statement", []ref.Val{
			doc("Sid", "Enable IAM User Permissions", "Effect", "Allow",
				"Principal", doc("AWS", "arn:aws:iam::"+a.id+":root"), "Action", "kms:*", "Resource", "*"),
			doc("Sid", "Allow the organization to decrypt", "Effect", "Allow", "Principal", doc("AWS", "*"),
				"Action", []string{"kms:Decrypt", "kms:DescribeKey"}, "Resource", "*",
				"Condition", doc("StringEquals", doc("aws:PrincipalOrgID", g.orgID))),
		})
	}
	x := g.kmsAsset(arn, alias, "CUSTOMER", state, spec.spec, spec.usage, origin, rotate,
		team+" "+components[c[1]]+" key", policy)
	x.SetTags(g.tags(team, ""))
	return g.out(x, kmsUnknowns)
}

// ---- EFS, ECR, DynamoDB ----

var efsUnknowns = []unknownField{
	{"backup_policy_enabled", "AccessDenied: elasticfilesystem:DescribeBackupPolicy"},
	{"policy", "AccessDenied: elasticfilesystem:DescribeFileSystemPolicy"},
}

// fileSystem emits an EFS file system.
func (g *generator) fileSystem() error {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.efsN, g.slotSalt(), len(teams), len(components))
	s.efsN++
	team := teams[c[0]]
	name := withDash(a.env+"-"+team+"-"+components[c[1]]+"-shared", round)
	id := g.hexID("fs-")
	arn := g.arn("elasticfilesystem", region, "file-system/"+id)
	x := g.newAsset(g.s.efs, region, arn, name)
	o := x.Root
	o.SetString("file_system_id", id)
	o.SetString("arn", arn)
	enc := g.good(0.85)
	o.SetBool("encrypted", enc)
	if enc {
		o.SetString("kms_key_id", a.dataKey[g.reg])
	}
	o.SetBool("backup_policy_enabled", g.good(0.6))
	switch x := g.r.IntN(10); {
	case g.good(0.5):
		o.Set("policy", policyDoc(denyInsecureTransportEFS(arn),
			doc("Sid", "AllowMountFromVPC", "Effect", "Allow", "Principal", doc("AWS", "*"),
				"Action", []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"}, "Resource", arn,
				"Condition", doc("Bool", doc("elasticfilesystem:AccessedViaMountTarget", "true")))))
	case x < 2:
		o.Set("policy", policyDoc(doc("Sid", "AllowRootAccess", "Effect", "Allow",
			"Principal", doc("AWS", "arn:aws:iam::"+a.id+":root"),
			"Action", "elasticfilesystem:ClientRootAccess", "Resource", arn)))
	}
	o.SetString("performance_mode", pickStr(g.chance(0.95), "generalPurpose", "maxIO"))
	o.SetString("throughput_mode", [...]string{"bursting", "elastic", "elastic", "provisioned"}[g.r.IntN(4)])
	o.SetString("life_cycle_state", "available")
	o.SetInt("number_of_mount_targets", int64(2+g.r.IntN(2)))
	o.SetTime("creation_time", g.ago(10, 1500))
	x.SetTags(g.tags(team, name))
	return g.out(x, efsUnknowns)
}

var ecrUnknowns = []unknownField{{"policy", "AccessDeniedException: ecr:GetRepositoryPolicy"}}

// repository emits an ECR repository.
func (g *generator) repository() error {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.ecrN, g.slotSalt(), len(teams), len(components))
	s.ecrN++
	team := teams[c[0]]
	name := withDash(team+"/"+components[c[1]], round)
	arn := g.arn("ecr", region, "repository/"+name)
	x := g.newAsset(g.s.ecr, region, arn, name)
	o := x.Root
	o.SetString("repository_name", name)
	o.SetString("arn", arn)
	o.SetString("repository_uri", a.id+".dkr.ecr."+region+".amazonaws.com/"+name)
	o.SetBool("scan_on_push", g.good(0.6))
	o.SetString("image_tag_mutability", pickStr(g.good(0.45), "IMMUTABLE", "MUTABLE"))
	if g.good(0.2) {
		o.SetString("encryption_type", "KMS")
		o.SetString("kms_key", a.dataKey[g.reg])
	} else {
		o.SetString("encryption_type", "AES256")
		o.SetString("kms_key", "")
	}
	pull := []string{"ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability"}
	switch x := g.r.IntN(100); {
	case x < 2 && g.flawed(1):
		o.Set("policy", policyDoc(doc("Sid", "PublicPull", "Effect", "Allow", "Principal", "*", "Action", pull)))
	case x < 15:
		o.Set("policy", policyDoc(doc("Sid", "OrgPull", "Effect", "Allow", "Principal", "*", "Action", pull,
			"Condition", doc("StringEquals", doc("aws:PrincipalOrgID", g.orgID)))))
	case x < 30:
		o.Set("policy", policyDoc(doc("Sid", "CrossAccountPull", "Effect", "Allow",
			"Principal", doc("AWS", []string{"arn:aws:iam::" + g.otherAccount() + ":root"}), "Action", pull)))
	}
	o.SetTime("created_at", g.ago(10, 1800))
	x.SetTags(g.tags(team, ""))
	return g.out(x, ecrUnknowns)
}

var tableUnknowns = []unknownField{
	{"point_in_time_recovery_enabled", "AccessDeniedException: dynamodb:DescribeContinuousBackups"},
}

// table emits a DynamoDB table.
func (g *generator) table() error {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.tableN, g.slotSalt(), len(teams), len(entities))
	s.tableN++
	team := teams[c[0]]
	name := withDash(a.env+"-"+team+"-"+entities[c[1]], round)
	arn := g.arn("dynamodb", region, "table/"+name)
	x := g.newAsset(g.s.table, region, arn, name)
	o := x.Root
	o.SetString("table_name", name)
	o.SetString("arn", arn)
	o.SetString("table_status", pickStr(g.chance(0.98), "ACTIVE", "UPDATING"))
	switch x := g.r.IntN(10); {
	case g.flawed(0.5):
		o.SetString("sse_type", "AWS_OWNED")
		o.SetString("kms_master_key_arn", "")
	case x < 6:
		o.SetString("sse_type", "KMS")
		o.SetString("kms_master_key_arn", a.dataKey[g.reg])
	default:
		o.SetString("sse_type", "KMS")
		o.SetString("kms_master_key_arn", g.arn("kms", region, "key/"+g.uuid())) // aws/dynamodb
	}
	prod := a.env == "prod"
	o.SetBool("deletion_protection_enabled", prod && g.good(0.7) || g.chance(0.3))
	pitr := prod && g.good(0.85) || g.good(0.5)
	o.SetBool("point_in_time_recovery_enabled", pitr)
	if pitr {
		o.SetInt("point_in_time_recovery_period_days", 35)
	}
	o.SetString("billing_mode", pickStr(g.chance(0.6), "PAY_PER_REQUEST", "PROVISIONED"))
	o.SetString("table_class", pickStr(g.chance(0.9), "STANDARD", "STANDARD_INFREQUENT_ACCESS"))
	o.SetTime("creation_date_time", g.ago(10, 2000))
	x.SetTags(g.tags(team, ""))
	return g.out(x, tableUnknowns)
}
