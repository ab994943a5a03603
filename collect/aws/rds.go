package aws

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

var (
	opDescribeDBInstances                 = Op{"RDS", "DescribeDBInstances", "rds:DescribeDBInstances"}
	opDescribeDBClusters                  = Op{"RDS", "DescribeDBClusters", "rds:DescribeDBClusters"}
	opDescribeDBSnapshots                 = Op{"RDS", "DescribeDBSnapshots", "rds:DescribeDBSnapshots"}
	opDescribeDBSnapshotAttributes        = Op{"RDS", "DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes"}
	opDescribeDBClusterSnapshots          = Op{"RDS", "DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshots"}
	opDescribeDBClusterSnapshotAttributes = Op{"RDS", "DescribeDBClusterSnapshotAttributes", "rds:DescribeDBClusterSnapshotAttributes"}
)

var rdsService = &Service{
	Name: "rds",
	Ops: []Op{opDescribeDBInstances, opDescribeDBClusters, opDescribeDBSnapshots, opDescribeDBSnapshotAttributes,
		opDescribeDBClusterSnapshots, opDescribeDBClusterSnapshotAttributes},
	Collect: collectRDS,
}

// collectRDS emits the DB instances, DB clusters and manual snapshots of
// one region. The listings return everything, tags included; only a
// snapshot's sharing needs a call of its own. A listing that fails is a
// gap and the others go on; when every listing fails the region is one gap.
func collectRDS(ctx context.Context, s *Scope) error {
	cl := rds.NewFromConfig(s.Config)
	public, instErr := collectDBInstances(ctx, s, cl)
	clusterErr := collectDBClusters(ctx, s, cl, public, instErr)
	snapErr := collectDBSnapshots(ctx, s, cl)
	clusterSnapErr := collectDBClusterSnapshots(ctx, s, cl)
	failed := []struct {
		op  Op
		res string
		err error
	}{
		{opDescribeDBInstances, "db:*", instErr},
		{opDescribeDBClusters, "cluster:*", clusterErr},
		{opDescribeDBSnapshots, "snapshot:*", snapErr},
		{opDescribeDBClusterSnapshots, "cluster-snapshot:*", clusterSnapErr},
	}
	if instErr != nil && clusterErr != nil && snapErr != nil && clusterSnapErr != nil {
		return fmt.Errorf("%s: %w", opDescribeDBInstances.Action, instErr)
	}
	for _, f := range failed {
		if f.err != nil {
			if k, _ := Classify(f.err); k == KindCanceled {
				return f.err
			}
			s.Gap(f.op, s.ARN("rds", f.res), f.err)
		}
	}
	return nil
}

// collectDBInstances emits the instances and returns whether each is
// publicly accessible (nil when the API did not say), by identifier.
func collectDBInstances(ctx context.Context, s *Scope, cl *rds.Client) (map[string]*bool, error) {
	public := map[string]*bool{}
	p := rds.NewDescribeDBInstancesPaginator(cl, &rds.DescribeDBInstancesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return public, err
		}
		for _, db := range page.DBInstances {
			public[aws.ToString(db.DBInstanceIdentifier)] = db.PubliclyAccessible
			if err := s.Emit(dbInstance(s, db)); err != nil {
				return public, err
			}
		}
	}
	return public, nil
}

func rdsTags(a *asset.Asset, list []rdstypes.Tag) {
	a.SetTags(tagMap(list, func(t rdstypes.Tag) (*string, *string) { return t.Key, t.Value }))
}

// setRDSFlags sets boolean fields the API always reports; should one be
// missing, the value is not known rather than false.
func setRDSFlags(o *asset.Object, op Op, flags map[string]*bool) {
	for field, v := range flags {
		if v == nil {
			o.SetUnknown(field, "not reported by "+op.Action)
		} else {
			o.SetBool(field, *v)
		}
	}
}

func dbInstance(s *Scope, db rdstypes.DBInstance) *asset.Asset {
	id := aws.ToString(db.DBInstanceIdentifier)
	arn := aws.ToString(db.DBInstanceArn)
	if arn == "" {
		arn = s.ARN("rds", "db:"+id)
	}
	a := s.New("aws.rds.instance", arn, id)
	rdsTags(a, db.TagList)
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
	setRDSFlags(o, opDescribeDBInstances, map[string]*bool{
		"publicly_accessible":                 db.PubliclyAccessible,
		"storage_encrypted":                   db.StorageEncrypted,
		"multi_az":                            db.MultiAZ,
		"auto_minor_version_upgrade":          db.AutoMinorVersionUpgrade,
		"deletion_protection":                 db.DeletionProtection,
		"iam_database_authentication_enabled": db.IAMDatabaseAuthenticationEnabled,
		"copy_tags_to_snapshot":               db.CopyTagsToSnapshot,
	})
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

// collectDBClusters emits the clusters. instancePublic (read by
// collectDBInstances, which failed with instErr if not nil) decides whether
// an Aurora cluster is publicly accessible.
func collectDBClusters(ctx context.Context, s *Scope, cl *rds.Client, instancePublic map[string]*bool, instErr error) error {
	p := rds.NewDescribeDBClustersPaginator(cl, &rds.DescribeDBClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.DBClusters {
			if err := s.Emit(dbCluster(s, c, instancePublic, instErr)); err != nil {
				return err
			}
		}
	}
	return nil
}

func dbCluster(s *Scope, c rdstypes.DBCluster, instancePublic map[string]*bool, instErr error) *asset.Asset {
	id := aws.ToString(c.DBClusterIdentifier)
	arn := aws.ToString(c.DBClusterArn)
	if arn == "" {
		arn = s.ARN("rds", "cluster:"+id)
	}
	a := s.New("aws.rds.cluster", arn, id)
	rdsTags(a, c.TagList)
	o := a.Root
	o.SetString("db_cluster_identifier", id).
		SetString("engine", aws.ToString(c.Engine)).
		SetString("engine_version", aws.ToString(c.EngineVersion)).
		SetString("engine_mode", aws.ToString(c.EngineMode)).
		SetString("kms_key_id", aws.ToString(c.KmsKeyId)).
		SetInt("backup_retention_period", int64(aws.ToInt32(c.BackupRetentionPeriod))).
		SetStrings("enabled_cloudwatch_logs_exports", c.EnabledCloudwatchLogsExports).
		SetString("status", aws.ToString(c.Status)).
		SetString("endpoint", aws.ToString(c.Endpoint)).
		SetTime("cluster_create_time", aws.ToTime(c.ClusterCreateTime))
	if c.Port != nil {
		o.SetInt("port", int64(*c.Port))
	}
	setRDSFlags(o, opDescribeDBClusters, map[string]*bool{
		"storage_encrypted":                   c.StorageEncrypted,
		"deletion_protection":                 c.DeletionProtection,
		"iam_database_authentication_enabled": c.IAMDatabaseAuthenticationEnabled,
		"multi_az":                            c.MultiAZ,
		"copy_tags_to_snapshot":               c.CopyTagsToSnapshot,
	})
	members := make([]string, 0, len(c.DBClusterMembers))
	for _, m := range c.DBClusterMembers {
		members = append(members, aws.ToString(m.DBInstanceIdentifier))
	}
	sort.Strings(members)
	o.SetStrings("members", members)
	groups := make([]string, 0, len(c.VpcSecurityGroups))
	for _, g := range c.VpcSecurityGroups {
		groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
	}
	o.SetStrings("vpc_security_group_ids", groups)
	clusterPublic(o, c, members, instancePublic, instErr)
	return a
}

// clusterPublic sets publicly_accessible: a Multi-AZ DB cluster reports it
// itself; any other cluster is reachable when any member instance is. A
// member whose setting is not known makes the answer unknown unless
// another member is public.
func clusterPublic(o *asset.Object, c rdstypes.DBCluster, members []string, instancePublic map[string]*bool, instErr error) {
	// Only Multi-AZ DB clusters (mysql, postgres) have a setting of their
	// own; Aurora, Neptune and DocumentDB clusters are reached through
	// their instances (emulators report a meaningless false for them).
	if e := aws.ToString(c.Engine); (e == "mysql" || e == "postgres") && c.PubliclyAccessible != nil {
		o.SetBool("publicly_accessible", *c.PubliclyAccessible)
		return
	}
	unknown := ""
	for _, m := range members {
		v, ok := instancePublic[m]
		switch {
		case ok && v != nil && *v:
			o.SetBool("publicly_accessible", true)
			return
		case ok && v != nil:
		case instErr != nil:
			unknown = Reason(opDescribeDBInstances, instErr)
		case unknown == "":
			unknown = "member instance " + m + " not reported by " + opDescribeDBInstances.Action
		}
	}
	if unknown != "" {
		o.SetUnknown("publicly_accessible", unknown)
		return
	}
	o.SetBool("publicly_accessible", false)
}

// snapshotSharing sets public and shared_with_accounts from a snapshot's
// attributes: the "restore" attribute lists the accounts that may copy or
// restore it, "all" meaning every account. No restore attribute: not shared.
func snapshotSharing(o *asset.Object, names []*string, values [][]string) {
	shared := []string{}
	public := false
	for i, n := range names {
		if aws.ToString(n) != "restore" {
			continue
		}
		for _, v := range values[i] {
			if v == "all" {
				public = true
			} else if !slices.Contains(shared, v) {
				shared = append(shared, v)
			}
		}
	}
	sort.Strings(shared)
	o.SetBool("public", public).SetStrings("shared_with_accounts", shared)
}

// collectDBSnapshots emits the region's manual DB snapshots, reading each
// one's sharing on the worker pool.
func collectDBSnapshots(ctx context.Context, s *Scope, cl *rds.Client) error {
	var snaps []rdstypes.DBSnapshot
	p := rds.NewDescribeDBSnapshotsPaginator(cl, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		snaps = append(snaps, page.DBSnapshots...)
	}
	each(len(snaps), func(i int) {
		sn := snaps[i]
		id := aws.ToString(sn.DBSnapshotIdentifier)
		arn := aws.ToString(sn.DBSnapshotArn)
		if arn == "" {
			arn = s.ARN("rds", "snapshot:"+id)
		}
		a := s.New("aws.rds.snapshot", arn, id)
		rdsTags(a, sn.TagList)
		o := a.Root
		o.SetString("db_snapshot_identifier", id).
			SetString("db_instance_identifier", aws.ToString(sn.DBInstanceIdentifier)).
			SetString("snapshot_type", aws.ToString(sn.SnapshotType)).
			SetString("engine", aws.ToString(sn.Engine)).
			SetString("engine_version", aws.ToString(sn.EngineVersion)).
			SetString("kms_key_id", aws.ToString(sn.KmsKeyId)).
			SetString("status", aws.ToString(sn.Status)).
			SetTime("snapshot_create_time", aws.ToTime(sn.SnapshotCreateTime))
		setRDSFlags(o, opDescribeDBSnapshots, map[string]*bool{"encrypted": sn.Encrypted})
		out, err := cl.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: aws.String(id)})
		if err == nil && out.DBSnapshotAttributesResult == nil {
			err = fmt.Errorf("no attributes in the answer")
		}
		if err != nil {
			s.Unknown(o, "public", opDescribeDBSnapshotAttributes, arn, err)
			o.SetUnknown("shared_with_accounts", Reason(opDescribeDBSnapshotAttributes, err))
		} else {
			var names []*string
			var values [][]string
			for _, at := range out.DBSnapshotAttributesResult.DBSnapshotAttributes {
				names = append(names, at.AttributeName)
				values = append(values, at.AttributeValues)
			}
			snapshotSharing(o, names, values)
		}
		_ = s.Emit(a)
	})
	return nil
}

// collectDBClusterSnapshots emits the region's manual DB cluster snapshots.
func collectDBClusterSnapshots(ctx context.Context, s *Scope, cl *rds.Client) error {
	var snaps []rdstypes.DBClusterSnapshot
	p := rds.NewDescribeDBClusterSnapshotsPaginator(cl, &rds.DescribeDBClusterSnapshotsInput{SnapshotType: aws.String("manual")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		snaps = append(snaps, page.DBClusterSnapshots...)
	}
	each(len(snaps), func(i int) {
		sn := snaps[i]
		id := aws.ToString(sn.DBClusterSnapshotIdentifier)
		arn := aws.ToString(sn.DBClusterSnapshotArn)
		if arn == "" {
			arn = s.ARN("rds", "cluster-snapshot:"+id)
		}
		a := s.New("aws.rds.cluster_snapshot", arn, id)
		rdsTags(a, sn.TagList)
		o := a.Root
		o.SetString("db_cluster_snapshot_identifier", id).
			SetString("db_cluster_identifier", aws.ToString(sn.DBClusterIdentifier)).
			SetString("snapshot_type", aws.ToString(sn.SnapshotType)).
			SetString("engine", aws.ToString(sn.Engine)).
			SetString("engine_version", aws.ToString(sn.EngineVersion)).
			SetString("kms_key_id", aws.ToString(sn.KmsKeyId)).
			SetString("status", aws.ToString(sn.Status)).
			SetTime("snapshot_create_time", aws.ToTime(sn.SnapshotCreateTime))
		setRDSFlags(o, opDescribeDBClusterSnapshots, map[string]*bool{"storage_encrypted": sn.StorageEncrypted})
		out, err := cl.DescribeDBClusterSnapshotAttributes(ctx,
			&rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: aws.String(id)})
		if err == nil && out.DBClusterSnapshotAttributesResult == nil {
			err = fmt.Errorf("no attributes in the answer")
		}
		if err != nil {
			s.Unknown(o, "public", opDescribeDBClusterSnapshotAttributes, arn, err)
			o.SetUnknown("shared_with_accounts", Reason(opDescribeDBClusterSnapshotAttributes, err))
		} else {
			var names []*string
			var values [][]string
			for _, at := range out.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
				names = append(names, at.AttributeName)
				values = append(values, at.AttributeValues)
			}
			snapshotSharing(o, names, values)
		}
		_ = s.Emit(a)
	})
	return nil
}
