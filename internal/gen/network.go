package gen

import (
	"cloudward/asset"

	"cel.dev/cel-go/common/types/ref"
)

const (
	world4    = "0.0.0.0/0"
	world6    = "::/0"
	office4   = "203.0.113.0/24"
	vpn4      = "198.51.100.17/32"
	private10 = "10.0.0.0/8"
)

// network emits a VPC and what comes with it, within a budget of n assets:
// its default security group, internet gateway, default (and sometimes a
// custom) network ACL, main, public and private route tables, and — for
// most VPCs — a flow log, with its log group when it delivers to
// CloudWatch Logs. The first VPC of a region is often the default VPC.
func (g *generator) network(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	pDefault := 0.8
	if a.profile == profWell {
		pDefault = 0.3 // mostly deleted, as CIS recommends
	}
	isDefault := len(s.vpcs) == 0 && g.chance(pDefault)
	v := &vpcState{id: g.hexID("vpc-"), isDefault: isDefault}
	for i := range v.subnets {
		v.subnets[i] = g.hexID("subnet-")
	}
	team := g.one(teams)
	v.team = team
	v.name = v.id
	var tags map[string]string
	if isDefault {
		v.cidr = "172.31.0.0/16"
	} else {
		v.cidr = "10." + itoa(g.r.IntN(256)) + ".0.0/16"
		v.name = a.env + "-" + team + "-vpc"
		tags = g.tags(team, v.name)
	}
	defaultSG := g.hexID("sg-")
	v.sgs = append(v.sgs, defaultSG)
	if len(s.vpcs) < maxVPCs {
		s.vpcs = append(s.vpcs, v)
	} else {
		s.vpcs[s.next%maxVPCs] = v
	}
	s.next++

	x := g.newAsset(g.s.vpc, region, g.arn("ec2", region, "vpc/"+v.id), v.name)
	o := x.Root
	o.SetString("vpc_id", v.id)
	o.SetString("cidr_block", v.cidr)
	o.SetBool("is_default", isDefault)
	o.SetString("state", "available")
	if tags != nil {
		x.SetTags(tags)
	}
	if err := g.out(x, nil); err != nil {
		return 0, err
	}
	used := 1
	step := func(f func() error) error {
		if used >= n {
			return nil
		}
		used++
		return f()
	}
	igw := ""
	if isDefault || g.chance(0.8) {
		igw = g.hexID("igw-")
	}
	publicSubnets, privateSubnets := v.subnets[:3], v.subnets[3:]
	if isDefault {
		publicSubnets, privateSubnets = v.subnets[:], nil
	}
	customACL := !isDefault && g.chance(0.35)
	aclSubnets := v.subnets[:]
	if customACL {
		aclSubnets = privateSubnets
	}
	natOrTGW := ""
	if !isDefault {
		natOrTGW = pickStr(igw != "", g.hexID("nat-"), "tgw-"+hex8(mix32(uint32(a.idx)))+"0"+hex8(mix32(uint32(g.reg)+7)))
	}
	steps := []func() error{
		func() error { return g.defaultSecurityGroup(v, defaultSG) },
		func() error {
			if igw == "" {
				used--
				return nil
			}
			return g.internetGateway(igw, v.id, g.chance(0.98))
		},
		func() error { return g.networkACL(v, true, aclSubnets, isDefault || g.flawed(0.55)) },
		func() error {
			if !customACL {
				used--
				return nil
			}
			subnets := publicSubnets
			if g.chance(0.12) {
				subnets = nil // left over after a redesign
			}
			return g.networkACL(v, false, subnets, g.chance(0.5))
		},
		func() error {
			mainIGW := isDefault || igw != "" && g.chance(0.08)
			return g.routeTable(v, true, pickStr(mainIGW, igw, ""), "", pickStr(isDefault, "", "main"), nil)
		},
		func() error {
			if isDefault || igw == "" {
				used--
				return nil
			}
			return g.routeTable(v, false, igw, "", "public", publicSubnets)
		},
		func() error {
			if isDefault {
				used--
				return nil
			}
			return g.routeTable(v, false, "", natOrTGW, "private", privateSubnets)
		},
	}
	for _, f := range steps {
		if err := step(f); err != nil {
			return used, err
		}
	}
	hasFlowLog := !g.flawed(0.08)
	if isDefault {
		hasFlowLog = g.chance(0.4)
	}
	if used < n && hasFlowLog {
		toLogs := g.chance(0.4)
		if err := g.flowLog(v, toLogs); err != nil {
			return used, err
		}
		used++
		if toLogs && used < n {
			if err := g.logGroup("/aws/vpc/flow-logs/"+v.id, [...]int{14, 30, 90}[g.r.IntN(3)], "", false, g.ago(30, 900)); err != nil {
				return used, err
			}
			used++
		}
	}
	return used, nil
}

func (g *generator) flowLog(v *vpcState, toLogs bool) error {
	a, region := g.acct, g.region()
	id := g.hexID("fl-")
	x := g.newAsset(g.s.flowLog, region, g.arn("ec2", region, "vpc-flow-log/"+id), id)
	o := x.Root
	o.SetString("flow_log_id", id)
	o.SetString("resource_id", v.id)
	o.SetString("traffic_type", [...]string{"ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "REJECT", "ACCEPT"}[g.r.IntN(10)])
	status, delivery := "ACTIVE", "SUCCESS"
	switch x := g.r.IntN(100); {
	case x < 3:
		delivery = "FAILED"
	case x < 5:
		status, delivery = "INACTIVE", "FAILED"
	}
	o.SetString("flow_log_status", status)
	o.SetString("deliver_logs_status", delivery)
	if !toLogs {
		o.SetString("log_destination_type", "s3")
		o.SetString("log_destination", "arn:aws:s3:::"+g.company+"-vpc-flow-logs-"+a.id)
	} else {
		o.SetString("log_destination_type", "cloud-watch-logs")
		o.SetString("log_destination", g.arn("logs", region, "log-group:/aws/vpc/flow-logs/"+v.id))
	}
	return g.out(x, nil)
}

func (g *generator) internetGateway(id, vpc string, attached bool) error {
	region := g.region()
	x := g.newAsset(g.s.internetGateway, region, g.arn("ec2", region, "internet-gateway/"+id), id)
	o := x.Root
	o.SetString("internet_gateway_id", id)
	if attached {
		att := o.Nested("attachments")
		att.SetString("vpc_id", vpc)
		att.SetString("state", "available")
		o.SetObjects("attachments", []*asset.Object{att})
		o.SetStrings("attached_vpc_ids", []string{vpc})
	} else {
		o.SetObjects("attachments", nil)
		o.SetStrings("attached_vpc_ids", nil)
	}
	return g.out(x, nil)
}

var naclUnknowns = []unknownField{{"entries", "RequestLimitExceeded: ec2:DescribeNetworkAcls throttled after 8 retries"}}

// networkACL emits a VPC's default network ACL (open: AWS's allow-all
// rules; else with SSH and RDP from the internet denied first) or a custom
// ACL for public subnets (open: web and ephemeral ports from anywhere,
// which includes RDP's 3389; else the same with admin ports denied first).
func (g *generator) networkACL(v *vpcState, isDefault bool, subnets []string, open bool) error {
	region := g.region()
	id := g.hexID("acl-")
	name := id
	if !isDefault {
		name = v.name + "-public"
	}
	x := g.newAsset(g.s.networkACL, region, g.arn("ec2", region, "network-acl/"+id), name)
	o := x.Root
	o.SetString("network_acl_id", id)
	o.SetString("vpc_id", v.id)
	o.SetBool("is_default", isDefault)
	var entries []ref.Val
	if !open {
		entries = append(entries,
			g.naclEntry(50, "tcp", "deny", false, world4, "", 22, 22),
			g.naclEntry(51, "tcp", "deny", false, world4, "", 3389, 3389),
			g.naclEntry(52, "tcp", "deny", false, "", world6, 22, 22),
			g.naclEntry(53, "tcp", "deny", false, "", world6, 3389, 3389))
	}
	if isDefault {
		entries = append(entries, g.shared.openNACL...)
	} else {
		entries = append(entries,
			g.naclEntry(100, "tcp", "allow", false, world4, "", 443, 443),
			g.naclEntry(110, "tcp", "allow", false, world4, "", 80, 80),
			g.naclEntry(120, "tcp", "allow", false, world4, "", 1024, 65535),
			g.naclEntry(130, "-1", "allow", false, v.cidr, "", -1, -1),
			g.naclEntry(32767, "-1", "deny", false, world4, "", -1, -1),
			g.naclEntry(100, "-1", "allow", true, world4, "", -1, -1),
			g.naclEntry(32767, "-1", "deny", true, world4, "", -1, -1))
	}
	o.Set("entries", valList(entries...))
	o.SetStrings("subnet_ids", subnets)
	if !isDefault {
		x.SetTags(g.tags(v.team, name))
	}
	return g.out(x, naclUnknowns)
}

// naclEntry builds one network ACL rule; empty CIDRs are left absent.
func (g *generator) naclEntry(num int, proto, action string, egress bool, v4, v6 string, from, to int) ref.Val {
	e := newObject(g.s.naclEntry)
	e.SetInt("rule_number", int64(num))
	e.SetString("protocol", proto)
	e.SetString("rule_action", action)
	e.SetBool("egress", egress)
	if v4 != "" {
		e.SetString("cidr_ipv4", v4)
	}
	if v6 != "" {
		e.SetString("cidr_ipv6", v6)
	}
	e.SetInt("from_port", int64(from))
	e.SetInt("to_port", int64(to))
	return e
}

// routeTable emits a route table: the VPC's main table (routing to the
// internet gateway igw when set, as in default VPCs), a public one (igw)
// or a private one (through a NAT or transit gateway, sometimes with a
// peering route — once in a while far too broad — or a blackhole left by
// a deleted gateway).
func (g *generator) routeTable(v *vpcState, main bool, igw, nat, kind string, subnets []string) error {
	region := g.region()
	id := g.hexID("rtb-")
	name := id
	if kind != "" {
		name = v.name + "-" + kind
	}
	x := g.newAsset(g.s.routeTable, region, g.arn("ec2", region, "route-table/"+id), name)
	o := x.Root
	o.SetString("route_table_id", id)
	o.SetString("vpc_id", v.id)
	o.SetBool("is_main", main)
	routes := []*asset.Object{g.route(o, v.cidr, "ipv4", "local", "local", "active", "CreateRouteTable")}
	if igw != "" {
		routes = append(routes, g.route(o, world4, "ipv4", "internet_gateway", igw, "active", "CreateRoute"))
		if !main && g.chance(0.2) {
			routes = append(routes, g.route(o, world6, "ipv6", "internet_gateway", igw, "active", "CreateRoute"))
		}
	}
	if nat != "" {
		kindOf := "nat_gateway"
		if nat[:4] == "tgw-" {
			kindOf = "transit_gateway"
		}
		state := "active"
		if g.chance(0.04) {
			state = "blackhole" // the NAT gateway was deleted
		}
		routes = append(routes, g.route(o, world4, "ipv4", kindOf, nat, state, "CreateRoute"))
		if g.chance(0.25) {
			dest := "10." + itoa(g.r.IntN(256)) + ".0.0/16"
			if g.chance(0.15) {
				dest = private10 // the whole private range over one peering
			}
			routes = append(routes, g.route(o, dest, "ipv4", "vpc_peering_connection", g.hexID("pcx-"), "active", "CreateRoute"))
		}
	}
	if g.chance(0.5) {
		routes = append(routes, g.route(o, g.slot.prefixes[0], "prefix_list", "gateway_endpoint", "vpce-"+hex8(uint32(g.r.Uint64()))+"0"+hex8(uint32(g.r.Uint64())), "active", "CreateRoute"))
	}
	o.SetObjects("routes", routes)
	var assocs []*asset.Object
	if main {
		as := o.Nested("associations")
		as.SetString("association_id", g.hexID("rtbassoc-"))
		as.SetBool("main", true)
		as.SetString("state", "associated")
		assocs = append(assocs, as)
	}
	for _, sub := range subnets {
		as := o.Nested("associations")
		as.SetString("association_id", g.hexID("rtbassoc-"))
		as.SetBool("main", false)
		as.SetString("subnet_id", sub)
		as.SetString("state", "associated")
		assocs = append(assocs, as)
	}
	o.SetObjects("associations", assocs)
	o.SetStrings("subnet_ids", subnets)
	if kind != "" {
		x.SetTags(g.tags(v.team, name))
	}
	return g.out(x, nil)
}

func (g *generator) route(o *asset.Object, dest, destType, kind, target, state, origin string) *asset.Object {
	r := o.Nested("routes")
	r.SetString("destination", dest)
	r.SetString("destination_type", destType)
	r.SetString("target_kind", kind)
	r.SetString("target_id", target)
	r.SetString("state", state)
	r.SetString("origin", origin)
	return r
}

var sgUnknowns = []unknownField{
	{"attached_interfaces", "RequestLimitExceeded: ec2:DescribeNetworkInterfaces throttled after 8 retries"},
}

// defaultSecurityGroup emits a VPC's default group: restricted (no rules,
// as CIS recommends) a bit more often than left with AWS's default rules.
func (g *generator) defaultSecurityGroup(v *vpcState, id string) error {
	x := g.newSG(v, id, "default", "default VPC security group", true)
	o := x.Root
	if !g.flawed(0.45) {
		o.Set("ingress", valList())
		o.Set("egress", valList())
		o.SetInt("attached_interfaces", 0)
	} else {
		o.Set("ingress", valList(g.rule("-1", -1, -1, "", nil, nil, []string{id}, nil)))
		o.Set("egress", valList(g.rule("-1", -1, -1, "", []string{world4}, nil, nil, nil)))
		o.SetInt("attached_interfaces", int64(g.r.IntN(6)))
	}
	return g.out(x, sgUnknowns)
}

func (g *generator) newSG(v *vpcState, id, name, desc string, isDefault bool) *asset.Asset {
	region := g.region()
	x := g.newAsset(g.s.sg, region, g.arn("ec2", region, "security-group/"+id), name)
	o := x.Root
	o.SetString("group_id", id)
	o.SetString("group_name", name)
	o.SetString("vpc_id", v.id)
	o.SetString("description", desc)
	o.SetBool("is_default", isDefault)
	return x
}

// Security group templates, with weights: the first eleven are fine, the
// rest open administrative, database or odd ports to the internet.
const (
	sgWeb = iota
	sgApp
	sgDB
	sgInternal
	sgBastion
	sgEndpoint
	sgMonitoring
	sgEgressOnly
	sgDNS
	sgNFS
	sgCache
	sgLaunchWizard
	sgRDPWorld
	sgSSHWorld6
	sgAllPorts
	sgAllTraffic
	sgDBWorld
	sgAltHTTPS
)

var sgTemplates = cumulative(140, 180, 140, 100, 80, 80, 60, 60, 20, 20, 20, 60, 30, 20, 10, 20, 10, 20)

var endpointServices = []string{"s3", "ecr-api", "ecr-dkr", "sts", "ssm", "secretsmanager", "logs", "kms"}

// securityGroup emits a non-default security group in one of the recent VPCs.
func (g *generator) securityGroup() error {
	s := g.slot
	v := s.vpcs[g.r.IntN(len(s.vpcs))]
	team, comp := g.one(teams), g.one(components)
	id := g.hexID("sg-")
	allOut := []ref.Val{g.rule("-1", -1, -1, "", []string{world4}, nil, nil, nil)}
	var name, desc string
	var in, out []ref.Val
	out = allOut
	t := pick(g.r, sgTemplates)
	if t >= sgLaunchWizard && !g.flawed(1) {
		t = pick(g.r, sgTemplates[:sgLaunchWizard])
	}
	switch t {
	case sgWeb:
		name, desc = team+"-alb", "Internet-facing load balancer for "+team
		in = []ref.Val{
			g.rule("tcp", 443, 443, "HTTPS from anywhere", []string{world4}, []string{world6}, nil, nil),
			g.rule("tcp", 80, 80, "HTTP, redirected to HTTPS", []string{world4}, []string{world6}, nil, nil),
		}
		v.web = id
	case sgApp:
		name, desc = team+"-"+comp, team+" "+comp+" service"
		if v.web != "" {
			in = []ref.Val{g.rule("tcp", 8080, 8080, "From the load balancer", nil, nil, []string{v.web}, nil)}
		} else {
			in = []ref.Val{g.rule("tcp", 8080, 8080, "From the VPC", []string{v.cidr}, nil, nil, nil)}
		}
		v.app = id
	case sgDB:
		name, desc = team+"-db", "Database access for "+team
		port := pickInt(g.chance(0.6), 5432, 3306)
		if v.app != "" {
			in = []ref.Val{g.rule("tcp", port, port, "From the application tier", nil, nil, []string{v.app}, nil)}
		} else {
			in = []ref.Val{g.rule("tcp", port, port, "From the VPC", []string{v.cidr}, nil, nil, nil)}
		}
	case sgInternal:
		name, desc = team+"-internal", "Traffic within the VPC"
		in = []ref.Val{g.rule("-1", -1, -1, "VPC internal", []string{v.cidr}, nil, nil, nil)}
	case sgBastion:
		name, desc = team+"-bastion", "SSH from the office and VPN"
		in = []ref.Val{g.rule("tcp", 22, 22, "Office and VPN", []string{office4, vpn4}, nil, nil, nil)}
	case sgEndpoint:
		svc := g.one(endpointServices)
		name, desc = "vpce-"+svc, "Interface endpoint for "+svc
		in = []ref.Val{g.rule("tcp", 443, 443, "HTTPS from the VPC", []string{v.cidr}, nil, nil, nil)}
		out = []ref.Val{}
	case sgMonitoring:
		name, desc = team+"-monitoring", "Prometheus exporters"
		in = []ref.Val{
			g.rule("tcp", 9100, 9102, "Node and process exporters", []string{private10}, nil, nil, nil),
			g.rule("icmp", -1, -1, "Ping from the VPC", []string{v.cidr}, nil, nil, nil),
		}
	case sgEgressOnly:
		name, desc = team+"-"+comp+"-lambda", "Egress only, for Lambda functions"
		in = []ref.Val{}
		out = []ref.Val{
			g.rule("tcp", 443, 443, "HTTPS out", []string{world4}, nil, nil, nil),
			g.rule("tcp", 443, 443, "S3 gateway endpoint", nil, nil, nil, []string{s.prefixes[0]}),
		}
	case sgDNS:
		name, desc = team+"-dns-resolver", "Route 53 Resolver endpoint"
		in = []ref.Val{
			g.rule("udp", 53, 53, "DNS", []string{v.cidr}, nil, nil, nil),
			g.rule("tcp", 53, 53, "DNS over TCP", []string{v.cidr}, nil, nil, nil),
		}
	case sgNFS:
		name, desc = team+"-efs", "EFS mount targets"
		in = []ref.Val{g.rule("tcp", 2049, 2049, "NFS from the VPC", []string{v.cidr}, nil, nil, nil)}
	case sgCache:
		name, desc = team+"-redis", "ElastiCache for "+team
		in = []ref.Val{g.rule("tcp", 6379, 6379, "Redis from the VPC", []string{v.cidr}, nil, nil, nil)}
	case sgLaunchWizard:
		s.wizard++
		name = "launch-wizard-" + itoa(s.wizard)
		desc = name + " created " + g.ago(30, 900).Format("2006-01-02T15:04:05.000Z")
		in = []ref.Val{g.rule("tcp", 22, 22, "", []string{world4}, nil, nil, nil)}
	case sgRDPWorld:
		name, desc = team+"-windows", "Windows hosts"
		in = []ref.Val{g.rule("tcp", 3389, 3389, "RDP", []string{world4}, nil, nil, nil)}
	case sgSSHWorld6:
		name, desc = team+"-ssh", "SSH access"
		in = []ref.Val{g.rule("tcp", 22, 22, "SSH", []string{office4}, []string{world6}, nil, nil)}
	case sgAllPorts:
		name, desc = team+"-debug", "Temporary debugging access"
		in = []ref.Val{g.rule("tcp", 0, 65535, "debug", []string{world4}, nil, nil, nil)}
	case sgAllTraffic:
		name, desc = team+"-temp-open", "TODO remove"
		in = []ref.Val{g.rule("-1", -1, -1, "", []string{world4}, []string{world6}, nil, nil)}
	case sgDBWorld:
		name, desc = team+"-db-migration", "Temporary access for the data migration"
		in = []ref.Val{g.rule("tcp", 5432, 5432, "migration vendor", []string{world4}, nil, nil, nil)}
	case sgAltHTTPS:
		name, desc = team+"-"+comp+"-public", "Public API on its own port"
		in = []ref.Val{g.rule("tcp", 8443, 8443, "HTTPS API", []string{world4}, nil, nil, nil)}
	}
	x := g.newSG(v, id, name, desc, false)
	o := x.Root
	o.Set("ingress", valList(in...))
	o.Set("egress", valList(out...))
	attached := 0
	if g.chance(0.88) {
		attached = 1 + g.r.IntN(24)
	}
	o.SetInt("attached_interfaces", int64(attached))
	x.SetTags(g.tags(team, name))
	if len(v.sgs) < maxSGs {
		v.sgs = append(v.sgs, id)
	} else {
		v.sgs[1+v.next%(maxSGs-1)] = id // keep the default group
		v.next++
	}
	return g.out(x, sgUnknowns)
}

// rule builds one security group rule; nil lists are left absent.
func (g *generator) rule(proto string, from, to int, desc string, v4, v6, sgs, pls []string) ref.Val {
	r := newObject(g.s.sgRule)
	r.SetString("ip_protocol", proto)
	r.SetInt("from_port", int64(from))
	r.SetInt("to_port", int64(to))
	if v4 != nil {
		r.SetStrings("cidr_ipv4", v4)
	}
	if v6 != nil {
		r.SetStrings("cidr_ipv6", v6)
	}
	if pls != nil {
		r.SetStrings("prefix_list_ids", pls)
	}
	if sgs != nil {
		r.SetStrings("security_group_ids", sgs)
	}
	if desc != "" {
		r.SetString("description", desc)
	}
	return r
}
