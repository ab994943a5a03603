package aws_test

import (
	"context"
	"strings"
	"testing"
	"time"

	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/smithy-go/middleware"
)

// netWorld is what netFixture created in moto, all in us-east-1.
type netWorld struct {
	vpc, subnetA, subnetB, sg     string
	nacl, routeTable, igw         string
	publicSnap, privateSnap       string
	image, sourceInstance         string
	lbARN, httpsListener, certARN string
	clusterARN, kmsKeyARN         string
}

func netFixture(t *testing.T, m *testenv.Moto) netWorld {
	t.Helper()
	ctx := context.Background()
	cfg := m.Config(t, "us-east-1", "")
	ec := ec2.NewFromConfig(cfg)
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	nameTag := func(rt ec2types.ResourceType, name string) []ec2types.TagSpecification {
		return []ec2types.TagSpecification{{ResourceType: rt, Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}}}
	}
	var w netWorld

	vpc, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.30.0.0/16")})
	check(err)
	w.vpc = aws.ToString(vpc.Vpc.VpcId)
	sub, err := ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.30.1.0/24"), AvailabilityZone: aws.String("us-east-1a")})
	check(err)
	w.subnetA = aws.ToString(sub.Subnet.SubnetId)
	sub, err = ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.30.2.0/24"), AvailabilityZone: aws.String("us-east-1b")})
	check(err)
	w.subnetB = aws.ToString(sub.Subnet.SubnetId)
	sg, err := ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("alb"), Description: aws.String("ALB"), VpcId: vpc.Vpc.VpcId})
	check(err)
	w.sg = aws.ToString(sg.GroupId)

	// A custom network ACL letting SSH in from anywhere.
	acl, err := ec.CreateNetworkAcl(ctx, &ec2.CreateNetworkAclInput{VpcId: vpc.Vpc.VpcId,
		TagSpecifications: nameTag(ec2types.ResourceTypeNetworkAcl, "public-acl")})
	check(err)
	w.nacl = aws.ToString(acl.NetworkAcl.NetworkAclId)
	_, err = ec.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: acl.NetworkAcl.NetworkAclId,
		RuleNumber: aws.Int32(100), Protocol: aws.String("6"), RuleAction: ec2types.RuleActionAllow, Egress: aws.Bool(false),
		CidrBlock: aws.String("0.0.0.0/0"), PortRange: &ec2types.PortRange{From: aws.Int32(22), To: aws.Int32(22)}})
	check(err)
	_, err = ec.CreateNetworkAclEntry(ctx, &ec2.CreateNetworkAclEntryInput{NetworkAclId: acl.NetworkAcl.NetworkAclId,
		RuleNumber: aws.Int32(200), Protocol: aws.String("-1"), RuleAction: ec2types.RuleActionDeny, Egress: aws.Bool(true),
		Ipv6CidrBlock: aws.String("::/0")})
	check(err)

	// An internet gateway and a route table sending the internet to it.
	igw, err := ec.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{
		TagSpecifications: nameTag(ec2types.ResourceTypeInternetGateway, "edge")})
	check(err)
	w.igw = aws.ToString(igw.InternetGateway.InternetGatewayId)
	_, err = ec.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(w.igw), VpcId: vpc.Vpc.VpcId})
	check(err)
	rt, err := ec.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc.Vpc.VpcId,
		TagSpecifications: nameTag(ec2types.ResourceTypeRouteTable, "public-rt")})
	check(err)
	w.routeTable = aws.ToString(rt.RouteTable.RouteTableId)
	_, err = ec.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(w.routeTable),
		DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(w.igw)})
	check(err)
	_, err = ec.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(w.routeTable), SubnetId: aws.String(w.subnetA)})
	check(err)

	// Two snapshots: one anyone may restore, one private.
	vol, err := ec.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(10)})
	check(err)
	snap, err := ec.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: vol.VolumeId, Description: aws.String("public one"),
		TagSpecifications: nameTag(ec2types.ResourceTypeSnapshot, "leaky")})
	check(err)
	w.publicSnap = aws.ToString(snap.SnapshotId)
	_, err = ec.ModifySnapshotAttribute(ctx, &ec2.ModifySnapshotAttributeInput{SnapshotId: snap.SnapshotId,
		Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission, OperationType: ec2types.OperationTypeAdd,
		GroupNames: []string{"all"}})
	check(err)
	snap, err = ec.CreateSnapshot(ctx, &ec2.CreateSnapshotInput{VolumeId: vol.VolumeId, Description: aws.String("private one")})
	check(err)
	w.privateSnap = aws.ToString(snap.SnapshotId)

	// An AMI made public.
	run, err := ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12c6146b"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		InstanceType: ec2types.InstanceTypeT3Micro, SubnetId: aws.String(w.subnetA)})
	check(err)
	w.sourceInstance = aws.ToString(run.Instances[0].InstanceId)
	img, err := ec.CreateImage(ctx, &ec2.CreateImageInput{InstanceId: aws.String(w.sourceInstance), Name: aws.String("golden-image")})
	check(err)
	w.image = aws.ToString(img.ImageId)
	_, err = ec.ModifyImageAttribute(ctx, &ec2.ModifyImageAttributeInput{ImageId: img.ImageId,
		LaunchPermission: &ec2types.LaunchPermissionModifications{Add: []ec2types.LaunchPermission{{Group: ec2types.PermissionGroupAll}}}})
	check(err)

	// An internet-facing ALB: HTTPS with an ACM certificate, HTTP redirecting to it.
	cert, err := acm.NewFromConfig(cfg).RequestCertificate(ctx, &acm.RequestCertificateInput{DomainName: aws.String("shop.example.com")})
	check(err)
	w.certARN = aws.ToString(cert.CertificateArn)
	lbc := elbv2.NewFromConfig(cfg)
	lb, err := lbc.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("shop"),
		Subnets: []string{w.subnetA, w.subnetB}, SecurityGroups: []string{w.sg},
		Scheme: elbv2types.LoadBalancerSchemeEnumInternetFacing, Type: elbv2types.LoadBalancerTypeEnumApplication,
		Tags: []elbv2types.Tag{{Key: aws.String("team"), Value: aws.String("shop")}}})
	check(err)
	w.lbARN = aws.ToString(lb.LoadBalancers[0].LoadBalancerArn)
	tg, err := lbc.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("shop-web"), Protocol: elbv2types.ProtocolEnumHttp,
		Port: aws.Int32(8080), VpcId: aws.String(w.vpc)})
	check(err)
	https, err := lbc.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: aws.String(w.lbARN),
		Protocol: elbv2types.ProtocolEnumHttps, Port: aws.Int32(443), SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
		Certificates:   []elbv2types.Certificate{{CertificateArn: aws.String(w.certARN)}},
		DefaultActions: []elbv2types.Action{{Type: elbv2types.ActionTypeEnumForward, TargetGroupArn: tg.TargetGroups[0].TargetGroupArn}}})
	check(err)
	w.httpsListener = aws.ToString(https.Listeners[0].ListenerArn)
	_, err = lbc.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: aws.String(w.lbARN),
		Protocol: elbv2types.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbv2types.Action{{Type: elbv2types.ActionTypeEnumRedirect,
			RedirectConfig: &elbv2types.RedirectActionConfig{Protocol: aws.String("HTTPS"), Port: aws.String("443"),
				StatusCode: elbv2types.RedirectActionStatusCodeEnumHttp301}}}})
	check(err)
	_, err = lbc.ModifyLoadBalancerAttributes(ctx, &elbv2.ModifyLoadBalancerAttributesInput{LoadBalancerArn: aws.String(w.lbARN),
		Attributes: []elbv2types.LoadBalancerAttribute{
			{Key: aws.String("deletion_protection.enabled"), Value: aws.String("true")},
			{Key: aws.String("access_logs.s3.enabled"), Value: aws.String("true")},
			{Key: aws.String("access_logs.s3.bucket"), Value: aws.String("alb-logs")},
			{Key: aws.String("routing.http.drop_invalid_header_fields.enabled"), Value: aws.String("true")},
		}})
	check(err)

	// An EKS cluster whose API endpoint is public, with audit logs and
	// secrets encryption.
	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{})
	check(err)
	w.kmsKeyARN = aws.ToString(key.KeyMetadata.Arn)
	cl, err := eks.NewFromConfig(cfg).CreateCluster(ctx, &eks.CreateClusterInput{Name: aws.String("prod"), Version: aws.String("1.31"),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/eks-cluster"),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{w.subnetA, w.subnetB},
			EndpointPublicAccess: aws.Bool(true), EndpointPrivateAccess: aws.Bool(false), PublicAccessCidrs: []string{"0.0.0.0/0"}},
		Logging: &ekstypes.Logging{ClusterLogging: []ekstypes.LogSetup{
			{Enabled: aws.Bool(true), Types: []ekstypes.LogType{ekstypes.LogTypeApi, ekstypes.LogTypeAudit}},
			{Enabled: aws.Bool(false), Types: []ekstypes.LogType{ekstypes.LogTypeScheduler}},
		}},
		EncryptionConfig: []ekstypes.EncryptionConfig{{Resources: []string{"secrets"}, Provider: &ekstypes.Provider{KeyArn: aws.String(w.kmsKeyARN)}}},
		Tags:             map[string]string{"env": "prod"}})
	check(err)
	w.clusterARN = aws.ToString(cl.Cluster.Arn)
	return w
}

func netOptions(services ...string) cwaws.Options {
	return cwaws.Options{Regions: []string{"us-east-1"}, Services: services, MaxBackoff: 20 * time.Millisecond}
}

// validTime reports whether v is an RFC 3339 timestamp (as field renders them).
func validTime(v string) bool {
	_, err := time.Parse(time.RFC3339, v)
	return err == nil
}

func snapshotArn(id string) string { return "arn:aws:ec2:us-east-1::snapshot/" + id }

func TestNetworkEC2Extras(t *testing.T) {
	m := testenv.StartMoto(t)
	w := netFixture(t, m)
	sink := collect(t, m, netOptions("ec2"))

	acl := sink.get(t, "aws.ec2.network_acl", ec2Account, ec2Arn("us-east-1", "network-acl/"+w.nacl))
	if acl.Name != "public-acl" {
		t.Errorf("network ACL name %q", acl.Name)
	}
	ec2WantFields(t, acl, map[string]any{"network_acl_id": w.nacl, "vpc_id": w.vpc, "is_default": false})
	var ssh, v6 map[string]any
	for _, e := range field(t, acl, "entries").([]any) {
		e := e.(map[string]any)
		switch e["rule_number"] {
		case int64(100):
			ssh = e
		case int64(200):
			v6 = e
		}
	}
	wantEntry := func(name string, got, want map[string]any) {
		t.Helper()
		if got == nil {
			t.Fatalf("no %s entry in %v", name, field(t, acl, "entries"))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s entry %s = %#v, want %#v", name, k, got[k], v)
			}
		}
	}
	wantEntry("ssh", ssh, map[string]any{"protocol": "tcp", "rule_action": "allow", "egress": false,
		"cidr_ipv4": "0.0.0.0/0", "from_port": int64(22), "to_port": int64(22)})
	wantEntry("ipv6", v6, map[string]any{"protocol": "-1", "rule_action": "deny", "egress": true,
		"cidr_ipv6": "::/0", "from_port": int64(-1), "to_port": int64(-1)})
	defaults := 0
	for _, a := range sink.assets {
		if a.Type == "aws.ec2.network_acl" && field(t, a, "vpc_id") == w.vpc && field(t, a, "is_default") == true {
			defaults++
		}
	}
	if defaults != 1 {
		t.Errorf("want the VPC's default network ACL, found %d", defaults)
	}

	rt := sink.get(t, "aws.ec2.route_table", ec2Account, ec2Arn("us-east-1", "route-table/"+w.routeTable))
	ec2WantFields(t, rt, map[string]any{"vpc_id": w.vpc, "is_main": false, "subnet_ids": []any{w.subnetA}})
	if rt.Name != "public-rt" {
		t.Errorf("route table name %q", rt.Name)
	}
	var igwRoute, local bool
	for _, r := range field(t, rt, "routes").([]any) {
		r := r.(map[string]any)
		if r["destination"] == "0.0.0.0/0" && r["target_kind"] == "internet_gateway" && r["target_id"] == w.igw &&
			r["destination_type"] == "ipv4" && r["state"] == "active" {
			igwRoute = true
		}
		if r["target_kind"] == "local" && r["destination"] == "10.30.0.0/16" {
			local = true
		}
	}
	if !igwRoute || !local {
		t.Errorf("routes (internet gateway %v, local %v): %v", igwRoute, local, field(t, rt, "routes"))
	}
	assocs := field(t, rt, "associations").([]any)
	if len(assocs) != 1 || assocs[0].(map[string]any)["subnet_id"] != w.subnetA || assocs[0].(map[string]any)["main"] != false {
		t.Errorf("associations %v", assocs)
	}

	igw := sink.get(t, "aws.ec2.internet_gateway", ec2Account, ec2Arn("us-east-1", "internet-gateway/"+w.igw))
	ec2WantFields(t, igw, map[string]any{"internet_gateway_id": w.igw, "attached_vpc_ids": []any{w.vpc}})
	if igw.Name != "edge" {
		t.Errorf("internet gateway name %q", igw.Name)
	}
	if atts := field(t, igw, "attachments").([]any); len(atts) != 1 || atts[0].(map[string]any)["vpc_id"] != w.vpc {
		t.Errorf("attachments %v", atts)
	}

	pub := sink.get(t, "aws.ec2.snapshot", ec2Account, snapshotArn(w.publicSnap))
	if pub.Name != "leaky" {
		t.Errorf("snapshot name %q", pub.Name)
	}
	ec2WantFields(t, pub, map[string]any{"public": true, "encrypted": false, "volume_size_gib": int64(10),
		"description": "public one", "shared_account_ids": []any{}})
	if v, _ := field(t, pub, "start_time").(string); !validTime(v) {
		t.Errorf("start_time %#v", field(t, pub, "start_time"))
	}
	if v, _ := field(t, pub, "volume_id").(string); !strings.HasPrefix(v, "vol-") {
		t.Errorf("volume_id %q", v)
	}
	priv := sink.get(t, "aws.ec2.snapshot", ec2Account, snapshotArn(w.privateSnap))
	ec2WantFields(t, priv, map[string]any{"public": false})
	for _, a := range sink.assets {
		if a.Type == "aws.ec2.snapshot" && !strings.HasPrefix(a.ID, "arn:aws:ec2:us-east-1::snapshot/snap-") {
			t.Errorf("snapshot id %q", a.ID)
		}
	}

	img := sink.get(t, "aws.ec2.image", ec2Account, "arn:aws:ec2:us-east-1::image/"+w.image)
	if img.Name != "golden-image" {
		t.Errorf("image name %q", img.Name)
	}
	ec2WantFields(t, img, map[string]any{"public": true, "state": "available", "image_name": "golden-image"})
	if v, _ := field(t, img, "creation_date").(string); !validTime(v) {
		t.Errorf("creation_date %#v", field(t, img, "creation_date"))
	}
	if got := field(t, img, "deprecation_time"); got != nil {
		t.Errorf("no deprecation scheduled, got %v", got)
	}
	for _, a := range sink.assets {
		if a.Type == "aws.ec2.image" && a.ID != img.ID {
			t.Errorf("an image the account does not own was collected: %s", a.ID)
		}
	}
	for _, g := range sink.gaps {
		t.Logf("gap: %+v", g)
		switch g.API {
		case "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways",
			"ec2:DescribeSnapshots", "ec2:DescribeSnapshotAttribute", "ec2:DescribeImages":
			t.Errorf("unexpected gap %+v", g)
		}
	}
}

func TestNetworkLoadBalancersAndClusters(t *testing.T) {
	m := testenv.StartMoto(t)
	w := netFixture(t, m)
	sink := collect(t, m, netOptions("elbv2", "eks"))

	lb := sink.get(t, "aws.elbv2.load_balancer", ec2Account, w.lbARN)
	if lb.Name != "shop" || lb.Tags["team"] != "shop" {
		t.Errorf("load balancer envelope: name %q tags %v", lb.Name, lb.Tags)
	}
	ec2WantFields(t, lb, map[string]any{"scheme": "internet-facing", "load_balancer_type": "application", "vpc_id": w.vpc,
		"security_group_ids": []any{w.sg}, "deletion_protection": true, "access_logs_enabled": true,
		"access_logs_bucket": "alb-logs", "drop_invalid_header_fields": true})
	listeners := map[int64]map[string]any{}
	for _, l := range field(t, lb, "listeners").([]any) {
		l := l.(map[string]any)
		listeners[l["port"].(int64)] = l
	}
	https, http := listeners[443], listeners[80]
	if https == nil || http == nil {
		t.Fatalf("listeners %v", listeners)
	}
	if https["protocol"] != "HTTPS" || https["ssl_policy"] != "ELBSecurityPolicy-TLS13-1-2-2021-06" ||
		https["listener_arn"] != w.httpsListener {
		t.Errorf("HTTPS listener %v", https)
	}
	if certs, _ := https["certificate_arns"].([]any); len(certs) != 1 || certs[0] != w.certARN {
		t.Errorf("HTTPS listener certificates %v, want %s", https["certificate_arns"], w.certARN)
	}
	if http["protocol"] != "HTTP" || http["ssl_policy"] != nil {
		t.Errorf("HTTP listener %v", http)
	}
	if acts, _ := http["default_actions"].([]any); len(acts) != 1 || acts[0].(map[string]any)["type"] != "redirect" ||
		acts[0].(map[string]any)["redirect_protocol"] != "HTTPS" {
		t.Errorf("HTTP listener actions %v", http["default_actions"])
	}

	c := sink.get(t, "aws.eks.cluster", ec2Account, w.clusterARN)
	if c.Name != "prod" || c.Tags["env"] != "prod" {
		t.Errorf("cluster envelope: name %q tags %v", c.Name, c.Tags)
	}
	ec2WantFields(t, c, map[string]any{"version": "1.31", "endpoint_public_access": true, "endpoint_private_access": false,
		"public_access_cidrs": []any{"0.0.0.0/0"}, "enabled_log_types": []any{"api", "audit"},
		"secrets_encryption_enabled": true, "secrets_kms_key_arn": w.kmsKeyARN,
		"role_arn": "arn:aws:iam::123456789012:role/eks-cluster"})
	for _, g := range sink.gaps {
		t.Errorf("unexpected gap %+v", g)
	}
}

// A denied DescribeSnapshotAttribute leaves public (and the sharing list)
// unknown on each snapshot, with a gap, and loses nothing else.
func TestNetworkSnapshotAttributeDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	w := netFixture(t, m)
	opts := netOptions("ec2")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeSnapshotAttribute")}
	sink := collect(t, m, opts)

	pub := sink.get(t, "aws.ec2.snapshot", ec2Account, snapshotArn(w.publicSnap))
	ec2WantFields(t, pub, map[string]any{
		"public":             "unknown: AccessDenied: ec2:DescribeSnapshotAttribute",
		"shared_account_ids": "unknown: AccessDenied: ec2:DescribeSnapshotAttribute",
		"encrypted":          false,
		"description":        "public one",
	})
	if !pub.Root.HasUnknowns() {
		t.Error("the asset should report unknowns")
	}
	found := false
	for _, g := range sink.gaps {
		switch {
		case g.API == "ec2:DescribeSnapshotAttribute" && g.Code == "AccessDenied" && g.Resource == snapshotArn(w.publicSnap):
			found = true
		case g.API != "ec2:DescribeSnapshotAttribute" && strings.HasPrefix(g.API, "ec2:Describe"):
			t.Errorf("unexpected gap %+v", g)
		}
	}
	if !found {
		t.Fatalf("no gap for the snapshot: %+v", sink.gaps)
	}
	// Everything else is still collected.
	sink.get(t, "aws.ec2.snapshot", ec2Account, snapshotArn(w.privateSnap))
	sink.get(t, "aws.ec2.image", ec2Account, "arn:aws:ec2:us-east-1::image/"+w.image)
	sink.get(t, "aws.ec2.network_acl", ec2Account, ec2Arn("us-east-1", "network-acl/"+w.nacl))
	sink.get(t, "aws.ec2.route_table", ec2Account, ec2Arn("us-east-1", "route-table/"+w.routeTable))
	sink.get(t, "aws.ec2.internet_gateway", ec2Account, ec2Arn("us-east-1", "internet-gateway/"+w.igw))
	sink.get(t, "aws.ec2.vpc", ec2Account, ec2Arn("us-east-1", "vpc/"+w.vpc))
}

// The new operations are registered with their IAM actions under the
// SDK's service ids.
func TestNetworkOpsRegistered(t *testing.T) {
	want := map[string]string{
		"ec2:DescribeNetworkAcls":                                  "ec2:DescribeNetworkAcls",
		"ec2:DescribeRouteTables":                                  "ec2:DescribeRouteTables",
		"ec2:DescribeInternetGateways":                             "ec2:DescribeInternetGateways",
		"ec2:DescribeSnapshots":                                    "ec2:DescribeSnapshots",
		"ec2:DescribeSnapshotAttribute":                            "ec2:DescribeSnapshotAttribute",
		"ec2:DescribeImages":                                       "ec2:DescribeImages",
		"elastic load balancing v2:DescribeLoadBalancers":          "elasticloadbalancing:DescribeLoadBalancers",
		"elastic load balancing v2:DescribeLoadBalancerAttributes": "elasticloadbalancing:DescribeLoadBalancerAttributes",
		"elastic load balancing v2:DescribeListeners":              "elasticloadbalancing:DescribeListeners",
		"elastic load balancing v2:DescribeTags":                   "elasticloadbalancing:DescribeTags",
		"eks:ListClusters":                                         "eks:ListClusters",
		"eks:DescribeCluster":                                      "eks:DescribeCluster",
	}
	got := map[string]string{}
	for _, o := range cwaws.Operations() {
		got[o.Key()] = o.Action
	}
	for key, action := range want {
		if got[key] != action {
			t.Errorf("%s registered as %q, want %q", key, got[key], action)
		}
	}
}

// Denied per-resource reads of ELBv2 and EKS leave the affected fields
// unknown, with gaps; the resources are still collected.
func TestNetworkListenersAndClusterDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	w := netFixture(t, m)
	opts := netOptions("elbv2", "eks")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeListeners"), denyOp("DescribeCluster")}
	sink := collect(t, m, opts)

	lb := sink.get(t, "aws.elbv2.load_balancer", ec2Account, w.lbARN)
	ec2WantFields(t, lb, map[string]any{
		"listeners":           "unknown: AccessDenied: elasticloadbalancing:DescribeListeners",
		"deletion_protection": true,
		"scheme":              "internet-facing",
	})
	c := sink.get(t, "aws.eks.cluster", ec2Account, w.clusterARN)
	ec2WantFields(t, c, map[string]any{
		"endpoint_public_access": "unknown: AccessDenied: eks:DescribeCluster",
		"version":                "unknown: AccessDenied: eks:DescribeCluster",
		"cluster_name":           "prod",
	})
	want := map[string]string{"elasticloadbalancing:DescribeListeners": w.lbARN, "eks:DescribeCluster": w.clusterARN}
	for _, g := range sink.gaps {
		if res, ok := want[g.API]; ok && g.Resource == res && g.Code == "AccessDenied" {
			delete(want, g.API)
		}
	}
	if len(want) > 0 {
		t.Fatalf("missing gaps for %v: %+v", want, sink.gaps)
	}
}
