package adapt

import (
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// Security groups. Inline rules and standalone rule resources fold into
// the group's ingress and egress lists.

func tfSecurityGroup(c *ctx) *prim {
	name := c.get("name")
	p := c.newAsset("aws.ec2.security_group", name, false)
	o := p.a.Root
	c.set(o, "group_name", "name", name)
	c.attrd(o, "description", "description", "Managed by Terraform")
	c.attr(o, "vpc_id", "vpc_id")
	isDefault := c.r.Type == "aws_default_security_group"
	o.SetBool("is_default", isDefault)
	if isDefault {
		o.SetString("group_name", "default")
		p.name = "default"
		p.a.Name = "default"
	}
	for _, dir := range []string{"ingress", "egress"} {
		bs, u := blocks(c.get(dir))
		if u != nil {
			p.unknownRules(dir, u.Reason)
			continue
		}
		for _, b := range bs {
			p.addRule(dir, tfRule(c, o, dir, b, "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups", "protocol"))
		}
	}
	// Terraform removes the allow-all egress rule AWS adds to a new group,
	// so egress holds only the declared rules.
	p.finish = finishSG
	return p
}

func (p *prim) unknownRules(dir, reason string) {
	if p.rulesUnknown == nil {
		p.rulesUnknown = map[string]string{}
	}
	p.rulesUnknown[dir] = reason
}

func (p *prim) addRule(dir string, r *asset.Object) {
	if dir == "ingress" {
		p.ingress = append(p.ingress, r)
	} else {
		p.egress = append(p.egress, r)
	}
}

// tfRule converts one Terraform rule (inline block, aws_security_group_rule
// or aws_vpc_security_group_*_rule) into a rule object.
func tfRule(c *ctx, o *asset.Object, dir string, b map[string]any, v4, v6, pl, sg, proto string) *asset.Object {
	r := o.Nested(dir)
	c.set(r, "ip_protocol", dir, lowerStr(b[proto]))
	all := isAllProtocol(b[proto])
	if all {
		r.SetInt("from_port", -1).SetInt("to_port", -1)
	} else {
		c.setd(r, "from_port", dir, b["from_port"], int64(-1))
		c.setd(r, "to_port", dir, b["to_port"], int64(-1))
	}
	list := func(field, attr string) {
		if attr == "" {
			return
		}
		if !c.set(r, field, dir, b[attr]) {
			r.SetStrings(field, nil)
		}
	}
	list("cidr_ipv4", v4)
	list("cidr_ipv6", v6)
	list("prefix_list_ids", pl)
	list("security_group_ids", sg)
	if self, _ := b["self"].(bool); self {
		ids := []string{"self"}
		if _, unk := r.UnknownReason("security_group_ids"); !unk {
			if v, ok := r.Get("security_group_ids"); ok {
				l, _ := asset.Native(v).([]any)
				for _, x := range l {
					if s, ok := x.(string); ok {
						ids = append(ids, s)
					}
				}
			}
			r.SetStrings("security_group_ids", ids)
		}
	}
	c.set(r, "description", dir, b["description"])
	return r
}

func lowerStr(v any) any {
	if s, ok := v.(string); ok {
		return strings.ToLower(s)
	}
	return v
}

func isAllProtocol(v any) bool {
	s, _ := v.(string)
	if n, ok := v.(int64); ok {
		return n == -1
	}
	return s == "-1" || strings.EqualFold(s, "all")
}

func tfSecurityGroupRule(c *ctx) {
	p := c.target(c.get("security_group_id"), "aws.ec2.security_group")
	if p == nil {
		c.unlinked("security_group_id")
		return
	}
	dir, _ := c.get("type").(string)
	if dir != "ingress" && dir != "egress" {
		c.warn("type", "rule type is not ingress or egress; rule ignored")
		return
	}
	p.addRule(dir, tfRule(c, p.a.Root, dir, c.r.Attrs, "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "source_security_group_id", "protocol"))
}

func tfVPCSGRule(dir string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get("security_group_id"), "aws.ec2.security_group")
		if p == nil {
			c.unlinked("security_group_id")
			return
		}
		p.addRule(dir, tfRule(c, p.a.Root, dir, c.r.Attrs, "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id", "ip_protocol"))
	}
}

// unlinked reports a rule whose group is not in the scan, unless it names
// an existing group by id (then there is nothing to fold into).
func (c *ctx) unlinked(attr string) {
	if _, lit := c.get(attr).(string); lit {
		return
	}
	c.warn(attr, "cannot tell which security group this rule belongs to; the rule is not applied to any group")
}

func cfnSecurityGroup(c *ctx) *prim {
	name := c.get("GroupName")
	p := c.newAsset("aws.ec2.security_group", name, false)
	o := p.a.Root
	c.set(o, "group_name", "GroupName", name)
	c.attr(o, "description", "GroupDescription")
	c.attr(o, "vpc_id", "VpcId")
	o.SetBool("is_default", false)
	for dir, attr := range map[string]string{"ingress": "SecurityGroupIngress", "egress": "SecurityGroupEgress"} {
		bs, u := blocks(c.get(attr))
		if u != nil {
			p.unknownRules(dir, u.Reason)
			continue
		}
		for _, b := range bs {
			p.addRule(dir, cfnRule(c, o, dir, b))
		}
	}
	if _, set := c.r.Attrs["SecurityGroupEgress"]; !set {
		// AWS gives a new group an allow-all egress rule.
		p.addRule("egress", o.Nested("egress").SetString("ip_protocol", "-1").SetInt("from_port", -1).SetInt("to_port", -1).
			SetStrings("cidr_ipv4", []string{"0.0.0.0/0"}).SetStrings("cidr_ipv6", nil).SetStrings("prefix_list_ids", nil).SetStrings("security_group_ids", nil))
	}
	p.finish = finishSG
	return p
}

func cfnRule(c *ctx, o *asset.Object, dir string, b map[string]any) *asset.Object {
	r := o.Nested(dir)
	proto := b["IpProtocol"]
	if n, ok := proto.(int64); ok {
		proto = ipProtocolName(n)
	}
	c.set(r, "ip_protocol", dir, lowerStr(proto))
	if isAllProtocol(proto) {
		r.SetInt("from_port", -1).SetInt("to_port", -1)
	} else {
		c.setd(r, "from_port", dir, b["FromPort"], int64(-1))
		c.setd(r, "to_port", dir, b["ToPort"], int64(-1))
	}
	list := func(field string, attrs ...string) {
		var vals []any
		for _, a := range attrs {
			if v, ok := b[a]; ok && v != nil {
				if u, isU := v.(iac.Unknown); isU && field != "security_group_ids" {
					r.SetUnknown(field, u.Reason)
					return
				}
				vals = append(vals, v)
			}
		}
		if !c.set(r, field, dir, vals) {
			r.SetStrings(field, nil)
		}
	}
	list("cidr_ipv4", "CidrIp")
	list("cidr_ipv6", "CidrIpv6")
	list("prefix_list_ids", "SourcePrefixListId", "DestinationPrefixListId")
	list("security_group_ids", "SourceSecurityGroupId", "DestinationSecurityGroupId", "SourceSecurityGroupName")
	c.set(r, "description", dir, b["Description"])
	return r
}

func ipProtocolName(n int64) string {
	switch n {
	case -1:
		return "-1"
	case 6:
		return "tcp"
	case 17:
		return "udp"
	case 1:
		return "icmp"
	case 58:
		return "icmpv6"
	}
	s, _ := scalar(n)
	return s
}

func cfnSGRule(dir string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get("GroupId"), "aws.ec2.security_group")
		if p == nil {
			p = c.target(c.get("GroupName"), "aws.ec2.security_group")
		}
		if p == nil {
			c.unlinked("GroupId")
			return
		}
		p.addRule(dir, cfnRule(c, p.a.Root, dir, c.r.Attrs))
	}
}

func finishSG(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	for dir, rules := range map[string][]*asset.Object{"ingress": p.ingress, "egress": p.egress} {
		if why, unk := p.rulesUnknown[dir]; unk {
			o.SetUnknown(dir, why)
			continue
		}
		// A list element whose list fields are unknown makes the list unknown
		// only where a rule reads it; the element keeps its own unknowns.
		o.SetObjects(dir, rules)
	}
}

// EC2 instances.

func tfInstance(c *ctx) *prim {
	p := c.newAsset("aws.ec2.instance", c.get("tags.Name"), false)
	o := p.a.Root
	c.attr(o, "instance_type", "instance_type")
	c.attr(o, "image_id", "ami")
	c.attr(o, "subnet_id", "subnet_id")
	c.attr(o, "key_name", "key_name")
	c.attrd(o, "ebs_optimized", "ebs_optimized", false)
	c.attr(o, "private_ip", "private_ip")
	if !c.attr(o, "security_group_ids", "vpc_security_group_ids") {
		c.attr(o, "security_group_ids", "security_groups")
	}
	c.attrd(o, "iam_instance_profile_arn", "iam_instance_profile", "")
	c.publicIP(o, c.get("associate_public_ip_address"), c.get("subnet_id"), "map_public_ip_on_launch")
	switch n := c.get("ipv6_address_count").(type) {
	case int64:
		if n > 0 {
			o.SetUnknown("ipv6_addresses", "IPv6 addresses are assigned at launch")
		}
	case iac.Unknown:
		o.SetUnknown("ipv6_addresses", n.Reason)
	}
	c.attr(o, "ipv6_addresses", "ipv6_addresses")
	if mo := c.get("metadata_options"); mo != nil {
		if u, ok := mo.(iac.Unknown); ok {
			o.SetUnknown("metadata_options", u.Reason)
			return p
		}
	}
	m := o.SetNested("metadata_options")
	c.attrd(m, "http_tokens", "metadata_options.http_tokens", "optional")
	c.attrd(m, "http_endpoint", "metadata_options.http_endpoint", "enabled")
	c.attrd(m, "http_put_response_hop_limit", "metadata_options.http_put_response_hop_limit", int64(1))
	return p
}

// publicIP sets public_ip: empty when no public address is assigned, and
// unknown when one is (its value exists only after launch) or when it
// depends on a subnet the scan does not show.
func (c *ctx) publicIP(o *asset.Object, assoc, subnet any, subnetAttr string) {
	switch a := assoc.(type) {
	case bool:
		if a {
			o.SetUnknown("public_ip", "a public IPv4 address is assigned at launch")
		} else {
			o.SetString("public_ip", "")
		}
		return
	case iac.Unknown:
		o.SetUnknown("public_ip", a.Reason)
		return
	}
	if sn := c.rawTarget(subnet); sn != nil {
		switch m := lookup(sn.Attrs, subnetAttr).(type) {
		case nil:
			o.SetString("public_ip", "")
		case bool:
			if m {
				o.SetUnknown("public_ip", "the subnet "+sn.Address+" assigns a public IPv4 address at launch")
			} else {
				o.SetString("public_ip", "")
			}
		case iac.Unknown:
			o.SetUnknown("public_ip", m.Reason)
		}
		return
	}
	o.SetUnknown("public_ip", "whether a public IPv4 address is assigned depends on the subnet's settings, not in this code")
}

func cfnInstance(c *ctx) *prim {
	p := c.newAsset("aws.ec2.instance", nil, false)
	if n, ok := c.tags()["Name"]; ok {
		p.a.Name = n
	}
	o := p.a.Root
	c.attr(o, "instance_type", "InstanceType")
	c.attr(o, "image_id", "ImageId")
	c.attr(o, "subnet_id", "SubnetId")
	c.attr(o, "key_name", "KeyName")
	c.attrd(o, "ebs_optimized", "EbsOptimized", false)
	c.attr(o, "private_ip", "PrivateIpAddress")
	c.attr(o, "security_group_ids", "SecurityGroupIds")
	c.attrd(o, "iam_instance_profile_arn", "IamInstanceProfile", "")
	c.publicIP(o, c.get("NetworkInterfaces.AssociatePublicIpAddress"), c.get("SubnetId"), "MapPublicIpOnLaunch")
	m := o.SetNested("metadata_options")
	var md map[string]any
	if lt := c.get("LaunchTemplate"); lt != nil {
		id := c.get("LaunchTemplate.LaunchTemplateId")
		if id == nil {
			id = c.get("LaunchTemplate.LaunchTemplateName")
		}
		ltr := c.rawTarget(id)
		if ltr == nil {
			o.SetUnknown("metadata_options", "metadata options come from a launch template not in this template")
			return p
		}
		switch x := lookup(ltr.Attrs, "LaunchTemplateData.MetadataOptions").(type) {
		case map[string]any:
			md = x
		case iac.Unknown:
			o.SetUnknown("metadata_options", x.Reason)
			return p
		}
	}
	c.setd(m, "http_tokens", "LaunchTemplate", md["HttpTokens"], "optional")
	c.setd(m, "http_endpoint", "LaunchTemplate", md["HttpEndpoint"], "enabled")
	c.setd(m, "http_put_response_hop_limit", "LaunchTemplate", md["HttpPutResponseHopLimit"], int64(1))
	return p
}

// EBS volumes. Encryption left unset follows the region's EBS encryption
// by default setting: known when the scan declares it, unknown otherwise.

func tfVolume(c *ctx) *prim {
	p := c.newAsset("aws.ec2.volume", c.get("tags.Name"), false)
	o := p.a.Root
	c.attr(o, "size_gib", "size")
	c.attrd(o, "volume_type", "type", "gp2")
	c.attr(o, "availability_zone", "availability_zone")
	c.attr(o, "kms_key_id", "kms_key_id")
	c.attr(o, "snapshot_id", "snapshot_id")
	c.attr(o, "encrypted", "encrypted")
	p.finish = finishVolume
	return p
}

func cfnVolume(c *ctx) *prim {
	p := c.newAsset("aws.ec2.volume", c.tags()["Name"], false)
	o := p.a.Root
	c.attr(o, "size_gib", "Size")
	c.attrd(o, "volume_type", "VolumeType", "gp2")
	c.attr(o, "availability_zone", "AvailabilityZone")
	c.attr(o, "kms_key_id", "KmsKeyId")
	c.attr(o, "snapshot_id", "SnapshotId")
	c.attr(o, "encrypted", "Encrypted")
	p.finish = finishVolume
	return p
}

// finishVolume settles a volume's encryption once the region's settings
// are known: with EBS encryption by default on, every new volume is
// encrypted whatever its own flag says; otherwise the flag decides, and an
// unset flag leaves it unknown.
func finishVolume(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	for _, s := range c.b.settings {
		if s.Type == "aws.ec2.region_settings" && s.Account == p.a.Account && s.Region == p.a.Region {
			if v, ok := s.Root.Get("ebs_encryption_by_default"); ok && v.Value() == true {
				p.a.Root.SetBool("encrypted", true)
				return
			}
		}
	}
	if _, set := p.a.Root.Get("encrypted"); set {
		return
	}
	if _, unk := p.a.Root.UnknownReason("encrypted"); unk {
		return
	}
	p.a.Root.SetUnknown("encrypted", "encrypted is not set: the volume is encrypted only if EBS encryption by default is on in its region, which this code does not enable")
}

// VPCs and flow logs. A VPC's vpc_id (and a flow log's resource_id
// pointing at it) is the VPC's address, so the flow_logs relation works
// before ids exist.

func tfVPC(c *ctx) *prim {
	p := c.newAsset("aws.ec2.vpc", c.get("tags.Name"), false)
	o := p.a.Root
	o.SetString("vpc_id", c.r.Address)
	c.attr(o, "cidr_block", "cidr_block")
	o.SetBool("is_default", c.r.Type == "aws_default_vpc")
	return p
}

func cfnVPC(c *ctx) *prim {
	p := c.newAsset("aws.ec2.vpc", c.tags()["Name"], false)
	o := p.a.Root
	o.SetString("vpc_id", c.r.Address)
	c.attr(o, "cidr_block", "CidrBlock")
	o.SetBool("is_default", false)
	return p
}

func tfFlowLog(c *ctx) *prim {
	p := c.newAsset("aws.ec2.flow_log", nil, false)
	o := p.a.Root
	for _, a := range []string{"vpc_id", "subnet_id", "eni_id", "transit_gateway_id", "transit_gateway_attachment_id"} {
		if v := c.get(a); v != nil {
			c.set(o, "resource_id", a, c.symbolicID(v, "aws.ec2.vpc"))
			break
		}
	}
	c.attr(o, "traffic_type", "traffic_type")
	c.attrd(o, "log_destination_type", "log_destination_type", "cloud-watch-logs")
	if !c.attr(o, "log_destination", "log_destination") {
		c.attr(o, "log_destination", "log_group_name")
	}
	o.SetString("flow_log_status", "ACTIVE")
	return p
}

func cfnFlowLog(c *ctx) *prim {
	p := c.newAsset("aws.ec2.flow_log", nil, false)
	o := p.a.Root
	c.set(o, "resource_id", "ResourceId", c.symbolicID(c.get("ResourceId"), "aws.ec2.vpc"))
	c.attr(o, "traffic_type", "TrafficType")
	c.attrd(o, "log_destination_type", "LogDestinationType", "cloud-watch-logs")
	if !c.attr(o, "log_destination", "LogDestination") {
		c.attr(o, "log_destination", "LogGroupName")
	}
	o.SetString("flow_log_status", "ACTIVE")
	return p
}

// Network ACLs: inline blocks and aws_network_acl_rule /
// AWS::EC2::NetworkAclEntry resources, plus the catch-all deny rules
// (32767) AWS adds to every ACL.

func tfNetworkACL(c *ctx) *prim {
	p := c.newAsset("aws.ec2.network_acl", c.get("tags.Name"), false)
	o := p.a.Root
	c.attr(o, "vpc_id", "vpc_id")
	c.attr(o, "subnet_ids", "subnet_ids")
	o.SetBool("is_default", c.r.Type == "aws_default_network_acl")
	for _, dir := range []string{"ingress", "egress"} {
		bs, u := blocks(c.get(dir))
		if u != nil {
			p.unknownRules("entries", u.Reason)
			continue
		}
		for _, b := range bs {
			p.entries = append(p.entries, aclEntry(c, o, dir == "egress", b["rule_no"], b["protocol"], b["action"],
				b["cidr_block"], b["ipv6_cidr_block"], b["from_port"], b["to_port"], b["icmp_type"], b["icmp_code"]))
		}
	}
	p.finish = finishACL
	return p
}

func tfNetworkACLRule(c *ctx) {
	p := c.target(c.get("network_acl_id"), "aws.ec2.network_acl")
	if p == nil {
		c.unlinked("network_acl_id")
		return
	}
	a := c.r.Attrs
	eg, _ := a["egress"].(bool)
	p.entries = append(p.entries, aclEntry(c, p.a.Root, eg, a["rule_number"], a["protocol"], a["rule_action"],
		a["cidr_block"], a["ipv6_cidr_block"], a["from_port"], a["to_port"], a["icmp_type"], a["icmp_code"]))
}

func cfnNetworkACL(c *ctx) *prim {
	p := c.newAsset("aws.ec2.network_acl", c.tags()["Name"], false)
	o := p.a.Root
	c.attr(o, "vpc_id", "VpcId")
	o.SetBool("is_default", false)
	p.finish = finishACL
	return p
}

func cfnNetworkACLEntry(c *ctx) {
	p := c.target(c.get("NetworkAclId"), "aws.ec2.network_acl")
	if p == nil {
		c.unlinked("NetworkAclId")
		return
	}
	eg, _ := toBool(c.get("Egress"))
	p.entries = append(p.entries, aclEntry(c, p.a.Root, eg, c.get("RuleNumber"), c.get("Protocol"), c.get("RuleAction"),
		c.get("CidrBlock"), c.get("Ipv6CidrBlock"), c.get("PortRange.From"), c.get("PortRange.To"), c.get("Icmp.Type"), c.get("Icmp.Code")))
}

func aclEntry(c *ctx, o *asset.Object, egress bool, num, proto, action, v4, v6, from, to, it, ic any) *asset.Object {
	r := o.Nested("entries")
	c.set(r, "rule_number", "rule_number", num)
	if n, ok := toInt(proto); ok {
		proto = ipProtocolName(n)
	}
	c.set(r, "protocol", "protocol", lowerStr(proto))
	c.set(r, "rule_action", "rule_action", lowerStr(action))
	r.SetBool("egress", egress)
	c.set(r, "cidr_ipv4", "cidr_block", v4)
	c.set(r, "cidr_ipv6", "ipv6_cidr_block", v6)
	if isAllProtocol(proto) || proto == "all" {
		r.SetInt("from_port", -1).SetInt("to_port", -1)
	} else {
		c.setd(r, "from_port", "from_port", from, int64(-1))
		c.setd(r, "to_port", "to_port", to, int64(-1))
	}
	c.set(r, "icmp_type", "icmp_type", it)
	c.set(r, "icmp_code", "icmp_code", ic)
	return r
}

func finishACL(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	if why, unk := p.rulesUnknown["entries"]; unk {
		o.SetUnknown("entries", why)
		return
	}
	for _, eg := range []bool{false, true} {
		p.entries = append(p.entries, o.Nested("entries").SetInt("rule_number", 32767).SetString("protocol", "-1").
			SetString("rule_action", "deny").SetBool("egress", eg).SetString("cidr_ipv4", "0.0.0.0/0").
			SetInt("from_port", -1).SetInt("to_port", -1))
	}
	o.SetObjects("entries", p.entries)
}

// Account and region settings.

// settingsAsset returns (creating it once) the account or region
// settings asset of the resource's account and region.
func (c *ctx) settingsAsset(typ string) *asset.Asset {
	acct := c.r.Account
	if acct == "" {
		acct = UnknownAccount
	}
	region := c.r.Region
	if region == "" {
		region = UnknownRegion
	}
	if typ == "aws.account" {
		region = "global"
	}
	for _, s := range c.b.settings {
		if s.Type == typ && s.Account == acct && s.Region == region {
			return s
		}
	}
	ts, _ := c.b.reg.Lookup(typ)
	id, name := acct, acct
	if typ != "aws.account" {
		id, name = acct+"/"+region+"/ec2", region
	}
	a := asset.New(ts, acct, region, id, name)
	a.Source = asset.Source{File: c.r.Range.File, StartLine: c.r.Range.StartLine, EndLine: c.r.Range.EndLine}
	// Code that declares one account or region setting says nothing of the
	// others: they are unknown (set outside this code), never read as off.
	// The setting resources of the scan replace them.
	undeclared := map[string][]string{
		"aws.account":             {"alias", "organization_id", "password_policy", "root", "s3_public_access_block", "alternate_contacts"},
		"aws.ec2.region_settings": {"ebs_encryption_by_default", "ebs_default_kms_key_id", "snapshot_block_public_access", "image_block_public_access"},
	}
	for _, f := range undeclared[typ] {
		if a.Root.Schema().Field(f) != nil {
			a.Root.SetUnknown(f, f+" is not declared in this code: it is set outside it, if at all")
		}
	}
	c.b.settings = append(c.b.settings, a)
	return a
}

// tfAlternateContact sets one of the account's alternate contacts
// (aws_account_alternate_contact); the others stay as they were.
func tfAlternateContact(c *ctx) {
	root := c.settingsAsset("aws.account").Root
	var ac *asset.Object
	if _, unk := root.UnknownReason("alternate_contacts"); unk {
		ac = root.SetNested("alternate_contacts")
		for _, t := range []string{"billing", "operations", "security"} {
			ac.SetUnknown(t, "the "+t+" contact is not declared in this code")
		}
	} else if v, ok := root.Get("alternate_contacts"); ok {
		ac, _ = v.(*asset.Object)
	}
	if ac == nil {
		ac = root.SetNested("alternate_contacts")
	}
	typ, _ := c.get("alternate_contact_type").(string)
	typ = strings.ToLower(typ)
	if typ != "billing" && typ != "operations" && typ != "security" {
		c.warn("alternate_contact_type", "alternate_contact_type must be BILLING, OPERATIONS or SECURITY")
		return
	}
	o := ac.SetNested(typ)
	o.SetBool("present", true)
	c.attr(o, "name", "name")
	c.attr(o, "title", "title")
	c.attr(o, "email", "email_address")
	c.attr(o, "phone", "phone_number")
}

func tfAccountPAB(c *ctx) {
	o := c.settingsAsset("aws.account").Root.SetNested("s3_public_access_block")
	for _, f := range []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"} {
		c.attrd(o, f, f, false)
	}
}

func tfEBSDefault(c *ctx) {
	o := c.settingsAsset("aws.ec2.region_settings").Root
	c.attrd(o, "ebs_encryption_by_default", "enabled", true)
}

func tfEBSDefaultKey(c *ctx) {
	c.attr(c.settingsAsset("aws.ec2.region_settings").Root, "ebs_default_kms_key_id", "key_arn")
}

func tfSnapshotBPA(c *ctx) {
	c.attr(c.settingsAsset("aws.ec2.region_settings").Root, "snapshot_block_public_access", "state")
}

func tfImageBPA(c *ctx) {
	c.attr(c.settingsAsset("aws.ec2.region_settings").Root, "image_block_public_access", "state")
}

func tfPasswordPolicy(c *ctx) {
	o := c.settingsAsset("aws.account").Root.SetNested("password_policy")
	o.SetBool("present", true)
	c.attrd(o, "minimum_password_length", "minimum_password_length", int64(6))
	for _, f := range []string{"require_symbols", "require_numbers", "require_uppercase_characters", "require_lowercase_characters", "hard_expiry"} {
		c.attrd(o, f, f, false)
	}
	c.attrd(o, "allow_users_to_change_password", "allow_users_to_change_password", true)
	c.attrd(o, "max_password_age", "max_password_age", int64(0))
	c.attrd(o, "password_reuse_prevention", "password_reuse_prevention", int64(0))
}
