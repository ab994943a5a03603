package gen

import (
	"strings"
	"time"

	"cloudward/asset"
)

var instanceUnknowns = []unknownField{{"metadata_options", throttled}}

var instanceStates = []string{"running", "stopped", "pending", "stopping", "terminated"}
var instanceStatesW = cumulative(82, 14, 1, 1, 2)

// instanceUnit emits an EC2 instance and its EBS volumes (a root volume and
// sometimes a data volume) within a budget of n assets.
func (g *generator) instanceUnit(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	team, comp := g.one(teams), g.one(components)
	id := g.hexID("i-")
	name := a.env + "-" + team + "-" + comp + "-" + itoa(101 + g.r.IntN(99))[1:]
	x := g.newAsset(g.s.instance, region, g.arn("ec2", region, "instance/"+id), name)
	o := x.Root
	o.SetString("instance_id", id)
	o.SetString("instance_type", instanceTypes[pick(g.r, instanceTypeW)])
	state := instanceStates[pick(g.r, instanceStatesW)]
	o.SetString("state", state)
	o.SetString("image_id", s.amis[g.r.IntN(len(s.amis))])
	o.SetString("vpc_id", v.id)
	live := state == "running" || state == "pending"
	public := live && (v.web != "" && g.chance(0.2) || g.flawed(0.06))
	subnet := v.subnets[3+g.r.IntN(3)]
	if public || v.isDefault { // default VPCs only have public subnets
		subnet = v.subnets[g.r.IntN(3)]
	}
	o.SetString("subnet_id", subnet)
	if public {
		o.SetString("public_ip", g.publicIP())
	}
	if state != "terminated" {
		o.SetString("private_ip", g.privateIP(v.cidr))
	}
	if public && g.chance(0.15) {
		o.SetStrings("ipv6_addresses", []string{"2600:1f18:" + hex8(uint32(g.r.Uint64()))[:4] + ":" + hex8(uint32(g.r.Uint64()))[:4] + "::" + hex8(uint32(g.r.Uint64()))[:3]})
	}
	sgs := []string{v.sgs[g.r.IntN(len(v.sgs))]}
	if len(v.sgs) > 1 && g.chance(0.3) {
		if other := v.sgs[g.r.IntN(len(v.sgs))]; other != sgs[0] {
			sgs = append(sgs, other)
		}
	}
	o.SetStrings("security_group_ids", sgs)
	if !g.flawed(0.2) {
		o.SetString("iam_instance_profile_arn", g.arn("iam", "", "instance-profile/"+team+"-"+comp+"-instance"))
	}
	if g.chance(0.35) {
		o.SetString("key_name", pickStr(g.chance(0.5), a.env+"-"+team, "deploy-key"))
	}
	md := o.SetNested("metadata_options")
	md.SetString("http_tokens", pickStr(!g.flawed(0.2), "required", "optional"))
	md.SetString("http_endpoint", pickStr(g.chance(0.96), "enabled", "disabled"))
	md.SetInt("http_put_response_hop_limit", int64(pickInt(!g.flawed(0.25), 1, 2)))
	o.SetBool("ebs_optimized", g.chance(0.9))
	launched := g.ago(0, 720)
	o.SetTime("launch_time", launched)
	x.SetTags(g.tags(team, name))
	if err := g.out(x, instanceUnknowns); err != nil {
		return 0, err
	}
	used := 1
	if state == "terminated" {
		return used, nil
	}
	vols := 1
	if g.chance(0.2) {
		vols = 2
	}
	for i := 0; i < vols && used < n; i++ {
		if err := g.volume(id, team, i == 0, launched); err != nil {
			return used, err
		}
		used++
	}
	return used, nil
}

func (g *generator) publicIP() string {
	var buf [15]byte
	b := append(buf[:0], g.one(publicIPFirst)...)
	for range 3 {
		b = append(b, '.')
		b = appendInt(b, g.r.IntN(254)+1)
	}
	return string(b)
}

// privateIP returns an address in a /16 VPC CIDR.
func (g *generator) privateIP(cidr string) string {
	// cidr is "a.b.0.0/16"
	dots := 0
	i := 0
	for ; i < len(cidr) && dots < 2; i++ {
		if cidr[i] == '.' {
			dots++
		}
	}
	b := append([]byte(nil), cidr[:i]...)
	b = appendInt(b, g.r.IntN(256))
	b = append(b, '.')
	b = appendInt(b, 4+g.r.IntN(250))
	return string(b)
}

func appendInt(b []byte, i int) []byte {
	if i >= 100 {
		b = append(b, byte('0'+i/100))
	}
	if i >= 10 {
		b = append(b, byte('0'+i/10%10))
	}
	return append(b, byte('0'+i%10))
}

var volumeUnknowns = []unknownField{{"kms_key_id", "AccessDenied: kms:DescribeKey"}}

var volumeTypes = []string{"gp3", "gp2", "io2", "st1", "sc1"}
var volumeTypesW = cumulative(65, 25, 5, 3, 2)

// volumeRef is what a snapshot needs of a recent volume.
type volumeRef struct {
	id        string
	size      int
	encrypted bool
	key       string
	team      string
}

// volume emits an EBS volume, attached to instance when it is set (root
// says whether it is the root volume, created with the instance) and
// tagged for team (any when empty). Unattached volumes are mostly old
// leftovers, some just created.
func (g *generator) volume(instance, team string, root bool, created time.Time) error {
	a, region := g.acct, g.region()
	id := g.hexID("vol-")
	x := g.newAsset(g.s.volume, region, g.arn("ec2", region, "volume/"+id), id)
	o := x.Root
	o.SetString("volume_id", id)
	vt := volumeTypes[pick(g.r, volumeTypesW)]
	size := 100 + g.r.IntN(1900)
	if root {
		vt = pickStr(g.chance(0.8), "gp3", "gp2")
		size = [...]int{8, 20, 30, 50, 100}[g.r.IntN(5)]
	}
	o.SetInt("size_gib", int64(size))
	o.SetString("volume_type", vt)
	if instance != "" {
		o.SetString("state", "in-use")
		o.SetStrings("attached_instance_ids", []string{instance})
		if !root {
			created = later(g.ago(0, 700), created)
		}
	} else {
		o.SetString("state", "available")
		o.SetStrings("attached_instance_ids", nil)
		if g.chance(0.2) {
			created = g.ago(0, 5)
		} else {
			created = g.ago(20, 1200)
		}
	}
	o.SetString("availability_zone", g.az())
	o.SetTime("create_time", created)
	ref := volumeRef{id: id, size: size}
	if !g.flawed(0.12) {
		o.SetBool("encrypted", true)
		key := a.ebsKey[g.reg]
		if g.chance(0.3) {
			key = a.dataKey[g.reg]
		}
		o.SetString("kms_key_id", key)
		ref.encrypted, ref.key = true, key
	} else {
		o.SetBool("encrypted", false)
	}
	if team == "" {
		team = g.one(teams)
	}
	ref.team = team
	g.slot.volumes.add(ref)
	x.SetTags(g.tags(team, ""))
	return g.out(x, volumeUnknowns)
}

var snapshotUnknowns = []unknownField{{"public", "UnauthorizedOperation: ec2:DescribeSnapshotAttribute"}}

// snapshot emits an EBS snapshot of a recent volume (or a copy of one):
// encrypted like its volume, private, once in a while shared with another
// account or, rarely, public.
func (g *generator) snapshot() error {
	region := g.region()
	vr := volumeRef{id: "vol-ffffffff", size: 50 + g.r.IntN(450), encrypted: g.chance(0.85), team: g.one(teams)}
	if vr.encrypted {
		vr.key = g.acct.dataKey[g.reg]
	}
	if !g.slot.volumes.empty() && g.chance(0.9) {
		vr = g.slot.volumes.pick(g)
	}
	return g.ebsSnapshot(region, vr, "")
}

func (g *generator) ebsSnapshot(region string, vr volumeRef, desc string) error {
	id := g.hexID("snap-")
	started := g.ago(0, 800)
	if desc == "" {
		switch x := g.r.IntN(10); {
		case x < 5:
			desc = "This snapshot is created by the AWS Backup service."
		case x < 8:
			desc = "Daily backup of " + vr.id + " " + started.Format("2006-01-02")
		default:
			desc = "before " + g.one(components) + " upgrade"
		}
	}
	x := g.snapshotAsset(region, id, vr, desc, started)
	o := x.Root
	o.SetString("state", pickStr(g.chance(0.98), "completed", "error"))
	o.SetString("storage_tier", pickStr(g.chance(0.93), "standard", "archive"))
	public := g.flawed(0.01)
	o.SetBool("public", public)
	if !public && g.chance(0.05) {
		o.SetStrings("shared_account_ids", []string{g.otherAccount()})
	}
	return g.out(x, snapshotUnknowns)
}

// snapshotAsset builds a private, completed snapshot of vr.
func (g *generator) snapshotAsset(region, id string, vr volumeRef, desc string, started time.Time) *asset.Asset {
	x := g.newAsset(g.s.snapshot, region, "arn:aws:ec2:"+region+"::snapshot/"+id, id)
	o := x.Root
	o.SetString("snapshot_id", id)
	o.SetString("volume_id", vr.id)
	o.SetInt("volume_size_gib", int64(vr.size))
	o.SetBool("encrypted", vr.encrypted)
	if vr.encrypted {
		o.SetString("kms_key_id", vr.key)
	}
	o.SetString("state", "completed")
	o.SetTime("start_time", started)
	o.SetString("description", desc)
	o.SetString("storage_tier", "standard")
	o.SetBool("public", false)
	o.SetStrings("shared_account_ids", nil)
	x.SetTags(g.tags(vr.team, ""))
	return x
}

// image emits an AMI the account built (the first ones are the AMIs its
// instances run) and the snapshot backing it.
func (g *generator) image(n int) (int, error) {
	s, region := g.slot, g.region()
	id := g.hexID("ami-")
	if s.images < len(s.amis) {
		id = s.amis[s.images]
	}
	s.images++
	team := g.one(teams)
	windows := g.chance(0.1)
	created := g.ago(5, 900)
	base := pickStr(windows, "windows-2022", "al2023")
	name := pickStr(g.chance(0.6), "golden-"+base, team+"-"+g.one(components)+"-"+base) + "-" + created.Format("20060102") + "-" + itoa(s.images)
	snap := g.hexID("snap-")
	x := g.newAsset(g.s.image, region, "arn:aws:ec2:"+region+"::image/"+id, name)
	o := x.Root
	o.SetString("image_id", id)
	o.SetString("image_name", name)
	o.SetString("state", pickStr(g.chance(0.97), "available", "deregistered"))
	o.SetBool("public", g.flawed(0.02))
	o.SetTime("creation_date", created)
	if g.chance(0.3) {
		o.SetTime("deprecation_time", created.Add(365*day))
	}
	o.SetString("image_type", "machine")
	o.SetString("root_device_type", "ebs")
	o.SetString("platform_details", pickStr(windows, "Windows", "Linux/UNIX"))
	o.SetStrings("snapshot_ids", []string{snap})
	o.SetString("description", "Built by Packer from "+base+" for "+team)
	x.SetTags(g.tags(team, name))
	if err := g.out(x, nil); err != nil {
		return 0, err
	}
	if n < 2 {
		return 1, nil
	}
	vr := volumeRef{id: "vol-ffffffff", size: pickInt(windows, 50, 8), encrypted: g.chance(0.8), team: team}
	if vr.encrypted {
		vr.key = g.acct.ebsKey[g.reg]
	}
	return 2, g.out(g.snapshotAsset(region, snap, vr, "Created by CreateImage("+g.hexID("i-")+") for "+id, created), nil)
}

// ---- Lambda ----

// Lambda runtimes: supported at the reference time, and deprecated ones.
var (
	lambdaRuntimes    = []string{"python3.12", "python3.13", "python3.11", "nodejs22.x", "java21", "java17", "provided.al2023", "dotnet8", "ruby3.3"}
	lambdaRuntimesW   = cumulative(30, 10, 12, 22, 7, 4, 7, 5, 3)
	oldLambdaRuntimes = []string{"nodejs20.x", "python3.9", "nodejs18.x", "python3.8", "go1.x", "nodejs16.x"}
)

var lambdaUnknowns = []unknownField{
	{"policy_is_public", "AccessDeniedException: lambda:GetPolicy"},
	{"function_urls", "AccessDeniedException: lambda:ListFunctionUrlConfigs"},
}

// lambda emits a function and, usually, its log group.
func (g *generator) lambda(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.lambdaN, g.slotSalt(), len(teams), len(components), len(lambdaVerbs))
	s.lambdaN++
	team, comp := teams[c[0]], components[c[1]]
	name := withDash(a.env+"-"+team+"-"+comp+"-"+lambdaVerbs[c[2]], round)
	arn := g.arn("lambda", region, "function:"+name)
	x := g.newAsset(g.s.lambda, region, arn, name)
	o := x.Root
	o.SetString("arn", arn)
	if g.chance(0.05) {
		o.SetString("runtime", "")
		o.SetString("package_type", "Image")
	} else {
		rt := lambdaRuntimes[pick(g.r, lambdaRuntimesW)]
		if g.flawed(0.25) {
			rt = g.one(oldLambdaRuntimes)
		}
		o.SetString("runtime", rt)
		o.SetString("package_type", "Zip")
		handler := "app.handler"
		switch {
		case strings.HasPrefix(rt, "nodejs"):
			handler = "index.handler"
		case strings.HasPrefix(rt, "java"):
			handler = "com." + g.company + "." + team + ".Handler::handleRequest"
		case rt == "go1.x" || strings.HasPrefix(rt, "provided"):
			handler = "bootstrap"
		case strings.HasPrefix(rt, "dotnet"):
			handler = titleCase(team) + "::" + titleCase(team) + ".Function::FunctionHandler"
		case strings.HasPrefix(rt, "ruby"):
			handler = "function.handler"
		}
		o.SetString("handler", handler)
	}
	o.SetString("role", g.arn("iam", "", "role/"+team+"-"+comp+"-lambda"))
	o.SetTime("last_modified", g.ago(0, 600))
	if len(s.vpcs) > 0 && g.good(0.45) {
		v := s.vpcs[g.r.IntN(len(s.vpcs))]
		vc := o.SetNested("vpc_config")
		vc.SetString("vpc_id", v.id)
		vc.SetStrings("subnet_ids", sortedStrings([]string{v.subnets[3], v.subnets[4]}))
		vc.SetStrings("security_group_ids", []string{v.sgs[g.r.IntN(len(v.sgs))]})
	}
	public := false
	switch x := g.r.IntN(100); {
	case x < 2 && g.flawed(1): // invokable by anyone
		public = true
		o.Set("policy", policyDoc(doc("Sid", "public-invoke", "Effect", "Allow", "Principal", "*",
			"Action", "lambda:InvokeFunction", "Resource", arn)))
	case x < 22:
		o.Set("policy", policyDoc(doc("Sid", "apigateway-invoke", "Effect", "Allow",
			"Principal", doc("Service", "apigateway.amazonaws.com"), "Action", "lambda:InvokeFunction", "Resource", arn,
			"Condition", doc("ArnLike", doc("AWS:SourceArn", "arn:aws:execute-api:"+region+":"+a.id+":"+g.lowerAlnum(10)+"/*")))))
	case x < 40:
		o.Set("policy", policyDoc(doc("Sid", "events-invoke", "Effect", "Allow",
			"Principal", doc("Service", "events.amazonaws.com"), "Action", "lambda:InvokeFunction", "Resource", arn,
			"Condition", doc("ArnLike", doc("AWS:SourceArn", g.arn("events", region, "rule/"+name+"-schedule"))))))
	}
	o.SetBool("policy_is_public", public)
	var urls []*asset.Object
	switch x := g.r.IntN(100); {
	case x < 4:
		urls = append(urls, g.functionURL(o, arn, "NONE"))
	case x < 10:
		urls = append(urls, g.functionURL(o, arn, "AWS_IAM"))
	}
	o.SetObjects("function_urls", urls)
	x.SetTags(g.tags(team, ""))
	if err := g.out(x, lambdaUnknowns); err != nil {
		return 0, err
	}
	s.lambdas.add(arn)
	if n < 2 || !g.chance(0.85) {
		return 1, nil
	}
	retention := [...]int{0, 7, 14, 30, 30, 90}[g.r.IntN(6)]
	return 2, g.logGroup("/aws/lambda/"+name, retention, "", false, g.ago(30, 900))
}

func (g *generator) functionURL(o *asset.Object, arn, auth string) *asset.Object {
	u := o.Nested("function_urls")
	u.SetString("function_url", "https://"+g.lowerAlnum(32)+".lambda-url."+g.region()+".on.aws/")
	u.SetString("function_arn", arn)
	u.SetString("auth_type", auth)
	return u
}

// ---- EKS ----

var eksVersions = []string{"1.35", "1.34", "1.33", "1.32", "1.31", "1.29"}
var eksVersionsW = cumulative(25, 30, 20, 10, 10, 5)

var eksUnknowns = []unknownField{{"enabled_log_types", "AccessDeniedException: eks:DescribeCluster"}}

// eksCluster emits an EKS cluster and, when it sends control plane logs,
// its log group.
func (g *generator) eksCluster(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.eksN, g.slotSalt(), len(teams))
	s.eksN++
	team := teams[c[0]]
	name := withDash(a.env+"-"+team, round)
	arn := g.arn("eks", region, "cluster/"+name)
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	x := g.newAsset(g.s.eks, region, arn, name)
	o := x.Root
	o.SetString("cluster_name", name)
	version := eksVersions[pick(g.r, eksVersionsW)]
	o.SetString("version", version)
	o.SetString("platform_version", "eks."+itoa(1+g.r.IntN(30)))
	o.SetString("status", "ACTIVE")
	o.SetString("endpoint", "https://"+strings.ToUpper(g.hex32())+".gr7."+region+".eks.amazonaws.com")
	public := g.flawed(0.6)
	o.SetBool("endpoint_public_access", public)
	o.SetBool("endpoint_private_access", !public || g.chance(0.7))
	switch {
	case !public:
		o.SetStrings("public_access_cidrs", nil)
	case g.flawed(0.6):
		o.SetStrings("public_access_cidrs", []string{world4})
	default:
		o.SetStrings("public_access_cidrs", []string{office4, vpn4})
	}
	var logs []string
	switch {
	case g.good(0.35):
		logs = []string{"api", "audit", "authenticator", "controllerManager", "scheduler"}
	case g.good(0.5):
		logs = []string{"api", "audit", "authenticator"}
	case g.chance(0.3):
		logs = []string{"api"}
	}
	o.SetStrings("enabled_log_types", logs)
	enc := g.good(0.7)
	o.SetBool("secrets_encryption_enabled", enc)
	if enc {
		o.SetString("secrets_kms_key_arn", a.dataKey[g.reg])
	}
	o.SetString("role_arn", g.arn("iam", "", "role/"+name+"-eks-cluster"))
	o.SetString("vpc_id", v.id)
	o.SetStrings("security_group_ids", []string{v.sgs[g.r.IntN(len(v.sgs))]})
	o.SetString("cluster_security_group_id", g.hexID("sg-"))
	o.SetTime("created_at", g.ago(30, 1200))
	x.SetTags(g.tags(team, ""))
	if err := g.out(x, eksUnknowns); err != nil {
		return 0, err
	}
	if len(logs) == 0 || n < 2 {
		return 1, nil
	}
	return 2, g.logGroup("/aws/eks/"+name+"/cluster", [...]int{30, 90, 365}[g.r.IntN(3)], "", false, g.ago(30, 900))
}

// ---- ACM and load balancers ----

var certUnknowns = []unknownField{{"certificate_transparency_logging_preference", "AccessDeniedException: acm:DescribeCertificate"}}

// certificate emits an ACM certificate for a name of the company; usedBy
// is the ARN of the resource using it ("" when it is not in use or used
// by something not collected). It returns the certificate's ARN.
func (g *generator) certificate(domain, usedBy string) (string, error) {
	s, region := g.slot, g.region()
	if domain == "" {
		c, round := combo(s.certN, g.slotSalt(), len(subdomains))
		s.certN++
		domain = subdomains[c[0]] + pickStr(round > 0, itoa(round+1), "") + "." + g.company + ".example"
	}
	wildcard := g.chance(0.2)
	if wildcard {
		domain = "*." + domain[indexByte(domain, '.')+1:]
	}
	id := g.uuid()
	arn := g.arn("acm", region, "certificate/"+id)
	x := g.newAsset(g.s.cert, region, arn, domain)
	o := x.Root
	o.SetString("arn", arn)
	o.SetString("domain_name", domain)
	sans := []string{domain}
	if wildcard {
		sans = append(sans, domain[2:])
	}
	o.SetStrings("subject_alternative_names", sortedStrings(sans))
	imported := g.chance(0.15)
	status := "ISSUED"
	switch x := g.r.IntN(100); {
	case g.flawed(0.04):
		status = "EXPIRED"
	case x < 7 && !imported:
		status = "PENDING_VALIDATION"
	}
	o.SetString("status", status)
	o.SetString("certificate_type", pickStr(imported, "IMPORTED", "AMAZON_ISSUED"))
	var notBefore, notAfter time.Time
	switch {
	case status == "EXPIRED":
		notAfter = g.ago(1, 200)
		notBefore = notAfter.Add(-395 * day)
	case status == "PENDING_VALIDATION":
	case imported:
		notAfter = g.ahead(5, 365)
		notBefore = notAfter.Add(-365 * day)
	default:
		notAfter = g.ahead(45, 395)
		notBefore = notAfter.Add(-395 * day)
	}
	if !notAfter.IsZero() {
		o.SetTime("not_before", notBefore)
		o.SetTime("not_after", notAfter)
	}
	keyAlg, sigAlg, issuer := "RSA_2048", "SHA256WITHRSA", "Amazon"
	switch {
	case imported && g.flawed(0.15):
		keyAlg, sigAlg, issuer = "RSA_1024", "SHA1WITHRSA", g.company+" Legacy CA"
	case imported:
		issuer = pickStr(g.chance(0.5), "DigiCert Inc", "Sectigo Limited")
	case g.chance(0.12):
		keyAlg, sigAlg = "EC_prime256v1", "SHA256WITHECDSA"
	}
	o.SetString("key_algorithm", keyAlg)
	if status != "PENDING_VALIDATION" {
		o.SetString("signature_algorithm", sigAlg)
		o.SetString("issuer", issuer)
	}
	inUse := usedBy != "" && status == "ISSUED"
	o.SetString("renewal_eligibility", pickStr(inUse && !imported, "ELIGIBLE", "INELIGIBLE"))
	o.SetBool("in_use", inUse)
	if inUse {
		o.SetStrings("in_use_by", []string{usedBy})
	} else {
		o.SetStrings("in_use_by", nil)
	}
	o.SetString("certificate_transparency_logging_preference", pickStr(g.good(0.95), "ENABLED", "DISABLED"))
	x.SetTags(g.tags(g.one(teams), ""))
	return arn, g.out(x, certUnknowns)
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// TLS policies of listeners: current ones, and the legacy ones that still
// allow TLS 1.0 and 1.1.
var (
	tlsPolicies    = []string{"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "ELBSecurityPolicy-TLS-1-2-2017-01", "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-3-2021-06"}
	tlsPoliciesW   = cumulative(60, 13, 13, 7, 7)
	oldTLSPolicies = []string{"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01"}
)

func (g *generator) tlsPolicy() string {
	if g.flawed(0.25) {
		return g.one(oldTLSPolicies)
	}
	return tlsPolicies[pick(g.r, tlsPoliciesW)]
}

var lbUnknowns = []unknownField{
	{"listeners", "AccessDenied: elasticloadbalancing:DescribeListeners"},
	{"access_logs_enabled", "AccessDenied: elasticloadbalancing:DescribeLoadBalancerAttributes"},
}

// loadBalancer emits an Application or Network Load Balancer, preceded by
// the ACM certificate of its TLS listener.
func (g *generator) loadBalancer(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	c, round := combo(s.lbN, g.slotSalt(), len(teams), len(components))
	s.lbN++
	team, comp := teams[c[0]], components[c[1]]
	name := withDash(a.env+"-"+team+"-"+comp, round)
	if len(name) > 32 {
		name = name[:32]
	}
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	alb := g.chance(0.72)
	typ, short := "application", "app"
	if !alb {
		typ, short = "network", "net"
	}
	suffix := g.hexN(16)
	arn := g.arn("elasticloadbalancing", region, "loadbalancer/"+short+"/"+name+"/"+suffix)
	public := g.chance(0.55)
	tls := alb && (public || g.chance(0.6)) || !alb && g.chance(0.5)
	used := 0
	cert := ""
	if tls && n >= 2 {
		var err error
		if cert, err = g.certificate(comp+"."+team+"."+g.company+".example", arn); err != nil {
			return 0, err
		}
		used++
	} else if tls {
		cert = g.arn("acm", region, "certificate/"+g.uuid())
	}
	x := g.newAsset(g.s.loadBalancer, region, arn, name)
	o := x.Root
	o.SetString("load_balancer_name", name)
	o.SetString("load_balancer_type", typ)
	o.SetString("scheme", pickStr(public, "internet-facing", "internal"))
	dns := name + "-" + itoa(100000000+g.r.IntN(900000000)) + "." + region + ".elb.amazonaws.com"
	if !alb {
		dns = name + "-" + suffix + ".elb." + region + ".amazonaws.com"
	}
	if !public {
		dns = "internal-" + dns
	}
	o.SetString("dns_name", dns)
	o.SetString("vpc_id", v.id)
	var sgs []string
	if alb {
		if public && v.web != "" {
			sgs = []string{v.web}
		} else {
			sgs = []string{v.sgs[g.r.IntN(len(v.sgs))]}
		}
	}
	o.SetStrings("security_group_ids", sgs)
	subnets := v.subnets[3:]
	if public {
		subnets = v.subnets[:3]
	}
	if g.flawed(0.06) {
		subnets = subnets[:1]
	} else if g.chance(0.4) {
		subnets = subnets[:2]
	}
	o.SetStrings("subnet_ids", subnets)
	o.SetString("ip_address_type", pickStr(g.chance(0.88), "ipv4", "dualstack"))
	o.SetString("state", "active")
	o.SetTime("created_time", g.ago(20, 1500))
	o.SetBool("deletion_protection", a.env == "prod" && g.good(0.75) || g.chance(0.25))
	logs := g.good(0.7)
	o.SetBool("access_logs_enabled", logs)
	if logs {
		o.SetString("access_logs_bucket", g.company+"-elb-access-logs-"+a.id+"-"+region)
	}
	if alb {
		o.SetBool("drop_invalid_header_fields", g.good(0.6))
	}
	listenerBase := g.arn("elasticloadbalancing", region, "listener/"+short+"/"+name+"/"+suffix+"/")
	tg := g.arn("elasticloadbalancing", region, "targetgroup/"+name+"/"+g.hexN(16))
	var ls []*asset.Object
	switch {
	case alb && tls:
		if g.chance(0.9) {
			redirect := g.good(0.85)
			ls = append(ls, g.listener(o, listenerBase, "HTTP", 80, "", "", redirect, tg))
		}
		ls = append(ls, g.listener(o, listenerBase, "HTTPS", 443, g.tlsPolicy(), cert, false, tg))
	case alb:
		ls = append(ls, g.listener(o, listenerBase, "HTTP", pickInt(g.chance(0.7), 80, 8080), "", "", false, tg))
	case tls:
		ls = append(ls, g.listener(o, listenerBase, "TLS", 443, g.tlsPolicy(), cert, false, tg))
	default:
		ls = append(ls, g.listener(o, listenerBase, pickStr(g.chance(0.8), "TCP", "UDP"), pickInt(g.chance(0.5), 443, 5432), "", "", false, tg))
	}
	o.SetObjects("listeners", ls)
	x.SetTags(g.tags(team, name))
	return used + 1, g.out(x, lbUnknowns)
}

func (g *generator) listener(o *asset.Object, base, proto string, port int, policy, cert string, redirect bool, tg string) *asset.Object {
	l := o.Nested("listeners")
	l.SetString("listener_arn", base+g.hexN(16))
	l.SetString("protocol", proto)
	l.SetInt("port", int64(port))
	if policy != "" {
		l.SetString("ssl_policy", policy)
	}
	if cert != "" {
		l.SetStrings("certificate_arns", []string{cert})
	}
	act := l.Nested("default_actions")
	if redirect {
		act.SetString("type", "redirect")
		act.SetString("redirect_protocol", "HTTPS")
	} else {
		act.SetString("type", "forward")
		act.SetString("target_group_arn", tg)
	}
	l.SetObjects("default_actions", []*asset.Object{act})
	return l
}
