package aws_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
)

const ec2Account = "123456789012"

// ec2World is what ec2Fixture created in moto.
type ec2World struct {
	vpc, subnet                  string // us-east-1, not the default VPC
	sshOpen, sshV6, app          string // security groups: 22 from 0.0.0.0/0 (us-east-1), 22 from ::/0 (eu-west-1), from sshOpen
	prefixList                   string
	flowLog                      string
	imdsv2, imdsv1               string // instances in us-east-1
	encrypted, unencrypted       string // volumes in us-east-1
	instanceProfileARN, kmsKeyID string
}

func ec2Arn(region, resource string) string {
	return "arn:aws:ec2:" + region + ":" + ec2Account + ":" + resource
}

// ec2Fixture creates, in us-east-1 and eu-west-1: a VPC with a subnet, three
// security groups, a flow log, two instances, two volumes, and EBS
// encryption by default in eu-west-1 only.
func ec2Fixture(t *testing.T, m *testenv.Moto) ec2World {
	t.Helper()
	ctx := context.Background()
	east := ec2.NewFromConfig(m.Config(t, "us-east-1", ""))
	west := ec2.NewFromConfig(m.Config(t, "eu-west-1", ""))
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	tags := func(rt ec2types.ResourceType, kv ...string) []ec2types.TagSpecification {
		var ts []ec2types.Tag
		for i := 0; i+1 < len(kv); i += 2 {
			ts = append(ts, ec2types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
		}
		return []ec2types.TagSpecification{{ResourceType: rt, Tags: ts}}
	}
	var w ec2World

	vpc, err := east.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.20.0.0/16"),
		TagSpecifications: tags(ec2types.ResourceTypeVpc, "Name", "prod-vpc", "team", "core")})
	check(err)
	w.vpc = aws.ToString(vpc.Vpc.VpcId)
	sub, err := east.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String("10.20.1.0/24"),
		AvailabilityZone: aws.String("us-east-1a")})
	check(err)
	w.subnet = aws.ToString(sub.Subnet.SubnetId)

	sg, err := east.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("ssh-open"),
		Description: aws.String("SSH from anywhere"), VpcId: vpc.Vpc.VpcId})
	check(err)
	w.sshOpen = aws.ToString(sg.GroupId)
	_, err = east.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId,
		IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
			IpRanges: []ec2types.IpRange{
				{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("SSH")},
				{CidrIp: aws.String("10.0.0.0/8"), Description: aws.String("SSH")},
			}}}})
	check(err)

	pl, err := east.CreateManagedPrefixList(ctx, &ec2.CreateManagedPrefixListInput{PrefixListName: aws.String("office"),
		AddressFamily: aws.String("IPv4"), MaxEntries: aws.Int32(5),
		Entries: []ec2types.AddPrefixListEntry{{Cidr: aws.String("203.0.113.0/24")}}})
	check(err)
	w.prefixList = aws.ToString(pl.PrefixList.PrefixListId)
	sg, err = east.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("app"),
		Description: aws.String("application tier"), VpcId: vpc.Vpc.VpcId,
		TagSpecifications: tags(ec2types.ResourceTypeSecurityGroup, "Name", "app-tier")})
	check(err)
	w.app = aws.ToString(sg.GroupId)
	_, err = east.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId,
		IpPermissions: []ec2types.IpPermission{
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(8080), ToPort: aws.Int32(8080),
				UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(w.sshOpen), Description: aws.String("from the bastion")}}},
			{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
				PrefixListIds: []ec2types.PrefixListId{{PrefixListId: aws.String(w.prefixList)}}},
		}})
	check(err)

	// The IPv6 group lives in eu-west-1's default VPC.
	westVPCs, err := west.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{Filters: []ec2types.Filter{{Name: aws.String("is-default"), Values: []string{"true"}}}})
	check(err)
	if len(westVPCs.Vpcs) != 1 {
		t.Fatalf("moto should have a default VPC in eu-west-1: %+v", westVPCs.Vpcs)
	}
	sg, err = west.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("ssh-v6"),
		Description: aws.String("SSH over IPv6"), VpcId: westVPCs.Vpcs[0].VpcId})
	check(err)
	w.sshV6 = aws.ToString(sg.GroupId)
	_, err = west.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId,
		IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(22), ToPort: aws.Int32(22),
			Ipv6Ranges: []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}}})
	check(err)

	s3c := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	_, err = s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("flow-logs")})
	check(err)
	fl, err := east.CreateFlowLogs(ctx, &ec2.CreateFlowLogsInput{ResourceIds: []string{w.vpc},
		ResourceType: ec2types.FlowLogsResourceTypeVpc, TrafficType: ec2types.TrafficTypeAll,
		LogDestinationType: ec2types.LogDestinationTypeS3, LogDestination: aws.String("arn:aws:s3:::flow-logs")})
	check(err)
	if len(fl.FlowLogIds) != 1 {
		t.Fatalf("flow log not created: %+v", fl.Unsuccessful)
	}
	w.flowLog = fl.FlowLogIds[0]

	ip, err := iam.NewFromConfig(m.Config(t, "us-east-1", "")).CreateInstanceProfile(ctx,
		&iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web")})
	check(err)
	w.instanceProfileARN = aws.ToString(ip.InstanceProfile.Arn)

	run, err := east.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12c6146b"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		InstanceType: ec2types.InstanceTypeT3Micro, SubnetId: aws.String(w.subnet), SecurityGroupIds: []string{w.sshOpen},
		KeyName:            aws.String("deploy"),
		IamInstanceProfile: &ec2types.IamInstanceProfileSpecification{Name: aws.String("web")},
		MetadataOptions: &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateRequired,
			HttpEndpoint: ec2types.InstanceMetadataEndpointStateEnabled, HttpPutResponseHopLimit: aws.Int32(2)},
		TagSpecifications: tags(ec2types.ResourceTypeInstance, "Name", "web-1", "team", "web")})
	check(err)
	w.imdsv2 = aws.ToString(run.Instances[0].InstanceId)
	// In the default VPC, whose subnets give public addresses.
	run, err = east.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-12c6146b"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		InstanceType:    ec2types.InstanceTypeT3Micro,
		MetadataOptions: &ec2types.InstanceMetadataOptionsRequest{HttpTokens: ec2types.HttpTokensStateOptional}})
	check(err)
	w.imdsv1 = aws.ToString(run.Instances[0].InstanceId)

	vol, err := east.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1a"), Size: aws.Int32(50),
		VolumeType: ec2types.VolumeTypeGp3, Encrypted: aws.Bool(true),
		TagSpecifications: tags(ec2types.ResourceTypeVolume, "Name", "data")})
	check(err)
	w.encrypted, w.kmsKeyID = aws.ToString(vol.VolumeId), aws.ToString(vol.KmsKeyId)
	vol, err = east.CreateVolume(ctx, &ec2.CreateVolumeInput{AvailabilityZone: aws.String("us-east-1b"), Size: aws.Int32(8),
		VolumeType: ec2types.VolumeTypeGp2})
	check(err)
	w.unencrypted = aws.ToString(vol.VolumeId)

	_, err = west.EnableEbsEncryptionByDefault(ctx, &ec2.EnableEbsEncryptionByDefaultInput{})
	check(err)
	return w
}

// ec2Options collects the ec2 service in the given regions. moto answers
// the EC2 actions it lacks with an HTTP 500, which the SDK retries every
// attempt with backoff (some 45 s in all by default); short waits keep the
// test fast and the retries real.
func ec2Options(regions ...string) cwaws.Options {
	return cwaws.Options{Regions: regions, Services: []string{"ec2"}, MaxBackoff: 20 * time.Millisecond}
}

func ec2WantFields(t *testing.T, a *asset.Asset, want map[string]any) {
	t.Helper()
	for path, w := range want {
		if got := field(t, a, path); !reflect.DeepEqual(got, w) {
			t.Errorf("%s %s = %#v, want %#v", a.ID, path, got, w)
		}
	}
}

func TestEC2Collect(t *testing.T) {
	m := testenv.StartMoto(t)
	w := ec2Fixture(t, m)
	sink := collect(t, m, ec2Options("us-east-1", "eu-west-1"))
	const east, west = "us-east-1", "eu-west-1"

	// VPCs: ours and each region's default VPC.
	vpc := sink.get(t, "aws.ec2.vpc", ec2Account, ec2Arn(east, "vpc/"+w.vpc))
	if vpc.Name != "prod-vpc" || vpc.Region != east || vpc.Tags["team"] != "core" {
		t.Errorf("vpc envelope: name %q region %q tags %v", vpc.Name, vpc.Region, vpc.Tags)
	}
	ec2WantFields(t, vpc, map[string]any{"vpc_id": w.vpc, "cidr_block": "10.20.0.0/16", "is_default": false, "state": "available"})
	defaultVPCs := map[string]string{} // region -> default VPC id
	vpcs := map[string]*asset.Asset{}
	for _, a := range sink.assets {
		if a.Type != "aws.ec2.vpc" {
			continue
		}
		vpcs[field(t, a, "vpc_id").(string)] = a
		if field(t, a, "is_default") == true {
			if a.Name != field(t, a, "vpc_id") {
				t.Errorf("an untagged VPC is named after its id: %q", a.Name)
			}
			defaultVPCs[a.Region] = field(t, a, "vpc_id").(string)
		}
	}
	if len(defaultVPCs) != 2 {
		t.Errorf("want a default VPC in each region, got %v", defaultVPCs)
	}

	// Every VPC has its default security group: egress open, members may talk.
	defaultSGs := map[string]*asset.Asset{}
	for _, a := range sink.assets {
		if a.Type == "aws.ec2.security_group" && field(t, a, "group_name") == "default" {
			if field(t, a, "is_default") != true {
				t.Errorf("%s: the group named default is the VPC's default group", a.ID)
			}
			defaultSGs[field(t, a, "vpc_id").(string)] = a
		}
	}
	for id, v := range vpcs {
		sg, ok := defaultSGs[id]
		if !ok {
			t.Errorf("VPC %s has no default security group", id)
			continue
		}
		if sg.Region != v.Region {
			t.Errorf("default group %s in %s, its VPC in %s", sg.ID, sg.Region, v.Region)
		}
		gid := field(t, sg, "group_id").(string)
		if sg.ID != ec2Arn(v.Region, "security-group/"+gid) || sg.Name != "default" {
			t.Errorf("default group envelope: %s %q", sg.ID, sg.Name)
		}
		egress := field(t, sg, "egress").([]any)
		if len(egress) != 1 || !reflect.DeepEqual(egress[0].(map[string]any)["cidr_ipv4"], []any{"0.0.0.0/0"}) ||
			egress[0].(map[string]any)["ip_protocol"] != "-1" || egress[0].(map[string]any)["from_port"] != int64(-1) {
			t.Errorf("default group egress = %#v, want all traffic to 0.0.0.0/0", egress)
		}
	}
	if len(defaultSGs) != len(vpcs) {
		t.Errorf("%d default groups for %d VPCs", len(defaultSGs), len(vpcs))
	}

	// SSH from 0.0.0.0/0: one rule object for the permission and both its ranges.
	ssh := sink.get(t, "aws.ec2.security_group", ec2Account, ec2Arn(east, "security-group/"+w.sshOpen))
	if ssh.Name != "ssh-open" {
		t.Errorf("a group without a Name tag is named after the group: %q", ssh.Name)
	}
	ec2WantFields(t, ssh, map[string]any{
		"group_id": w.sshOpen, "group_name": "ssh-open", "vpc_id": w.vpc, "description": "SSH from anywhere",
		"is_default": false, "attached_interfaces": int64(1),
		"ingress": []any{map[string]any{"ip_protocol": "tcp", "from_port": int64(22), "to_port": int64(22),
			"cidr_ipv4": []any{"0.0.0.0/0", "10.0.0.0/8"}, "cidr_ipv6": []any{}, "prefix_list_ids": []any{},
			"security_group_ids": []any{}, "description": "SSH"}},
	})

	// SSH from ::/0, in the other region.
	v6 := sink.get(t, "aws.ec2.security_group", ec2Account, ec2Arn(west, "security-group/"+w.sshV6))
	if v6.Region != west {
		t.Errorf("ssh-v6 region %q", v6.Region)
	}
	ec2WantFields(t, v6, map[string]any{"vpc_id": defaultVPCs[west], "attached_interfaces": int64(0),
		"ingress": []any{map[string]any{"ip_protocol": "tcp", "from_port": int64(22), "to_port": int64(22),
			"cidr_ipv4": []any{}, "cidr_ipv6": []any{"::/0"}, "prefix_list_ids": []any{}, "security_group_ids": []any{}}},
	})

	// A referenced group and a prefix list; the Name tag names the asset.
	app := sink.get(t, "aws.ec2.security_group", ec2Account, ec2Arn(east, "security-group/"+w.app))
	if app.Name != "app-tier" || app.Tags["Name"] != "app-tier" {
		t.Errorf("app envelope: %q %v", app.Name, app.Tags)
	}
	ingress := map[int64]map[string]any{}
	for _, r := range field(t, app, "ingress").([]any) {
		ingress[r.(map[string]any)["from_port"].(int64)] = r.(map[string]any)
	}
	if r := ingress[8080]; r == nil || !reflect.DeepEqual(r["security_group_ids"], []any{w.sshOpen}) ||
		r["description"] != "from the bastion" || !reflect.DeepEqual(r["cidr_ipv4"], []any{}) {
		t.Errorf("app 8080 rule = %#v, want from %s", r, w.sshOpen)
	}
	if r := ingress[443]; r == nil || !reflect.DeepEqual(r["prefix_list_ids"], []any{w.prefixList}) {
		t.Errorf("app 443 rule = %#v, want from prefix list %s", r, w.prefixList)
	}

	// The flow log, and the VPC it watches.
	fl := sink.get(t, "aws.ec2.flow_log", ec2Account, ec2Arn(east, "vpc-flow-log/"+w.flowLog))
	if fl.Name != w.flowLog {
		t.Errorf("flow log name %q", fl.Name)
	}
	ec2WantFields(t, fl, map[string]any{"flow_log_id": w.flowLog, "resource_id": w.vpc, "traffic_type": "ALL",
		"flow_log_status": "ACTIVE", "deliver_logs_status": "SUCCESS", "log_destination_type": "s3",
		"log_destination": "arn:aws:s3:::flow-logs"})

	// Instances: IMDSv2 required, and IMDSv1 allowed with a public address.
	i2 := sink.get(t, "aws.ec2.instance", ec2Account, ec2Arn(east, "instance/"+w.imdsv2))
	if i2.Name != "web-1" || i2.Tags["team"] != "web" {
		t.Errorf("instance envelope: %q %v", i2.Name, i2.Tags)
	}
	ec2WantFields(t, i2, map[string]any{
		"instance_id": w.imdsv2, "instance_type": "t3.micro", "state": "running", "image_id": "ami-12c6146b",
		"vpc_id": w.vpc, "subnet_id": w.subnet, "security_group_ids": []any{w.sshOpen},
		"iam_instance_profile_arn": w.instanceProfileARN, "key_name": "deploy",
		"metadata_options.http_tokens": "required", "metadata_options.http_endpoint": "enabled",
		"metadata_options.http_put_response_hop_limit": int64(2),
	})
	for _, f := range []string{"launch_time", "private_ip"} {
		if v, _ := field(t, i2, f).(string); v == "" {
			t.Errorf("instance %s missing", f)
		}
	}
	i1 := sink.get(t, "aws.ec2.instance", ec2Account, ec2Arn(east, "instance/"+w.imdsv1))
	if i1.Name != w.imdsv1 {
		t.Errorf("an untagged instance is named after its id: %q", i1.Name)
	}
	ec2WantFields(t, i1, map[string]any{"metadata_options.http_tokens": "optional", "vpc_id": defaultVPCs[east],
		"iam_instance_profile_arn": nil})
	if ip, _ := field(t, i1, "public_ip").(string); ip == "" {
		t.Error("the instance in a default subnet has a public IP")
	}

	// Volumes: encrypted and not; the instances' root volumes are attached.
	enc := sink.get(t, "aws.ec2.volume", ec2Account, ec2Arn(east, "volume/"+w.encrypted))
	if enc.Name != "data" {
		t.Errorf("volume name %q", enc.Name)
	}
	ec2WantFields(t, enc, map[string]any{"volume_id": w.encrypted, "encrypted": true, "kms_key_id": w.kmsKeyID,
		"size_gib": int64(50), "volume_type": "gp3", "state": "available", "attached_instance_ids": []any{},
		"availability_zone": "us-east-1a"})
	if w.kmsKeyID == "" {
		t.Error("moto gave the encrypted volume no key")
	}
	plain := sink.get(t, "aws.ec2.volume", ec2Account, ec2Arn(east, "volume/"+w.unencrypted))
	ec2WantFields(t, plain, map[string]any{"encrypted": false, "kms_key_id": nil, "size_gib": int64(8), "volume_type": "gp2"})
	attached := map[string]bool{}
	for _, a := range sink.assets {
		if a.Type == "aws.ec2.volume" {
			for _, id := range field(t, a, "attached_instance_ids").([]any) {
				attached[id.(string)] = field(t, a, "state") == "in-use"
			}
		}
	}
	if !attached[w.imdsv2] || !attached[w.imdsv1] {
		t.Errorf("root volumes in use by the instances: %v", attached)
	}

	// One region_settings per region; EBS encryption by default only in eu-west-1.
	rsEast := sink.get(t, "aws.ec2.region_settings", ec2Account, ec2Arn(east, "region-settings"))
	rsWest := sink.get(t, "aws.ec2.region_settings", ec2Account, ec2Arn(west, "region-settings"))
	if rsEast.Name != east || rsWest.Region != west {
		t.Errorf("region settings envelope: %q %q", rsEast.Name, rsWest.Region)
	}
	ec2WantFields(t, rsEast, map[string]any{"ebs_encryption_by_default": false})
	ec2WantFields(t, rsWest, map[string]any{"ebs_encryption_by_default": true})
	// moto 5.2 lacks these three actions: each is then unknown on its own,
	// with the action in the reason and a gap; a moto that has them gives a value.
	for _, rs := range []*asset.Asset{rsEast, rsWest} {
		for f, action := range map[string]string{
			"ebs_default_kms_key_id":       "ec2:GetEbsDefaultKmsKeyId",
			"snapshot_block_public_access": "ec2:GetSnapshotBlockPublicAccessState",
			"image_block_public_access":    "ec2:GetImageBlockPublicAccessState",
		} {
			v, _ := field(t, rs, f).(string)
			if !strings.HasPrefix(v, "unknown: ") {
				continue
			}
			t.Logf("%s %s = %s", rs.Region, f, v)
			if !strings.HasSuffix(v, ": "+action) {
				t.Errorf("%s %s: reason %q does not name %s", rs.Region, f, v, action)
			}
			if !ec2HasGap(sink, rs.Region, action, "") {
				t.Errorf("%s %s is unknown but no gap for %s: %+v", rs.Region, f, action, sink.gaps)
			}
		}
	}

	// Nothing else failed.
	for _, g := range sink.gaps {
		t.Logf("gap: %+v", g)
		if strings.HasPrefix(g.API, "ec2:Describe") || g.API == "" {
			t.Errorf("unexpected gap: %+v", g)
		}
	}
}

func ec2HasGap(sink *memSink, region, api, code string) bool {
	for _, g := range sink.gaps {
		if g.Region == region && g.API == api && g.Service == "ec2" && (code == "" || g.Code == code) {
			return true
		}
	}
	return false
}

func ec2CountType(sink *memSink, typ string) int {
	n := 0
	for _, a := range sink.assets {
		if a.Type == typ {
			n++
		}
	}
	return n
}

// An AccessDenied on DescribeVolumes loses the volumes and nothing else.
func TestEC2DescribeVolumesDeniedLosesNothingElse(t *testing.T) {
	m := testenv.StartMoto(t)
	w := ec2Fixture(t, m)
	opts := ec2Options("us-east-1")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeVolumes")}
	sink := collect(t, m, opts)

	if n := ec2CountType(sink, "aws.ec2.volume"); n != 0 {
		t.Errorf("%d volumes collected though DescribeVolumes is denied", n)
	}
	sink.get(t, "aws.ec2.vpc", ec2Account, ec2Arn("us-east-1", "vpc/"+w.vpc))
	sink.get(t, "aws.ec2.flow_log", ec2Account, ec2Arn("us-east-1", "vpc-flow-log/"+w.flowLog))
	sink.get(t, "aws.ec2.instance", ec2Account, ec2Arn("us-east-1", "instance/"+w.imdsv2))
	sink.get(t, "aws.ec2.instance", ec2Account, ec2Arn("us-east-1", "instance/"+w.imdsv1))
	ssh := sink.get(t, "aws.ec2.security_group", ec2Account, ec2Arn("us-east-1", "security-group/"+w.sshOpen))
	ec2WantFields(t, ssh, map[string]any{"attached_interfaces": int64(1)})
	rs := sink.get(t, "aws.ec2.region_settings", ec2Account, ec2Arn("us-east-1", "region-settings"))
	ec2WantFields(t, rs, map[string]any{"ebs_encryption_by_default": false})
	if !ec2HasGap(sink, "us-east-1", "ec2:DescribeVolumes", "AccessDenied") {
		t.Fatalf("no AccessDenied gap for ec2:DescribeVolumes: %+v", sink.gaps)
	}
	for _, g := range sink.gaps {
		if strings.HasPrefix(g.API, "ec2:Describe") && g.API != "ec2:DescribeVolumes" {
			t.Errorf("unexpected gap: %+v", g)
		}
	}
	// The service still reports its listing as done; the gap (no resource)
	// tells the history store that volumes were not listed.
	if !slices.Contains(sink.listed, asset.Listing{Provider: "aws", Account: ec2Account, Region: "us-east-1", Service: "ec2"}) {
		t.Errorf("no listing record for ec2 in us-east-1: %+v", sink.listed)
	}
}

// Security groups are still reported when the interface count cannot be
// read: attached_interfaces alone is unknown.
func TestEC2NetworkInterfacesDeniedLeavesAttachmentsUnknown(t *testing.T) {
	m := testenv.StartMoto(t)
	w := ec2Fixture(t, m)
	opts := ec2Options("us-east-1")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeNetworkInterfaces")}
	sink := collect(t, m, opts)
	ssh := sink.get(t, "aws.ec2.security_group", ec2Account, ec2Arn("us-east-1", "security-group/"+w.sshOpen))
	ec2WantFields(t, ssh, map[string]any{
		"attached_interfaces": "unknown: AccessDenied: ec2:DescribeNetworkInterfaces",
		"group_name":          "ssh-open",
	})
	if !ec2HasGap(sink, "us-east-1", "ec2:DescribeNetworkInterfaces", "AccessDenied") {
		t.Fatalf("no gap: %+v", sink.gaps)
	}
}

// A region where every EC2 call fails gives one gap, not one per call.
func TestEC2RegionUnreadableIsOneGap(t *testing.T) {
	m := testenv.StartMoto(t)
	opts := ec2Options("us-east-1")
	for _, op := range cwaws.Operations() {
		if op.ServiceID == "EC2" && op.Name != "DescribeRegions" {
			opts.APIOptions = append(opts.APIOptions, denyOp(op.Name))
		}
	}
	sink := collect(t, m, opts)
	if len(sink.assets) != 0 {
		t.Errorf("assets collected from an unreadable region: %d", len(sink.assets))
	}
	if len(sink.gaps) != 1 || sink.gaps[0].Code != "AccessDenied" || sink.gaps[0].Service != "ec2" ||
		sink.gaps[0].Region != "us-east-1" {
		t.Fatalf("want one AccessDenied gap for the region, got %+v", sink.gaps)
	}
}
