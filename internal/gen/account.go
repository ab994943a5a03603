package gen

import "strconv"

// Account-level S3 Block Public Access states.
const (
	pabOn = iota
	pabAbsent
	pabPartial
)

// How AWS Config, Security Hub, GuardDuty and Access Analyzer are set up
// in one region of an account.
type regionPlan struct {
	config   int // cfg…
	hub      int // hub…
	guard    int // gd…
	analyzer int // aa…
}

const (
	cfgNone       = iota // never set up
	cfgGood              // recording everything with the service-linked role
	cfgCustomRole        // recording, with a hand-made IAM role
	cfgStopped           // recorder and channel exist, recording stopped
	cfgFailing           // recording, but the last attempt failed
)

const (
	hubOff = iota
	hubOn
	hubManual // enabled, new controls not enabled automatically
)

const (
	gdNone = iota
	gdFast // FIFTEEN_MINUTES
	gdSlow // SIX_HOURS, the default
	gdSuspended
)

const (
	aaNone = iota
	aaActive
	aaFailed
)

// planAccount decides an account's identity and its account-wide posture.
// The first account is run by the book (a few deliberate gaps), the second
// is the neglected staging account, further ones are drawn at random.
func (g *generator) planAccount(i int, ids map[string]bool) *account {
	o := g.opts
	a := &account{idx: i, profile: min(i, profRandom)}
	switch i {
	case 0:
		a.id, a.weight = "111111111111", 1
	case 1:
		a.id, a.weight = "222222222222", 0.7
	default:
		for a.id == "" || ids[a.id] {
			a.id = strconv.FormatUint(100000000000+g.r.Uint64N(900000000000), 10)
		}
		a.weight = 0.3 + 0.7*g.r.Float64()
	}
	ids[a.id] = true
	n := accountNames[i%len(accountNames)]
	a.env = accountEnvs[i%len(accountEnvs)]
	if i >= len(accountNames) {
		n += "-" + itoa(i/len(accountNames)+1)
	}
	a.name = g.company + "-" + n
	a.trails = 1
	if g.r.IntN(2) == 0 {
		a.trails = 2
	}
	a.goodTrail = i == 0 || (i > 1 && g.chance(0.75))
	a.cwLogs = i < 2 || g.chance(0.6)
	a.dataKey = make([]string, len(o.Regions))
	a.ebsKey = make([]string, len(o.Regions))
	for j, reg := range o.Regions {
		a.dataKey[j] = "arn:aws:kms:" + reg + ":" + a.id + ":key/" + g.uuid()
		a.ebsKey[j] = "arn:aws:kms:" + reg + ":" + a.id + ":key/" + g.uuid()
	}
	a.keyPolicy = keyPolicy(a.id)
	a.groupMembers = make([][]string, len(humanGroupNames))

	a.regions = make([]regionPlan, len(o.Regions))
	switch a.profile {
	case profWell:
		a.hygiene = 0.4
		a.contacts = [3]bool{true, true, true}
		a.supportRole, a.configSLR = true, true
		for j := range a.regions {
			a.regions[j] = regionPlan{config: cfgGood, hub: hubOn, guard: gdFast, analyzer: aaActive}
		}
	case profWeak:
		a.hygiene = 0.9
		a.contacts = [3]bool{true, false, false}
		a.supportRole = true
		// Security Hub and Access Analyzer come from organization-wide
		// automation; Config and GuardDuty were set up by hand, unevenly.
		weak := []regionPlan{
			{config: cfgFailing, hub: hubManual, guard: gdSlow, analyzer: aaActive},
			{config: cfgStopped, hub: hubOn, guard: gdFast, analyzer: aaActive},
			{config: cfgNone, hub: hubOn, guard: gdNone, analyzer: aaFailed},
		}
		for j := range a.regions {
			a.regions[j] = weak[j%len(weak)]
		}
	default:
		a.hygiene = 0.5 + g.r.Float64()
		for k := range a.contacts {
			a.contacts[k] = g.chance(0.75)
		}
		a.supportRole = g.chance(0.6)
		a.configSLR = g.chance(0.6)
		for j := range a.regions {
			p := regionPlan{
				config:   pick(g.r, cumulative(15, 55, 15, 10, 5)),
				hub:      pick(g.r, cumulative(30, 55, 15)),
				guard:    pick(g.r, cumulative(20, 50, 25, 5)),
				analyzer: pick(g.r, cumulative(30, 65, 5)),
			}
			if p.config == cfgGood && !a.configSLR {
				p.config = cfgCustomRole
			}
			a.regions[j] = p
		}
	}
	if a.profile != profWell && a.regions[0].config == cfgGood && !a.configSLR {
		a.regions[0].config = cfgCustomRole
	}
	g.planMonitoring(a)
	return a
}

// baseline emits the account's fixed assets: the account, its IAM summary
// and baseline identities, its trails with their monitoring, and per
// region the EC2 settings, KMS keys and the account-wide services.
func (g *generator) baseline() error {
	a := g.acct
	steps := []func() error{g.accountAsset, g.accountSummary, g.baselineRoles, g.baselinePolicies, g.federation}
	for _, f := range steps {
		if err := f(); err != nil {
			return err
		}
	}
	for t := 0; t < a.trails; t++ {
		if err := g.trail(t); err != nil {
			return err
		}
	}
	if err := g.monitoringBaseline(); err != nil {
		return err
	}
	for j := range g.opts.Regions {
		g.reg = j
		steps := []func() error{g.regionSettings, g.dataKey, g.ebsKey, g.configService, g.securityHub, g.guardDuty, g.accessAnalyzer}
		for _, f := range steps {
			if err := f(); err != nil {
				return err
			}
		}
	}
	return nil
}

var accountUnknowns = []unknownField{
	{"password_policy", "AccessDenied: iam:GetAccountPasswordPolicy"},
	{"s3_public_access_block", "AccessDenied: s3:GetAccountPublicAccessBlock"},
	{"alternate_contacts", "AccessDeniedException: account:GetAlternateContact"},
}

// accountAsset emits the aws.account asset. The first account is the
// well-run production account; the second has a weak password policy, root
// access keys, no account-level S3 Block Public Access and only a billing
// contact; further accounts are drawn at random.
func (g *generator) accountAsset() error {
	a := g.acct
	x := g.newAsset(g.s.account, "global", a.id, a.name)
	o := x.Root
	o.SetString("alias", a.name)
	o.SetString("organization_id", g.orgID)

	// Password policy: 0 strong, 1 weak, 2 none.
	policy := [...]int{0, 1}[min(a.idx, 1)]
	rootGood := a.idx == 0
	a.s3PAB = [...]int{pabOn, pabAbsent}[min(a.idx, 1)]
	if a.idx > 1 {
		policy = pick(g.r, cumulative(60, 25, 15))
		rootGood = g.chance(0.7)
		a.s3PAB = pick(g.r, cumulative(60, 30, 10))
	}
	pp := o.SetNested("password_policy")
	if policy < 2 {
		strong := policy == 0
		pp.SetBool("present", true)
		pp.SetInt("minimum_password_length", int64(pickInt(strong, 14, 8)))
		pp.SetBool("require_symbols", strong)
		pp.SetBool("require_numbers", true)
		pp.SetBool("require_uppercase_characters", strong)
		pp.SetBool("require_lowercase_characters", true)
		pp.SetBool("allow_users_to_change_password", true)
		pp.SetInt("max_password_age", int64(pickInt(strong, 90, 0)))
		pp.SetInt("password_reuse_prevention", int64(pickInt(strong, 24, 0)))
		pp.SetBool("hard_expiry", false)
	} else {
		pp.SetBool("present", false)
	}

	root := o.SetNested("root")
	if rootGood {
		root.SetBool("mfa_enabled", true)
		root.SetBool("hardware_mfa_enabled", a.idx == 0 || g.chance(0.5))
		root.SetInt("access_keys_present", 0)
		root.SetTime("password_last_used", g.ago(120, 900))
	} else {
		mfa := a.idx == 1 || g.chance(0.5)
		keys := 0
		if !mfa || a.idx == 1 {
			keys = 1
		}
		root.SetBool("mfa_enabled", mfa)
		root.SetBool("hardware_mfa_enabled", false)
		root.SetInt("access_keys_present", int64(keys))
		if a.idx == 1 {
			root.SetTime("password_last_used", g.ago(100, 300))
		} else {
			root.SetTime("password_last_used", g.ago(2, 30))
		}
	}

	if a.s3PAB != pabAbsent {
		pab := o.SetNested("s3_public_access_block")
		on := a.s3PAB == pabOn
		pab.SetBool("block_public_acls", true)
		pab.SetBool("ignore_public_acls", true)
		pab.SetBool("block_public_policy", on)
		pab.SetBool("restrict_public_buckets", on)
	}

	contacts := o.SetNested("alternate_contacts")
	for k, field := range []string{"billing", "operations", "security"} {
		c := contacts.SetNested(field)
		c.SetBool("present", a.contacts[k])
		if !a.contacts[k] {
			continue
		}
		person := g.one(firstNames) + " " + g.one(lastNames)
		c.SetString("name", titleCase(person))
		c.SetString("title", [...]string{"Finance Operations", "Head of Platform", "Security Lead"}[k])
		c.SetString("email", [...]string{"billing", "ops", "security"}[k]+"@"+g.company+".example")
		c.SetString("phone", "+1-555-01"+itoa(10+g.r.IntN(90)))
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
	o.SetBool("ebs_encryption_by_default", good)
	o.SetString("ebs_default_kms_key_id", a.ebsKey[g.reg])
	snap := "block-all-sharing"
	img := "block-new-sharing"
	if !good || g.chance(0.2) {
		snap = [...]string{"block-new-sharing", "unblocked", "unblocked"}[g.r.IntN(3)]
		if g.chance(0.5) {
			img = "unblocked"
		}
	}
	o.SetString("snapshot_block_public_access", snap)
	o.SetString("image_block_public_access", img)
	var unk []unknownField
	if a.idx > 1 {
		unk = regionSettingsUnknowns
	}
	return g.out(x, unk)
}

// accountSummary emits the account's aws.iam.account_summary: where the
// AWSSupportAccess managed policy is attached (the baseline support role).
func (g *generator) accountSummary() error {
	a := g.acct
	x := g.newAsset(g.s.accountSummary, "global", g.arn("iam", "", "account-summary"), a.id)
	o := x.Root
	var roles []string
	if a.supportRole {
		roles = []string{supportRoleName}
	}
	o.SetBool("support_policy_attached", a.supportRole)
	o.SetStrings("support_policy_roles", roles)
	o.SetStrings("support_policy_users", nil)
	o.SetStrings("support_policy_groups", nil)
	return g.out(x, nil)
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

// titleCase capitalizes each space-separated word.
func titleCase(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == ' '
	}
	return string(b)
}
