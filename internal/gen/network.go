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

// network emits a VPC, its default security group and — for most VPCs — a
// flow log, within a budget of n assets. The first VPC of a region is
// usually the default VPC.
func (g *generator) network(n int) (int, error) {
	a, s, region := g.acct, g.slot, g.region()
	isDefault := len(s.vpcs) == 0 && g.chance(0.8)
	v := &vpcState{id: g.hexID("vpc-")}
	for i := range v.subnets {
		v.subnets[i] = g.hexID("subnet-")
	}
	team := g.one(teams)
	name := v.id
	var tags map[string]string
	if isDefault {
		v.cidr = "172.31.0.0/16"
	} else {
		v.cidr = "10." + itoa(g.r.IntN(256)) + ".0.0/16"
		name = a.env + "-" + team + "-vpc"
		tags = g.tags(team, name)
	}
	defaultSG := g.hexID("sg-")
	v.sgs = append(v.sgs, defaultSG)
	if len(s.vpcs) < maxVPCs {
		s.vpcs = append(s.vpcs, v)
	} else {
		s.vpcs[s.next%maxVPCs] = v
	}
	s.next++

	x := g.newAsset(g.s.vpc, region, "arn:aws:ec2:"+region+":"+a.id+":vpc/"+v.id, name)
	o := x.Root
	o.Set("vpc_id", str(v.id))
	o.Set("cidr_block", str(v.cidr))
	o.Set("is_default", boolean(isDefault))
	o.Set("state", str("available"))
	if tags != nil {
		x.SetTags(tags)
	}
	if err := g.out(x, nil); err != nil {
		return 0, err
	}
	used := 1
	if used < n {
		if err := g.defaultSecurityGroup(v, defaultSG); err != nil {
			return used, err
		}
		used++
	}
	hasFlowLog := g.chance(0.92)
	if isDefault {
		hasFlowLog = g.chance(0.4)
	}
	if used < n && hasFlowLog {
		if err := g.flowLog(v, name); err != nil {
			return used, err
		}
		used++
	}
	return used, nil
}

func (g *generator) flowLog(v *vpcState, vpcName string) error {
	a, region := g.acct, g.region()
	id := g.hexID("fl-")
	x := g.newAsset(g.s.flowLog, region, "arn:aws:ec2:"+region+":"+a.id+":vpc-flow-log/"+id, id)
	o := x.Root
	o.Set("flow_log_id", str(id))
	o.Set("resource_id", str(v.id))
	o.Set("traffic_type", str([...]string{"ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "ALL", "REJECT", "ACCEPT"}[g.r.IntN(10)]))
	status, delivery := "ACTIVE", "SUCCESS"
	switch x := g.r.IntN(100); {
	case x < 3:
		delivery = "FAILED"
	case x < 5:
		status, delivery = "INACTIVE", "FAILED"
	}
	o.Set("flow_log_status", str(status))
	o.Set("deliver_logs_status", str(delivery))
	if g.chance(0.6) {
		o.Set("log_destination_type", str("s3"))
		o.Set("log_destination", str("arn:aws:s3:::"+g.company+"-vpc-flow-logs-"+a.id))
	} else {
		o.Set("log_destination_type", str("cloud-watch-logs"))
		o.Set("log_destination", str("arn:aws:logs:"+region+":"+a.id+":log-group:/aws/vpc/flow-logs/"+vpcName))
	}
	return g.out(x, nil)
}

var sgUnknowns = []unknownField{
	{"attached_interfaces", "RequestLimitExceeded: ec2:DescribeNetworkInterfaces throttled after 8 retries"},
}

// defaultSecurityGroup emits a VPC's default group: restricted (no rules,
// as CIS recommends) a bit more often than left with AWS's default rules.
func (g *generator) defaultSecurityGroup(v *vpcState, id string) error {
	x := g.newSG(v, id, "default", "default VPC security group", true)
	o := x.Root
	if g.chance(0.55) {
		o.Set("ingress", valList())
		o.Set("egress", valList())
		o.Set("attached_interfaces", integer(0))
	} else {
		o.Set("ingress", valList(g.rule("-1", -1, -1, "", nil, nil, []string{id}, nil)))
		o.Set("egress", valList(g.rule("-1", -1, -1, "", []string{world4}, nil, nil, nil)))
		o.Set("attached_interfaces", integer(g.r.IntN(6)))
	}
	return g.out(x, sgUnknowns)
}

func (g *generator) newSG(v *vpcState, id, name, desc string, isDefault bool) *asset.Asset {
	a, region := g.acct, g.region()
	x := g.newAsset(g.s.sg, region, "arn:aws:ec2:"+region+":"+a.id+":security-group/"+id, name)
	o := x.Root
	o.Set("group_id", str(id))
	o.Set("group_name", str(name))
	o.Set("vpc_id", str(v.id))
	o.Set("description", str(desc))
	o.Set("is_default", boolean(isDefault))
	return x
}

// Security group templates, with weights: the first nine are fine, the
// rest open administrative ports or everything to the internet.
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
	sgLaunchWizard
	sgRDPWorld
	sgSSHWorld6
	sgAllPorts
	sgAllTraffic
)

var sgTemplates = cumulative(14, 18, 14, 10, 8, 8, 6, 6, 2, 6, 3, 2, 1, 2)

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
	}
	x := g.newSG(v, id, name, desc, false)
	o := x.Root
	o.Set("ingress", valList(in...))
	o.Set("egress", valList(out...))
	attached := 0
	if g.chance(0.88) {
		attached = 1 + g.r.IntN(24)
	}
	o.Set("attached_interfaces", integer(attached))
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
	r.Set("ip_protocol", str(proto))
	r.Set("from_port", integer(from))
	r.Set("to_port", integer(to))
	if v4 != nil {
		r.Set("cidr_ipv4", strList(v4...))
	}
	if v6 != nil {
		r.Set("cidr_ipv6", strList(v6...))
	}
	if pls != nil {
		r.Set("prefix_list_ids", strList(pls...))
	}
	if sgs != nil {
		r.Set("security_group_ids", strList(sgs...))
	}
	if desc != "" {
		r.Set("description", str(desc))
	}
	return r
}
