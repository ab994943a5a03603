package adapt

import (
	"strings"

	"cloudward/asset"
	"cloudward/iac"
)

// RDS.

func tfDBInstance(c *ctx) *prim {
	p := c.newAsset("aws.rds.instance", c.get("identifier"), false)
	o := p.a.Root
	c.attr(o, "db_instance_identifier", "identifier")
	c.attr(o, "engine", "engine")
	c.attr(o, "engine_version", "engine_version")
	c.attr(o, "db_instance_class", "instance_class")
	c.attrd(o, "publicly_accessible", "publicly_accessible", false)
	c.attr(o, "kms_key_id", "kms_key_id")
	c.attrd(o, "auto_minor_version_upgrade", "auto_minor_version_upgrade", true)
	c.attr(o, "vpc_security_group_ids", "vpc_security_group_ids")
	c.attr(o, "port", "port")
	c.attr(o, "enabled_cloudwatch_logs_exports", "enabled_cloudwatch_logs_exports")
	c.attr(o, "ca_certificate_identifier", "ca_cert_identifier")
	c.attrd(o, "monitoring_interval", "monitoring_interval", int64(0))
	c.attrd(o, "copy_tags_to_snapshot", "copy_tags_to_snapshot", false)
	if c.r.Type == "aws_rds_cluster_instance" {
		cl := c.get("cluster_identifier")
		if cp := c.target(cl, "aws.rds.cluster"); cp != nil {
			cp.members = append(cp.members, c.r)
			cl = memberOf(o, cp)
		}
		if cl == nil {
			cl = iac.Unknown{Reason: "cluster identifier is not set"}
		}
		c.set(o, "db_cluster_identifier", "cluster_identifier", cl)
		// Backups and deletion protection belong to the cluster; storage encryption is copied from it (memberOf).
		return p
	}
	c.attrd(o, "storage_encrypted", "storage_encrypted", false)
	c.attrd(o, "multi_az", "multi_az", false)
	c.attrd(o, "backup_retention_period", "backup_retention_period", int64(1))
	c.attrd(o, "deletion_protection", "deletion_protection", false)
	c.attrd(o, "iam_database_authentication_enabled", "iam_database_authentication_enabled", false)
	return p
}

// memberOf returns the cluster identifier a member instance reports, and
// gives the member the cluster's storage encryption, as the RDS API does
// for cluster members. A cluster whose identifier is generated at apply is
// named by its address: the member certainly belongs to a cluster, so
// instance-only rules (when the cluster identifier is empty) do not apply.
func memberOf(o *asset.Object, cp *prim) any {
	if r, unk := cp.a.Root.UnknownReason("storage_encrypted"); unk {
		o.SetUnknown("storage_encrypted", r)
	} else if v, ok := cp.a.Root.Get("storage_encrypted"); ok {
		o.Set("storage_encrypted", v)
	}
	if v, ok := cp.a.Root.Get("db_cluster_identifier"); ok {
		if s, isStr := asset.Native(v).(string); isStr && s != "" {
			return s
		}
	}
	return cp.a.ID
}

func cfnDBInstance(c *ctx) *prim {
	p := c.newAsset("aws.rds.instance", c.get("DBInstanceIdentifier"), false)
	o := p.a.Root
	c.attr(o, "db_instance_identifier", "DBInstanceIdentifier")
	c.attr(o, "engine", "Engine")
	c.attr(o, "engine_version", "EngineVersion")
	c.attr(o, "db_instance_class", "DBInstanceClass")
	if !c.attr(o, "publicly_accessible", "PubliclyAccessible") {
		if c.get("DBSubnetGroupName") == nil {
			o.SetUnknown("publicly_accessible", "PubliclyAccessible is not set and there is no DB subnet group: the instance is public if the default VPC has an internet gateway")
		} else {
			o.SetUnknown("publicly_accessible", "PubliclyAccessible is not set: the default depends on the DB subnet group's subnets")
		}
	}
	c.attr(o, "kms_key_id", "KmsKeyId")
	c.attrd(o, "auto_minor_version_upgrade", "AutoMinorVersionUpgrade", true)
	c.attr(o, "vpc_security_group_ids", "VPCSecurityGroups")
	c.attr(o, "port", "Port")
	c.attr(o, "enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports")
	c.attr(o, "ca_certificate_identifier", "CACertificateIdentifier")
	c.attrd(o, "monitoring_interval", "MonitoringInterval", int64(0))
	c.attrd(o, "copy_tags_to_snapshot", "CopyTagsToSnapshot", false)
	if cl := c.get("DBClusterIdentifier"); cl != nil {
		if cp := c.target(cl, "aws.rds.cluster"); cp != nil {
			cp.members = append(cp.members, c.r)
			cl = memberOf(o, cp)
		}
		c.set(o, "db_cluster_identifier", "DBClusterIdentifier", cl)
		return p
	}
	c.attrd(o, "storage_encrypted", "StorageEncrypted", false)
	c.attrd(o, "multi_az", "MultiAZ", false)
	c.attrd(o, "backup_retention_period", "BackupRetentionPeriod", int64(1))
	c.attrd(o, "deletion_protection", "DeletionProtection", false)
	c.attrd(o, "iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication", false)
	return p
}

// rdsClusterFields are the aws.rds.cluster attributes both formats set
// the same way.
var rdsClusterFields = []field{
	{"db_cluster_identifier", "cluster_identifier", "DBClusterIdentifier", nil},
	{"engine_version", "engine_version", "EngineVersion", nil},
	{"engine_mode", "engine_mode", "EngineMode", "provisioned"},
	{"kms_key_id", "kms_key_id", "KmsKeyId", nil},
	{"deletion_protection", "deletion_protection", "DeletionProtection", false},
	{"backup_retention_period", "backup_retention_period", "BackupRetentionPeriod", int64(1)},
	{"iam_database_authentication_enabled", "iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication", false},
	{"copy_tags_to_snapshot", "copy_tags_to_snapshot", "CopyTagsToSnapshot", false},
	{"enabled_cloudwatch_logs_exports", "enabled_cloudwatch_logs_exports", "EnableCloudwatchLogsExports", nil},
	{"vpc_security_group_ids", "vpc_security_group_ids", "VpcSecurityGroupIds", nil},
	{"port", "port", "Port", nil},
	{"publicly_accessible", "publicly_accessible", "PubliclyAccessible", nil},
}

func tfRDSCluster(c *ctx) *prim {
	p := c.newAsset("aws.rds.cluster", c.get("cluster_identifier"), false)
	o := p.a.Root
	c.fields(o, rdsClusterFields)
	c.attrd(o, "engine", "engine", "aurora-mysql")
	c.attrd(o, "storage_encrypted", "storage_encrypted", c.get("engine_mode") == "serverless")
	p.finish = finishCluster("db_cluster_instance_class", "publicly_accessible", "identifier")
	return p
}

func cfnRDSCluster(c *ctx) *prim {
	p := c.newAsset("aws.rds.cluster", c.get("DBClusterIdentifier"), false)
	o := p.a.Root
	c.fields(o, rdsClusterFields)
	c.attr(o, "engine", "Engine")
	c.attrd(o, "storage_encrypted", "StorageEncrypted", c.get("EngineMode") == "serverless")
	p.finish = finishCluster("DBClusterInstanceClass", "PubliclyAccessible", "DBInstanceIdentifier")
	return p
}

// finishCluster derives what an Aurora cluster's members decide: public
// access (any member public), members and Multi-AZ (a Multi-AZ DB
// cluster always is; an Aurora cluster is when its instances span zones,
// which the code does not fix).
func finishCluster(classAttr, pubAttr, idAttr string) func(c *ctx) {
	return func(c *ctx) {
		p := c.b.prims[key(c.r, c.r.Address)]
		o := p.a.Root
		multiAZCluster := c.get(classAttr) != nil
		if multiAZCluster {
			o.SetBool("multi_az", true)
		} else if len(p.members) < 2 {
			o.SetBool("multi_az", false)
		} else {
			o.SetUnknown("multi_az", "depends on the Availability Zones RDS places the cluster's instances in")
		}
		if _, set := o.Get("publicly_accessible"); !set {
			var pub any = false
			for _, m := range p.members {
				switch v := m.Attrs[pubAttr].(type) {
				case bool:
					if v {
						pub = true
					}
				case iac.Unknown:
					if pub == false {
						pub = v
					}
				}
			}
			c.set(o, "publicly_accessible", pubAttr, pub)
		}
		var ids []any
		for _, m := range p.members {
			if id, ok := m.Attrs[idAttr]; ok {
				ids = append(ids, id)
			} else {
				ids = append(ids, iac.Unknown{Reason: m.Address + " identifier is generated at creation"})
			}
		}
		if !c.set(o, "members", "members", ids) {
			o.SetStrings("members", nil)
		}
	}
}

// KMS keys and aliases.

func tfKMSKey(c *ctx) *prim {
	p := c.newAsset("aws.kms.key", nil, false)
	o := p.a.Root
	o.SetString("key_manager", "CUSTOMER")
	c.attr(o, "description", "description")
	c.attrd(o, "key_usage", "key_usage", "ENCRYPT_DECRYPT")
	c.attrd(o, "key_spec", "customer_master_key_spec", c.get("key_spec"))
	if _, ok := o.Get("key_spec"); !ok {
		o.SetString("key_spec", "SYMMETRIC_DEFAULT")
	}
	origin := "AWS_KMS"
	if c.r.Type == "aws_kms_external_key" {
		origin = "EXTERNAL"
	}
	if c.get("custom_key_store_id") != nil {
		origin = "AWS_CLOUDHSM"
	}
	o.SetString("origin", origin)
	c.set(o, "key_state", "is_enabled", enabledState(c.get("is_enabled"), c.get("enabled")))
	c.attrd(o, "rotation_enabled", "enable_key_rotation", false)
	if v, ok := o.Get("rotation_enabled"); ok && v.Value() == true {
		c.attrd(o, "rotation_period_days", "rotation_period_in_days", int64(365))
	}
	c.attr(o, "policy", "policy")
	c.attrd(o, "multi_region", "multi_region", false)
	p.finish = finishKey
	return p
}

func enabledState(vs ...any) any {
	for _, v := range vs {
		switch x := v.(type) {
		case bool:
			if x {
				return "Enabled"
			}
			return "Disabled"
		case iac.Unknown:
			return x
		}
	}
	return "Enabled"
}

func cfnKMSKey(c *ctx) *prim {
	p := c.newAsset("aws.kms.key", nil, false)
	o := p.a.Root
	o.SetString("key_manager", "CUSTOMER")
	c.attr(o, "description", "Description")
	c.attrd(o, "key_usage", "KeyUsage", "ENCRYPT_DECRYPT")
	c.attrd(o, "key_spec", "KeySpec", "SYMMETRIC_DEFAULT")
	c.attrd(o, "origin", "Origin", "AWS_KMS")
	c.set(o, "key_state", "Enabled", enabledState(c.get("Enabled")))
	c.attrd(o, "rotation_enabled", "EnableKeyRotation", false)
	if v, ok := o.Get("rotation_enabled"); ok && v.Value() == true {
		c.attrd(o, "rotation_period_days", "RotationPeriodInDays", int64(365))
	}
	c.attr(o, "policy", "KeyPolicy")
	c.attrd(o, "multi_region", "MultiRegion", false)
	p.finish = finishKey
	return p
}

func kmsAlias(nameAttr, keyAttr string) func(c *ctx) {
	return func(c *ctx) {
		p := c.target(c.get(keyAttr), "aws.kms.key")
		if p == nil {
			return
		}
		if n, ok := c.get(nameAttr).(string); ok {
			p.aliases = append(p.aliases, n)
		}
	}
}

func finishKey(c *ctx) {
	p := c.b.prims[key(c.r, c.r.Address)]
	if len(p.aliases) > 0 {
		sortStrings(p.aliases)
		p.a.Root.SetStrings("aliases", p.aliases)
		p.a.Name = p.aliases[0]
	}
}

func tfKMSKeyPolicy(c *ctx) {
	if p := c.target(c.get("key_id"), "aws.kms.key"); p != nil {
		c.attr(p.a.Root, "policy", "policy")
	}
}

// CloudTrail trails. A trail is logging as soon as it is created unless
// enable_logging / IsLogging says otherwise.

func tfTrail(c *ctx) *prim {
	p := c.newAsset("aws.cloudtrail.trail", c.get("name"), false)
	o := p.a.Root
	if c.r.Region != "" {
		o.SetString("home_region", c.r.Region)
	}
	c.attrd(o, "is_multi_region", "is_multi_region_trail", false)
	c.attrd(o, "is_organization_trail", "is_organization_trail", false)
	c.attrd(o, "is_logging", "enable_logging", true)
	c.attrd(o, "log_file_validation_enabled", "enable_log_file_validation", false)
	c.attrd(o, "kms_key_id", "kms_key_id", "")
	c.set(o, "s3_bucket_name", "s3_bucket_name", c.nameOf(c.get("s3_bucket_name"), "bucket"))
	c.setd(o, "cloudwatch_logs_log_group_arn", "cloud_watch_logs_group_arn", c.logGroupARN(c.get("cloud_watch_logs_group_arn")), "")
	c.attrd(o, "include_global_service_events", "include_global_service_events", true)
	trailSelectors(c, o, "event_selector", "advanced_event_selector", "read_write_type", "include_management_events",
		"exclude_management_event_sources", "data_resource", "type", "values")
	return p
}

func cfnTrail(c *ctx) *prim {
	p := c.newAsset("aws.cloudtrail.trail", c.get("TrailName"), false)
	o := p.a.Root
	if c.r.Region != "" {
		o.SetString("home_region", c.r.Region)
	}
	c.attrd(o, "is_multi_region", "IsMultiRegionTrail", false)
	c.attrd(o, "is_organization_trail", "IsOrganizationTrail", false)
	c.attr(o, "is_logging", "IsLogging")
	c.attrd(o, "log_file_validation_enabled", "EnableLogFileValidation", false)
	c.attrd(o, "kms_key_id", "KMSKeyId", "")
	c.set(o, "s3_bucket_name", "S3BucketName", c.nameOf(c.get("S3BucketName"), "BucketName"))
	c.setd(o, "cloudwatch_logs_log_group_arn", "CloudWatchLogsLogGroupArn", c.logGroupARN(c.get("CloudWatchLogsLogGroupArn")), "")
	c.attrd(o, "include_global_service_events", "IncludeGlobalServiceEvents", true)
	trailSelectors(c, o, "EventSelectors", "AdvancedEventSelectors", "ReadWriteType", "IncludeManagementEvents",
		"ExcludeManagementEventSources", "DataResources", "Type", "Values")
	return p
}

// trailSelectors derives the management and S3 data event fields from
// basic event selectors (or the default selector when there are none).
// Advanced event selectors are not interpreted: the fields are unknown.
func trailSelectors(c *ctx, o *asset.Object, basic, advanced, rwA, mgmtA, exclA, drA, typeA, valsA string) {
	fields := []string{"include_management_events", "management_read_write_type", "excluded_management_event_sources", "s3_data_events_read", "s3_data_events_write"}
	if v := c.get(advanced); v != nil {
		for _, f := range fields {
			o.SetUnknown(f, "advanced event selectors ("+advanced+") are not interpreted")
		}
		return
	}
	sels, u := blocks(c.get(basic))
	if u != nil {
		for _, f := range fields {
			o.SetUnknown(f, u.Reason)
		}
		return
	}
	if len(sels) == 0 {
		o.SetBool("include_management_events", true).SetString("management_read_write_type", "All").
			SetStrings("excluded_management_event_sources", nil).SetBool("s3_data_events_read", false).SetBool("s3_data_events_write", false)
		return
	}
	mgmt, read, write := false, false, false
	rwAll, rwRead, rwWrite := false, false, false
	var excluded []string
	first := true
	for _, s := range sels {
		rw, _ := s[rwA].(string)
		if rw == "" {
			rw = "All"
		}
		inc := true
		if v, ok := toBool(s[mgmtA]); ok || s[mgmtA] != nil {
			inc = v
		}
		if inc {
			mgmt = true
			switch rw {
			case "All":
				rwAll = true
			case "ReadOnly":
				rwRead = true
			case "WriteOnly":
				rwWrite = true
			}
			ex, _, _ := toStrings(s[exclA])
			if first {
				excluded = ex
				first = false
			} else {
				excluded = intersect(excluded, ex)
			}
		}
		drs, _ := blocks(s[drA])
		for _, dr := range drs {
			if dr[typeA] != "AWS::S3::Object" {
				continue
			}
			vals, _, _ := toStrings(dr[valsA])
			for _, v := range vals {
				if v == "arn:aws:s3" || v == "arn:aws:s3:::" || strings.HasSuffix(v, ":s3:::") || v == "arn:aws-us-gov:s3" || v == "arn:aws-cn:s3" {
					read = read || rw != "WriteOnly"
					write = write || rw != "ReadOnly"
				}
			}
		}
	}
	o.SetBool("include_management_events", mgmt)
	switch {
	case rwAll || (rwRead && rwWrite):
		o.SetString("management_read_write_type", "All")
	case rwRead:
		o.SetString("management_read_write_type", "ReadOnly")
	case rwWrite:
		o.SetString("management_read_write_type", "WriteOnly")
	}
	o.SetStrings("excluded_management_event_sources", excluded)
	o.SetBool("s3_data_events_read", read).SetBool("s3_data_events_write", write)
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
