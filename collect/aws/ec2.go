package aws

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

var (
	opDescribeSecurityGroups            = Op{"EC2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups"}
	opDescribeNetworkInterfaces         = Op{"EC2", "DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces"}
	opDescribeVpcs                      = Op{"EC2", "DescribeVpcs", "ec2:DescribeVpcs"}
	opDescribeFlowLogs                  = Op{"EC2", "DescribeFlowLogs", "ec2:DescribeFlowLogs"}
	opDescribeInstances                 = Op{"EC2", "DescribeInstances", "ec2:DescribeInstances"}
	opDescribeVolumes                   = Op{"EC2", "DescribeVolumes", "ec2:DescribeVolumes"}
	opGetEbsEncryptionByDefault         = Op{"EC2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"}
	opGetEbsDefaultKmsKeyId             = Op{"EC2", "GetEbsDefaultKmsKeyId", "ec2:GetEbsDefaultKmsKeyId"}
	opGetSnapshotBlockPublicAccessState = Op{"EC2", "GetSnapshotBlockPublicAccessState", "ec2:GetSnapshotBlockPublicAccessState"}
	opGetImageBlockPublicAccessState    = Op{"EC2", "GetImageBlockPublicAccessState", "ec2:GetImageBlockPublicAccessState"}
	opDescribeNetworkAcls               = Op{"EC2", "DescribeNetworkAcls", "ec2:DescribeNetworkAcls"}
	opDescribeRouteTables               = Op{"EC2", "DescribeRouteTables", "ec2:DescribeRouteTables"}
	opDescribeInternetGateways          = Op{"EC2", "DescribeInternetGateways", "ec2:DescribeInternetGateways"}
	opDescribeEBSSnapshots              = Op{"EC2", "DescribeSnapshots", "ec2:DescribeSnapshots"}
	opDescribeSnapshotAttribute         = Op{"EC2", "DescribeSnapshotAttribute", "ec2:DescribeSnapshotAttribute"}
	opDescribeAMIs                      = Op{"EC2", "DescribeImages", "ec2:DescribeImages"}
)

var ec2Service = &Service{
	Name: "ec2",
	Ops: []Op{opDescribeSecurityGroups, opDescribeNetworkInterfaces, opDescribeVpcs, opDescribeFlowLogs,
		opDescribeInstances, opDescribeVolumes, opGetEbsEncryptionByDefault, opGetEbsDefaultKmsKeyId,
		opGetSnapshotBlockPublicAccessState, opGetImageBlockPublicAccessState,
		opDescribeNetworkAcls, opDescribeRouteTables, opDescribeInternetGateways,
		opDescribeEBSSnapshots, opDescribeSnapshotAttribute, opDescribeAMIs},
	Collect: collectEC2,
}

// ec2PageSize is the MaxResults of every EC2 listing: the largest page
// every Describe call used here accepts.
const ec2PageSize = 1000

// collectEC2 collects one region: security groups, VPCs, flow logs, network
// ACLs, route tables, internet gateways, instances, volumes, the account's
// snapshots and AMIs, and the region's EC2 settings. The calls run
// concurrently (the limiter bounds them); a listing that fails becomes a gap
// and the others go on. Only when nothing at all could be read is the error
// returned, as one gap for the region rather than one per call.
func collectEC2(ctx context.Context, s *Scope) error {
	cl := ec2.NewFromConfig(s.Config)
	var (
		wg       sync.WaitGroup
		sgs      []ec2types.SecurityGroup
		eniCount map[string]int64
		eniErr   error
		settings regionSettings
	)
	listings := []struct {
		op  Op
		run func() error
		err error
	}{
		{op: opDescribeSecurityGroups, run: func() (err error) { sgs, err = listSecurityGroups(ctx, s, cl); return err }},
		{op: opDescribeVpcs, run: func() error { return collectVPCs(ctx, s, cl) }},
		{op: opDescribeFlowLogs, run: func() error { return collectFlowLogs(ctx, s, cl) }},
		{op: opDescribeInstances, run: func() error { return collectInstances(ctx, s, cl) }},
		{op: opDescribeVolumes, run: func() error { return collectVolumes(ctx, s, cl) }},
		{op: opDescribeNetworkAcls, run: func() error { return collectNetworkACLs(ctx, s, cl) }},
		{op: opDescribeRouteTables, run: func() error { return collectRouteTables(ctx, s, cl) }},
		{op: opDescribeInternetGateways, run: func() error { return collectInternetGateways(ctx, s, cl) }},
		{op: opDescribeEBSSnapshots, run: func() error { return collectSnapshots(ctx, s, cl) }},
		{op: opDescribeAMIs, run: func() error { return collectImages(ctx, s, cl) }},
	}
	for i := range listings {
		wg.Go(func() { listings[i].err = listings[i].run() })
	}
	wg.Go(func() { eniCount, eniErr = countInterfacesPerGroup(ctx, cl) })
	settings.read(ctx, cl, &wg)
	wg.Wait()

	// Nothing read at all: the region is unreachable (not enabled, denied as
	// a whole, cancelled). Report it once rather than once per call.
	failed := 0
	for _, l := range listings {
		if l.err != nil {
			failed++
		}
	}
	if failed == len(listings) && settings.allFailed() {
		return fmt.Errorf("no EC2 resource or setting could be read in %s: %w", s.Region, listings[0].err)
	}
	for _, l := range listings {
		if l.err != nil {
			s.Gap(l.op, "", l.err)
		}
	}

	if sgErr := listings[0].err; sgErr == nil {
		if eniErr != nil {
			s.Gap(opDescribeNetworkInterfaces, "", eniErr)
		}
		for _, g := range sgs {
			a := securityGroupAsset(s, g)
			if eniErr != nil {
				a.Root.SetUnknown("attached_interfaces", Reason(opDescribeNetworkInterfaces, eniErr))
			} else {
				a.Root.SetInt("attached_interfaces", eniCount[aws.ToString(g.GroupId)])
			}
			if err := s.Emit(a); err != nil {
				return err
			}
		}
	}
	return s.Emit(settings.asset(s))
}

// ec2Tags converts EC2 tags to a map and returns the Name tag, if any.
func ec2Tags(tags []ec2types.Tag) (map[string]string, string) {
	m := tagMap(tags, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
	return m, m["Name"]
}

// ownedElsewhere reports whether a resource listed in the scope's account is
// owned by another account (a VPC or security group shared through RAM):
// it is collected in its owner's account, with its flow logs.
func ownedElsewhere(s *Scope, owner *string) bool {
	return owner != nil && *owner != "" && *owner != s.Account
}

// newEC2Asset returns an asset of typ with the ARN
// arn:PARTITION:ec2:REGION:ACCOUNT:<kind>/<id>, named after its Name tag
// (else fallback, else the id) and carrying its tags.
func newEC2Asset(s *Scope, typ, kind, id, fallback string, tags []ec2types.Tag) *asset.Asset {
	m, name := ec2Tags(tags)
	if name == "" {
		name = fallback
	}
	if name == "" {
		name = id
	}
	a := s.New(typ, s.ARN("ec2", kind+"/"+id), name)
	a.SetTags(m)
	return a
}

// newAccountlessEC2Asset is newEC2Asset for snapshots and AMIs, whose ARNs
// carry no account: arn:PARTITION:ec2:REGION::<kind>/<id>.
func newAccountlessEC2Asset(s *Scope, typ, kind, id, fallback string, tags []ec2types.Tag) *asset.Asset {
	m, name := ec2Tags(tags)
	if name == "" {
		name = fallback
	}
	if name == "" {
		name = id
	}
	a := s.New(typ, fmt.Sprintf("arn:%s:ec2:%s::%s/%s", s.Partition, s.Region, kind, id), name)
	a.SetTags(m)
	return a
}

// --- security groups -------------------------------------------------------

func listSecurityGroups(ctx context.Context, s *Scope, cl *ec2.Client) ([]ec2types.SecurityGroup, error) {
	var out []ec2types.SecurityGroup
	p := ec2.NewDescribeSecurityGroupsPaginator(cl, &ec2.DescribeSecurityGroupsInput{MaxResults: aws.Int32(ec2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if len(out) > 0 { // keep what was listed; the gap tells the rest is missing
				s.Gap(opDescribeSecurityGroups, "", err)
				return out, nil
			}
			return nil, err
		}
		for _, g := range page.SecurityGroups {
			if !ownedElsewhere(s, g.OwnerId) {
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// countInterfacesPerGroup returns the number of network interfaces using
// each security group of the region.
func countInterfacesPerGroup(ctx context.Context, cl *ec2.Client) (n map[string]int64, err error) {
	err = withManaged(func(managed *bool) error {
		n, err = countInterfaces(ctx, cl, managed)
		return err
	})
	return n, err
}

func countInterfaces(ctx context.Context, cl *ec2.Client, managed *bool) (map[string]int64, error) {
	n := map[string]int64{}
	p := ec2.NewDescribeNetworkInterfacesPaginator(cl, &ec2.DescribeNetworkInterfacesInput{
		MaxResults: aws.Int32(ec2PageSize), IncludeManagedResources: managed})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err // a partial count would be wrong, not just incomplete
		}
		for _, eni := range page.NetworkInterfaces {
			for _, g := range eni.Groups {
				n[aws.ToString(g.GroupId)]++
			}
		}
	}
	return n, nil
}

func securityGroupAsset(s *Scope, g ec2types.SecurityGroup) *asset.Asset {
	id, name := aws.ToString(g.GroupId), aws.ToString(g.GroupName)
	a := newEC2Asset(s, "aws.ec2.security_group", "security-group", id, name, g.Tags)
	o := a.Root
	o.SetString("group_id", id).
		SetString("group_name", name).
		SetString("vpc_id", aws.ToString(g.VpcId)).
		SetString("description", aws.ToString(g.Description)).
		SetBool("is_default", name == "default").
		SetObjects("ingress", sgRules(o, "ingress", g.IpPermissions)).
		SetObjects("egress", sgRules(o, "egress", g.IpPermissionsEgress))
	return a
}

// sgRules normalizes IpPermissions: one rule object per permission with
// all its IPv4 and IPv6 ranges, prefix lists and referenced groups. A port
// the API leaves out (all protocols) reads -1.
func sgRules(o *asset.Object, field string, perms []ec2types.IpPermission) []*asset.Object {
	out := make([]*asset.Object, 0, len(perms))
	for _, p := range perms {
		r := o.Nested(field)
		var v4, v6, pls, groups, descs []string
		addDesc := func(d *string) {
			if d := aws.ToString(d); d != "" && !slices.Contains(descs, d) {
				descs = append(descs, d)
			}
		}
		for _, x := range p.IpRanges {
			v4 = append(v4, aws.ToString(x.CidrIp))
			addDesc(x.Description)
		}
		for _, x := range p.Ipv6Ranges {
			v6 = append(v6, aws.ToString(x.CidrIpv6))
			addDesc(x.Description)
		}
		for _, x := range p.PrefixListIds {
			pls = append(pls, aws.ToString(x.PrefixListId))
			addDesc(x.Description)
		}
		for _, x := range p.UserIdGroupPairs {
			id := aws.ToString(x.GroupId)
			if id == "" {
				id = aws.ToString(x.GroupName)
			}
			groups = append(groups, id)
			addDesc(x.Description)
		}
		r.SetString("ip_protocol", aws.ToString(p.IpProtocol)).
			SetInt("from_port", portOr(p.FromPort)).
			SetInt("to_port", portOr(p.ToPort)).
			SetStrings("cidr_ipv4", v4).
			SetStrings("cidr_ipv6", v6).
			SetStrings("prefix_list_ids", pls).
			SetStrings("security_group_ids", groups)
		if len(descs) > 0 {
			r.SetString("description", strings.Join(descs, "; "))
		}
		out = append(out, r)
	}
	return out
}

func portOr(p *int32) int64 {
	if p == nil {
		return -1
	}
	return int64(*p)
}

// --- VPCs and flow logs ----------------------------------------------------

func collectVPCs(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return paginate(ctx, s, opDescribeVpcs, ec2.NewDescribeVpcsPaginator(cl, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(ec2PageSize)}),
		func(page *ec2.DescribeVpcsOutput) error {
			for _, v := range page.Vpcs {
				if ownedElsewhere(s, v.OwnerId) {
					continue
				}
				id := aws.ToString(v.VpcId)
				a := newEC2Asset(s, "aws.ec2.vpc", "vpc", id, "", v.Tags)
				a.Root.SetString("vpc_id", id).
					SetString("cidr_block", aws.ToString(v.CidrBlock)).
					SetBool("is_default", aws.ToBool(v.IsDefault)).
					SetString("state", string(v.State))
				if err := s.Emit(a); err != nil {
					return err
				}
			}
			return nil
		})
}

func collectFlowLogs(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return paginate(ctx, s, opDescribeFlowLogs, ec2.NewDescribeFlowLogsPaginator(cl, &ec2.DescribeFlowLogsInput{MaxResults: aws.Int32(ec2PageSize)}),
		func(page *ec2.DescribeFlowLogsOutput) error {
			for _, f := range page.FlowLogs {
				id := aws.ToString(f.FlowLogId)
				a := newEC2Asset(s, "aws.ec2.flow_log", "vpc-flow-log", id, "", f.Tags)
				dest := aws.ToString(f.LogDestination)
				if dest == "" && aws.ToString(f.LogGroupName) != "" { // older CloudWatch Logs flow logs name only the group
					dest = fmt.Sprintf("arn:%s:logs:%s:%s:log-group:%s", s.Partition, s.Region, s.Account, aws.ToString(f.LogGroupName))
				}
				destType := string(f.LogDestinationType)
				if destType == "" && aws.ToString(f.LogGroupName) != "" {
					destType = string(ec2types.LogDestinationTypeCloudWatchLogs)
				}
				a.Root.SetString("flow_log_id", id).
					SetString("resource_id", aws.ToString(f.ResourceId)).
					SetString("traffic_type", string(f.TrafficType)).
					SetString("flow_log_status", aws.ToString(f.FlowLogStatus)).
					SetString("deliver_logs_status", aws.ToString(f.DeliverLogsStatus)).
					SetString("log_destination_type", destType).
					SetString("log_destination", dest)
				if err := s.Emit(a); err != nil {
					return err
				}
			}
			return nil
		})
}

// --- instances and volumes -------------------------------------------------

func collectInstances(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return withManaged(func(managed *bool) error { return listInstances(ctx, s, cl, managed) })
}

func listInstances(ctx context.Context, s *Scope, cl *ec2.Client, managed *bool) error {
	in := &ec2.DescribeInstancesInput{MaxResults: aws.Int32(ec2PageSize), IncludeManagedResources: managed}
	return paginate(ctx, s, opDescribeInstances, ec2.NewDescribeInstancesPaginator(cl, in),
		func(page *ec2.DescribeInstancesOutput) error {
			for _, r := range page.Reservations {
				for _, inst := range r.Instances {
					if err := s.Emit(instanceAsset(s, inst)); err != nil {
						return err
					}
				}
			}
			return nil
		})
}

func instanceAsset(s *Scope, inst ec2types.Instance) *asset.Asset {
	id := aws.ToString(inst.InstanceId)
	a := newEC2Asset(s, "aws.ec2.instance", "instance", id, "", inst.Tags)
	o := a.Root
	o.SetString("instance_id", id).
		SetString("instance_type", string(inst.InstanceType)).
		SetString("image_id", aws.ToString(inst.ImageId)).
		SetString("vpc_id", aws.ToString(inst.VpcId)).
		SetString("subnet_id", aws.ToString(inst.SubnetId)).
		SetBool("ebs_optimized", aws.ToBool(inst.EbsOptimized)).
		SetTime("launch_time", aws.ToTime(inst.LaunchTime))
	if inst.State != nil {
		o.SetString("state", string(inst.State.Name))
	}
	if ip := aws.ToString(inst.PublicIpAddress); ip != "" {
		o.SetString("public_ip", ip)
	}
	if ip := aws.ToString(inst.PrivateIpAddress); ip != "" {
		o.SetString("private_ip", ip)
	}
	if k := aws.ToString(inst.KeyName); k != "" {
		o.SetString("key_name", k)
	}
	sgs := make([]string, 0, len(inst.SecurityGroups))
	for _, g := range inst.SecurityGroups {
		sgs = append(sgs, aws.ToString(g.GroupId))
	}
	o.SetStrings("security_group_ids", sgs)
	var v6 []string
	addV6 := func(ip string) {
		if ip != "" && !slices.Contains(v6, ip) {
			v6 = append(v6, ip)
		}
	}
	addV6(aws.ToString(inst.Ipv6Address))
	for _, eni := range inst.NetworkInterfaces {
		for _, x := range eni.Ipv6Addresses {
			addV6(aws.ToString(x.Ipv6Address))
		}
	}
	o.SetStrings("ipv6_addresses", v6)
	if p := inst.IamInstanceProfile; p != nil && aws.ToString(p.Arn) != "" {
		o.SetString("iam_instance_profile_arn", aws.ToString(p.Arn))
	}
	if m := inst.MetadataOptions; m != nil {
		o.SetNested("metadata_options").
			SetString("http_tokens", string(m.HttpTokens)).
			SetString("http_endpoint", string(m.HttpEndpoint)).
			SetInt("http_put_response_hop_limit", int64(aws.ToInt32(m.HttpPutResponseHopLimit)))
	} else {
		o.SetUnknown("metadata_options", "not returned by "+opDescribeInstances.Action)
	}
	return a
}

func collectVolumes(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return withManaged(func(managed *bool) error { return listVolumes(ctx, s, cl, managed) })
}

func listVolumes(ctx context.Context, s *Scope, cl *ec2.Client, managed *bool) error {
	in := &ec2.DescribeVolumesInput{MaxResults: aws.Int32(ec2PageSize), IncludeManagedResources: managed}
	return paginate(ctx, s, opDescribeVolumes, ec2.NewDescribeVolumesPaginator(cl, in),
		func(page *ec2.DescribeVolumesOutput) error {
			for _, v := range page.Volumes {
				id := aws.ToString(v.VolumeId)
				a := newEC2Asset(s, "aws.ec2.volume", "volume", id, "", v.Tags)
				attached := make([]string, 0, len(v.Attachments))
				for _, at := range v.Attachments {
					if i := aws.ToString(at.InstanceId); i != "" && !slices.Contains(attached, i) {
						attached = append(attached, i)
					}
				}
				a.Root.SetString("volume_id", id).
					SetInt("size_gib", int64(aws.ToInt32(v.Size))).
					SetString("volume_type", string(v.VolumeType)).
					SetString("state", string(v.State)).
					SetBool("encrypted", aws.ToBool(v.Encrypted)).
					SetStrings("attached_instance_ids", attached).
					SetString("availability_zone", aws.ToString(v.AvailabilityZone)).
					SetTime("create_time", aws.ToTime(v.CreateTime))
				if k := aws.ToString(v.KmsKeyId); k != "" {
					a.Root.SetString("kms_key_id", k)
				}
				if snap := aws.ToString(v.SnapshotId); snap != "" {
					a.Root.SetString("snapshot_id", snap)
				}
				if err := s.Emit(a); err != nil {
					return err
				}
			}
			return nil
		})
}

// withManaged runs a listing including the resources AWS services manage
// in the account, which the account's managed-resource visibility setting
// may hide from Describe calls; where the API does not know the parameter
// yet (partitions lag behind) it lists again without it. The listing fails
// on its first page in that case, before emitting anything, so nothing is
// doubled.
func withManaged(list func(includeManaged *bool) error) error {
	err := list(aws.Bool(true))
	if _, code := Classify(err); code == "UnknownParameter" {
		err = list(nil)
	}
	return err
}

// paginator is the shape of the SDK's generated paginators.
type paginator[T any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...func(*ec2.Options)) (T, error)
}

// paginate hands every page of p to each. A failure on the first page is
// returned (nothing was listed); a failure on a later page keeps what was
// emitted and records a gap for the rest.
func paginate[T any](ctx context.Context, s *Scope, op Op, p paginator[T], each func(T) error) error {
	first := true
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if first {
				return err
			}
			s.Gap(op, "", err)
			return nil
		}
		first = false
		if err := each(page); err != nil {
			return err
		}
	}
	return nil
}

// --- region settings -------------------------------------------------------

// regionSettings holds the results of the four account-in-region setting
// reads, done concurrently and turned into one asset afterwards.
type regionSettings struct {
	ebsDefault    *ec2.GetEbsEncryptionByDefaultOutput
	ebsDefaultErr error
	kmsKey        *ec2.GetEbsDefaultKmsKeyIdOutput
	kmsKeyErr     error
	snapshot      *ec2.GetSnapshotBlockPublicAccessStateOutput
	snapshotErr   error
	image         *ec2.GetImageBlockPublicAccessStateOutput
	imageErr      error
}

func (r *regionSettings) allFailed() bool {
	return r.ebsDefaultErr != nil && r.kmsKeyErr != nil && r.snapshotErr != nil && r.imageErr != nil
}

func (r *regionSettings) read(ctx context.Context, cl *ec2.Client, wg *sync.WaitGroup) {
	wg.Go(func() {
		r.ebsDefault, r.ebsDefaultErr = cl.GetEbsEncryptionByDefault(ctx, &ec2.GetEbsEncryptionByDefaultInput{})
	})
	wg.Go(func() { r.kmsKey, r.kmsKeyErr = cl.GetEbsDefaultKmsKeyId(ctx, &ec2.GetEbsDefaultKmsKeyIdInput{}) })
	wg.Go(func() {
		r.snapshot, r.snapshotErr = cl.GetSnapshotBlockPublicAccessState(ctx, &ec2.GetSnapshotBlockPublicAccessStateInput{})
	})
	wg.Go(func() {
		r.image, r.imageErr = cl.GetImageBlockPublicAccessState(ctx, &ec2.GetImageBlockPublicAccessStateInput{})
	})
}

// asset builds the aws.ec2.region_settings asset: each setting that could
// not be read is unknown on its own, with its gap.
func (r *regionSettings) asset(s *Scope) *asset.Asset {
	id := s.ARN("ec2", "region-settings")
	a := s.New("aws.ec2.region_settings", id, s.Region)
	o := a.Root
	if ok, _ := s.check(o, "ebs_encryption_by_default", opGetEbsEncryptionByDefault, id, r.ebsDefaultErr); ok {
		o.SetBool("ebs_encryption_by_default", aws.ToBool(r.ebsDefault.EbsEncryptionByDefault))
	}
	if ok, _ := s.check(o, "ebs_default_kms_key_id", opGetEbsDefaultKmsKeyId, id, r.kmsKeyErr); ok {
		o.SetString("ebs_default_kms_key_id", aws.ToString(r.kmsKey.KmsKeyId))
	}
	if ok, _ := s.check(o, "snapshot_block_public_access", opGetSnapshotBlockPublicAccessState, id, r.snapshotErr); ok {
		o.SetString("snapshot_block_public_access", string(r.snapshot.State))
	}
	if ok, _ := s.check(o, "image_block_public_access", opGetImageBlockPublicAccessState, id, r.imageErr); ok {
		o.SetString("image_block_public_access", aws.ToString(r.image.ImageBlockPublicAccessState))
	}
	return a
}

// --- network ACLs, route tables, internet gateways ------------------------

// routeTablePageSize is DescribeRouteTables' largest MaxResults.
const routeTablePageSize = 100

func collectNetworkACLs(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return paginate(ctx, s, opDescribeNetworkAcls, ec2.NewDescribeNetworkAclsPaginator(cl, &ec2.DescribeNetworkAclsInput{MaxResults: aws.Int32(ec2PageSize)}),
		func(page *ec2.DescribeNetworkAclsOutput) error {
			for _, n := range page.NetworkAcls {
				if ownedElsewhere(s, n.OwnerId) {
					continue
				}
				if err := s.Emit(networkACLAsset(s, n)); err != nil {
					return err
				}
			}
			return nil
		})
}

func networkACLAsset(s *Scope, n ec2types.NetworkAcl) *asset.Asset {
	id := aws.ToString(n.NetworkAclId)
	a := newEC2Asset(s, "aws.ec2.network_acl", "network-acl", id, "", n.Tags)
	o := a.Root
	entries := make([]*asset.Object, 0, len(n.Entries))
	for _, e := range n.Entries {
		r := o.Nested("entries")
		r.SetInt("rule_number", int64(aws.ToInt32(e.RuleNumber))).
			SetString("protocol", ipProtocolName(aws.ToString(e.Protocol))).
			SetString("rule_action", string(e.RuleAction)).
			SetBool("egress", aws.ToBool(e.Egress))
		if c := aws.ToString(e.CidrBlock); c != "" {
			r.SetString("cidr_ipv4", c)
		}
		if c := aws.ToString(e.Ipv6CidrBlock); c != "" {
			r.SetString("cidr_ipv6", c)
		}
		if pr := e.PortRange; pr != nil {
			r.SetInt("from_port", portOr(pr.From)).SetInt("to_port", portOr(pr.To))
		} else {
			r.SetInt("from_port", -1).SetInt("to_port", -1)
		}
		if ic := e.IcmpTypeCode; ic != nil {
			r.SetInt("icmp_type", portOr(ic.Type)).SetInt("icmp_code", portOr(ic.Code))
		}
		entries = append(entries, r)
	}
	var subnets []string
	for _, as := range n.Associations {
		if sub := aws.ToString(as.SubnetId); sub != "" && !slices.Contains(subnets, sub) {
			subnets = append(subnets, sub)
		}
	}
	o.SetString("network_acl_id", id).
		SetString("vpc_id", aws.ToString(n.VpcId)).
		SetBool("is_default", aws.ToBool(n.IsDefault)).
		SetObjects("entries", entries).
		SetStrings("subnet_ids", subnets)
	return a
}

// ipProtocolName names the IP protocol numbers network ACLs report the way
// security group rules do (tcp, udp, icmp, icmpv6); -1 (all) and other
// numbers are kept.
func ipProtocolName(p string) string {
	switch p {
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	}
	return p
}

func collectRouteTables(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return paginate(ctx, s, opDescribeRouteTables, ec2.NewDescribeRouteTablesPaginator(cl, &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(routeTablePageSize)}),
		func(page *ec2.DescribeRouteTablesOutput) error {
			for _, rt := range page.RouteTables {
				if ownedElsewhere(s, rt.OwnerId) {
					continue
				}
				if err := s.Emit(routeTableAsset(s, rt)); err != nil {
					return err
				}
			}
			return nil
		})
}

func routeTableAsset(s *Scope, rt ec2types.RouteTable) *asset.Asset {
	id := aws.ToString(rt.RouteTableId)
	a := newEC2Asset(s, "aws.ec2.route_table", "route-table", id, "", rt.Tags)
	o := a.Root
	routes := make([]*asset.Object, 0, len(rt.Routes))
	for _, r := range rt.Routes {
		ro := o.Nested("routes")
		switch {
		case aws.ToString(r.DestinationCidrBlock) != "":
			ro.SetString("destination", aws.ToString(r.DestinationCidrBlock)).SetString("destination_type", "ipv4")
		case aws.ToString(r.DestinationIpv6CidrBlock) != "":
			ro.SetString("destination", aws.ToString(r.DestinationIpv6CidrBlock)).SetString("destination_type", "ipv6")
		case aws.ToString(r.DestinationPrefixListId) != "":
			ro.SetString("destination", aws.ToString(r.DestinationPrefixListId)).SetString("destination_type", "prefix_list")
		}
		if kind, target := routeTarget(r); kind != "" {
			ro.SetString("target_kind", kind).SetString("target_id", target)
		}
		ro.SetString("state", string(r.State)).SetString("origin", string(r.Origin))
		routes = append(routes, ro)
	}
	main := false
	var subnets []string
	assocs := make([]*asset.Object, 0, len(rt.Associations))
	for _, as := range rt.Associations {
		ao := o.Nested("associations")
		ao.SetString("association_id", aws.ToString(as.RouteTableAssociationId)).
			SetBool("main", aws.ToBool(as.Main))
		if aws.ToBool(as.Main) {
			main = true
		}
		if sub := aws.ToString(as.SubnetId); sub != "" {
			ao.SetString("subnet_id", sub)
			if !slices.Contains(subnets, sub) {
				subnets = append(subnets, sub)
			}
		}
		if g := aws.ToString(as.GatewayId); g != "" {
			ao.SetString("gateway_id", g)
		}
		if st := as.AssociationState; st != nil {
			ao.SetString("state", string(st.State))
		}
		assocs = append(assocs, ao)
	}
	o.SetString("route_table_id", id).
		SetString("vpc_id", aws.ToString(rt.VpcId)).
		SetBool("is_main", main).
		SetObjects("routes", routes).
		SetObjects("associations", assocs).
		SetStrings("subnet_ids", subnets)
	return a
}

// routeTarget names the kind of a route's target and its id. GatewayId
// holds "local", internet gateways, virtual private gateways and gateway
// endpoints alike; the id prefix tells them apart.
func routeTarget(r ec2types.Route) (kind, id string) {
	if g := aws.ToString(r.GatewayId); g != "" {
		switch {
		case g == "local":
			return "local", g
		case strings.HasPrefix(g, "igw-"):
			return "internet_gateway", g
		case strings.HasPrefix(g, "vgw-"):
			return "virtual_private_gateway", g
		case strings.HasPrefix(g, "vpce-"):
			return "gateway_endpoint", g
		}
		return "gateway", g
	}
	for _, t := range []struct {
		kind string
		id   *string
	}{
		{"egress_only_internet_gateway", r.EgressOnlyInternetGatewayId},
		{"nat_gateway", r.NatGatewayId},
		{"transit_gateway", r.TransitGatewayId},
		{"vpc_peering_connection", r.VpcPeeringConnectionId},
		{"carrier_gateway", r.CarrierGatewayId},
		{"local_gateway", r.LocalGatewayId},
		{"core_network", r.CoreNetworkArn},
		{"odb_network", r.OdbNetworkArn},
		{"instance", r.InstanceId}, // before the interface: an instance route names both
		{"network_interface", r.NetworkInterfaceId},
	} {
		if v := aws.ToString(t.id); v != "" {
			return t.kind, v
		}
	}
	return "", ""
}

func collectInternetGateways(ctx context.Context, s *Scope, cl *ec2.Client) error {
	return paginate(ctx, s, opDescribeInternetGateways, ec2.NewDescribeInternetGatewaysPaginator(cl, &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(ec2PageSize)}),
		func(page *ec2.DescribeInternetGatewaysOutput) error {
			for _, g := range page.InternetGateways {
				if ownedElsewhere(s, g.OwnerId) {
					continue
				}
				id := aws.ToString(g.InternetGatewayId)
				a := newEC2Asset(s, "aws.ec2.internet_gateway", "internet-gateway", id, "", g.Tags)
				o := a.Root
				atts := make([]*asset.Object, 0, len(g.Attachments))
				var vpcs []string
				for _, at := range g.Attachments {
					vpc := aws.ToString(at.VpcId)
					atts = append(atts, o.Nested("attachments").SetString("vpc_id", vpc).SetString("state", string(at.State)))
					if vpc != "" && !slices.Contains(vpcs, vpc) {
						vpcs = append(vpcs, vpc)
					}
				}
				o.SetString("internet_gateway_id", id).
					SetObjects("attachments", atts).
					SetStrings("attached_vpc_ids", vpcs)
				if err := s.Emit(a); err != nil {
					return err
				}
			}
			return nil
		})
}

// --- snapshots and AMIs ----------------------------------------------------

// collectSnapshots emits the account's EBS snapshots, reading who may
// create volumes from each one (DescribeSnapshotAttribute) on the bounded
// worker pool.
func collectSnapshots(ctx context.Context, s *Scope, cl *ec2.Client) error {
	var snaps []ec2types.Snapshot
	p := ec2.NewDescribeSnapshotsPaginator(cl, &ec2.DescribeSnapshotsInput{OwnerIds: []string{"self"}, MaxResults: aws.Int32(ec2PageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if len(snaps) > 0 { // keep what was listed; the gap tells the rest is missing
				s.Gap(opDescribeEBSSnapshots, "", err)
				break
			}
			return err
		}
		for _, sn := range page.Snapshots {
			if !ownedElsewhere(s, sn.OwnerId) {
				snaps = append(snaps, sn)
			}
		}
	}
	each(len(snaps), func(i int) {
		if a := snapshotAsset(ctx, s, cl, snaps[i]); a != nil {
			_ = s.Emit(a)
		}
	})
	return nil
}

// snapshotAsset builds the snapshot's asset; nil when the snapshot was
// deleted between the listing and the attribute read.
func snapshotAsset(ctx context.Context, s *Scope, cl *ec2.Client, sn ec2types.Snapshot) *asset.Asset {
	id := aws.ToString(sn.SnapshotId)
	a := newAccountlessEC2Asset(s, "aws.ec2.snapshot", "snapshot", id, "", sn.Tags)
	o := a.Root
	o.SetString("snapshot_id", id).
		SetString("volume_id", aws.ToString(sn.VolumeId)).
		SetInt("volume_size_gib", int64(aws.ToInt32(sn.VolumeSize))).
		SetBool("encrypted", aws.ToBool(sn.Encrypted)).
		SetString("state", string(sn.State)).
		SetTime("start_time", aws.ToTime(sn.StartTime)).
		SetString("description", aws.ToString(sn.Description))
	if k := aws.ToString(sn.KmsKeyId); k != "" {
		o.SetString("kms_key_id", k)
	}
	if t := string(sn.StorageTier); t != "" {
		o.SetString("storage_tier", t)
	}
	out, err := cl.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{
		SnapshotId: aws.String(id), Attribute: ec2types.SnapshotAttributeNameCreateVolumePermission})
	ok, absent := s.check(o, "public", opDescribeSnapshotAttribute, a.ID, err)
	switch {
	case absent:
		return nil
	case !ok:
		o.SetUnknown("shared_account_ids", Reason(opDescribeSnapshotAttribute, err))
		return a
	}
	public := false
	var accounts []string
	for _, perm := range out.CreateVolumePermissions {
		if perm.Group == ec2types.PermissionGroupAll {
			public = true
		}
		if u := aws.ToString(perm.UserId); u != "" && !slices.Contains(accounts, u) {
			accounts = append(accounts, u)
		}
	}
	o.SetBool("public", public).SetStrings("shared_account_ids", accounts)
	return a
}

func collectImages(ctx context.Context, s *Scope, cl *ec2.Client) error {
	in := &ec2.DescribeImagesInput{Owners: []string{"self"}, MaxResults: aws.Int32(ec2PageSize)}
	return paginate(ctx, s, opDescribeAMIs, ec2.NewDescribeImagesPaginator(cl, in),
		func(page *ec2.DescribeImagesOutput) error {
			for _, im := range page.Images {
				if ownedElsewhere(s, im.OwnerId) {
					continue
				}
				if err := s.Emit(imageAsset(s, im)); err != nil {
					return err
				}
			}
			return nil
		})
}

func imageAsset(s *Scope, im ec2types.Image) *asset.Asset {
	id := aws.ToString(im.ImageId)
	a := newAccountlessEC2Asset(s, "aws.ec2.image", "image", id, aws.ToString(im.Name), im.Tags)
	o := a.Root
	o.SetString("image_id", id).
		SetString("image_name", aws.ToString(im.Name)).
		SetString("state", string(im.State)).
		SetString("image_type", string(im.ImageType)).
		SetString("root_device_type", string(im.RootDeviceType)).
		SetString("platform_details", aws.ToString(im.PlatformDetails)).
		SetString("description", aws.ToString(im.Description))
	if im.Public != nil {
		o.SetBool("public", *im.Public)
	} else {
		o.SetUnknown("public", "not returned by "+opDescribeAMIs.Action)
	}
	setAPITime(o, "creation_date", aws.ToString(im.CreationDate))
	setAPITime(o, "deprecation_time", aws.ToString(im.DeprecationTime))
	var snaps []string
	for _, bd := range im.BlockDeviceMappings {
		if bd.Ebs != nil {
			if sn := aws.ToString(bd.Ebs.SnapshotId); sn != "" && !slices.Contains(snaps, sn) {
				snaps = append(snaps, sn)
			}
		}
	}
	o.SetStrings("snapshot_ids", snaps)
	return a
}

// setAPITime sets a timestamp the API returns as an ISO 8601 string; an
// empty string leaves the field absent, an unparseable one unknown.
func setAPITime(o *asset.Object, field, v string) {
	if v == "" {
		return
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		o.SetUnknown(field, "unparseable timestamp "+strconv.Quote(v))
		return
	}
	o.SetTime(field, t)
}
