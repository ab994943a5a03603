package aws

import . "cloudward/asset"

func securityGroupRule() *ObjectSchema {
	return Block("One security group rule.",
		String("ip_protocol", "tcp, udp, icmp, icmpv6, or -1 for all protocols."),
		Int("from_port", "First port of the range (-1 for all)."),
		Int("to_port", "Last port of the range (-1 for all)."),
		StringList("cidr_ipv4", "IPv4 ranges the rule allows."),
		StringList("cidr_ipv6", "IPv6 ranges the rule allows."),
		StringList("prefix_list_ids", "Managed prefix lists the rule allows."),
		StringList("security_group_ids", "Security groups the rule allows."),
		String("description", "Rule description."),
	)
}

// EC2SecurityGroup is a VPC security group with its rules.
var EC2SecurityGroup = Define("aws.ec2.security_group",
	"A VPC security group with its ingress and egress rules.",
	String("group_id", "Security group id (sg-…)."),
	String("group_name", "Security group name; \"default\" for a VPC's default group."),
	String("vpc_id", "VPC the group belongs to."),
	String("description", "Group description."),
	Bool("is_default", "This is the VPC's default security group."),
	NestedList("ingress", "Inbound rules.", securityGroupRule()),
	NestedList("egress", "Outbound rules.", securityGroupRule()),
	Int("attached_interfaces", "Number of network interfaces using the group, when known."),
)

// EC2RegionSettings holds the EC2 settings that apply to a whole region of an account.
var EC2RegionSettings = Define("aws.ec2.region_settings",
	"Account settings of EC2 that apply per region (EBS encryption by default, snapshot and AMI public access blocks).",
	Bool("ebs_encryption_by_default", "New EBS volumes are encrypted by default."),
	String("ebs_default_kms_key_id", "Default KMS key for EBS encryption."),
	String("snapshot_block_public_access", "block-all-sharing, block-new-sharing or unblocked."),
	String("image_block_public_access", "block-new-sharing or unblocked."),
)

// EC2Instance is an EC2 instance.
var EC2Instance = Define("aws.ec2.instance",
	"An EC2 instance.",
	String("instance_id", "Instance id (i-…)."),
	String("instance_type", "Instance type."),
	String("state", "pending, running, stopping, stopped, shutting-down or terminated."),
	String("image_id", "AMI the instance was launched from."),
	String("vpc_id", "VPC of the primary interface."),
	String("subnet_id", "Subnet of the primary interface."),
	String("public_ip", "Public IPv4 address, if any."),
	StringList("security_group_ids", "Security groups of the primary interface."),
	String("iam_instance_profile_arn", "Instance profile, if any."),
	Nested("metadata_options", "Instance Metadata Service settings.",
		Block("IMDS options.",
			String("http_tokens", "required (IMDSv2 only) or optional (IMDSv1 allowed)."),
			String("http_endpoint", "enabled or disabled."),
			Int("http_put_response_hop_limit", "Hop limit for IMDS responses."),
		)),
	Bool("ebs_optimized", "EBS optimization is enabled."),
	Timestamp("launch_time", "When the instance was launched."),
	String("private_ip", "Primary private IPv4 address."),
	StringList("ipv6_addresses", "IPv6 addresses of all the instance's interfaces (reachable from the internet unless filtered)."),
	String("key_name", "EC2 key pair the instance was launched with, if any."),
)

// EC2Volume is an EBS volume.
var EC2Volume = Define("aws.ec2.volume",
	"An EBS volume.",
	String("volume_id", "Volume id (vol-…)."),
	Int("size_gib", "Size in GiB."),
	String("volume_type", "gp3, gp2, io2, …"),
	String("state", "available, in-use, …"),
	Bool("encrypted", "The volume is encrypted."),
	String("kms_key_id", "KMS key used for encryption."),
	StringList("attached_instance_ids", "Instances the volume is attached to."),
	String("availability_zone", "Availability Zone of the volume."),
	Timestamp("create_time", "When the volume was created."),
	String("snapshot_id", "Snapshot the volume was created from, if any."),
)

// EC2VPC is a VPC.
var EC2VPC = Define("aws.ec2.vpc",
	"A VPC.",
	String("vpc_id", "VPC id (vpc-…)."),
	String("cidr_block", "Primary IPv4 CIDR."),
	Bool("is_default", "This is the region's default VPC."),
	String("state", "pending or available."),
	Related("flow_logs", "Flow logs attached to this VPC (aws.ec2.flow_log assets whose resource_id is this VPC's vpc_id).",
		Relation{Target: "aws.ec2.flow_log", Scope: ScopeRegion, TargetField: "resource_id", SelfField: "vpc_id"}),
)

// EC2FlowLog is a VPC, subnet or interface flow log.
var EC2FlowLog = Define("aws.ec2.flow_log",
	"A flow log of a VPC, subnet or network interface.",
	String("flow_log_id", "Flow log id (fl-…)."),
	String("resource_id", "VPC, subnet or interface the flow log captures."),
	String("traffic_type", "ACCEPT, REJECT or ALL."),
	String("flow_log_status", "ACTIVE when delivering."),
	String("deliver_logs_status", "SUCCESS or FAILED."),
	String("log_destination_type", "cloud-watch-logs, s3 or kinesis-data-firehose."),
	String("log_destination", "ARN of the destination."),
)
