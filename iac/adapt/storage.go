package adapt

import (
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// Snapshots, AMIs and route tables.

var storagePrimaries = map[string]func(c *ctx) *prim{
	"aws_ebs_snapshot":        tfEBSSnapshot,
	"aws_ebs_snapshot_copy":   tfEBSSnapshot,
	"aws_ami":                 tfAMI,
	"aws_ami_copy":            tfAMI,
	"aws_ami_from_instance":   tfAMI,
	"aws_db_snapshot":         tfDBSnapshot("aws.rds.snapshot"),
	"aws_db_snapshot_copy":    tfDBSnapshot("aws.rds.snapshot"),
	"aws_db_cluster_snapshot": tfDBSnapshot("aws.rds.cluster_snapshot"),
	"aws_route_table":         routeTable,
	"aws_default_route_table": routeTable,
	"AWS::EC2::RouteTable":    routeTable,
}

var storageAttachments = map[string]func(c *ctx){
	"aws_ami_launch_permission":        tfAMILaunchPermission,
	"aws_route":                        route,
	"AWS::EC2::Route":                  route,
	"aws_main_route_table_association": tfMainRouteTable,
}

// EBS snapshots. A snapshot is encrypted when its volume is (an
// aws_ebs_snapshot of a volume of the code), or when a copy asks for it;
// with EBS encryption by default on in the region every new copy is. Its
// sharing (public, accounts) is left absent.

func tfEBSSnapshot(c *ctx) *prim {
	p := c.newAsset("aws.ec2.snapshot", c.get("tags.Name"), false)
	o := p.a.Root
	c.attr(o, "description", "description")
	c.attrd(o, "storage_tier", "storage_tier", "standard")
	c.attr(o, "kms_key_id", "kms_key_id")
	p.finish = finishEBSSnapshot
	return p
}

func finishEBSSnapshot(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	if c.r.Type == "aws_ebs_snapshot_copy" {
		if e, ok := c.get("encrypted").(bool); ok && e || c.get("kms_key_id") != nil {
			c.setd(o, "encrypted", "encrypted", c.get("encrypted"), true)
			return
		}
		if regionEncryptsByDefault(c, p.a) {
			o.SetBool("encrypted", true)
			return
		}
		if src := c.target(c.get("source_snapshot_id"), "aws.ec2.snapshot"); src != nil {
			finishEBSSnapshot(&ctx{b: c.b, r: src.r})
			copyField(o, src.a.Root, "encrypted", "encrypted")
			return
		}
		o.SetUnknown("encrypted", "the copy is encrypted if its source snapshot is, which is not in this code")
		return
	}
	vol := c.target(c.get("volume_id"), "aws.ec2.volume")
	if vol == nil {
		o.SetUnknown("encrypted", "the snapshot is encrypted if its volume is, which is not in this code")
		return
	}
	finishVolume(&ctx{b: c.b, r: vol.r})
	copyField(o, vol.a.Root, "encrypted", "encrypted")
	if rg, ok := c.r.AttrRanges["volume_id"]; ok {
		o.SetSpan("encrypted", asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine})
	}
}

// regionEncryptsByDefault reports whether the scan turns EBS encryption by
// default on in a's account and region.
func regionEncryptsByDefault(c *ctx, a *asset.Asset) bool {
	for _, s := range c.b.settings {
		if s.Type == "aws.ec2.region_settings" && s.Account == a.Account && s.Region == a.Region {
			if v, ok := s.Root.Get("ebs_encryption_by_default"); ok && v.Value() == true {
				return true
			}
		}
	}
	return false
}

// copyField copies a field of another asset, unknown reason included.
func copyField(dst, src *asset.Object, to, from string) {
	if r, unk := src.UnknownReason(from); unk {
		dst.SetUnknown(to, r)
	} else if v, ok := src.Get(from); ok {
		dst.Set(to, v)
	}
}

// AMIs. An AMI is private unless an aws_ami_launch_permission grants the
// group "all"; its state exists only once it is registered.

func tfAMI(c *ctx) *prim {
	p := c.newAsset("aws.ec2.image", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "image_name", "name")
	c.attr(o, "description", "description")
	o.SetBool("public", false)
	return p
}

func tfAMILaunchPermission(c *ctx) {
	p := c.target(c.get("image_id"), "aws.ec2.image")
	if p == nil {
		c.unlinkedTo("image_id", "AMI")
		return
	}
	switch g := c.get("group").(type) {
	case string:
		if g == "all" {
			c.set(p.a.Root, "public", "group", true)
		}
	case iac.Unknown:
		p.a.Root.SetUnknown("public", g.Reason)
	}
}

// RDS snapshots. A snapshot's encryption is its source's: the instance's
// or cluster's storage_encrypted when it is in the code, unknown
// otherwise (a copy with a KMS key is encrypted). shared_accounts
// containing "all" makes it public.

func tfDBSnapshot(typ string) func(c *ctx) *prim {
	return func(c *ctx) *prim {
		id, src, srcType, enc := "db_snapshot_identifier", "db_instance_identifier", "aws.rds.instance", "encrypted"
		switch c.r.Type {
		case "aws_db_cluster_snapshot":
			id, src, srcType, enc = "db_cluster_snapshot_identifier", "db_cluster_identifier", "aws.rds.cluster", "storage_encrypted"
		case "aws_db_snapshot_copy":
			id, src, srcType = "target_db_snapshot_identifier", "source_db_snapshot_identifier", "aws.rds.snapshot"
		}
		p := c.newAsset(typ, c.get(id), false)
		o := p.a.Root
		idField := "db_snapshot_identifier"
		if typ == "aws.rds.cluster_snapshot" {
			idField = "db_cluster_snapshot_identifier"
			c.attr(o, "db_cluster_identifier", src)
		} else if c.r.Type == "aws_db_snapshot" {
			c.attr(o, "db_instance_identifier", src)
		}
		c.attr(o, idField, id)
		o.SetString("snapshot_type", "manual")
		c.attr(o, "kms_key_id", "kms_key_id")
		switch sa := c.get("shared_accounts").(type) {
		case iac.Unknown:
			o.SetUnknown("public", sa.Reason)
			o.SetUnknown("shared_with_accounts", sa.Reason)
		default:
			l, u, _ := toStrings(sa)
			if u != nil {
				o.SetUnknown("public", u.Reason)
				o.SetUnknown("shared_with_accounts", u.Reason)
				break
			}
			var others []string
			public := false
			for _, a := range l {
				if a == "all" {
					public = true
				} else {
					others = append(others, a)
				}
			}
			c.set(o, "public", "shared_accounts", public)
			c.set(o, "shared_with_accounts", "shared_accounts", anyStrings(others))
		}
		switch {
		case c.r.Type == "aws_db_snapshot_copy" && c.get("kms_key_id") != nil:
			c.set(o, enc, "kms_key_id", true)
		default:
			s := c.target(c.get(src), srcType)
			if s == nil {
				o.SetUnknown(enc, "the snapshot is encrypted if its source is, which is not in this code")
				break
			}
			from := "storage_encrypted"
			if srcType == "aws.rds.snapshot" {
				from = "encrypted"
			}
			copyField(o, s.a.Root, enc, from)
			if rg, ok := c.r.AttrRanges[src]; ok {
				o.SetSpan(enc, asset.Span{File: rg.File, StartLine: rg.StartLine, EndLine: rg.EndLine})
			}
		}
		return p
	}
}

func anyStrings(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// Route tables. aws_default_route_table and a table named by an
// aws_main_route_table_association are the VPC's main table; routes come
// from inline route blocks, aws_route and AWS::EC2::Route. The VPC's local
// route, which AWS adds, is left out (no rule reads it), and so are route
// states: a route is a blackhole only once its target is gone.

// routeTargets maps route arguments to the target kind they name, for
// Terraform and CloudFormation.
var routeTargets = []struct{ tf, cfn, kind string }{
	{"gateway_id", "GatewayId", ""}, // internet, virtual private or endpoint gateway: by id or reference
	{"nat_gateway_id", "NatGatewayId", "nat_gateway"},
	{"vpc_peering_connection_id", "VpcPeeringConnectionId", "vpc_peering_connection"},
	{"transit_gateway_id", "TransitGatewayId", "transit_gateway"},
	{"egress_only_gateway_id", "EgressOnlyInternetGatewayId", "egress_only_internet_gateway"},
	{"network_interface_id", "NetworkInterfaceId", "network_interface"},
	{"instance_id", "InstanceId", "instance"},
	{"vpc_endpoint_id", "VpcEndpointId", "gateway_endpoint"},
	{"carrier_gateway_id", "CarrierGatewayId", "carrier_gateway"},
	{"local_gateway_id", "LocalGatewayId", "local_gateway"},
	{"core_network_arn", "CoreNetworkArn", "core_network"},
}

// gatewayKinds tells the kind of a gateway_id / GatewayId target from the
// referenced resource's type; gatewayPrefixes from a literal id.
var (
	gatewayKinds = map[string]string{
		"aws_internet_gateway": "internet_gateway", "AWS::EC2::InternetGateway": "internet_gateway",
		"aws_vpn_gateway": "virtual_private_gateway", "AWS::EC2::VPNGateway": "virtual_private_gateway",
		"aws_vpc_endpoint": "gateway_endpoint", "AWS::EC2::VPCEndpoint": "gateway_endpoint",
	}
	gatewayPrefixes = map[string]string{"igw-": "internet_gateway", "vgw-": "virtual_private_gateway", "vpce-": "gateway_endpoint", "local": "local"}
)

func routeTable(c *ctx) *prim {
	cfn := c.r.Format == iac.FormatCloudFormation
	p := c.newAsset("aws.ec2.route_table", c.tags()["Name"], false)
	o := p.a.Root
	vpc := "vpc_id"
	if cfn {
		vpc = "VpcId"
	}
	c.set(o, "vpc_id", vpc, c.symbolicID(c.get(vpc), "aws.ec2.vpc"))
	o.SetBool("is_main", c.r.Type == "aws_default_route_table")
	if !cfn {
		rs, u := blocks(c.get("route"))
		if u != nil {
			p.unknownRules("routes", u.Reason)
		}
		for _, r := range rs {
			p.entries = append(p.entries, routeEntry(c, o, r, "route", false))
		}
	}
	p.finish = finishRouteTable
	return p
}

// routeEntry makes one route from a route block or resource's attributes.
func routeEntry(c *ctx, o *asset.Object, attrs map[string]any, attr string, cfn bool) *asset.Object {
	rt := o.Nested("routes")
	dests := []struct{ tf, cfn, typ string }{
		{"cidr_block", "DestinationCidrBlock", "ipv4"},
		{"destination_cidr_block", "DestinationCidrBlock", "ipv4"},
		{"ipv6_cidr_block", "DestinationIpv6CidrBlock", "ipv6"},
		{"destination_ipv6_cidr_block", "DestinationIpv6CidrBlock", "ipv6"},
		{"destination_prefix_list_id", "DestinationPrefixListId", "prefix_list"},
	}
	for _, d := range dests {
		name := d.tf
		if cfn {
			name = d.cfn
		}
		if v := attrs[name]; v != nil {
			c.set(rt, "destination", attrOr(attr, name), v)
			rt.SetString("destination_type", d.typ)
			break
		}
	}
	for _, t := range routeTargets {
		name := t.tf
		if cfn {
			name = t.cfn
		}
		v := attrs[name]
		if v == nil {
			continue
		}
		kind := t.kind
		if kind == "" {
			kind = gatewayKind(c, v)
		}
		if kind == "" {
			rt.SetUnknown("target_kind", "the route's gateway is not in this code")
		} else {
			rt.SetString("target_kind", kind)
		}
		if r := c.rawTarget(v); r != nil {
			v = r.Address
		}
		c.set(rt, "target_id", attrOr(attr, name), v)
		break
	}
	if _, isRes := c.r.Attrs["route_table_id"]; isRes || cfn {
		rt.SetString("origin", "CreateRoute")
	} else {
		rt.SetString("origin", "CreateRouteTable")
	}
	return rt
}

func attrOr(attr, name string) string {
	if attr != "" {
		return attr
	}
	return name
}

func gatewayKind(c *ctx, v any) string {
	if r := c.rawTarget(v); r != nil {
		return gatewayKinds[r.Type]
	}
	if s, ok := v.(string); ok {
		for prefix, kind := range gatewayPrefixes {
			if strings.HasPrefix(s, prefix) {
				return kind
			}
		}
	}
	return ""
}

func route(c *ctx) {
	attr := "route_table_id"
	if c.r.Format == iac.FormatCloudFormation {
		attr = "RouteTableId"
	}
	p := c.target(c.get(attr), "aws.ec2.route_table")
	if p == nil {
		c.unlinkedTo(attr, "route table")
		return
	}
	p.entries = append(p.entries, routeEntry(c, p.a.Root, c.r.Attrs, "", c.r.Format == iac.FormatCloudFormation))
}

func tfMainRouteTable(c *ctx) {
	p := c.target(c.get("route_table_id"), "aws.ec2.route_table")
	if p == nil {
		c.unlinkedTo("route_table_id", "route table")
		return
	}
	c.set(p.a.Root, "is_main", "route_table_id", true)
}

func finishRouteTable(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	if why, unk := p.rulesUnknown["routes"]; unk {
		p.a.Root.SetUnknown("routes", why)
		return
	}
	p.a.Root.SetObjects("routes", p.entries)
}
