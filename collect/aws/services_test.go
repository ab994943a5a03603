package aws_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cloudward/asset"
	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
)

const servicesAccount = "123456789012"

func mustDo[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// expect compares attributes of a by dotted path.
func expectAttrs(t *testing.T, a *asset.Asset, want map[string]any) {
	t.Helper()
	for path, w := range want {
		if got := field(t, a, path); !cmp.Equal(got, w) {
			t.Errorf("%s %s = %#v, want %#v", a.Name, path, got, w)
		}
	}
}

func assetsOfType(sink *memSink, typ string) []*asset.Asset {
	var out []*asset.Asset
	for _, a := range sink.assets {
		if a.Type == typ {
			out = append(out, a)
		}
	}
	return out
}

func requireNoGaps(t *testing.T, sink *memSink) {
	t.Helper()
	for _, g := range sink.gaps {
		t.Errorf("unexpected gap: %+v", g)
	}
}

// setupTrails creates, in moto:
//   - audit: us-east-1, multi-region, log file validation, KMS, logging, basic
//     selector recording all management events;
//   - app: eu-west-1, single-region, no validation, not logging, advanced
//     selectors recording write management events except KMS's;
//   - data-only: us-east-1, single-region, logging, basic selector recording
//     S3 data events and no management events.
func setupTrails(t *testing.T, m *testenv.Moto) {
	ctx := context.Background()
	s3c := s3.NewFromConfig(m.Config(t, "us-east-1", ""), func(o *s3.Options) { o.UsePathStyle = true })
	mustDo[*s3.CreateBucketOutput](t)(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("trail-logs")}))
	east := cloudtrail.NewFromConfig(m.Config(t, "us-east-1", ""))
	west := cloudtrail.NewFromConfig(m.Config(t, "eu-west-1", ""))
	create := mustDo[*cloudtrail.CreateTrailOutput](t)
	put := mustDo[*cloudtrail.PutEventSelectorsOutput](t)

	create(east.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("audit"), S3BucketName: aws.String("trail-logs"),
		IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true),
		KmsKeyId: aws.String("arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"),
		TagsList: []cttypes.Tag{{Key: aws.String("team"), Value: aws.String("security")}}}))
	put(east.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("audit"),
		EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(true)}}}))
	mustDo[*cloudtrail.StartLoggingOutput](t)(east.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("audit")}))

	create(west.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("app"), S3BucketName: aws.String("trail-logs")}))
	put(west.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("app"),
		AdvancedEventSelectors: []cttypes.AdvancedEventSelector{{Name: aws.String("writes"), FieldSelectors: []cttypes.AdvancedFieldSelector{
			{Field: aws.String("eventCategory"), Equals: []string{"Management"}},
			{Field: aws.String("readOnly"), Equals: []string{"false"}},
			{Field: aws.String("eventSource"), NotEquals: []string{"kms.amazonaws.com"}},
		}}}}))

	create(east.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("data-only"), S3BucketName: aws.String("trail-logs")}))
	put(east.PutEventSelectors(ctx, &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("data-only"),
		EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeAll, IncludeManagementEvents: aws.Bool(false),
			DataResources: []cttypes.DataResource{{Type: aws.String("AWS::S3::Object"), Values: []string{"arn:aws:s3"}}}}}}))
	mustDo[*cloudtrail.StartLoggingOutput](t)(east.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String("data-only")}))
}

func TestCloudTrailTrails(t *testing.T) {
	m := testenv.StartMoto(t)
	setupTrails(t, m)

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: []string{"cloudtrail"}})
	requireNoGaps(t, sink)
	// audit is visible in eu-west-1 too (as a shadow trail) but emitted once.
	if n := len(assetsOfType(sink, "aws.cloudtrail.trail")); n != 3 {
		t.Fatalf("%d trails collected, want 3", n)
	}

	audit := sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit")
	if audit.Region != "us-east-1" || audit.Name != "audit" {
		t.Errorf("audit: region %q name %q", audit.Region, audit.Name)
	}
	if audit.Tags["team"] != "security" {
		t.Errorf("audit tags %v", audit.Tags)
	}
	expectAttrs(t, audit, map[string]any{
		"arn":                               "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit",
		"home_region":                       "us-east-1",
		"is_multi_region":                   true,
		"is_organization_trail":             false,
		"is_logging":                        true,
		"log_file_validation_enabled":       true,
		"kms_key_id":                        "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
		"s3_bucket_name":                    "trail-logs",
		"include_global_service_events":     true,
		"include_management_events":         true,
		"management_read_write_type":        "All",
		"excluded_management_event_sources": []any{},
	})

	app := sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/app")
	if app.Region != "eu-west-1" {
		t.Errorf("app region %q", app.Region)
	}
	expectAttrs(t, app, map[string]any{
		"home_region":                       "eu-west-1",
		"is_multi_region":                   false,
		"is_logging":                        false,
		"log_file_validation_enabled":       false,
		"kms_key_id":                        "",
		"include_management_events":         true,
		"management_read_write_type":        "WriteOnly",
		"excluded_management_event_sources": []any{"kms.amazonaws.com"},
	})

	dataOnly := sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:us-east-1:123456789012:trail/data-only")
	expectAttrs(t, dataOnly, map[string]any{
		"is_multi_region":            false,
		"is_logging":                 true,
		"include_management_events":  false,
		"management_read_write_type": nil,
	})
}

// A multi-region trail whose home region is not collected is still
// reported, once, from the collected regions.
func TestCloudTrailHomeRegionNotCollected(t *testing.T) {
	m := testenv.StartMoto(t)
	setupTrails(t, m)

	sink := collect(t, m, cwaws.Options{Regions: []string{"eu-west-1", "ap-southeast-2"}, Services: []string{"cloudtrail"}})
	requireNoGaps(t, sink)
	trails := assetsOfType(sink, "aws.cloudtrail.trail")
	var names []string
	for _, a := range trails {
		names = append(names, a.Name)
	}
	if len(trails) != 2 {
		t.Fatalf("collected %v, want audit and app", names)
	}
	audit := sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit")
	if audit.Region != "us-east-1" {
		t.Errorf("audit region %q, want its home region", audit.Region)
	}
	expectAttrs(t, audit, map[string]any{"is_logging": true, "management_read_write_type": "All"})
	sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/app")
}

func TestCloudTrailStatusAccessDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	setupTrails(t, m)

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: []string{"cloudtrail"},
		APIOptions: []func(*middleware.Stack) error{denyOp("GetEventSelectors")}})
	audit := sink.get(t, "aws.cloudtrail.trail", servicesAccount, "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit")
	expectAttrs(t, audit, map[string]any{
		"is_logging":                 true,
		"include_management_events":  "unknown: AccessDenied: cloudtrail:GetEventSelectors",
		"management_read_write_type": "unknown: AccessDenied: cloudtrail:GetEventSelectors",
	})
	if n := len(sink.gaps); n != 3 {
		t.Errorf("%d gaps, want one per trail: %+v", n, sink.gaps)
	}
}

// kmsKeys are the keys setupKMS creates.
type kmsKeys struct{ rotating, plain, signing, disabled *kmstypes.KeyMetadata }

func setupKMS(t *testing.T, m *testenv.Moto) kmsKeys {
	ctx := context.Background()
	cl := kms.NewFromConfig(m.Config(t, "us-east-1", ""))
	create := func(in *kms.CreateKeyInput) *kmstypes.KeyMetadata {
		t.Helper()
		return mustDo[*kms.CreateKeyOutput](t)(cl.CreateKey(ctx, in)).KeyMetadata
	}
	var k kmsKeys
	// KeyUsage is explicit: moto does not default it to ENCRYPT_DECRYPT as AWS does.
	k.rotating = create(&kms.CreateKeyInput{Description: aws.String("application data"), KeyUsage: kmstypes.KeyUsageTypeEncryptDecrypt,
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"Root","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`)})
	mustDo[*kms.EnableKeyRotationOutput](t)(cl.EnableKeyRotation(ctx, &kms.EnableKeyRotationInput{KeyId: k.rotating.KeyId,
		RotationPeriodInDays: aws.Int32(180)}))
	mustDo[*kms.CreateAliasOutput](t)(cl.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/app-data"), TargetKeyId: k.rotating.KeyId}))
	mustDo[*kms.CreateAliasOutput](t)(cl.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/zz-legacy"), TargetKeyId: k.rotating.KeyId}))

	k.plain = create(&kms.CreateKeyInput{Tags: []kmstypes.Tag{{TagKey: aws.String("team"), TagValue: aws.String("data")}}})
	k.signing = create(&kms.CreateKeyInput{KeySpec: kmstypes.KeySpecRsa2048, KeyUsage: kmstypes.KeyUsageTypeSignVerify})
	k.disabled = create(&kms.CreateKeyInput{})
	mustDo[*kms.DisableKeyOutput](t)(cl.DisableKey(ctx, &kms.DisableKeyInput{KeyId: k.disabled.KeyId}))
	return k
}

func TestKMSKeys(t *testing.T) {
	m := testenv.StartMoto(t)
	k := setupKMS(t, m)

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: []string{"kms"}})
	requireNoGaps(t, sink)
	if n := len(assetsOfType(sink, "aws.kms.key")); n != 4 {
		t.Fatalf("%d keys collected, want 4", n)
	}

	rot := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(k.rotating.Arn))
	if rot.Name != "alias/app-data" || rot.Region != "us-east-1" {
		t.Errorf("rotating key: name %q region %q", rot.Name, rot.Region)
	}
	expectAttrs(t, rot, map[string]any{
		"key_id":           aws.ToString(k.rotating.KeyId),
		"arn":              aws.ToString(k.rotating.Arn),
		"key_manager":      "CUSTOMER",
		"key_state":        "Enabled",
		"key_spec":         "SYMMETRIC_DEFAULT",
		"key_usage":        "ENCRYPT_DECRYPT",
		"origin":           "AWS_KMS",
		"description":      "application data",
		"multi_region":     false,
		"rotation_enabled": true,
		"aliases":          []any{"alias/app-data", "alias/zz-legacy"},
	})
	// moto does not return RotationPeriodInDays; AWS does.
	if p := field(t, rot, "rotation_period_days"); p != nil && p != int64(180) {
		t.Errorf("rotation_period_days = %v", p)
	}
	pol, ok := field(t, rot, "policy").(map[string]any)
	if !ok || !strings.Contains(fmt.Sprint(pol), "kms:*") {
		t.Errorf("policy = %#v", field(t, rot, "policy"))
	}

	plain := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(k.plain.Arn))
	if plain.Name != aws.ToString(k.plain.KeyId) {
		t.Errorf("a key without alias is named by its id: %q", plain.Name)
	}
	if plain.Tags["team"] != "data" {
		t.Errorf("plain key tags %v", plain.Tags)
	}
	expectAttrs(t, plain, map[string]any{"rotation_enabled": false, "aliases": []any{}, "key_state": "Enabled"})
	if field(t, plain, "policy") == nil {
		t.Error("the default key policy should be collected")
	}

	// Rotation does not apply to asymmetric or disabled keys: left absent.
	signing := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(k.signing.Arn))
	expectAttrs(t, signing, map[string]any{"key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY", "rotation_enabled": nil})
	disabled := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(k.disabled.Arn))
	expectAttrs(t, disabled, map[string]any{"key_state": "Disabled", "rotation_enabled": nil})
}

func TestKMSRotationAccessDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	k := setupKMS(t, m)

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1"}, Services: []string{"kms"},
		APIOptions: []func(*middleware.Stack) error{denyOp("GetKeyRotationStatus")}})
	const reason = "unknown: AccessDenied: kms:GetKeyRotationStatus"
	for _, md := range []*kmstypes.KeyMetadata{k.rotating, k.plain} {
		key := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(md.Arn))
		expectAttrs(t, key, map[string]any{"rotation_enabled": reason, "key_state": "Enabled", "key_manager": "CUSTOMER"})
		if field(t, key, "policy") == nil {
			t.Errorf("%s: the policy is still collected", key.Name)
		}
	}
	// Keys rotation does not apply to call nothing and have nothing unknown.
	signing := sink.get(t, "aws.kms.key", servicesAccount, aws.ToString(k.signing.Arn))
	expectAttrs(t, signing, map[string]any{"rotation_enabled": nil, "key_spec": "RSA_2048"})

	gaps := map[string]bool{}
	for _, g := range sink.gaps {
		if g.API != "kms:GetKeyRotationStatus" || g.Code != "AccessDenied" || g.Service != "kms" || g.Region != "us-east-1" {
			t.Errorf("unexpected gap %+v", g)
		}
		gaps[g.Resource] = true
	}
	if !gaps[aws.ToString(k.rotating.Arn)] || !gaps[aws.ToString(k.plain.Arn)] || len(gaps) != 2 {
		t.Errorf("want one gap per symmetric enabled key, got %+v", sink.gaps)
	}
}

func TestRDSInstances(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	east := rds.NewFromConfig(m.Config(t, "us-east-1", ""))
	west := rds.NewFromConfig(m.Config(t, "eu-west-1", ""))
	key := mustDo[*kms.CreateKeyOutput](t)(kms.NewFromConfig(m.Config(t, "us-east-1", "")).CreateKey(ctx, &kms.CreateKeyInput{})).KeyMetadata
	create := mustDo[*rds.CreateDBInstanceOutput](t)
	create(east.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("marketing-db"),
		DBInstanceClass: aws.String("db.t4g.medium"), Engine: aws.String("mysql"), EngineVersion: aws.String("8.0.39"),
		AllocatedStorage: aws.Int32(20), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-1"),
		PubliclyAccessible: aws.Bool(true), StorageEncrypted: aws.Bool(false), BackupRetentionPeriod: aws.Int32(0),
		Tags: []rdstypes.Tag{{Key: aws.String("team"), Value: aws.String("marketing")}}}))
	create(east.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("orders"),
		DBInstanceClass: aws.String("db.r7g.large"), Engine: aws.String("postgres"), EngineVersion: aws.String("16.4"),
		AllocatedStorage: aws.Int32(100), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-2"),
		PubliclyAccessible: aws.Bool(false), StorageEncrypted: aws.Bool(true), KmsKeyId: key.Arn, MultiAZ: aws.Bool(true),
		DeletionProtection: aws.Bool(true), EnableIAMDatabaseAuthentication: aws.Bool(true), BackupRetentionPeriod: aws.Int32(7),
		EnableCloudwatchLogsExports: []string{"postgresql"}}))
	create(west.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("reports"),
		DBInstanceClass: aws.String("db.t4g.small"), Engine: aws.String("postgres"), AllocatedStorage: aws.Int32(20),
		MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-3"),
		PubliclyAccessible: aws.Bool(false), StorageEncrypted: aws.Bool(true)}))

	sink := collect(t, m, cwaws.Options{Regions: []string{"us-east-1", "eu-west-1"}, Services: []string{"rds"}})
	requireNoGaps(t, sink)
	if n := len(assetsOfType(sink, "aws.rds.instance")); n != 3 {
		t.Fatalf("%d instances collected, want 3", n)
	}

	public := sink.get(t, "aws.rds.instance", servicesAccount, "arn:aws:rds:us-east-1:123456789012:db:marketing-db")
	if public.Name != "marketing-db" || public.Region != "us-east-1" || public.Tags["team"] != "marketing" {
		t.Errorf("marketing-db: name %q region %q tags %v", public.Name, public.Region, public.Tags)
	}
	expectAttrs(t, public, map[string]any{
		"db_instance_identifier":  "marketing-db",
		"engine":                  "mysql",
		"engine_version":          "8.0.39",
		"db_instance_class":       "db.t4g.medium",
		"publicly_accessible":     true,
		"storage_encrypted":       false,
		"kms_key_id":              "",
		"backup_retention_period": int64(0),
		"deletion_protection":     false,
		"status":                  "available",
		"port":                    int64(3306),
	})
	if sg, _ := field(t, public, "vpc_security_group_ids").([]any); len(sg) == 0 {
		t.Error("security groups not collected")
	}

	private := sink.get(t, "aws.rds.instance", servicesAccount, "arn:aws:rds:us-east-1:123456789012:db:orders")
	expectAttrs(t, private, map[string]any{
		"engine":                              "postgres",
		"publicly_accessible":                 false,
		"storage_encrypted":                   true,
		"kms_key_id":                          aws.ToString(key.Arn),
		"multi_az":                            true,
		"deletion_protection":                 true,
		"iam_database_authentication_enabled": true,
		"backup_retention_period":             int64(7),
		"enabled_cloudwatch_logs_exports":     []any{"postgresql"},
		"port":                                int64(5432),
	})
	if private.Tags != nil {
		t.Errorf("orders has no tags: %v", private.Tags)
	}

	reports := sink.get(t, "aws.rds.instance", servicesAccount, "arn:aws:rds:eu-west-1:123456789012:db:reports")
	if reports.Region != "eu-west-1" {
		t.Errorf("reports region %q", reports.Region)
	}
	expectAttrs(t, reports, map[string]any{"publicly_accessible": false, "storage_encrypted": true})
}

// The operations of every service are registered with their IAM action,
// and the least-privilege policy lists them.
func TestServiceOpsRegistered(t *testing.T) {
	want := map[string]string{
		"cloudtrail:DescribeTrails":    "cloudtrail:DescribeTrails",
		"cloudtrail:GetTrailStatus":    "cloudtrail:GetTrailStatus",
		"cloudtrail:GetEventSelectors": "cloudtrail:GetEventSelectors",
		"cloudtrail:ListTags":          "cloudtrail:ListTags",
		"kms:ListKeys":                 "kms:ListKeys",
		"kms:ListAliases":              "kms:ListAliases",
		"kms:DescribeKey":              "kms:DescribeKey",
		"kms:GetKeyRotationStatus":     "kms:GetKeyRotationStatus",
		"kms:GetKeyPolicy":             "kms:GetKeyPolicy",
		"kms:ListResourceTags":         "kms:ListResourceTags",
		"rds:DescribeDBInstances":      "rds:DescribeDBInstances",
	}
	got := map[string]string{}
	for _, o := range cwaws.Operations() {
		got[o.Key()] = o.Action
	}
	for key, action := range want {
		if got[key] != action {
			t.Errorf("%s registered as %q, want %q", key, got[key], action)
		}
	}
	pol, err := cwaws.Policy([]string{"cloudtrail", "kms", "rds"})
	if err != nil {
		t.Fatal(err)
	}
	for _, action := range want {
		if !strings.Contains(string(pol), `"`+action+`"`) {
			t.Errorf("policy lacks %s", action)
		}
	}
}
