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
)

var humanFlaws = cumulative(45, 30, 15, 10)

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
		if g.chance(0.2) {
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
		}
		o.Set("mfa_active", boolean(flaw != hNoMFA))
		switch {
		case flaw == hStaleKey:
			keys = append(keys, g.accessKey(true, created, 120, 900, 30))
		case g.chance(0.4):
			keys = append(keys, g.accessKey(true, created, 1, 85, 7))
		}
		switch {
		case flaw == hAdmin:
			attached = []string{adminPolicy}
		case g.chance(0.1):
			attached = []string{"arn:aws:iam::aws:policy/IAMUserChangePassword"}
		}
		o.Set("groups", strList(humanGroups[g.r.IntN(len(humanGroups))]...))
	} else {
		flaw := -1
		if g.chance(0.2) {
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
