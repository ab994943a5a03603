package aws

import (
	"context"
	"fmt"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

var opDescribeDBInstances = Op{"RDS", "DescribeDBInstances", "rds:DescribeDBInstances"}

var rdsService = &Service{
	Name:    "rds",
	Ops:     []Op{opDescribeDBInstances},
	Collect: collectRDS,
}

// collectRDS emits the DB instances of one region. DescribeDBInstances
// returns everything, tags included, so there are no per-instance calls.
func collectRDS(ctx context.Context, s *Scope) error {
	p := rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(s.Config), &rds.DescribeDBInstancesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opDescribeDBInstances.Action, err)
		}
		for _, db := range page.DBInstances {
			if err := s.Emit(dbInstance(s, db)); err != nil {
				return err
			}
		}
	}
	return nil
}

func dbInstance(s *Scope, db rdstypes.DBInstance) *asset.Asset {
	id := aws.ToString(db.DBInstanceIdentifier)
	arn := aws.ToString(db.DBInstanceArn)
	if arn == "" {
		arn = s.ARN("rds", "db:"+id)
	}
	a := s.New("aws.rds.instance", arn, id)
	if len(db.TagList) > 0 {
		tags := make(map[string]string, len(db.TagList))
		for _, t := range db.TagList {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
		a.SetTags(tags)
	}
	o := a.Root
	o.SetString("db_instance_identifier", id).
		SetString("engine", aws.ToString(db.Engine)).
		SetString("engine_version", aws.ToString(db.EngineVersion)).
		SetString("db_instance_class", aws.ToString(db.DBInstanceClass)).
		SetString("kms_key_id", aws.ToString(db.KmsKeyId)).
		SetInt("backup_retention_period", int64(aws.ToInt32(db.BackupRetentionPeriod))).
		SetString("status", aws.ToString(db.DBInstanceStatus)).
		SetString("db_cluster_identifier", aws.ToString(db.DBClusterIdentifier)).
		SetStrings("enabled_cloudwatch_logs_exports", db.EnabledCloudwatchLogsExports).
		SetInt("monitoring_interval", int64(aws.ToInt32(db.MonitoringInterval))).
		SetString("ca_certificate_identifier", aws.ToString(db.CACertificateIdentifier)).
		SetTime("instance_create_time", aws.ToTime(db.InstanceCreateTime))
	// The API always reports these flags; should one be missing, the value
	// is not known rather than false.
	for field, v := range map[string]*bool{
		"publicly_accessible":                 db.PubliclyAccessible,
		"storage_encrypted":                   db.StorageEncrypted,
		"multi_az":                            db.MultiAZ,
		"auto_minor_version_upgrade":          db.AutoMinorVersionUpgrade,
		"deletion_protection":                 db.DeletionProtection,
		"iam_database_authentication_enabled": db.IAMDatabaseAuthenticationEnabled,
		"copy_tags_to_snapshot":               db.CopyTagsToSnapshot,
	} {
		if v == nil {
			o.SetUnknown(field, "not reported by "+opDescribeDBInstances.Action)
		} else {
			o.SetBool(field, *v)
		}
	}
	groups := make([]string, 0, len(db.VpcSecurityGroups))
	for _, g := range db.VpcSecurityGroups {
		groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
	}
	o.SetStrings("vpc_security_group_ids", groups)
	if db.DBSubnetGroup != nil {
		o.SetString("vpc_id", aws.ToString(db.DBSubnetGroup.VpcId))
	}
	if ep := db.Endpoint; ep != nil {
		o.SetString("endpoint_address", aws.ToString(ep.Address))
		if ep.Port != nil {
			o.SetInt("port", int64(*ep.Port))
		}
	} else if p := aws.ToInt32(db.DbInstancePort); p > 0 {
		o.SetInt("port", int64(p))
	}
	return a
}
