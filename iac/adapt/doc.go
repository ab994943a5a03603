// Package adapt turns infrastructure-as-code resources (Terraform,
// Terraform plans and CloudFormation, as read by iac/terraform, iac/tfplan
// and iac/cloudformation) into
// the asset types the live AWS collector produces, so the same rules judge
// code and cloud unchanged:
//
//	assets, diags := adapt.Assets(scan.Registry(), resources)
//
// # Terraform plans
//
// Resources of Format "terraform-plan" are adapted exactly like Terraform
// ones (same types, addresses and folding), after normalize gives them the
// configuration's shape: null and empty-list arguments, and values the
// provider computes although the configuration does not set them
// (tfplan.ComputedAfterApply), are left out, so the defaults below apply;
// provider defaults the plan shows as known values are used. Nested blocks,
// lists of objects in a plan, are read through lookup/block/blocks, which
// take a block from a map or a list alike. Unknowns the configuration sets
// from a resource attribute carry iac/terraform's "<address>.<attr> is
// known only after apply" reason and link the same way.
//
// # Identity
//
// An asset's ID is the Terraform address (module.net.aws_security_group.web[0])
// or the CloudFormation logical id; its Name is the configured name (bucket
// name, group name, identifier, function name, KMS alias, Name tag) when it
// is a known string, else the address. Source.File/StartLine/EndLine are the
// resource's Range. Account is Resource.Account, or UnknownAccount
// ("unknown") when the code does not state it: every such asset of a scan
// shares it, so account-scoped relations (account.s3_public_access_block,
// account.trails) still line up, and reports show a readable value. Region
// is Resource.Region, or UnknownRegion ("unknown"); IAM assets and
// aws.account use "global" as the collector does. Provider ids computed at
// apply (group_id, instance_id, volume_id, ARNs, network_acl_id) are left
// absent: rules use has(...) on them to tell deployed resources, and an
// absent id is what a resource not yet created has. Where a relation needs a
// key, the address stands in for the id: an aws.ec2.vpc's vpc_id and the
// resource_id of a flow log referencing it are the VPC's address; a trail's
// cloudwatch_logs_log_group_arn referencing a log group of the scan is the
// log group's address (its asset id, which the LOGS rules also match).
//
// # Account and region settings
//
// An aws.account or aws.ec2.region_settings asset exists only when the code
// declares one of its settings (aws_s3_account_public_access_block,
// aws_iam_account_password_policy, aws_account_alternate_contact,
// aws_ebs_encryption_by_default, …). Every setting the code does not declare
// is unknown, never off: the root user's credentials, the contacts not
// declared, the password policy, the account-level Block Public Access.
// Account-wide relations (trails, metric filters, topics, recorders) are
// unknown when the code declares no resource of their type. When it does
// declare some, they are computed from those, as the account's definition.
//
// # Folding
//
// Several resources make one asset. A setting resource is linked to its
// parent by a literal name equal to the parent's configured name, by a
// Terraform unknown whose reason names "<address>.<attr> is known only
// after apply" (id, bucket, arn, name…), or by a CloudFormation Ref/GetAtt.
// One that cannot be linked (its target is an unknown that names no
// resource of the scan) yields a warning; one naming an existing resource
// by a literal id or name not in the scan is skipped silently.
//
//	aws_s3_bucket (+ _public_access_block, _server_side_encryption_configuration,
//	  _versioning, _logging, _policy, _acl, _ownership_controls,
//	  _object_lock_configuration; inline v3 acl/versioning/logging/
//	  server_side_encryption_configuration/policy/object_lock)   → aws.s3.bucket
//	AWS::S3::Bucket (+ AWS::S3::BucketPolicy)                    → aws.s3.bucket
//	aws_security_group, aws_default_security_group (inline ingress/egress
//	  + aws_security_group_rule, aws_vpc_security_group_ingress_rule,
//	  aws_vpc_security_group_egress_rule)                        → aws.ec2.security_group
//	AWS::EC2::SecurityGroup (+ SecurityGroupIngress/Egress)      → aws.ec2.security_group
//	aws_instance; AWS::EC2::Instance (+ its AWS::EC2::LaunchTemplate's
//	  MetadataOptions)                                           → aws.ec2.instance
//	aws_ebs_volume; AWS::EC2::Volume                             → aws.ec2.volume
//	aws_vpc, aws_default_vpc; AWS::EC2::VPC                      → aws.ec2.vpc
//	aws_flow_log; AWS::EC2::FlowLog                              → aws.ec2.flow_log
//	aws_network_acl, aws_default_network_acl (+ aws_network_acl_rule);
//	  AWS::EC2::NetworkAcl (+ NetworkAclEntry)                   → aws.ec2.network_acl
//	aws_db_instance, aws_rds_cluster_instance; AWS::RDS::DBInstance → aws.rds.instance
//	aws_rds_cluster; AWS::RDS::DBCluster                         → aws.rds.cluster
//	aws_kms_key, aws_kms_external_key (+ aws_kms_alias, aws_kms_key_policy);
//	  AWS::KMS::Key (+ AWS::KMS::Alias)                          → aws.kms.key
//	aws_cloudtrail; AWS::CloudTrail::Trail                       → aws.cloudtrail.trail
//	aws_iam_role (+ _role_policy_attachment, _role_policy, _policy_attachment);
//	  AWS::IAM::Role (+ AWS::IAM::Policy)                        → aws.iam.role
//	aws_iam_user (+ _user_policy_attachment, _user_policy, _user_login_profile,
//	  _access_key); AWS::IAM::User (+ AWS::IAM::AccessKey)       → aws.iam.user
//	aws_iam_policy; AWS::IAM::ManagedPolicy                      → aws.iam.policy
//	aws_lambda_function (+ aws_lambda_permission, aws_lambda_function_url);
//	  AWS::Lambda::Function (+ Permission, Url)                  → aws.lambda.function
//	aws_sqs_queue (+ aws_sqs_queue_policy); AWS::SQS::Queue (+ QueuePolicy) → aws.sqs.queue
//	aws_sns_topic (+ aws_sns_topic_policy); AWS::SNS::Topic (+ TopicPolicy) → aws.sns.topic
//	aws_dynamodb_table; AWS::DynamoDB::Table                     → aws.dynamodb.table
//	aws_efs_file_system (+ _backup_policy, _file_system_policy);
//	  AWS::EFS::FileSystem                                       → aws.efs.file_system
//	aws_eks_cluster; AWS::EKS::Cluster                           → aws.eks.cluster
//	aws_ecr_repository (+ _repository_policy); AWS::ECR::Repository → aws.ecr.repository
//	aws_lb, aws_alb (+ aws_lb_listener, aws_alb_listener);
//	  AWS::ElasticLoadBalancingV2::LoadBalancer (+ Listener)     → aws.elbv2.load_balancer
//	aws_secretsmanager_secret (+ _secret_rotation); AWS::SecretsManager::Secret
//	  (+ RotationSchedule)                                       → aws.secretsmanager.secret
//	aws_cloudwatch_log_group; AWS::Logs::LogGroup                → aws.logs.log_group
//	aws_cloudwatch_log_metric_filter; AWS::Logs::MetricFilter    → aws.logs.metric_filter
//	aws_cloudwatch_metric_alarm; AWS::CloudWatch::Alarm          → aws.cloudwatch.alarm
//	aws_sns_topic_subscription; AWS::SNS::Subscription           → aws.sns.subscription
//	aws_acm_certificate; AWS::CertificateManager::Certificate    → aws.acm.certificate
//	aws_config_configuration_recorder (+ _recorder_status);
//	  AWS::Config::ConfigurationRecorder                         → aws.config.recorder
//	aws_guardduty_detector; AWS::GuardDuty::Detector             → aws.guardduty.detector
//	aws_securityhub_account; AWS::SecurityHub::Hub               → aws.securityhub.hub
//	aws_ebs_snapshot, aws_ebs_snapshot_copy                      → aws.ec2.snapshot
//	aws_ami, aws_ami_copy, aws_ami_from_instance
//	  (+ aws_ami_launch_permission)                              → aws.ec2.image
//	aws_db_snapshot, aws_db_snapshot_copy                        → aws.rds.snapshot
//	aws_db_cluster_snapshot                                      → aws.rds.cluster_snapshot
//	aws_route_table, aws_default_route_table (+ aws_route,
//	  aws_main_route_table_association); AWS::EC2::RouteTable
//	  (+ AWS::EC2::Route)                                        → aws.ec2.route_table
//	aws_s3_account_public_access_block, aws_iam_account_password_policy
//	                                                             → aws.account (id = account)
//	aws_ebs_encryption_by_default, aws_ebs_default_kms_key,
//	  aws_ebs_snapshot_block_public_access, aws_ec2_image_block_public_access
//	                                                             → aws.ec2.region_settings
//	                                                               (id = <account>/<region>/ec2)
//
// The aws.account and aws.ec2.region_settings assets are made only when the
// code declares one of their settings: a scan without them has no account
// asset, and rules reading `account` yield UNKNOWN unless the resource's
// own setting decides (the engine's behaviour for a missing account).
//
// # Defaults
//
// An attribute the code omits gets the value AWS (or the Terraform
// provider, which sends its own default) gives the resource at creation:
//
//   - S3 bucket, for every setting no resource configures (AWS defaults for
//     new buckets since April 2023): public_access_block all four true,
//     encryption {enabled: true, sse_algorithm: AES256} (SSE-S3, as the
//     collector reads GetBucketEncryption of such a bucket),
//     object_ownership BucketOwnerEnforced, versioning.status "",
//     logging.enabled false, acl_is_public false, object_lock_enabled false,
//     policy absent and policy_is_public false. A public access block
//     resource sets omitted flags to false (provider default);
//     CloudFormation cannot enable MFA delete (mfa_delete false); a
//     CloudFormation LoggingConfiguration without destination logs to the
//     bucket itself.
//   - Security groups: Terraform removes AWS's allow-all egress rule, so
//     egress is exactly the declared rules; a CloudFormation group without
//     SecurityGroupEgress gets AWS's allow-all egress rule. For protocol -1
//     ports are -1, as the collector reports them. description defaults to
//     "Managed by Terraform" (provider default). is_default is true only for
//     aws_default_security_group (group_name "default").
//   - EC2 instance: metadata_options {http_tokens: optional, http_endpoint:
//     enabled, http_put_response_hop_limit: 1} when not set (CloudFormation:
//     from the referenced launch template, else the same defaults);
//     ebs_optimized false; iam_instance_profile_arn is the configured
//     profile: a name, or the address of a profile resource of the code
//     whose name is known only after apply (attached either way), "" when
//     none.
//   - RDS instance: publicly_accessible false (Terraform), storage_encrypted
//     false, multi_az false, backup_retention_period 1, auto_minor_version_upgrade
//     true, deletion_protection false, iam_database_authentication_enabled
//     false, copy_tags_to_snapshot false, monitoring_interval 0. Cluster
//     members (aws_rds_cluster_instance, a DBInstance with DBClusterIdentifier)
//     get db_cluster_identifier (the cluster's address when its identifier
//     is generated at apply: a member surely has one) and the cluster's
//     storage_encrypted, as the RDS API reports them; no backup fields.
//   - RDS cluster: engine aurora-mysql (Terraform), engine_mode provisioned,
//     storage_encrypted false (true for serverless), backup_retention_period 1,
//     deletion_protection/iam auth/copy tags false; publicly_accessible from
//     the members (any public); members from the member resources.
//   - KMS key: key_manager CUSTOMER, key_state Enabled (Disabled when
//     is_enabled/Enabled is false), key_spec SYMMETRIC_DEFAULT, key_usage
//     ENCRYPT_DECRYPT, origin AWS_KMS (EXTERNAL for aws_kms_external_key),
//     rotation_enabled false, rotation_period_days 365 when rotation is on,
//     multi_region false; aliases from alias resources (the first is the
//     name). Without a policy argument the key gets AWS's default policy,
//     which is left absent.
//   - CloudTrail: is_multi_region false, is_organization_trail false,
//     is_logging true (Terraform enable_logging default; CloudFormation
//     requires IsLogging), log_file_validation_enabled false, kms_key_id "",
//     include_global_service_events true; with no event selectors,
//     management events All and no data events; basic selectors are
//     evaluated (S3 data events for every bucket: an AWS::S3::Object data
//     resource with value arn:aws:s3 or arn:aws:s3:::).
//   - SQS: sqs_managed_sse_enabled true unless a KMS key is set (AWS default
//     since 2022), kms_data_key_reuse_period_seconds 300, retention 345600,
//     visibility timeout 30. SNS: kms_master_key_id "". DynamoDB: sse_type
//     AWS_OWNED unless SSE is enabled (then KMS), PITR and deletion
//     protection false, billing PROVISIONED, class STANDARD. EFS: encrypted
//     false (API default), backup_policy_enabled false, generalPurpose,
//     bursting. EKS: endpoint_public_access true, private false,
//     public_access_cidrs [0.0.0.0/0], no log types, no secrets encryption.
//     ECR: MUTABLE, scan_on_push false, AES256. ELBv2: application,
//     internet-facing, ipv4, deletion protection/access logs/drop invalid
//     headers false; a Terraform listener without protocol is HTTP (TCP for
//     a network load balancer). Secrets: kms_key_id "" (aws/secretsmanager),
//     rotation_enabled false unless a rotation resource exists. Log group:
//     retention 0 (never expire), kms_key_id "", STANDARD, deletion
//     protection false. IAM: path "/", max_session_duration 3600,
//     password_enabled false unless a login profile exists, access keys
//     Active. Password policy: minimum length 6, the require_* flags false,
//     users may change passwords, no expiry or reuse prevention.
//   - VPC flow logs: flow_log_status ACTIVE (a flow log delivers once
//     created), log_destination_type cloud-watch-logs.
//   - Network ACLs: the catch-all deny rules (32767, 0.0.0.0/0, both
//     directions) AWS adds to every ACL are appended.
//   - ACM: certificate_type AMAZON_ISSUED (PRIVATE with a private CA,
//     IMPORTED with a private key), key_algorithm RSA_2048,
//     certificate_transparency_logging_preference ENABLED;
//     subject_alternative_names lists the domain name too, as the API does.
//   - CloudWatch alarms: actions_enabled true, no actions. Metric filters
//     and alarms get metric "<namespace>/<name>", the key relating them.
//   - GuardDuty: enabled true, finding_publishing_frequency SIX_HOURS.
//     Security Hub: enabled, auto_enable_controls true, SECURITY_CONTROL.
//   - Config recorder: name "default" (Terraform), all_supported true,
//     include_global_resource_types false, customer managed
//     (service_principal ""); a role_arn referencing an
//     aws_iam_service_linked_role for config.amazonaws.com is that role's
//     fixed ARN. recording comes from aws_config_configuration_recorder_status.
//   - SNS subscriptions to queues, functions, streams, applications and
//     phone numbers are confirmed (pending_confirmation false); a topic's
//     subscriptions_confirmed counts those of the code.
//   - AMIs are private unless an aws_ami_launch_permission grants "all"; RDS
//     snapshots are public when shared_accounts holds "all". Snapshots are
//     encrypted as their source volume, instance or cluster of the code (a
//     copy: as asked, or as its source; EBS encryption by default applies).
//   - Route tables: is_main for aws_default_route_table and a table named
//     by aws_main_route_table_association; a route's target_kind follows
//     from its argument, and for gateway_id from the referenced resource's
//     type or the id's prefix (igw-, vgw-, vpce-). The local route is left
//     out.
//   - A trail's log group of the code with a known name is referred to by
//     its ARN, arn:aws:logs:<region>:<account>:log-group:<name>:* with the
//     group's account and region (UnknownAccount/UnknownRegion when not
//     stated), which is also the group's arn: the CIS monitoring rules
//     split it to find the metric filters on the group.
//
// # Unknown values
//
// An iac.Unknown becomes an unknown attribute with its reason, never a
// guess. The adapters add unknowns where AWS decides at deployment:
//
//   - an EBS volume (aws_ebs_volume, AWS::EC2::Volume) without encrypted:
//     it follows the region's EBS encryption by default — true when the scan
//     enables it (aws_ebs_encryption_by_default), unknown otherwise. With
//     encryption by default on, a volume is encrypted even when its own
//     flag says false, as AWS does;
//   - an instance's public_ip: unknown when a public address will be
//     assigned (its value exists only after launch) or when it depends on a
//     subnet not in the scan; "" when none will be (associate_public_ip_address
//     false, or a subnet of the scan without map_public_ip_on_launch);
//     ipv6_addresses unknown when ipv6_address_count > 0;
//   - a CloudFormation DB instance without PubliclyAccessible (the default
//     depends on the subnet group and the default VPC);
//   - an Aurora cluster's multi_az with two or more members (depends on
//     where RDS places them);
//   - policies: a document built from an unknown value (a jsonencode of an
//     ARN, a Fn::Sub of a GetAtt) is unknown as a whole, and so is the
//     derived policy_is_public / allows_full_admin;
//   - an HTTPS/TLS listener without ssl_policy (AWS's current default);
//   - CloudTrail advanced event selectors are not interpreted: the
//     management and data event fields are unknown;
//   - creation dates rules read (IAM role/user/access key create_date,
//     secret created_date) exist only after apply; IAM users' mfa_active is
//     unknown when they have a console password (MFA is enrolled by the
//     user).
//   - an SNS topic's subscriptions_confirmed when the code confirms none of
//     its subscriptions at creation: e-mail and HTTP(S) subscriptions wait
//     for their recipient (pending_confirmation unknown), and are often
//     made outside the code;
//   - an imported ACM certificate's names and key algorithm; a snapshot's
//     encryption when its source is not in the code; a recorder's
//     recording state without a recorder status resource (CloudFormation:
//     always, as it starts recorders on its own once a delivery channel
//     exists); a route's target_kind for a gateway not in the code.
//
// Derived fields: policy_is_public (S3, Lambda) is true when the policy has
// an Allow statement for Principal "*" (or AWS "*") without a condition on
// a key restricting the caller (aws:SourceArn, aws:SourceAccount,
// aws:PrincipalOrgID, aws:SourceVpc(e), aws:SourceIp, …); Lambda
// permissions become statements of the function's policy. acl_is_public is
// true for the canned ACLs public-read, public-read-write and
// authenticated-read (and CloudFormation's PublicRead…), and for grants to
// the AllUsers or AuthenticatedUsers groups. An IAM policy's
// attachment_count counts the attachments the scan declares.
//
// # Left absent
//
// Runtime state the code cannot express is left absent, as for a resource
// that is being created: state/status fields (instance state, RDS status,
// key_state aside), ids and ARNs computed at apply, attached_interfaces,
// launch and creation times not read by rules, deliver_logs_status,
// last-used dates, the root user's credentials and alternate contacts,
// certificate status and validity dates, route states, snapshot and AMI
// states, a recorder's last status. Rules guarded by has() on such fields
// do not apply; rules that need such state say so (rule.Rule.LiveOnly) and
// `scan iac` does not evaluate them.
//
// # Not covered
//
// Other resource types are ignored silently (no asset, no diagnostic):
// among AWS types the collector knows, internet gateways, subnets, AWS
// Config delivery channels and region status, Access Analyzer, IAM groups,
// identity providers and server certificates, instance volumes
// declared inline (root_block_device, ebs_block_device), launch templates
// as assets, SAM (AWS::Serverless::*) resources. Kubernetes manifests and
// ARM templates are mapped by kubernetes.go and arm.go (documented there
// and in docs/kubernetes.md and docs/azure.md); their other kinds and
// resource types are ignored the same way.
package adapt
