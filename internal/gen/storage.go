package gen

import (
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
		name = g.company + "-" + team + "-" + g.one(purposes) + "-" + a.env + "-" + hex8(mix32(g.bucketSeq))
		g.bucketSeq++
	}
	arn := "arn:aws:s3:::" + name
	x := g.newAsset(g.s.bucket, region, arn, name)
	o := x.Root
	o.Set("creation_date", timestamp(g.ago(20, 2400)))

	var flaws [bNoEncryption + 1]bool
	if k > 1 && g.chance(0.25) {
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

	enc := newObject(g.s.encryption)
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

	ver := newObject(g.s.versioning)
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

	lg := newObject(g.s.bucketLogging)
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
		case x < 45:
		case x < 80:
			policy = bucketPolicy(denyInsecureTransport(arn))
		case x < 90:
			policy = bucketPolicy(cloudFrontRead(arn, a.id, "E"+g.iamID("", 12)), denyInsecureTransport(arn))
		default:
			policy = bucketPolicy(crossAccountRead(arn, g.otherAccount()))
		}
	}
	if policy != nil {
		o.Set("policy", policy)
	}
	o.Set("policy_is_public", boolean(flaws[bPublicPolicy]))
	o.Set("acl_is_public", boolean(flaws[bPublicACL]))
	o.Set("object_lock_enabled", boolean(k == 0 || g.chance(0.05)))
	own := "BucketOwnerEnforced"
	if flaws[bPublicACL] {
		own = "ObjectWriter"
	} else if k > 1 && g.chance(0.15) {
		own = "BucketOwnerPreferred"
	}
	o.Set("object_ownership", str(own))
	x.SetTags(g.tags(team, ""))
	return g.out(x, bucketUnknowns)
}

// pab is a bucket Block Public Access block, full or the typical partial
// one (ACLs blocked, policies allowed).
func (g *generator) pab(full bool) ref.Val {
	p := newObject(g.s.bucketPAB)
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

var volumeUnknowns = []unknownField{{"kms_key_id", "AccessDenied: kms:DescribeKey"}}

var volumeTypes = []string{"gp3", "gp2", "io2", "st1", "sc1"}
var volumeTypesW = cumulative(65, 25, 5, 3, 2)

// volume emits an EBS volume, attached to instance when it is set (root
// says whether it is the root volume) and tagged for team (any when empty).
func (g *generator) volume(instance, team string, root bool) error {
	a, region := g.acct, g.region()
	id := g.hexID("vol-")
	name := id
	x := g.newAsset(g.s.volume, region, "arn:aws:ec2:"+region+":"+a.id+":volume/"+id, name)
	o := x.Root
	o.Set("volume_id", str(id))
	vt := volumeTypes[pick(g.r, volumeTypesW)]
	size := 100 + g.r.IntN(1900)
	if root {
		vt = pickStr(g.chance(0.8), "gp3", "gp2")
		size = [...]int{8, 20, 30, 50, 100}[g.r.IntN(5)]
	}
	o.Set("size_gib", integer(size))
	o.Set("volume_type", str(vt))
	if instance != "" {
		o.Set("state", str("in-use"))
		o.Set("attached_instance_ids", strList(instance))
	} else {
		o.Set("state", str("available"))
	}
	if g.chance(0.88) {
		o.Set("encrypted", types.True)
		key := a.ebsKey[g.reg]
		if g.chance(0.3) {
			key = a.dataKey[g.reg]
		}
		o.Set("kms_key_id", str(key))
	} else {
		o.Set("encrypted", types.False)
	}
	if team == "" {
		team = g.one(teams)
	}
	x.SetTags(g.tags(team, ""))
	return g.out(x, volumeUnknowns)
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

// kmsKey emits a KMS key. The first key of a region is the account's
// customer "data" key (used by buckets, trails and volumes), the second the
// AWS managed aws/ebs key; then a mix of customer keys (rotation mostly on)
// and AWS managed keys.
func (g *generator) kmsKey() error {
	a, s, region := g.acct, g.slot, g.region()
	k := s.kms
	s.kms++
	var arn, alias string
	team := "platform"
	managed := false
	switch {
	case k == 0:
		arn, alias = a.dataKey[g.reg], "alias/"+a.env+"-data"
	case k == 1:
		arn, alias, managed = a.ebsKey[g.reg], "alias/aws/ebs", true
	default:
		arn = "arn:aws:kms:" + region + ":" + a.id + ":key/" + g.uuid()
		if g.chance(0.25) {
			managed = true
			alias = awsManagedKeys[s.managed%len(awsManagedKeys)]
			s.managed++
		} else {
			team = g.one(teams)
			alias = "alias/" + team + "-" + g.one(components)
		}
	}
	id := arn[len(arn)-36:]
	x := g.newAsset(g.s.kms, region, arn, alias)
	o := x.Root
	o.Set("key_id", str(id))
	o.Set("arn", str(arn))
	o.Set("origin", str("AWS_KMS"))
	if managed {
		o.Set("key_manager", str("AWS"))
		o.Set("key_state", str("Enabled"))
		o.Set("key_spec", str("SYMMETRIC_DEFAULT"))
		o.Set("key_usage", str("ENCRYPT_DECRYPT"))
		o.Set("rotation_enabled", types.True)
		o.Set("rotation_period_days", integer(365))
		o.Set("policy", a.keyPolicy)
		return g.out(x, kmsUnknowns)
	}
	o.Set("key_manager", str("CUSTOMER"))
	state := "Enabled"
	if k > 0 {
		switch x := g.r.IntN(100); {
		case x < 4:
			state = "Disabled"
		case x < 7:
			state = "PendingDeletion"
		}
	}
	o.Set("key_state", str(state))
	spec := keySpecs[0]
	if k > 0 {
		spec = keySpecs[pick(g.r, keySpecsW)]
	}
	o.Set("key_spec", str(spec.spec))
	o.Set("key_usage", str(spec.usage))
	rotate := false
	if spec.spec == "SYMMETRIC_DEFAULT" {
		if k > 0 {
			switch x := g.r.IntN(100); {
			case x < 3:
				o.Set("origin", str("EXTERNAL")) // imported material cannot rotate
			case x < 5:
				o.Set("origin", str("AWS_CLOUDHSM"))
				rotate = false
			default:
				rotate = g.chance(0.75)
			}
		} else {
			rotate = a.idx == 0 || g.chance(0.8)
		}
	}
	o.Set("rotation_enabled", boolean(rotate))
	if rotate {
		o.Set("rotation_period_days", integer(pickInt(g.chance(0.85), 365, 180)))
	}
	o.Set("policy", a.keyPolicy)
	x.SetTags(g.tags(team, ""))
	return g.out(x, kmsUnknowns)
}
