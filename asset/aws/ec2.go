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

func networkACLEntry() *ObjectSchema {
	return Block("One network ACL rule.",
		Int("rule_number", "Rule number; rules are evaluated in increasing order and 32767 is the final catch-all rule."),
		String("protocol", "tcp, udp, icmp, icmpv6, -1 for all protocols, or another IP protocol number."),
		String("rule_action", "allow or deny."),
		Bool("egress", "The rule applies to outbound traffic (false: inbound)."),
		String("cidr_ipv4", "IPv4 range of the rule, if it is an IPv4 rule."),
		String("cidr_ipv6", "IPv6 range of the rule, if it is an IPv6 rule."),
		Int("from_port", "First port of the range (-1 when the rule covers every port)."),
		Int("to_port", "Last port of the range (-1 when the rule covers every port)."),
		Int("icmp_type", "ICMP type (-1 for all), for ICMP rules."),
		Int("icmp_code", "ICMP code (-1 for all), for ICMP rules."),
	)
}

// EC2NetworkACL is a VPC network ACL with its rules.
var EC2NetworkACL = Define("aws.ec2.network_acl",
	"A VPC network ACL (stateless subnet firewall) with its inbound and outbound rules.",
	String("network_acl_id", "Network ACL id (acl-…)."),
	String("vpc_id", "VPC the network ACL belongs to."),
	Bool("is_default", "This is the VPC's default network ACL."),
	NestedList("entries", "Rules, inbound and outbound, in the order the API returns them.", networkACLEntry()),
	StringList("subnet_ids", "Subnets associated with the network ACL."),
)

// EC2RouteTable is a VPC route table.
var EC2RouteTable = Define("aws.ec2.route_table",
	"A VPC route table with its routes and associations.",
	String("route_table_id", "Route table id (rtb-…)."),
	String("vpc_id", "VPC the route table belongs to."),
	Bool("is_main", "This is the VPC's main route table (used by subnets without an explicit association)."),
	NestedList("routes", "Routes.", Block("One route.",
		String("destination", "Destination: an IPv4 or IPv6 CIDR, or a prefix list id."),
		String("destination_type", "ipv4, ipv6 or prefix_list."),
		String("target_kind", "local, internet_gateway, egress_only_internet_gateway, nat_gateway, virtual_private_gateway, gateway_endpoint, transit_gateway, vpc_peering_connection, instance, network_interface, carrier_gateway, local_gateway, core_network or odb_network."),
		String("target_id", "Id (or ARN) of the target; \"local\" for the VPC-local route."),
		String("state", "active, or blackhole when the target is gone."),
		String("origin", "CreateRouteTable, CreateRoute or EnableVgwRoutePropagation."),
	)),
	NestedList("associations", "Subnets and gateways associated with the route table.", Block("One association.",
		String("association_id", "Association id (rtbassoc-…)."),
		Bool("main", "The association makes this the VPC's main route table."),
		String("subnet_id", "Associated subnet, if any."),
		String("gateway_id", "Associated internet or virtual private gateway (edge association), if any."),
		String("state", "associating, associated, disassociating, disassociated or failed."),
	)),
	StringList("subnet_ids", "Subnets explicitly associated with the route table."),
)

// EC2InternetGateway is an internet gateway.
var EC2InternetGateway = Define("aws.ec2.internet_gateway",
	"An internet gateway and the VPCs it is attached to.",
	String("internet_gateway_id", "Internet gateway id (igw-…)."),
	NestedList("attachments", "VPC attachments.", Block("One attachment.",
		String("vpc_id", "Attached VPC."),
		String("state", "attaching, attached (the API reports available), detaching or detached."),
	)),
	StringList("attached_vpc_ids", "VPCs the gateway is attached to."),
)

// EC2Snapshot is an EBS snapshot owned by the account.
var EC2Snapshot = Define("aws.ec2.snapshot",
	"An EBS snapshot owned by the account, with who may create volumes from it.",
	String("snapshot_id", "Snapshot id (snap-…)."),
	String("volume_id", "Volume the snapshot was taken from (vol-ffffffff for copied snapshots)."),
	Int("volume_size_gib", "Size of the source volume in GiB."),
	Bool("encrypted", "The snapshot is encrypted."),
	String("kms_key_id", "KMS key of the encryption, if encrypted."),
	String("state", "pending, completed, error, …"),
	Timestamp("start_time", "When the snapshot was started."),
	String("description", "Snapshot description."),
	String("storage_tier", "standard or archive."),
	Bool("public", "Anyone may create a volume from the snapshot (createVolumePermission group all)."),
	StringList("shared_account_ids", "Other accounts allowed to create volumes from the snapshot."),
)

// EC2Image is an AMI owned by the account.
var EC2Image = Define("aws.ec2.image",
	"An AMI owned by the account.",
	String("image_id", "AMI id (ami-…)."),
	String("image_name", "AMI name."),
	String("state", "available, pending, failed, deregistered, disabled, …"),
	Bool("public", "The AMI has public launch permissions."),
	Timestamp("creation_date", "When the AMI was created."),
	Timestamp("deprecation_time", "When the AMI is or was deprecated; absent when no deprecation is scheduled."),
	String("image_type", "machine, kernel or ramdisk."),
	String("root_device_type", "ebs or instance-store."),
	String("platform_details", "Operating system platform details."),
	StringList("snapshot_ids", "EBS snapshots backing the AMI's block devices."),
	String("description", "AMI description."),
)
