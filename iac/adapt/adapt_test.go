package adapt

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"cloudward/asset"
	"cloudward/iac"
	"cloudward/iac/cloudformation"
	"cloudward/scan"
)

// unk is how an unknown value reads through asset.Native.
func unk(reason string) any { return map[string]any{asset.UnknownKey: reason} }

// at reads a dotted path ("ingress[1].from_port") from an asset's
// attributes as plain values; absent is nil.
func at(a *asset.Asset, path string) any {
	var v any = asset.Native(a.Root)
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
			part = part[:i]
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		if _, isUnk := m[asset.UnknownKey]; isUnk {
			return m
		}
		v = m[part]
		if idx >= 0 {
			l, ok := v.([]any)
			if !ok || idx >= len(l) {
				return nil
			}
			v = l[idx]
		}
	}
	return v
}

type want struct {
	path string
	val  any
}

func check(t *testing.T, as map[string]*asset.Asset, id, typ string, ws ...want) *asset.Asset {
	t.Helper()
	a := as[id]
	if a == nil {
		t.Errorf("no asset %s", id)
		return nil
	}
	if a.Type != typ {
		t.Errorf("%s: type %s, want %s", id, a.Type, typ)
	}
	for _, w := range ws {
		if got := at(a, w.path); !reflect.DeepEqual(got, w.val) {
			t.Errorf("%s.%s = %#v, want %#v", id, w.path, got, w.val)
		}
	}
	return a
}

func strs(s ...string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

func TestTerraformS3(t *testing.T) {
	as, ds := loadTF(t, "s3")
	main := filepath.Join("testdata", "terraform", "s3", "main.tf")
	if len(as) != 4 { // three buckets and the account; the route53 zone is ignored
		t.Errorf("%d assets, want 4", len(as))
	}
	logs := check(t, as, "aws_s3_bucket.logs", "aws.s3.bucket",
		want{"public_access_block.block_public_acls", true},
		want{"public_access_block.restrict_public_buckets", false},
		want{"encryption.enabled", true},
		want{"encryption.sse_algorithm", "aws:kms"},
		want{"encryption.kms_key_id", unk("variable kms_key_arn has no value")},
		want{"encryption.bucket_key_enabled", true},
		want{"versioning.status", "Enabled"}, // linked by literal bucket name
		want{"logging.enabled", true},
		want{"logging.target_bucket", "acme-access-logs"},
		want{"policy.Statement[0].Effect", "Deny"},
		want{"policy_is_public", false},
		want{"acl_is_public", true},
		want{"object_ownership", "BucketOwnerPreferred"},
		want{"object_lock_enabled", false},
	)
	if logs != nil {
		if logs.Name != "acme-logs" || logs.Account != "111122223333" || logs.Region != "eu-west-1" {
			t.Errorf("envelope = %s %s %s", logs.Name, logs.Account, logs.Region)
		}
		if src := logs.Source; src.File != main || src.StartLine != 6 || src.EndLine != 8 {
			t.Errorf("source = %+v", logs.Source)
		}
		// Attributes folded in from another resource point at it.
		if sp := spanOf(logs, "public_access_block.block_public_acls"); sp.File != main || sp.StartLine != 12 {
			t.Errorf("span of public_access_block.block_public_acls = %+v", sp)
		}
	}
	// AWS defaults for a bucket nothing configures.
	check(t, as, "aws_s3_bucket.plain", "aws.s3.bucket",
		want{"public_access_block", map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true}},
		want{"encryption", map[string]any{"enabled": true, "sse_algorithm": "AES256", "kms_key_id": "", "bucket_key_enabled": false}},
		want{"versioning.status", ""},
		want{"logging.enabled", false},
		want{"policy", nil},
		want{"policy_is_public", false},
		want{"acl_is_public", false},
		want{"object_ownership", "BucketOwnerEnforced"},
	)
	site := check(t, as, "aws_s3_bucket.site", "aws.s3.bucket",
		want{"policy_is_public", true},
		// A public access block resource without arguments turns nothing on.
		want{"public_access_block.block_public_policy", false},
	)
	if site != nil && site.Name != "aws_s3_bucket.site" {
		t.Errorf("site name = %q, want the address (bucket_prefix names it at apply)", site.Name)
	}
	check(t, as, "111122223333", "aws.account",
		want{"s3_public_access_block.block_public_policy", true},
		want{"s3_public_access_block.restrict_public_buckets", false},
	)
	if len(ds) != 1 || ds[0].Line != 98 || ds[0].File != main || !strings.Contains(ds[0].Message, "bucket") {
		t.Errorf("diagnostics = %v, want one warning about the unlinked versioning at line 98", ds)
	}
}

func TestTerraformEC2(t *testing.T) {
	as, ds := loadTF(t, "ec2")
	rule := func(proto string, from, to int64, v4, v6 []any) map[string]any {
		return map[string]any{"ip_protocol": proto, "from_port": from, "to_port": to, "cidr_ipv4": v4, "cidr_ipv6": v6,
			"prefix_list_ids": []any{}, "security_group_ids": []any{}}
	}
	check(t, as, "aws_security_group.web", "aws.ec2.security_group",
		want{"group_name", "web"},
		want{"vpc_id", unk("aws_vpc.main.id is known only after apply")},
		want{"ingress", []any{
			rule("tcp", 443, 443, strs("0.0.0.0/0"), []any{}),
			rule("tcp", 22, 22, strs("0.0.0.0/0"), []any{}),
			rule("tcp", 3389, 3389, []any{}, strs("::/0")),
		}},
		want{"egress", []any{rule("-1", -1, -1, strs("0.0.0.0/0"), []any{})}},
		want{"attached_interfaces", nil},
	)
	// Terraform removes AWS's default egress rule.
	check(t, as, "aws_security_group.internal", "aws.ec2.security_group",
		want{"ingress", []any{}}, want{"egress", []any{}}, want{"description", "Managed by Terraform"})
	check(t, as, "aws_instance.legacy", "aws.ec2.instance",
		want{"metadata_options", map[string]any{"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": int64(1)}},
		want{"public_ip", ""}, // its subnet does not map public IPs
		want{"instance_id", nil},
	)
	check(t, as, "aws_instance.hardened", "aws.ec2.instance",
		want{"metadata_options.http_tokens", "required"},
		want{"metadata_options.http_put_response_hop_limit", int64(2)},
		want{"public_ip", unk("a public IPv4 address is assigned at launch")},
		want{"iam_instance_profile_arn", "app"},
	)
	check(t, as, "aws_instance.templated", "aws.ec2.instance",
		want{"metadata_options.http_tokens", unk("variable tokens has no value")})
	check(t, as, "aws_ebs_volume.data", "aws.ec2.volume", want{"encrypted", true}, want{"size_gib", int64(100)}, want{"volume_type", "gp3"})
	check(t, as, "aws_ebs_volume.scratch", "aws.ec2.volume", want{"encrypted", false}, want{"volume_type", "gp2"})
	check(t, as, "aws_ebs_volume.implicit", "aws.ec2.volume",
		want{"encrypted", unk("encrypted is not set: the volume is encrypted only if EBS encryption by default is on in its region, which this code does not enable")})
	check(t, as, "aws_vpc.main", "aws.ec2.vpc", want{"vpc_id", "aws_vpc.main"}, want{"is_default", false})
	check(t, as, "aws_flow_log.main", "aws.ec2.flow_log", want{"resource_id", "aws_vpc.main"}, want{"traffic_type", "ALL"},
		want{"flow_log_status", "ACTIVE"}, want{"log_destination_type", "s3"})
	check(t, as, "aws_network_acl.public", "aws.ec2.network_acl",
		want{"entries[0].rule_number", int64(100)},
		want{"entries[1].rule_number", int64(90)},
		want{"entries[1].from_port", int64(-1)},
		want{"entries[2].rule_number", int64(32767)},
		want{"entries[3].egress", true},
	)
	if len(ds) != 1 || !strings.Contains(ds[0].Error(), "main.tf:69: aws_vpc_security_group_ingress_rule aws_vpc_security_group_ingress_rule.orphan: security_group_id") {
		t.Errorf("diagnostics = %v", ds)
	}
	// The flow_logs relation of the VPC reaches its flow log.
	res := evaluate(t, values(as))
	if st := res["CW-AWS-VPC-001"]["aws_vpc.main"]; st.String() != "PASS" {
		t.Errorf("VPC-001 main = %s, want PASS (flow log linked)", st)
	}
	if st := res["CW-AWS-VPC-001"]["aws_vpc.dark"]; st.String() != "FAIL" {
		t.Errorf("VPC-001 dark = %s, want FAIL", st)
	}
	if st := res["CW-AWS-EC2-005"]["aws_instance.templated"]; st.String() != "UNKNOWN" {
		t.Errorf("EC2-005 templated = %s, want UNKNOWN", st)
	}
	// Rule 90 (aws_network_acl_rule) denies all traffic before rule 100 allows SSH.
	if st := res["CW-AWS-EC2-007"]["aws_network_acl.public"]; st.String() != "PASS" {
		t.Errorf("EC2-007 = %s, want PASS", st)
	}
}

func values(m map[string]*asset.Asset) []*asset.Asset {
	out := make([]*asset.Asset, 0, len(m))
	for _, a := range m {
		out = append(out, a)
	}
	return out
}

func TestTerraformData(t *testing.T) {
	as, ds := loadTF(t, "data")
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	pub := check(t, as, "aws_db_instance.public", "aws.rds.instance",
		want{"publicly_accessible", true}, want{"storage_encrypted", false}, want{"backup_retention_period", int64(1)},
		want{"auto_minor_version_upgrade", true}, want{"deletion_protection", false}, want{"multi_az", false})
	if pub != nil && (pub.Account != UnknownAccount || pub.Name != "orders") {
		t.Errorf("account %q name %q", pub.Account, pub.Name)
	}
	check(t, as, "aws_db_instance.private", "aws.rds.instance", want{"storage_encrypted", true}, want{"publicly_accessible", false})
	check(t, as, "aws_rds_cluster.aurora", "aws.rds.cluster",
		want{"storage_encrypted", true}, want{"publicly_accessible", true}, want{"members", strs("analytics-0", "analytics-1")},
		want{"multi_az", unk("depends on the Availability Zones RDS places the cluster's instances in")})
	check(t, as, "aws_rds_cluster_instance.aurora[1]", "aws.rds.instance",
		want{"db_cluster_identifier", "analytics"}, want{"publicly_accessible", true}, want{"storage_encrypted", true}) // the cluster's, as the RDS API reports it
	k := check(t, as, "aws_kms_key.main", "aws.kms.key",
		want{"key_manager", "CUSTOMER"}, want{"key_state", "Enabled"}, want{"key_spec", "SYMMETRIC_DEFAULT"},
		want{"rotation_enabled", true}, want{"rotation_period_days", int64(365)}, want{"aliases", strs("alias/main")})
	if k != nil && k.Name != "alias/main" {
		t.Errorf("key name = %q", k.Name)
	}
	check(t, as, "aws_kms_key.plain", "aws.kms.key", want{"key_state", "Disabled"}, want{"rotation_enabled", false})
	check(t, as, "aws_cloudtrail.main", "aws.cloudtrail.trail",
		want{"is_multi_region", true}, want{"is_logging", true}, want{"log_file_validation_enabled", true},
		want{"include_management_events", true}, want{"management_read_write_type", "All"},
		want{"s3_data_events_read", true}, want{"s3_data_events_write", true}, want{"home_region", "us-east-1"})
	check(t, as, "aws_cloudtrail.minimal", "aws.cloudtrail.trail",
		want{"is_logging", false}, want{"is_multi_region", false}, want{"include_global_service_events", true},
		want{"s3_data_events_read", false})
	check(t, as, "aws_ebs_volume.implicit", "aws.ec2.volume", want{"encrypted", true})
	check(t, as, "unknown/us-east-1/ec2", "aws.ec2.region_settings", want{"ebs_encryption_by_default", true})
	check(t, as, "unknown", "aws.account",
		want{"password_policy.minimum_password_length", int64(14)}, want{"password_policy.require_symbols", true},
		want{"password_policy.require_numbers", false}, want{"password_policy.password_reuse_prevention", int64(24)})
}

func TestTerraformServices(t *testing.T) {
	as, ds := loadTF(t, "services")
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	check(t, as, "aws_lambda_function.api", "aws.lambda.function",
		want{"policy_is_public", true}, want{"function_urls", []any{map[string]any{"auth_type": "NONE"}}}, want{"package_type", "Zip"})
	check(t, as, "aws_lambda_function.worker", "aws.lambda.function",
		want{"policy_is_public", false}, want{"function_urls", []any{}}, want{"vpc_config", nil})
	check(t, as, "aws_sqs_queue.jobs", "aws.sqs.queue", want{"sqs_managed_sse_enabled", true}, want{"policy.Statement[0].Principal", "*"})
	check(t, as, "aws_sns_topic.alerts", "aws.sns.topic", want{"kms_master_key_id", "alias/aws/sns"})
	check(t, as, "aws_dynamodb_table.orders", "aws.dynamodb.table", want{"sse_type", "KMS"}, want{"point_in_time_recovery_enabled", true},
		want{"deletion_protection_enabled", false})
	check(t, as, "aws_efs_file_system.shared", "aws.efs.file_system", want{"encrypted", true}, want{"backup_policy_enabled", true})
	check(t, as, "aws_eks_cluster.main", "aws.eks.cluster", want{"endpoint_public_access", true},
		want{"public_access_cidrs", strs("0.0.0.0/0")}, want{"enabled_log_types", []any{}}, want{"secrets_encryption_enabled", false})
	check(t, as, "aws_ecr_repository.app", "aws.ecr.repository", want{"scan_on_push", true}, want{"image_tag_mutability", "IMMUTABLE"},
		want{"encryption_type", "AES256"})
	check(t, as, "aws_lb.web", "aws.elbv2.load_balancer", want{"scheme", "internet-facing"}, want{"load_balancer_type", "application"},
		want{"listeners[0].protocol", "HTTP"}, want{"listeners[0].default_actions[0].redirect_protocol", "HTTPS"},
		want{"listeners[1].ssl_policy", unk("ssl_policy is not set: AWS applies its current default security policy")})
	check(t, as, "aws_secretsmanager_secret.db", "aws.secretsmanager.secret", want{"rotation_enabled", true},
		want{"rotation_interval_days", int64(30)}, want{"kms_key_id", ""})
	check(t, as, "aws_cloudtrail.main", "aws.cloudtrail.trail",
		want{"s3_bucket_name", "acme-trail"}, want{"cloudwatch_logs_log_group_arn", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/cloudtrail/main:*"})
	check(t, as, "aws_iam_policy.admin", "aws.iam.policy", want{"allows_full_admin", true}, want{"attachment_count", int64(1)})
	check(t, as, "aws_iam_user.ci", "aws.iam.user", want{"password_enabled", false},
		want{"attached_policy_arns", strs("arn:aws:iam::aws:policy/AdministratorAccess")}, want{"access_keys[0].status", "Active"})
	role := check(t, as, "aws_iam_role.lambda", "aws.iam.role", want{"trust_policy.Statement[0].Principal.Service", "lambda.amazonaws.com"},
		want{"max_session_duration", int64(3600)})
	if role != nil && role.Region != "global" {
		t.Errorf("role region = %q", role.Region)
	}
	// The log group is the trail's: LOGS rules apply to it (given the
	// account, which the rule's condition reaches through account.trails).
	ts, _ := scan.Registry().Lookup("aws.account")
	res := evaluate(t, append(values(as), asset.New(ts, "111122223333", "global", "111122223333", "prod")))
	if st := res["CW-AWS-LOGS-001"]["aws_cloudwatch_log_group.trail"]; st.String() != "FAIL" {
		t.Errorf("LOGS-001 = %s, want FAIL (90 days)", st)
	}
	if st := res["CW-AWS-LAMBDA-001"]["aws_lambda_function.api"]; st.String() != "FAIL" {
		t.Errorf("LAMBDA-001 = %s", st)
	}
	if st := res["CW-AWS-SECRETSMANAGER-004"]["aws_secretsmanager_secret.db"]; st.String() != "UNKNOWN" {
		t.Errorf("SECRETSMANAGER-004 = %s, want UNKNOWN (creation date unknown)", st)
	}
}

func TestCloudFormationCore(t *testing.T) {
	as, ds := loadCFN(t, "core.yaml", cloudformation.Options{Region: "us-east-1", AccountID: "111122223333"})
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	if _, ok := as["Topic"]; !ok {
		t.Error("no Topic")
	}
	if _, ok := as["HardenedTemplate"]; ok {
		t.Error("launch templates are not assets")
	}
	logs := check(t, as, "LogsBucket", "aws.s3.bucket",
		want{"public_access_block.restrict_public_buckets", false},
		want{"encryption.sse_algorithm", "aws:kms"},
		want{"encryption.kms_key_id", unk("parameter KeyArn has no value")},
		want{"versioning.status", "Enabled"},
		want{"logging.target_bucket", "acme-access-logs"},
		want{"acl_is_public", true},
		want{"object_ownership", "BucketOwnerPreferred"},
		want{"policy", unk(`Fn::Sub "${LogsBucket.Arn}/*": ${LogsBucket.Arn} is unknown: getatt:LogsBucket.Arn: attribute Arn of LogsBucket is known only after deployment`)},
	)
	if logs != nil {
		if src := logs.Source; src.File != filepath.Join("testdata", "cloudformation", "core.yaml") || src.StartLine != 9 || src.EndLine != 31 {
			t.Errorf("source = %+v", logs.Source)
		}
		if sp := spanOf(logs, "public_access_block.block_public_acls"); sp.StartLine < 9 || sp.StartLine > 31 {
			t.Errorf("span of public_access_block.block_public_acls = %+v", sp)
		}
	}
	check(t, as, "PlainBucket", "aws.s3.bucket", want{"policy_is_public", true}, want{"encryption.sse_algorithm", "AES256"},
		want{"public_access_block.block_public_acls", true})
	check(t, as, "WebSG", "aws.ec2.security_group", want{"ingress[1].from_port", int64(22)},
		want{"egress[0].cidr_ipv4", strs("0.0.0.0/0")}) // AWS's default egress rule
	check(t, as, "ClosedSG", "aws.ec2.security_group", want{"egress[0].cidr_ipv4", strs("127.0.0.1/32")}, want{"group_name", nil})
	check(t, as, "Legacy", "aws.ec2.instance", want{"metadata_options.http_tokens", "optional"})
	check(t, as, "Hardened", "aws.ec2.instance", want{"metadata_options.http_tokens", "required"})
	check(t, as, "DataVolume", "aws.ec2.volume", want{"encrypted", true})
	check(t, as, "ScratchVolume", "aws.ec2.volume", want{"encrypted", unk("encrypted is not set: the volume is encrypted only if EBS encryption by default is on in its region, which this code does not enable")})
	check(t, as, "VpcFlowLog", "aws.ec2.flow_log", want{"resource_id", "Vpc"}, want{"traffic_type", "REJECT"})
	check(t, as, "Acl", "aws.ec2.network_acl", want{"entries[0].protocol", "tcp"}, want{"entries[0].from_port", int64(22)})
	check(t, as, "PublicDb", "aws.rds.instance", want{"publicly_accessible", true}, want{"storage_encrypted", false})
	check(t, as, "DefaultDb", "aws.rds.instance", want{"storage_encrypted", true},
		want{"publicly_accessible", unk("PubliclyAccessible is not set and there is no DB subnet group: the instance is public if the default VPC has an internet gateway")})
	check(t, as, "ClusterWriter", "aws.rds.instance", want{"db_cluster_identifier", "analytics"})
	check(t, as, "Cluster", "aws.rds.cluster", want{"storage_encrypted", false}, want{"publicly_accessible", false})
	check(t, as, "Key", "aws.kms.key", want{"rotation_enabled", true}, want{"aliases", strs("alias/main")},
		want{"policy.Statement[0].Principal.AWS", "arn:aws:iam::111122223333:root"})
	check(t, as, "Trail", "aws.cloudtrail.trail", want{"s3_bucket_name", "acme-logs"}, want{"management_read_write_type", "WriteOnly"},
		want{"s3_data_events_write", true}, want{"s3_data_events_read", false})
	res := evaluate(t, values(as))
	if st := res["CW-AWS-VPC-001"]["Vpc"]; st.String() != "PASS" {
		t.Errorf("VPC-001 = %s, want PASS", st)
	}
	if st := res["CW-AWS-S3-004"]["LogsBucket"]; st.String() != "UNKNOWN" {
		t.Errorf("S3-004 = %s, want UNKNOWN (policy resource ARN unknown)", st)
	}
}

func TestCloudFormationServices(t *testing.T) {
	as, ds := loadCFN(t, "services.yaml", cloudformation.Options{})
	if len(ds) != 0 {
		t.Errorf("diagnostics = %v", ds)
	}
	api := check(t, as, "Api", "aws.lambda.function", want{"policy_is_public", true},
		want{"function_urls", []any{map[string]any{"auth_type": "AWS_IAM"}}})
	if api != nil && (api.Account != UnknownAccount || api.Region != UnknownRegion) {
		t.Errorf("envelope %q %q", api.Account, api.Region)
	}
	check(t, as, "Jobs", "aws.sqs.queue", want{"sqs_managed_sse_enabled", false}, want{"kms_master_key_id", "alias/custom"},
		want{"policy.Statement[0].Action", "sqs:SendMessage"})
	check(t, as, "Alerts", "aws.sns.topic", want{"kms_master_key_id", ""})
	check(t, as, "Orders", "aws.dynamodb.table", want{"sse_type", "AWS_OWNED"}, want{"deletion_protection_enabled", true},
		want{"point_in_time_recovery_enabled", false})
	check(t, as, "Shared", "aws.efs.file_system", want{"encrypted", true}, want{"backup_policy_enabled", true})
	check(t, as, "Cluster", "aws.eks.cluster", want{"endpoint_public_access", false}, want{"enabled_log_types", strs("api", "audit")},
		want{"secrets_encryption_enabled", true}, want{"secrets_kms_key_arn", "arn:aws:kms:us-east-1:111122223333:key/k"})
	check(t, as, "Repo", "aws.ecr.repository", want{"scan_on_push", false}, want{"image_tag_mutability", "MUTABLE"})
	check(t, as, "Web", "aws.elbv2.load_balancer", want{"deletion_protection", true}, want{"drop_invalid_header_fields", true},
		want{"access_logs_enabled", false}, want{"listeners[0].protocol", "HTTP"}, want{"listeners[0].default_actions[0].type", "forward"})
	check(t, as, "Secret", "aws.secretsmanager.secret", want{"rotation_enabled", true}, want{"rotation_schedule_expression", "rate(30 days)"})
	check(t, as, "TrailLogs", "aws.logs.log_group", want{"retention_in_days", int64(400)})
	check(t, as, "Trail", "aws.cloudtrail.trail", want{"cloudwatch_logs_log_group_arn", "arn:aws:logs:unknown:unknown:log-group:/aws/cloudtrail/main:*"},
		want{"include_management_events", unk("advanced event selectors (AdvancedEventSelectors) are not interpreted")})
	check(t, as, "ApiRole", "aws.iam.role", want{"attached_policy_arns", strs("arn:aws:iam::aws:policy/AdministratorAccess")},
		want{"inline_policy_names", strs("inline")})
	check(t, as, "AdminPolicy", "aws.iam.policy", want{"attachment_count", int64(1)}, want{"allows_full_admin", true})
	check(t, as, "Ci", "aws.iam.user", want{"password_enabled", true}, want{"access_keys[0].status", "Inactive"},
		want{"mfa_active", unk("MFA devices are assigned by the user, not in infrastructure code")})
}

// TestUnmappedAndBroken: unmapped types are ignored silently; a mapped
// resource with an unusable value is reported with file, line and attribute.
func TestUnmappedAndBroken(t *testing.T) {
	rs := []iac.Resource{
		{Format: iac.FormatTerraform, Type: "aws_route53_record", Address: "aws_route53_record.x", Attrs: map[string]any{}},
		{Format: iac.FormatTerraform, Type: "aws_ebs_volume", Address: "aws_ebs_volume.x",
			Range:      iac.Range{File: "main.tf", StartLine: 3, EndLine: 7},
			AttrRanges: map[string]iac.Range{"encrypted": {File: "main.tf", StartLine: 5, EndLine: 5}},
			Attrs:      map[string]any{"encrypted": "maybe", "size": int64(8)}},
	}
	as, ds := Assets(scan.Registry(), rs)
	if len(as) != 1 || as[0].ID != "aws_ebs_volume.x" {
		t.Fatalf("assets = %v", as)
	}
	if len(ds) != 1 || ds[0].File != "main.tf" || ds[0].Line != 5 || ds[0].Severity != iac.SeverityWarning ||
		!strings.Contains(ds[0].Message, "encrypted") {
		t.Errorf("diagnostics = %+v", ds)
	}
}

// spanOf returns where code writes an attribute of a.
func spanOf(a *asset.Asset, path string) asset.Span {
	if a.Source.Attributes == nil {
		return asset.Span{}
	}
	return (*a.Source.Attributes)[path]
}
