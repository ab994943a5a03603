package gen

import "cel.dev/cel-go/common/types"

// Account-level S3 Block Public Access states.
const (
	pabOn = iota
	pabAbsent
	pabPartial
)

var accountUnknowns = []unknownField{
	{"password_policy", "AccessDenied: iam:GetAccountPasswordPolicy"},
	{"s3_public_access_block", "AccessDenied: s3:GetAccountPublicAccessBlock"},
}

// accountAsset emits the aws.account asset. The first account is the
// well-run production account; the second has a weak password policy, root
// access keys and no account-level S3 Block Public Access; further accounts
// are drawn at random.
func (g *generator) accountAsset() error {
	a := g.acct
	x := g.newAsset(g.s.account, "global", a.id, a.name)
	o := x.Root
	o.Set("alias", str(a.name))
	o.Set("organization_id", str(g.orgID))

	// Password policy: 0 strong, 1 weak, 2 none.
	policy := [...]int{0, 1}[min(a.idx, 1)]
	rootGood := a.idx == 0
	a.s3PAB = [...]int{pabOn, pabAbsent}[min(a.idx, 1)]
	if a.idx > 1 {
		policy = pick(g.r, cumulative(60, 25, 15))
		rootGood = g.chance(0.7)
		a.s3PAB = pick(g.r, cumulative(60, 30, 10))
	}
	if policy < 2 {
		pp := newObject(g.s.passwordPolicy)
		strong := policy == 0
		pp.Set("present", types.True)
		pp.Set("minimum_password_length", integer(pickInt(strong, 14, 8)))
		pp.Set("require_symbols", boolean(strong))
		pp.Set("require_numbers", types.True)
		pp.Set("require_uppercase_characters", boolean(strong))
		pp.Set("require_lowercase_characters", types.True)
		pp.Set("allow_users_to_change_password", types.True)
		pp.Set("max_password_age", integer(pickInt(strong, 90, 0)))
		pp.Set("password_reuse_prevention", integer(pickInt(strong, 24, 0)))
		pp.Set("hard_expiry", types.False)
		o.Set("password_policy", pp)
	}

	root := newObject(g.s.root)
	if rootGood {
		root.Set("mfa_enabled", types.True)
		root.Set("hardware_mfa_enabled", boolean(a.idx == 0 || g.chance(0.5)))
		root.Set("access_keys_present", integer(0))
		root.Set("password_last_used", timestamp(g.ago(120, 900)))
	} else {
		mfa := a.idx == 1 || g.chance(0.5)
		keys := 0
		if !mfa || a.idx == 1 {
			keys = 1
		}
		root.Set("mfa_enabled", boolean(mfa))
		root.Set("hardware_mfa_enabled", types.False)
		root.Set("access_keys_present", integer(keys))
		root.Set("password_last_used", timestamp(g.ago(2, 30)))
	}
	o.Set("root", root)

	if a.s3PAB != pabAbsent {
		pab := newObject(g.s.accountPAB)
		on := a.s3PAB == pabOn
		pab.Set("block_public_acls", types.True)
		pab.Set("ignore_public_acls", types.True)
		pab.Set("block_public_policy", boolean(on))
		pab.Set("restrict_public_buckets", boolean(on))
		o.Set("s3_public_access_block", pab)
	}
	var unk []unknownField
	if a.idx > 1 { // keep the two reference accounts readable
		unk = accountUnknowns
	}
	return g.out(x, unk)
}

var regionSettingsUnknowns = []unknownField{
	{"ebs_encryption_by_default", "UnauthorizedOperation: ec2:GetEbsEncryptionByDefault"},
	{"snapshot_block_public_access", "UnauthorizedOperation: ec2:GetSnapshotBlockPublicAccessState"},
}

// regionSettings emits the aws.ec2.region_settings asset of the current
// account and region.
func (g *generator) regionSettings() error {
	a, region := g.acct, g.region()
	x := g.newAsset(g.s.regionSettings, region, "arn:aws:ec2:"+region+":"+a.id+":region-settings", region)
	o := x.Root
	good := a.idx == 0 || g.chance(0.7)
	o.Set("ebs_encryption_by_default", boolean(good))
	o.Set("ebs_default_kms_key_id", str(a.ebsKey[g.reg]))
	snap := "block-all-sharing"
	img := "block-new-sharing"
	if !good || g.chance(0.2) {
		snap = [...]string{"block-new-sharing", "unblocked", "unblocked"}[g.r.IntN(3)]
		if g.chance(0.5) {
			img = "unblocked"
		}
	}
	o.Set("snapshot_block_public_access", str(snap))
	o.Set("image_block_public_access", str(img))
	return g.out(x, regionSettingsUnknowns)
}

var trailUnknowns = []unknownField{
	{"is_logging", "AccessDenied: cloudtrail:GetTrailStatus"},
	{"include_management_events", "AccessDenied: cloudtrail:GetEventSelectors"},
}

// trail emits the account's t-th CloudTrail trail: first a multi-region
// management trail in the first region, then possibly a regional data
// events trail.
func (g *generator) trail(t int) error {
	a := g.acct
	ri := 0
	name := "management-events"
	if a.idx == 0 {
		name = "organization-trail"
	}
	if t > 0 {
		ri = g.regionIndex()
		name = "data-events-" + g.opts.Regions[ri]
	}
	home := g.opts.Regions[ri]
	arn := "arn:aws:cloudtrail:" + home + ":" + a.id + ":trail/" + name
	x := g.newAsset(g.s.trail, home, arn, name)
	o := x.Root
	o.Set("arn", str(arn))
	o.Set("home_region", str(home))
	o.Set("is_multi_region", boolean(t == 0))
	o.Set("is_organization_trail", boolean(t == 0 && a.idx == 0))
	o.Set("is_logging", boolean(t == 0 || g.chance(0.7)))
	o.Set("log_file_validation_enabled", boolean(a.goodTrail))
	if a.goodTrail {
		o.Set("kms_key_id", str(a.dataKey[ri]))
		o.Set("cloudwatch_logs_log_group_arn", str("arn:aws:logs:"+home+":"+a.id+":log-group:aws-cloudtrail-logs-"+name+":*"))
	} else {
		o.Set("kms_key_id", str(""))
	}
	o.Set("s3_bucket_name", str(g.company+"-cloudtrail-logs-"+a.id))
	if t == 0 {
		o.Set("include_management_events", types.True)
		o.Set("management_read_write_type", str("All"))
	} else {
		o.Set("include_management_events", types.False)
	}
	x.SetTags(g.tags("security", ""))
	return g.out(x, trailUnknowns)
}

func pickInt(cond bool, yes, no int) int {
	if cond {
		return yes
	}
	return no
}

func pickStr(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
