package adapt

import (
	"cloudward/asset"
	"cloudward/iac"
)

// Further services: Lambda, SQS, SNS, DynamoDB, EFS, EKS, ECR, ELBv2,
// Secrets Manager, CloudWatch Logs.

var morePrimaries = map[string]func(c *ctx) *prim{
	"aws_lambda_function":                       tfLambda,
	"AWS::Lambda::Function":                     cfnLambda,
	"aws_sqs_queue":                             tfSQS,
	"AWS::SQS::Queue":                           cfnSQS,
	"aws_sns_topic":                             tfSNS,
	"AWS::SNS::Topic":                           cfnSNS,
	"aws_dynamodb_table":                        tfDynamo,
	"AWS::DynamoDB::Table":                      cfnDynamo,
	"aws_efs_file_system":                       tfEFS,
	"AWS::EFS::FileSystem":                      cfnEFS,
	"aws_eks_cluster":                           tfEKS,
	"AWS::EKS::Cluster":                         cfnEKS,
	"aws_ecr_repository":                        tfECR,
	"AWS::ECR::Repository":                      cfnECR,
	"aws_lb":                                    tfLB,
	"aws_alb":                                   tfLB,
	"AWS::ElasticLoadBalancingV2::LoadBalancer": cfnLB,
	"aws_secretsmanager_secret":                 tfSecret,
	"AWS::SecretsManager::Secret":               cfnSecret,
	"aws_cloudwatch_log_group":                  tfLogGroup,
	"AWS::Logs::LogGroup":                       cfnLogGroup,
}

var moreAttachments = map[string]func(c *ctx){
	"aws_lambda_permission":                 tfLambdaPermission,
	"AWS::Lambda::Permission":               cfnLambdaPermission,
	"aws_lambda_function_url":               lambdaURL("function_name", "authorization_type"),
	"AWS::Lambda::Url":                      lambdaURL("TargetFunctionArn", "AuthType"),
	"aws_sqs_queue_policy":                  policyOf("queue_url", "policy", "aws.sqs.queue"),
	"AWS::SQS::QueuePolicy":                 policyOfList("Queues", "PolicyDocument", "aws.sqs.queue"),
	"aws_sns_topic_policy":                  policyOf("arn", "policy", "aws.sns.topic"),
	"AWS::SNS::TopicPolicy":                 policyOfList("Topics", "PolicyDocument", "aws.sns.topic"),
	"aws_efs_file_system_policy":            policyOf("file_system_id", "policy", "aws.efs.file_system"),
	"aws_efs_backup_policy":                 tfEFSBackup,
	"aws_ecr_repository_policy":             policyOf("repository", "policy", "aws.ecr.repository"),
	"aws_lb_listener":                       tfListener,
	"aws_alb_listener":                      tfListener,
	"AWS::ElasticLoadBalancingV2::Listener": cfnListener,
	"aws_secretsmanager_secret_rotation":    tfSecretRotation,
	"AWS::SecretsManager::RotationSchedule": cfnSecretRotation,
}

// policyOf folds a policy resource into the asset its targetAttr names.
func policyOf(targetAttr, policyAttr, typ string) func(c *ctx) {
	return func(c *ctx) {
		if p := c.target(c.get(targetAttr), typ); p != nil {
			c.attr(p.a.Root, "policy", policyAttr)
		} else if _, lit := c.get(targetAttr).(string); !lit {
			c.warn(targetAttr, "cannot tell which resource this policy applies to")
		}
	}
}

// policyOfList is policyOf for CloudFormation policies listing their targets.
func policyOfList(targetAttr, policyAttr, typ string) func(c *ctx) {
	return func(c *ctx) {
		l, _ := c.get(targetAttr).([]any)
		for _, v := range l {
			if p := c.target(v, typ); p != nil {
				c.attr(p.a.Root, "policy", policyAttr)
			}
		}
	}
}

// Lambda.

func tfLambda(c *ctx) *prim {
	p := c.newAsset("aws.lambda.function", c.get("function_name"), false)
	o := p.a.Root
	c.attr(o, "runtime", "runtime")
	c.attrd(o, "package_type", "package_type", "Zip")
	c.attr(o, "role", "role")
	c.attr(o, "handler", "handler")
	lambdaVPC(c, o, c.get("vpc_config"), "vpc_config.subnet_ids", "vpc_config.security_group_ids", "vpc_id")
	p.finish = finishLambda
	return p
}

func cfnLambda(c *ctx) *prim {
	p := c.newAsset("aws.lambda.function", c.get("FunctionName"), false)
	o := p.a.Root
	c.attr(o, "runtime", "Runtime")
	c.attrd(o, "package_type", "PackageType", "Zip")
	c.attr(o, "role", "Role")
	c.attr(o, "handler", "Handler")
	lambdaVPC(c, o, c.get("VpcConfig"), "VpcConfig.SubnetIds", "VpcConfig.SecurityGroupIds", "VpcId")
	p.finish = finishLambda
	return p
}

// lambdaVPC fills vpc_config; the VPC comes from the first subnet's vpc_id
// when the subnet is in the scan (the VPC's address when that is too).
func lambdaVPC(c *ctx, o *asset.Object, cfg any, subnets, sgs, subnetVPC string) {
	if cfg == nil {
		return
	}
	if u, ok := cfg.(iac.Unknown); ok {
		o.SetUnknown("vpc_config", u.Reason)
		return
	}
	v := o.SetNested("vpc_config")
	c.attr(v, "subnet_ids", subnets)
	c.attr(v, "security_group_ids", sgs)
	l, _ := c.get(subnets).([]any)
	if len(l) == 0 {
		v.SetString("vpc_id", "")
		return
	}
	if sn := c.rawTarget(l[0]); sn != nil {
		vpc := sn.Attrs[subnetVPC]
		if vr := (&ctx{b: c.b, r: sn}).rawTarget(vpc); vr != nil {
			vpc = vr.Address
		}
		c.set(v, "vpc_id", subnets, vpc)
		return
	}
	v.SetUnknown("vpc_id", "the VPC of the function's subnets is known only after deployment")
}

// lambdaStmt records one permission as a policy statement.
func lambdaStmt(p *prim, principal, action, srcArn, srcAcct, org, urlAuth any) {
	st := map[string]any{"Effect": "Allow", "Action": action}
	switch pr := principal.(type) {
	case string:
		if pr == "*" {
			st["Principal"] = "*"
		} else if len(pr) == 12 || (len(pr) > 4 && pr[:4] == "arn:") {
			st["Principal"] = map[string]any{"AWS": pr}
		} else {
			st["Principal"] = map[string]any{"Service": pr}
		}
	default:
		st["Principal"] = principal
	}
	cond := map[string]any{}
	if srcArn != nil {
		cond["ArnLike"] = map[string]any{"AWS:SourceArn": srcArn}
	}
	if srcAcct != nil {
		cond["StringEquals"] = map[string]any{"AWS:SourceAccount": srcAcct}
	}
	if org != nil {
		cond["StringEquals"] = map[string]any{"aws:PrincipalOrgID": org}
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	if p.extra == nil {
		p.extra = map[string]any{}
	}
	stmts, _ := p.extra["statements"].([]any)
	p.extra["statements"] = append(stmts, st)
}

func tfLambdaPermission(c *ctx) {
	p := c.target(c.get("function_name"), "aws.lambda.function")
	if p == nil {
		c.unlinkedTo("function_name", "function")
		return
	}
	lambdaStmt(p, c.get("principal"), c.get("action"), c.get("source_arn"), c.get("source_account"), c.get("principal_org_id"), nil)
}

func cfnLambdaPermission(c *ctx) {
	p := c.target(c.get("FunctionName"), "aws.lambda.function")
	if p == nil {
		c.unlinkedTo("FunctionName", "function")
		return
	}
	lambdaStmt(p, c.get("Principal"), c.get("Action"), c.get("SourceArn"), c.get("SourceAccount"), c.get("PrincipalOrgID"), nil)
}

func (c *ctx) unlinkedTo(attr, what string) {
	if _, lit := c.get(attr).(string); lit {
		return
	}
	c.warn(attr, "cannot tell which "+what+" this applies to")
}

func lambdaURL(fnAttr, authAttr string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get(fnAttr), "aws.lambda.function")
		if p == nil {
			c.unlinkedTo(fnAttr, "function")
			return
		}
		u := p.a.Root.Nested("function_urls")
		c.set(u, "auth_type", authAttr, c.get(authAttr))
		p.listeners = append(p.listeners, u) // function URLs, for this type
	}
}

func finishLambda(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	o := p.a.Root
	o.SetObjects("function_urls", p.listeners)
	stmts, _ := p.extra["statements"].([]any)
	if len(stmts) > 0 {
		c.setDoc(o, "policy", "policy", map[string]any{"Version": "2012-10-17", "Statement": stmts})
	}
	setPolicyIsPublic(o, "policy", "policy_is_public")
}

// SQS and SNS.

func tfSQS(c *ctx) *prim {
	p := c.newAsset("aws.sqs.queue", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "queue_name", "name")
	c.attrd(o, "fifo_queue", "fifo_queue", false)
	c.attrd(o, "kms_master_key_id", "kms_master_key_id", "")
	sqsSSE(c, o, "sqs_managed_sse_enabled", "kms_master_key_id")
	c.attrd(o, "kms_data_key_reuse_period_seconds", "kms_data_key_reuse_period_seconds", int64(300))
	c.attr(o, "policy", "policy")
	c.attr(o, "redrive_policy", "redrive_policy")
	c.attrd(o, "message_retention_period", "message_retention_seconds", int64(345600))
	c.attrd(o, "visibility_timeout", "visibility_timeout_seconds", int64(30))
	return p
}

func cfnSQS(c *ctx) *prim {
	p := c.newAsset("aws.sqs.queue", c.get("QueueName"), false)
	o := p.a.Root
	c.attr(o, "queue_name", "QueueName")
	c.attrd(o, "fifo_queue", "FifoQueue", false)
	c.attrd(o, "kms_master_key_id", "KmsMasterKeyId", "")
	sqsSSE(c, o, "SqsManagedSseEnabled", "KmsMasterKeyId")
	c.attrd(o, "kms_data_key_reuse_period_seconds", "KmsDataKeyReusePeriodSeconds", int64(300))
	c.attr(o, "redrive_policy", "RedrivePolicy")
	c.attrd(o, "message_retention_period", "MessageRetentionPeriod", int64(345600))
	c.attrd(o, "visibility_timeout", "VisibilityTimeout", int64(30))
	return p
}

// sqsSSE: queues get SSE-SQS by default (since October 2022) unless a KMS
// key is configured.
func sqsSSE(c *ctx, o *asset.Object, sseAttr, kmsAttr string) {
	if c.attr(o, "sqs_managed_sse_enabled", sseAttr) {
		return
	}
	o.SetBool("sqs_managed_sse_enabled", c.get(kmsAttr) == nil)
}

func tfSNS(c *ctx) *prim {
	p := c.newAsset("aws.sns.topic", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "topic_name", "name")
	c.attrd(o, "kms_master_key_id", "kms_master_key_id", "")
	c.attrd(o, "fifo", "fifo_topic", false)
	c.attr(o, "policy", "policy")
	p.finish = finishTopic
	return p
}

func cfnSNS(c *ctx) *prim {
	p := c.newAsset("aws.sns.topic", c.get("TopicName"), false)
	o := p.a.Root
	c.attr(o, "topic_name", "TopicName")
	c.attrd(o, "kms_master_key_id", "KmsMasterKeyId", "")
	c.attrd(o, "fifo", "FifoTopic", false)
	p.finish = finishTopic
	return p
}

// DynamoDB.

func tfDynamo(c *ctx) *prim {
	p := c.newAsset("aws.dynamodb.table", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "table_name", "name")
	dynamoSSE(c, o, c.get("server_side_encryption.enabled"), c.get("server_side_encryption.kms_key_arn"))
	c.attrd(o, "deletion_protection_enabled", "deletion_protection_enabled", false)
	c.attrd(o, "point_in_time_recovery_enabled", "point_in_time_recovery.enabled", false)
	c.attrd(o, "billing_mode", "billing_mode", "PROVISIONED")
	c.attrd(o, "table_class", "table_class", "STANDARD")
	return p
}

func cfnDynamo(c *ctx) *prim {
	p := c.newAsset("aws.dynamodb.table", c.get("TableName"), false)
	o := p.a.Root
	c.attr(o, "table_name", "TableName")
	dynamoSSE(c, o, c.get("SSESpecification.SSEEnabled"), c.get("SSESpecification.KMSMasterKeyId"))
	c.attrd(o, "deletion_protection_enabled", "DeletionProtectionEnabled", false)
	c.attrd(o, "point_in_time_recovery_enabled", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", false)
	c.attrd(o, "billing_mode", "BillingMode", "PROVISIONED")
	c.attrd(o, "table_class", "TableClass", "STANDARD")
	return p
}

func dynamoSSE(c *ctx, o *asset.Object, enabled, key any) {
	switch e := enabled.(type) {
	case iac.Unknown:
		o.SetUnknown("sse_type", e.Reason)
	case bool:
		if e {
			o.SetString("sse_type", "KMS")
			c.set(o, "kms_master_key_arn", "kms_key_arn", key)
			return
		}
		o.SetString("sse_type", "AWS_OWNED")
	default:
		o.SetString("sse_type", "AWS_OWNED")
	}
}

// EFS.

func tfEFS(c *ctx) *prim {
	p := c.newAsset("aws.efs.file_system", c.get("tags.Name"), false)
	o := p.a.Root
	c.attrd(o, "encrypted", "encrypted", false)
	c.attr(o, "kms_key_id", "kms_key_id")
	c.attrd(o, "performance_mode", "performance_mode", "generalPurpose")
	c.attrd(o, "throughput_mode", "throughput_mode", "bursting")
	o.SetBool("backup_policy_enabled", false)
	return p
}

func tfEFSBackup(c *ctx) {
	p := c.target(c.get("file_system_id"), "aws.efs.file_system")
	if p == nil {
		c.unlinkedTo("file_system_id", "file system")
		return
	}
	st := c.get("backup_policy.status")
	if s, ok := st.(string); ok {
		st = s == "ENABLED"
	}
	c.set(p.a.Root, "backup_policy_enabled", "backup_policy.status", st)
}

func cfnEFS(c *ctx) *prim {
	p := c.newAsset("aws.efs.file_system", c.tags()["Name"], false)
	o := p.a.Root
	c.attrd(o, "encrypted", "Encrypted", false)
	c.attr(o, "kms_key_id", "KmsKeyId")
	c.attrd(o, "performance_mode", "PerformanceMode", "generalPurpose")
	c.attrd(o, "throughput_mode", "ThroughputMode", "bursting")
	st := c.get("BackupPolicy.Status")
	if s, ok := st.(string); ok {
		st = s == "ENABLED"
	}
	c.setd(o, "backup_policy_enabled", "BackupPolicy", st, false)
	c.attr(o, "policy", "FileSystemPolicy")
	return p
}

// EKS.

func tfEKS(c *ctx) *prim {
	p := c.newAsset("aws.eks.cluster", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "cluster_name", "name")
	c.attr(o, "version", "version")
	c.attr(o, "role_arn", "role_arn")
	c.attrd(o, "endpoint_public_access", "vpc_config.endpoint_public_access", true)
	c.attrd(o, "endpoint_private_access", "vpc_config.endpoint_private_access", false)
	c.attrd(o, "public_access_cidrs", "vpc_config.public_access_cidrs", []any{"0.0.0.0/0"})
	c.attr(o, "security_group_ids", "vpc_config.security_group_ids")
	c.attrd(o, "enabled_log_types", "enabled_cluster_log_types", []any{})
	eksEncryption(c, o, c.get("encryption_config"), "provider.key_arn", "resources")
	return p
}

func cfnEKS(c *ctx) *prim {
	p := c.newAsset("aws.eks.cluster", c.get("Name"), false)
	o := p.a.Root
	c.attr(o, "cluster_name", "Name")
	c.attr(o, "version", "Version")
	c.attr(o, "role_arn", "RoleArn")
	c.attrd(o, "endpoint_public_access", "ResourcesVpcConfig.EndpointPublicAccess", true)
	c.attrd(o, "endpoint_private_access", "ResourcesVpcConfig.EndpointPrivateAccess", false)
	c.attrd(o, "public_access_cidrs", "ResourcesVpcConfig.PublicAccessCidrs", []any{"0.0.0.0/0"})
	c.attr(o, "security_group_ids", "ResourcesVpcConfig.SecurityGroupIds")
	types, u := blocks(c.get("Logging.ClusterLogging.EnabledTypes"))
	if u != nil {
		o.SetUnknown("enabled_log_types", u.Reason)
	} else {
		var l []any
		for _, t := range types {
			l = append(l, t["Type"])
		}
		c.setd(o, "enabled_log_types", "Logging", l, []any{})
	}
	eksEncryption(c, o, c.get("EncryptionConfig"), "Provider.KeyArn", "Resources")
	return p
}

func eksEncryption(c *ctx, o *asset.Object, v any, keyPath, resPath string) {
	cfgs, u := blocks(v)
	if u != nil {
		o.SetUnknown("secrets_encryption_enabled", u.Reason)
		return
	}
	for _, cfg := range cfgs {
		res, _, _ := toStrings(cfg[resPath])
		for _, r := range res {
			if r == "secrets" {
				o.SetBool("secrets_encryption_enabled", true)
				c.set(o, "secrets_kms_key_arn", "encryption_config", lookup(cfg, keyPath))
				return
			}
		}
	}
	o.SetBool("secrets_encryption_enabled", false)
}

// ECR.

var ecrFields = []field{
	{"repository_name", "name", "RepositoryName", nil},
	{"image_tag_mutability", "image_tag_mutability", "ImageTagMutability", "MUTABLE"},
	{"scan_on_push", "image_scanning_configuration.scan_on_push", "ImageScanningConfiguration.ScanOnPush", false},
	{"encryption_type", "encryption_configuration.encryption_type", "EncryptionConfiguration.EncryptionType", "AES256"},
	{"kms_key", "encryption_configuration.kms_key", "EncryptionConfiguration.KmsKey", nil},
	{"policy", "", "RepositoryPolicyText", nil}, // Terraform: aws_ecr_repository_policy
}

func tfECR(c *ctx) *prim {
	p := c.newAsset("aws.ecr.repository", c.get("name"), false)
	c.fields(p.a.Root, ecrFields)
	return p
}

func cfnECR(c *ctx) *prim {
	p := c.newAsset("aws.ecr.repository", c.get("RepositoryName"), false)
	c.fields(p.a.Root, ecrFields)
	return p
}

// ELBv2 load balancers and listeners.

func tfLB(c *ctx) *prim {
	p := c.newAsset("aws.elbv2.load_balancer", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "load_balancer_name", "name")
	c.attrd(o, "load_balancer_type", "load_balancer_type", "application")
	switch in := c.get("internal").(type) {
	case bool:
		if in {
			o.SetString("scheme", "internal")
		} else {
			o.SetString("scheme", "internet-facing")
		}
	case iac.Unknown:
		o.SetUnknown("scheme", in.Reason)
	default:
		o.SetString("scheme", "internet-facing")
	}
	c.attr(o, "security_group_ids", "security_groups")
	if !c.attr(o, "subnet_ids", "subnets") {
		maps, u := blocks(c.get("subnet_mapping"))
		if u != nil {
			o.SetUnknown("subnet_ids", u.Reason)
		} else {
			var ids []any
			for _, m := range maps {
				ids = append(ids, m["subnet_id"])
			}
			c.setd(o, "subnet_ids", "subnet_mapping", ids, []any{})
		}
	}
	c.attrd(o, "ip_address_type", "ip_address_type", "ipv4")
	c.attrd(o, "deletion_protection", "enable_deletion_protection", false)
	c.attrd(o, "access_logs_enabled", "access_logs.enabled", false)
	if v, ok := o.Get("access_logs_enabled"); ok && v.Value() == true {
		c.attr(o, "access_logs_bucket", "access_logs.bucket")
	}
	c.attrd(o, "drop_invalid_header_fields", "drop_invalid_header_fields", false)
	p.finish = finishLB
	return p
}

func cfnLB(c *ctx) *prim {
	p := c.newAsset("aws.elbv2.load_balancer", c.get("Name"), false)
	o := p.a.Root
	c.attr(o, "load_balancer_name", "Name")
	c.attrd(o, "load_balancer_type", "Type", "application")
	c.attrd(o, "scheme", "Scheme", "internet-facing")
	c.attr(o, "security_group_ids", "SecurityGroups")
	if !c.attr(o, "subnet_ids", "Subnets") {
		maps, _ := blocks(c.get("SubnetMappings"))
		var ids []any
		for _, m := range maps {
			ids = append(ids, m["SubnetId"])
		}
		c.setd(o, "subnet_ids", "SubnetMappings", ids, []any{})
	}
	c.attrd(o, "ip_address_type", "IpAddressType", "ipv4")
	attrs := map[string]any{}
	kvs, u := blocks(c.get("LoadBalancerAttributes"))
	if u != nil {
		for _, f := range []string{"deletion_protection", "access_logs_enabled", "drop_invalid_header_fields"} {
			o.SetUnknown(f, u.Reason)
		}
	} else {
		for _, kv := range kvs {
			if k, ok := kv["Key"].(string); ok {
				attrs[k] = kv["Value"]
			}
		}
		c.setd(o, "deletion_protection", "LoadBalancerAttributes", attrs["deletion_protection.enabled"], false)
		c.setd(o, "access_logs_enabled", "LoadBalancerAttributes", attrs["access_logs.s3.enabled"], false)
		c.set(o, "access_logs_bucket", "LoadBalancerAttributes", attrs["access_logs.s3.bucket"])
		c.setd(o, "drop_invalid_header_fields", "LoadBalancerAttributes", attrs["routing.http.drop_invalid_header_fields.enabled"], false)
	}
	p.finish = finishLB
	return p
}

func tfListener(c *ctx) {
	p := c.target(c.get("load_balancer_arn"), "aws.elbv2.load_balancer")
	if p == nil {
		c.unlinkedTo("load_balancer_arn", "load balancer")
		return
	}
	l := p.a.Root.Nested("listeners")
	proto := c.get("protocol")
	if proto == nil {
		if t, _ := p.a.Root.Get("load_balancer_type"); t != nil && t.Value() == "network" {
			proto = "TCP"
		} else {
			proto = "HTTP"
		}
	}
	listener(c, l, proto, c.get("port"), c.get("ssl_policy"), c.get("certificate_arn"))
	acts, u := blocks(c.get("default_action"))
	if u != nil {
		l.SetUnknown("default_actions", u.Reason)
	} else {
		var out []*asset.Object
		for _, a := range acts {
			d := l.Nested("default_actions")
			c.set(d, "type", "default_action", a["type"])
			rp := lookup(a, "redirect.protocol")
			if a["type"] == "redirect" && rp == nil {
				rp = "#{protocol}"
			}
			c.set(d, "redirect_protocol", "default_action", rp)
			c.set(d, "target_group_arn", "default_action", a["target_group_arn"])
			out = append(out, d)
		}
		l.SetObjects("default_actions", out)
	}
	p.listeners = append(p.listeners, l)
}

func cfnListener(c *ctx) {
	p := c.target(c.get("LoadBalancerArn"), "aws.elbv2.load_balancer")
	if p == nil {
		c.unlinkedTo("LoadBalancerArn", "load balancer")
		return
	}
	l := p.a.Root.Nested("listeners")
	listener(c, l, c.get("Protocol"), c.get("Port"), c.get("SslPolicy"), c.get("Certificates.CertificateArn"))
	acts, u := blocks(c.get("DefaultActions"))
	if u != nil {
		l.SetUnknown("default_actions", u.Reason)
	} else {
		var out []*asset.Object
		for _, a := range acts {
			d := l.Nested("default_actions")
			c.set(d, "type", "DefaultActions", lowerStr(a["Type"]))
			rp := lookup(a, "RedirectConfig.Protocol")
			if a["Type"] == "redirect" && rp == nil {
				rp = "#{protocol}"
			}
			c.set(d, "redirect_protocol", "DefaultActions", rp)
			c.set(d, "target_group_arn", "DefaultActions", a["TargetGroupArn"])
			out = append(out, d)
		}
		l.SetObjects("default_actions", out)
	}
	p.listeners = append(p.listeners, l)
}

// listener fills the common listener fields. An HTTPS or TLS listener
// without a security policy gets the one AWS picks, which the code does not
// name: unknown.
func listener(c *ctx, l *asset.Object, proto, port, policy, cert any) {
	c.set(l, "protocol", "protocol", proto)
	c.set(l, "port", "port", port)
	if policy == nil && (proto == "HTTPS" || proto == "TLS") {
		l.SetUnknown("ssl_policy", "ssl_policy is not set: AWS applies its current default security policy")
	} else {
		c.set(l, "ssl_policy", "ssl_policy", policy)
	}
	if cert != nil {
		c.set(l, "certificate_arns", "certificate_arn", cert)
	}
}

func finishLB(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	p.a.Root.SetObjects("listeners", p.listeners)
}

// Secrets Manager.

func tfSecret(c *ctx) *prim {
	p := c.newAsset("aws.secretsmanager.secret", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "description", "description")
	c.attrd(o, "kms_key_id", "kms_key_id", "")
	o.SetBool("rotation_enabled", false)
	o.SetUnknown("created_date", "the secret's creation date is known only after apply")
	return p
}

func cfnSecret(c *ctx) *prim {
	p := c.newAsset("aws.secretsmanager.secret", c.get("Name"), false)
	o := p.a.Root
	c.attr(o, "description", "Description")
	c.attrd(o, "kms_key_id", "KmsKeyId", "")
	o.SetBool("rotation_enabled", false)
	o.SetUnknown("created_date", "the secret's creation date is known only after deployment")
	return p
}

func tfSecretRotation(c *ctx) {
	p := c.target(c.get("secret_id"), "aws.secretsmanager.secret")
	if p == nil {
		c.unlinkedTo("secret_id", "secret")
		return
	}
	o := p.a.Root
	o.SetBool("rotation_enabled", true)
	c.attr(o, "rotation_lambda_arn", "rotation_lambda_arn")
	c.attr(o, "rotation_interval_days", "rotation_rules.automatically_after_days")
	c.attr(o, "rotation_schedule_expression", "rotation_rules.schedule_expression")
}

func cfnSecretRotation(c *ctx) {
	p := c.target(c.get("SecretId"), "aws.secretsmanager.secret")
	if p == nil {
		c.unlinkedTo("SecretId", "secret")
		return
	}
	o := p.a.Root
	o.SetBool("rotation_enabled", true)
	c.attr(o, "rotation_lambda_arn", "RotationLambdaARN")
	c.attr(o, "rotation_interval_days", "RotationRules.AutomaticallyAfterDays")
	c.attr(o, "rotation_schedule_expression", "RotationRules.ScheduleExpression")
}

// CloudWatch Logs.

func tfLogGroup(c *ctx) *prim {
	p := c.newAsset("aws.logs.log_group", c.get("name"), false)
	o := p.a.Root
	c.attr(o, "log_group_name", "name")
	if arn := logGroupARN(c.r); arn != "" {
		o.SetString("arn", arn)
	}
	c.attrd(o, "retention_in_days", "retention_in_days", int64(0))
	c.attrd(o, "kms_key_id", "kms_key_id", "")
	c.attrd(o, "log_group_class", "log_group_class", "STANDARD")
	c.attrd(o, "deletion_protection_enabled", "deletion_protection_enabled", false)
	return p
}

func cfnLogGroup(c *ctx) *prim {
	p := c.newAsset("aws.logs.log_group", c.get("LogGroupName"), false)
	o := p.a.Root
	c.attr(o, "log_group_name", "LogGroupName")
	if arn := logGroupARN(c.r); arn != "" {
		o.SetString("arn", arn)
	}
	c.attrd(o, "retention_in_days", "RetentionInDays", int64(0))
	c.attrd(o, "kms_key_id", "KmsKeyId", "")
	c.attrd(o, "log_group_class", "LogGroupClass", "STANDARD")
	c.attrd(o, "deletion_protection_enabled", "DeletionProtectionEnabled", false)
	return p
}

// logGroupARN is the ARN, as CloudTrail and IAM policies write it, of a log
// group of the code whose name is known: its account and region are the
// group's (UnknownAccount and UnknownRegion when the code does not state
// them, as for every asset of the scan), so a trail delivering to it and
// the metric filters on it line up as they do in the account. "" when the
// name is generated at apply.
func logGroupARN(r *iac.Resource) string {
	name, _ := r.Attrs["name"].(string)
	if r.Format == iac.FormatCloudFormation {
		name, _ = r.Attrs["LogGroupName"].(string)
	}
	if name == "" {
		return ""
	}
	acct, region := r.Account, r.Region
	if acct == "" {
		acct = UnknownAccount
	}
	if region == "" {
		region = UnknownRegion
	}
	return "arn:aws:logs:" + region + ":" + acct + ":log-group:" + name + ":*"
}

// logGroupARN resolves a trail's reference to a log group of the code
// into the group's ARN, or its address when its name is generated at
// apply (the group's asset id, which the LOGS rules also match).
func (c *ctx) logGroupARN(v any) any {
	r := c.rawTarget(v)
	if r == nil || (r.Type != "aws_cloudwatch_log_group" && r.Type != "AWS::Logs::LogGroup") {
		return v
	}
	if arn := logGroupARN(r); arn != "" {
		return arn
	}
	return r.Address
}
