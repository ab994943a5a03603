package gen

import (
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

var userUnknowns = []unknownField{
	{"mfa_active", "AccessDenied: iam:ListMFADevices"},
	{"access_keys", throttled},
	{"attached_policy_arns", "AccessDenied: iam:ListAttachedUserPolicies"},
}

// Misconfigurations of people and of service users, with weights.
const (
	hNoMFA = iota
	hStaleKey
	hAdmin
	hStaleLogin
	hInitialKey // an access key made with the user and never used
)

var humanFlaws = cumulative(45, 30, 15, 10, 6)

const (
	sOldKey = iota
	sTwoActive
	sUnusedKey
)

var serviceFlaws = cumulative(75, 15, 10)

var serviceManagedPolicies = []string{
	"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonSQSFullAccess",
	"arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
	"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
}

const adminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"

// user emits an IAM user: a person with a console password (60%) or a
// service user with access keys only. Names are unique in the account.
func (g *generator) user() error {
	a := g.acct
	human := g.chance(0.6)
	var name, team, comp string
	if human {
		idx, round := permuted(a.humans, len(firstNames)*len(lastNames), 797, a.idx*131)
		a.humans++
		name = withRound(firstNames[idx/len(lastNames)]+"."+lastNames[idx%len(lastNames)], round)
		team = g.one(teams)
	} else {
		per := len(teams) * len(components)
		idx, round := permuted(a.services, len(servicePrefixes)*per, 97, a.idx*53)
		a.services++
		p, r := idx/per, idx%per
		team, comp = teams[r/len(components)], components[r%len(components)]
		name = withRound(servicePrefixes[p]+"-"+team+"-"+comp, round)
	}
	arn := "arn:aws:iam::" + a.id + ":user/" + name
	x := g.newAsset(g.s.user, "global", arn, name)
	o := x.Root
	o.Set("arn", str(arn))
	o.Set("user_id", str(g.iamID("AIDA", 17)))
	created := g.ago(30, 2200)
	o.Set("create_date", timestamp(created))

	var keys []ref.Val
	var attached []string
	if human {
		flaw := -1
		if g.flawed(0.2) {
			flaw = pick(g.r, humanFlaws)
		}
		console := flaw != -1 || g.chance(0.97)
		o.Set("password_enabled", boolean(console))
		if console {
			last := g.ago(0, 45)
			if flaw == hStaleLogin {
				last = g.ago(120, 400)
			}
			o.Set("password_last_used", timestamp(later(last, created)))
			o.Set("password_last_changed", timestamp(later(g.ago(30, 400), created)))
		}
		o.Set("mfa_active", boolean(flaw != hNoMFA))
		switch {
		case flaw == hStaleKey:
			keys = append(keys, g.accessKey(true, created, 120, 900, 30))
		case flaw == hInitialKey:
			k := newObject(g.s.accessKey)
			k.Set("access_key_id", str(g.iamID("AKIA", 16)))
			k.Set("status", str("Active"))
			k.Set("create_date", timestamp(created.Add(time.Duration(30+g.r.IntN(600))*time.Second)))
			keys = append(keys, k)
		case g.chance(0.4):
			keys = append(keys, g.accessKey(true, created, 1, 85, 7))
		}
		switch {
		case flaw == hAdmin:
			attached = []string{adminPolicy}
		case g.chance(0.1):
			attached = []string{"arn:aws:iam::aws:policy/IAMUserChangePassword"}
		}
		gs := humanGroups[g.r.IntN(len(humanGroups))]
		names := make([]string, len(gs))
		for i, gi := range gs {
			names[i] = humanGroupNames[gi]
			a.groupMembers[gi] = append(a.groupMembers[gi], name)
		}
		o.Set("groups", strList(names...))
	} else {
		flaw := -1
		if g.flawed(0.2) {
			flaw = pick(g.r, serviceFlaws)
		}
		o.Set("password_enabled", types.False)
		o.Set("mfa_active", types.False)
		switch flaw {
		case sOldKey:
			keys = append(keys, g.accessKey(true, created, 100, 1500, 3))
		case sTwoActive:
			keys = append(keys, g.accessKey(true, created, 1, 85, 2), g.accessKey(true, created, 200, 800, 60))
		case sUnusedKey:
			keys = append(keys, g.accessKey(true, created, 100, 600, -1))
		default:
			switch x := g.r.IntN(100); {
			case x < 5: // keys removed; the user is kept for its policies
			case x < 15: // rotated: new key active, old one deactivated
				keys = append(keys, g.accessKey(true, created, 1, 85, 2), g.accessKey(false, created, 100, 800, -1))
			default:
				keys = append(keys, g.accessKey(true, created, 1, 85, 2))
			}
		}
		if g.chance(0.7) {
			attached = []string{"arn:aws:iam::" + a.id + ":policy/" + team + "-" + comp + "-access"}
		} else {
			attached = []string{g.one(serviceManagedPolicies)}
		}
		if g.chance(0.2) {
			o.Set("inline_policy_names", strList(comp+"-inline"))
		}
	}
	o.Set("access_keys", valList(keys...))
	o.Set("attached_policy_arns", strList(attached...))
	x.SetTags(g.tags(team, ""))
	return g.out(x, userUnknowns)
}

// accessKey builds an access key created between minAge and maxAge days
// ago (not before the user), last used within lastUsed days (never when
// negative).
func (g *generator) accessKey(active bool, userCreated time.Time, minAge, maxAge, lastUsed int) ref.Val {
	created := later(g.ago(minAge, maxAge), userCreated)
	k := newObject(g.s.accessKey)
	k.Set("access_key_id", str(g.iamID("AKIA", 16)))
	k.Set("status", str(pickStr(active, "Active", "Inactive")))
	k.Set("create_date", timestamp(created))
	if lastUsed >= 0 {
		k.Set("last_used_date", timestamp(later(g.ago(0, lastUsed), created)))
		k.Set("last_used_service", str(g.one(keyServices)))
	}
	return k
}

// later returns t, or a moment shortly after notBefore when t is earlier.
func later(t, notBefore time.Time) time.Time {
	if t.Before(notBefore) {
		return notBefore.Add(time.Duration(t.Unix()%7200+60) * time.Second)
	}
	return t
}

// ---- roles ----

// roleSpec describes an IAM role to emit.
type roleSpec struct {
	name, path string
	trust      ref.Val
	attached   []string
	inline     []string
	boundary   string
	created    time.Time
	lastUsed   time.Time // zero: not used in the tracking period
	maxSession int
	team       string
	app        bool // an application role (not part of the account's baseline)
}

var roleUnknowns = []unknownField{
	{"attached_policy_arns", throttled},
	{"last_used_date", "AccessDenied: iam:GetRole"},
}

func (g *generator) emitRole(r roleSpec) error {
	arn := g.arn("iam", "", "role"+r.path+r.name)
	x := g.newAsset(g.s.role, "global", arn, r.name)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("role_id", g.iamID("AROA", 17))
	o.SetString("path", r.path)
	o.SetTime("create_date", r.created)
	o.Set("trust_policy", r.trust)
	o.SetStrings("attached_policy_arns", r.attached)
	o.SetStrings("inline_policy_names", r.inline)
	if r.boundary != "" {
		o.SetString("permissions_boundary_arn", r.boundary)
	}
	if !r.lastUsed.IsZero() {
		o.SetTime("last_used_date", r.lastUsed)
		o.SetString("last_used_region", g.opts.Regions[g.regionIndex()])
	}
	o.SetInt("max_session_duration", int64(max(r.maxSession, 3600)))
	if r.team != "" {
		x.SetTags(g.tags(r.team, ""))
	}
	var unk []unknownField
	if g.acct.idx > 1 || r.app { // keep the reference accounts' baseline readable
		unk = roleUnknowns
	}
	return g.out(x, unk)
}

const awsPolicy = "arn:aws:iam::aws:policy/"

// slr describes a service-linked role.
type slr struct{ service, name, policy string }

var serviceLinkedRoles = []slr{
	{"support.amazonaws.com", "AWSServiceRoleForSupport", "AWSSupportServiceRolePolicy"},
	{"trustedadvisor.amazonaws.com", "AWSServiceRoleForTrustedAdvisor", "AWSTrustedAdvisorServiceRolePolicy"},
	{"organizations.amazonaws.com", "AWSServiceRoleForOrganizations", "AWSOrganizationsServiceTrustPolicy"},
	{"elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing", "AWSElasticLoadBalancingServiceRolePolicy"},
	{"rds.amazonaws.com", "AWSServiceRoleForRDS", "AmazonRDSServiceRolePolicy"},
	{"autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling", "AutoScalingServiceRolePolicy"},
	{"config.amazonaws.com", "AWSServiceRoleForConfig", "AWSConfigServiceRolePolicy"},
	{"securityhub.amazonaws.com", "AWSServiceRoleForSecurityHub", "AWSSecurityHubServiceRolePolicy"},
	{"guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty", "AmazonGuardDutyServiceRolePolicy"},
	{"access-analyzer.amazonaws.com", "AWSServiceRoleForAccessAnalyzer", "AccessAnalyzerServiceRolePolicy"},
}

const supportRoleName = "aws-support-access"

// auditAccount is the (outside) account of the security tooling that
// assumes the audit role.
const auditAccount = "999900001111"

// baselineRoles emits the roles every account has: service-linked roles
// of the services it uses, IAM Identity Center (SSO) roles, the
// organization's access role in member accounts, the support role (CIS
// "support role") and the security audit role.
func (g *generator) baselineRoles() error {
	a := g.acct
	anyHub, anyGD, anyAA := false, false, false
	for _, p := range a.regions {
		anyHub = anyHub || p.hub != hubOff
		anyGD = anyGD || p.guard != gdNone
		anyAA = anyAA || p.analyzer != aaNone
	}
	for _, r := range serviceLinkedRoles {
		switch r.name {
		case "AWSServiceRoleForConfig":
			if !a.configSLR {
				continue
			}
		case "AWSServiceRoleForSecurityHub":
			if !anyHub {
				continue
			}
		case "AWSServiceRoleForAmazonGuardDuty":
			if !anyGD {
				continue
			}
		case "AWSServiceRoleForAccessAnalyzer":
			if !anyAA {
				continue
			}
		}
		err := g.emitRole(roleSpec{name: r.name, path: "/aws-service-role/" + r.service + "/",
			trust: serviceTrust(r.service), attached: []string{awsPolicy + "aws-service-role/" + r.policy},
			created: g.ago(400, 2000), lastUsed: g.ago(0, 3)})
		if err != nil {
			return err
		}
	}

	// IAM Identity Center permission sets.
	sso := g.ssoProvider()
	trust := doc("Version", policyVersion, "Statement", []ref.Val{doc("Effect", "Allow",
		"Principal", doc("Federated", g.arn("iam", "", "saml-provider/"+sso)),
		"Action", []string{"sts:AssumeRoleWithSAML", "sts:TagSession"},
		"Condition", doc("StringEquals", doc("SAML:aud", "https://signin.aws.amazon.com/saml")))})
	type permSet struct {
		name     string
		attached []string
		inline   []string
	}
	sets := []permSet{{"PlatformAdmin", []string{awsPolicy + "PowerUserAccess"}, []string{"AwsSSOInlinePolicy"}},
		{"ReadOnlyAccess", []string{awsPolicy + "ReadOnlyAccess"}, nil},
		{"Developer", []string{awsPolicy + "PowerUserAccess"}, nil}}
	if a.profile != profWell {
		sets = []permSet{{"AdministratorAccess", []string{adminPolicy}, nil}, {"ReadOnlyAccess", []string{awsPolicy + "ReadOnlyAccess"}, nil}}
	}
	for _, ps := range sets {
		err := g.emitRole(roleSpec{name: "AWSReservedSSO_" + ps.name + "_" + g.hexN(16), path: "/aws-reserved/sso.amazonaws.com/",
			trust: trust, attached: ps.attached, inline: ps.inline, created: g.ago(200, 1200), lastUsed: g.ago(0, 10), maxSession: 43200})
		if err != nil {
			return err
		}
	}

	root := func(account string) ref.Val {
		return doc("Version", policyVersion, "Statement", []ref.Val{doc("Effect", "Allow",
			"Principal", doc("AWS", "arn:aws:iam::"+account+":root"), "Action", "sts:AssumeRole")})
	}
	if a.idx > 0 {
		// Created by AWS Organizations in member accounts: administrator
		// access for the management account, without an external id.
		err := g.emitRole(roleSpec{name: "OrganizationAccountAccessRole", path: "/", trust: root(g.accounts[0].id),
			attached: []string{adminPolicy}, created: g.ago(600, 2000), lastUsed: g.ago(5, 200)})
		if err != nil {
			return err
		}
	}
	if a.supportRole {
		err := g.emitRole(roleSpec{name: supportRoleName, path: "/", trust: root(a.id),
			attached: []string{awsPolicy + "AWSSupportAccess"}, created: g.ago(300, 1500), lastUsed: g.ago(3, 60), team: "platform"})
		if err != nil {
			return err
		}
	}
	auditTrust := doc("Version", policyVersion, "Statement", []ref.Val{doc("Effect", "Allow",
		"Principal", doc("AWS", "arn:aws:iam::"+auditAccount+":role/cloudward-scanner"), "Action", "sts:AssumeRole",
		"Condition", doc("StringEquals", doc("sts:ExternalId", "cw-"+g.hexN(24))))})
	return g.emitRole(roleSpec{name: "cloudward-audit", path: "/", trust: auditTrust,
		attached: []string{awsPolicy + "SecurityAudit", awsPolicy + "job-function/ViewOnlyAccess"},
		created:  g.ago(30, 400), lastUsed: g.ago(0, 1), team: "security"})
}

// ssoProvider is the name of the account's IAM Identity Center SAML provider.
func (g *generator) ssoProvider() string {
	return "AWSSSO_" + hex8(mix32(uint32(g.acct.idx)+uint32(g.salt))) + hex8(mix32(uint32(g.acct.idx)+77)) + "_DO_NOT_DELETE"
}

// Kinds of application roles, with weights.
const (
	rkInstance = iota
	rkLambda
	rkTask
	rkGitHub
	rkVendor
	rkAdmin
)

var roleKindsW = cumulative(30, 30, 15, 12, 5, 8)

var vendors = []struct{ name, account string }{
	{"datadog", "464622532012"}, {"snyk", "198361731867"}, {"wiz", "197171649850"},
	{"pagerduty", "864276008384"}, {"cloudhealth", "454464851268"}, {"terraform-cloud", "553263510187"},
}

// role emits an application role: an instance, Lambda or ECS task role, a
// GitHub Actions deployment role (OIDC), a vendor integration role, or an
// administrative role. Most are in use; some are stale, some trust too much.
func (g *generator) role() error {
	a := g.acct
	kind := pick(g.r, roleKindsW)
	c, round := combo(a.roles, a.idx*131+kind*17, len(teams), len(components))
	a.roles++
	team, comp := teams[c[0]], components[c[1]]
	r := roleSpec{path: "/", team: team, created: g.ago(5, 1800), app: true}
	custom := g.arn("iam", "", "policy/"+team+"-"+comp+"-access")
	switch kind {
	case rkInstance:
		r.name = team + "-" + comp + "-instance"
		r.trust = g.shared.ec2Trust
		r.attached = []string{awsPolicy + "AmazonSSMManagedInstanceCore", awsPolicy + "CloudWatchAgentServerPolicy"}
		if g.chance(0.5) {
			r.attached = append(r.attached, custom)
		}
	case rkLambda:
		r.name = team + "-" + comp + "-lambda"
		r.trust = g.shared.lambdaTrust
		r.attached = []string{awsPolicy + "service-role/AWSLambdaBasicExecutionRole"}
		if g.chance(0.3) {
			r.attached = append(r.attached, awsPolicy+"service-role/AWSLambdaVPCAccessExecutionRole")
		}
		if g.chance(0.4) {
			r.inline = []string{comp + "-data-access"}
		}
	case rkTask:
		r.name = team + "-" + comp + "-task"
		r.trust = g.shared.ecsTrust
		r.attached = []string{custom}
	case rkGitHub:
		r.name = "github-" + team + "-" + comp + "-deploy"
		cond := doc("StringEquals", doc("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
			"StringLike", doc("token.actions.githubusercontent.com:sub", "repo:"+g.company+"/"+team+"-"+comp+":ref:refs/heads/main"))
		switch x := g.r.IntN(100); {
		case x < 10: // any repository, any branch
			cond = doc("StringEquals", doc("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
				"StringLike", doc("token.actions.githubusercontent.com:sub", "repo:*"))
		case x < 18: // audience only
			cond = doc("StringEquals", doc("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"))
		case x < 35:
			cond = doc("StringEquals", doc("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
				"StringLike", doc("token.actions.githubusercontent.com:sub", "repo:"+g.company+"/"+team+"-*"))
		}
		r.trust = doc("Version", policyVersion, "Statement", []ref.Val{doc("Effect", "Allow",
			"Principal", doc("Federated", g.arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")),
			"Action", "sts:AssumeRoleWithWebIdentity", "Condition", cond)})
		r.attached = []string{g.arn("iam", "", "policy/"+team+"-"+comp+"-deploy")}
		if g.flawed(0.1) {
			r.attached = []string{adminPolicy}
		}
	case rkVendor:
		v := vendors[c[1]%len(vendors)]
		r.name = withDash(v.name+"-integration-"+team, round*(len(components)/len(vendors)+1)+c[1]/len(vendors))
		st := doc("Effect", "Allow", "Principal", doc("AWS", "arn:aws:iam::"+v.account+":root"), "Action", "sts:AssumeRole",
			"Condition", doc("StringEquals", doc("sts:ExternalId", g.hexN(32))))
		if g.flawed(0.15) { // set up before external ids were required
			st = doc("Effect", "Allow", "Principal", doc("AWS", "arn:aws:iam::"+v.account+":root"), "Action", "sts:AssumeRole")
		}
		r.trust = doc("Version", policyVersion, "Statement", []ref.Val{st})
		r.attached = []string{awsPolicy + "SecurityAudit"}
		r.team = "security"
	case rkAdmin:
		r.name = team + "-" + comp + "-admin"
		r.trust = doc("Version", policyVersion, "Statement", []ref.Val{doc("Effect", "Allow",
			"Principal", doc("AWS", "arn:aws:iam::"+a.id+":root"), "Action", "sts:AssumeRole",
			"Condition", doc("Bool", doc("aws:MultiFactorAuthPresent", "true")))})
		r.attached = []string{adminPolicy}
		r.maxSession = 43200
	}
	if kind != rkVendor {
		r.name = withDash(r.name, round)
	}
	if kind != rkAdmin && kind != rkVendor && g.chance(0.15) {
		r.boundary = g.arn("iam", "", "policy/developer-boundary")
	}
	switch x := g.r.IntN(100); {
	case x < 80:
		r.lastUsed = later(g.ago(0, 30), r.created)
	case x < 92:
		r.lastUsed = later(g.ago(91, 400), r.created)
	}
	return g.emitRole(r)
}

// ---- groups ----

var groupUnknowns = []unknownField{{"members", "AccessDenied: iam:GetGroup"}}

// group emits the account's i-th IAM group (humanGroupNames) with the
// users that joined it.
func (g *generator) group(i int) error {
	a := g.acct
	name := humanGroupNames[i]
	arn := g.arn("iam", "", "group/"+name)
	x := g.newAsset(g.s.group, "global", arn, name)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("group_id", g.iamID("AGPA", 17))
	o.SetString("path", "/")
	o.SetTime("create_date", g.ago(900, 2400))
	weak := a.profile == profWeak || a.profile == profRandom && g.chance(0.4)
	custom := func(p string) string { return g.arn("iam", "", "policy/"+p) }
	var attached, inline []string
	switch name {
	case "developers":
		attached = []string{awsPolicy + "ReadOnlyAccess", custom("developer-access")}
		if weak {
			attached = append(attached, awsPolicy+"AWSCloudShellFullAccess")
		}
	case "oncall":
		attached = []string{custom("oncall-break-glass")}
	case "readonly":
		attached = []string{awsPolicy + "ReadOnlyAccess"}
	case "admins":
		attached = []string{awsPolicy + "PowerUserAccess", awsPolicy + "IAMReadOnlyAccess"}
		if weak {
			attached = []string{adminPolicy}
		}
	case "data-engineers":
		attached = []string{awsPolicy + "AmazonAthenaFullAccess", custom("data-lake-access")}
		if g.chance(0.3) {
			inline = []string{"glue-jobs"}
		}
	}
	o.SetStrings("attached_policy_arns", attached)
	o.SetStrings("inline_policy_names", inline)
	members := sortedStrings(a.groupMembers[i])
	o.SetStrings("members", members)
	o.SetInt("member_count", int64(len(members)))
	a.groupMembers[i] = nil
	var unk []unknownField
	if a.idx > 1 {
		unk = groupUnknowns
	}
	return g.out(x, unk)
}

// ---- customer managed policies ----

var policyUnknowns = []unknownField{{"allows_full_admin", "AccessDenied: iam:GetPolicyVersion"}}

// Policy flaws, with weights.
const (
	pServiceWildcard = iota
	pPassRole
	pSensitiveWildcard
	pFullAdmin
)

var policyFlaws = cumulative(50, 20, 15, 5)

// emitPolicy emits a customer managed policy.
func (g *generator) emitPolicy(name string, document ref.Val, fullAdmin bool, attachments, boundaryUses int, team string) error {
	arn := g.arn("iam", "", "policy/"+name)
	x := g.newAsset(g.s.policy, "global", arn, name)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("policy_id", g.iamID("ANPA", 17))
	o.SetString("path", "/")
	created := g.ago(10, 2000)
	o.SetTime("create_date", created)
	versions := 1 + g.r.IntN(5)
	updated := created
	if versions > 1 {
		updated = later(g.ago(0, 600), created)
	}
	o.SetTime("update_date", updated)
	o.SetString("default_version_id", "v"+itoa(versions))
	o.Set("document", document)
	o.SetInt("attachment_count", int64(attachments))
	o.SetInt("permissions_boundary_usage_count", int64(boundaryUses))
	o.SetBool("is_attachable", true)
	o.SetBool("allows_full_admin", fullAdmin)
	if team != "" {
		x.SetTags(g.tags(team, ""))
	}
	var unk []unknownField
	if g.acct.idx > 1 || team != "" {
		unk = policyUnknowns
	}
	return g.out(x, unk)
}

// baselinePolicies emits the policies the account's groups and roles use.
func (g *generator) baselinePolicies() error {
	a := g.acct
	weak := a.profile == profWeak
	devStatements := []ref.Val{
		allow([]string{"logs:GetLogEvents", "logs:FilterLogEvents", "cloudwatch:GetMetricData"}, "*"),
		allow([]string{"ssm:StartSession"}, g.arn("ec2", "*", "instance/*")),
	}
	if weak {
		devStatements = append(devStatements, allow("iam:PassRole", "*"))
	}
	breakGlass := policyDoc(allow([]string{"ec2:RebootInstances", "ec2:StopInstances", "rds:RebootDBInstance",
		"ecs:UpdateService", "autoscaling:SetDesiredCapacity"}, "*"))
	if weak {
		breakGlass = policyDoc(allow("*", "*"))
	}
	policies := []struct {
		name       string
		doc        ref.Val
		full       bool
		attach, pb int
	}{
		{"developer-access", policyDoc(devStatements...), false, 1, 0},
		{"oncall-break-glass", breakGlass, weak, 1, 0},
		{"data-lake-access", policyDoc(
			allow([]string{"s3:GetObject", "s3:ListBucket"}, []string{"arn:aws:s3:::" + g.company + "-data-*", "arn:aws:s3:::" + g.company + "-data-*/*"}),
			allow([]string{"glue:GetTable", "glue:GetDatabase", "glue:GetPartitions"}, "*")), false, 1, 0},
		{"developer-boundary", policyDoc(
			allow("*", "*"),
			doc("Effect", "Deny", "Action", []string{"iam:CreateUser", "iam:CreateAccessKey", "organizations:*", "account:*"}, "Resource", "*")),
			true, 0, 3 + g.r.IntN(20)},
	}
	for _, p := range policies {
		if err := g.emitPolicy(p.name, p.doc, p.full, p.attach, p.pb, ""); err != nil {
			return err
		}
	}
	return nil
}

var policyVariants = []string{"access", "deploy", "readonly"}

// policy emits an application policy: scoped permissions on the team's
// buckets, tables, queues and secrets, about one in four with a flaw.
func (g *generator) policy() error {
	a := g.acct
	c, round := combo(a.policies, a.idx*197, len(teams), len(components), len(policyVariants))
	a.policies++
	team, comp, variant := teams[c[0]], components[c[1]], policyVariants[c[2]]
	name := withDash(team+"-"+comp+"-"+variant, round)
	res := g.company + "-" + team + "-*"
	var st []ref.Val
	switch variant {
	case "access":
		st = []ref.Val{
			allow([]string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}, []string{"arn:aws:s3:::" + res, "arn:aws:s3:::" + res + "/*"}),
			allow([]string{"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"}, g.arn("dynamodb", "*", "table/"+a.env+"-"+team+"-*")),
			allow([]string{"sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"}, g.arn("sqs", "*", a.env+"-"+team+"-*")),
			allow("secretsmanager:GetSecretValue", g.arn("secretsmanager", "*", "secret:"+a.env+"/"+team+"/*")),
		}
	case "deploy":
		st = []ref.Val{
			allow([]string{"ecr:GetAuthorizationToken"}, "*"),
			allow([]string{"ecr:BatchCheckLayerAvailability", "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"},
				g.arn("ecr", "*", "repository/"+team+"/*")),
			allow([]string{"ecs:UpdateService", "ecs:DescribeServices", "lambda:UpdateFunctionCode"}, "*"),
			doc("Effect", "Allow", "Action", "iam:PassRole", "Resource", g.arn("iam", "", "role/"+team+"-*"),
				"Condition", doc("StringEquals", doc("iam:PassedToService", []string{"ecs-tasks.amazonaws.com", "lambda.amazonaws.com"}))),
		}
	default:
		st = []ref.Val{allow([]string{"s3:GetObject", "s3:ListBucket"}, []string{"arn:aws:s3:::" + res, "arn:aws:s3:::" + res + "/*"}),
			allow([]string{"cloudwatch:GetMetricData", "logs:FilterLogEvents"}, "*")}
	}
	full := false
	if g.flawed(0.28) {
		switch pick(g.r, policyFlaws) {
		case pServiceWildcard:
			st[0] = allow([]string{"s3:*"}, []string{"arn:aws:s3:::" + res, "arn:aws:s3:::" + res + "/*"})
		case pPassRole:
			st = append(st, allow("iam:PassRole", "*"))
		case pSensitiveWildcard:
			st = append(st, allow("kms:*", "*"))
		case pFullAdmin:
			st = append(st, allow("*", "*"))
			full = true
		}
	}
	attachments := 1 + g.r.IntN(4)
	if g.chance(0.15) {
		attachments = 0
	}
	return g.emitPolicy(name, policyDoc(st...), full, attachments, 0, team)
}

// ---- federation and certificates ----

// federation emits the account's identity providers and IAM server
// certificates.
func (g *generator) federation() error {
	a := g.acct
	gh := g.arn("iam", "", "oidc-provider/token.actions.githubusercontent.com")
	x := g.newAsset(g.s.oidcProvider, "global", gh, "token.actions.githubusercontent.com")
	x.Root.SetString("arn", gh)
	x.Root.SetString("url", "token.actions.githubusercontent.com")
	if err := g.out(x, nil); err != nil {
		return err
	}
	saml := func(name string, validUntil time.Time) error {
		arn := g.arn("iam", "", "saml-provider/"+name)
		x := g.newAsset(g.s.samlProvider, "global", arn, name)
		x.Root.SetString("arn", arn)
		x.Root.SetTime("create_date", validUntil.Add(-(365*day + time.Duration(g.r.IntN(900))*day)))
		x.Root.SetTime("valid_until", validUntil)
		return g.out(x, nil)
	}
	if err := saml(g.ssoProvider(), g.ahead(30000, 36000)); err != nil {
		return err
	}
	switch {
	case a.profile == profWeak || a.profile == profRandom && g.chance(0.3):
		if err := saml("legacy-adfs", g.ago(60, 400)); err != nil { // metadata expired
			return err
		}
	case a.profile == profWell:
		if err := saml("okta", g.ahead(200, 700)); err != nil {
			return err
		}
	}
	cert := func(name string, expires time.Time) error {
		arn := g.arn("iam", "", "server-certificate/"+name)
		x := g.newAsset(g.s.serverCert, "global", arn, name)
		o := x.Root
		o.SetString("arn", arn)
		o.SetString("server_certificate_id", g.iamID("ASCA", 17))
		o.SetString("path", "/")
		o.SetTime("upload_date", expires.Add(-395*day))
		o.SetTime("expiration", expires)
		return g.out(x, nil)
	}
	switch {
	case a.profile == profWell:
		return cert("partner-vpn-2027", g.ahead(250, 300))
	case a.profile == profWeak:
		return cert("legacy-api-2026", g.ahead(5, 25)) // renewal overdue
	case g.chance(0.4):
		if g.chance(0.5) {
			return cert("legacy-api-"+itoa(a.idx), g.ago(10, 400))
		}
		return cert("partner-api-"+itoa(a.idx), g.ahead(20, 400))
	}
	return nil
}
