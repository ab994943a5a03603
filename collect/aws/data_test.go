package aws_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	cwaws "cloudward/collect/aws"
	"cloudward/internal/testenv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/middleware"
)

const dataPublicPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ACTION","Resource":"*"}]}`

func dataOptions(services ...string) cwaws.Options {
	return cwaws.Options{Regions: []string{"us-east-1"}, Services: services, MaxBackoff: 20 * time.Millisecond}
}

func dataKey(t *testing.T, m *testenv.Moto) string {
	k := mustDo[*kms.CreateKeyOutput](t)(kms.NewFromConfig(m.Config(t, "us-east-1", "")).CreateKey(context.Background(), &kms.CreateKeyInput{}))
	return aws.ToString(k.KeyMetadata.Arn)
}

// setupRDSData creates, in us-east-1:
//   - ledger: an encrypted, protected Aurora cluster with a publicly
//     accessible member instance;
//   - scratch: an unencrypted Aurora cluster without members;
//   - shop: an unencrypted instance with a public manual snapshot (also
//     shared with one account) and a private one;
//   - a public manual snapshot of ledger.
func setupRDSData(t *testing.T, m *testenv.Moto) (key string) {
	ctx := context.Background()
	cl := rds.NewFromConfig(m.Config(t, "us-east-1", ""))
	key = dataKey(t, m)
	cluster := mustDo[*rds.CreateDBClusterOutput](t)
	cluster(cl.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("ledger"),
		Engine: aws.String("aurora-postgresql"), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-9"),
		StorageEncrypted: aws.Bool(true), KmsKeyId: aws.String(key), DeletionProtection: aws.Bool(true),
		EnableIAMDatabaseAuthentication: aws.Bool(true), BackupRetentionPeriod: aws.Int32(14),
		Tags: []rdstypes.Tag{{Key: aws.String("team"), Value: aws.String("finance")}}}))
	cluster(cl.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("scratch"),
		Engine: aws.String("aurora-mysql"), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-8"),
		StorageEncrypted: aws.Bool(false), BackupRetentionPeriod: aws.Int32(1)}))
	instance := mustDo[*rds.CreateDBInstanceOutput](t)
	instance(cl.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("ledger-1"),
		DBClusterIdentifier: aws.String("ledger"), Engine: aws.String("aurora-postgresql"),
		DBInstanceClass: aws.String("db.r7g.large"), PubliclyAccessible: aws.Bool(true)}))
	instance(cl.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("shop"),
		DBInstanceClass: aws.String("db.t4g.small"), Engine: aws.String("mysql"), AllocatedStorage: aws.Int32(20),
		MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("not-a-secret-7"), StorageEncrypted: aws.Bool(false)}))
	snap := mustDo[*rds.CreateDBSnapshotOutput](t)
	snap(cl.CreateDBSnapshot(ctx, &rds.CreateDBSnapshotInput{DBInstanceIdentifier: aws.String("shop"),
		DBSnapshotIdentifier: aws.String("shop-public"), Tags: []rdstypes.Tag{{Key: aws.String("purpose"), Value: aws.String("demo")}}}))
	snap(cl.CreateDBSnapshot(ctx, &rds.CreateDBSnapshotInput{DBInstanceIdentifier: aws.String("shop"),
		DBSnapshotIdentifier: aws.String("shop-private")}))
	mustDo[*rds.ModifyDBSnapshotAttributeOutput](t)(cl.ModifyDBSnapshotAttribute(ctx, &rds.ModifyDBSnapshotAttributeInput{
		DBSnapshotIdentifier: aws.String("shop-public"), AttributeName: aws.String("restore"),
		ValuesToAdd: []string{"all", "111122223333"}}))
	mustDo[*rds.CreateDBClusterSnapshotOutput](t)(cl.CreateDBClusterSnapshot(ctx, &rds.CreateDBClusterSnapshotInput{
		DBClusterIdentifier: aws.String("ledger"), DBClusterSnapshotIdentifier: aws.String("ledger-export")}))
	mustDo[*rds.ModifyDBClusterSnapshotAttributeOutput](t)(cl.ModifyDBClusterSnapshotAttribute(ctx, &rds.ModifyDBClusterSnapshotAttributeInput{
		DBClusterSnapshotIdentifier: aws.String("ledger-export"), AttributeName: aws.String("restore"), ValuesToAdd: []string{"all"}}))
	return key
}

func TestDataRDSClustersAndSnapshots(t *testing.T) {
	m := testenv.StartMoto(t)
	key := setupRDSData(t, m)

	sink := collect(t, m, dataOptions("rds"))
	requireNoGaps(t, sink)
	const arn = "arn:aws:rds:us-east-1:123456789012:"

	ledger := sink.get(t, "aws.rds.cluster", servicesAccount, arn+"cluster:ledger")
	if ledger.Name != "ledger" || ledger.Region != "us-east-1" || ledger.Tags["team"] != "finance" {
		t.Errorf("ledger: name %q region %q tags %v", ledger.Name, ledger.Region, ledger.Tags)
	}
	expectAttrs(t, ledger, map[string]any{
		"db_cluster_identifier":               "ledger",
		"engine":                              "aurora-postgresql",
		"storage_encrypted":                   true,
		"kms_key_id":                          key,
		"deletion_protection":                 true,
		"backup_retention_period":             int64(14),
		"iam_database_authentication_enabled": true,
		"members":                             []any{"ledger-1"},
		"publicly_accessible":                 true, // through its member
	})
	scratch := sink.get(t, "aws.rds.cluster", servicesAccount, arn+"cluster:scratch")
	expectAttrs(t, scratch, map[string]any{
		"engine":                  "aurora-mysql",
		"storage_encrypted":       false,
		"deletion_protection":     false,
		"backup_retention_period": int64(1),
		"members":                 []any{},
		"publicly_accessible":     false,
	})

	if n := len(assetsOfType(sink, "aws.rds.snapshot")); n != 2 {
		t.Errorf("%d manual snapshots collected, want 2", n)
	}
	public := sink.get(t, "aws.rds.snapshot", servicesAccount, arn+"snapshot:shop-public")
	if public.Tags["purpose"] != "demo" {
		t.Errorf("shop-public tags %v", public.Tags)
	}
	expectAttrs(t, public, map[string]any{
		"db_snapshot_identifier": "shop-public",
		"db_instance_identifier": "shop",
		"snapshot_type":          "manual",
		"engine":                 "mysql",
		"encrypted":              false,
		"public":                 true,
		"shared_with_accounts":   []any{"111122223333"},
	})
	private := sink.get(t, "aws.rds.snapshot", servicesAccount, arn+"snapshot:shop-private")
	expectAttrs(t, private, map[string]any{"public": false, "shared_with_accounts": []any{}, "encrypted": false})

	export := sink.get(t, "aws.rds.cluster_snapshot", servicesAccount, arn+"cluster-snapshot:ledger-export")
	expectAttrs(t, export, map[string]any{
		"db_cluster_identifier": "ledger",
		"snapshot_type":         "manual",
		"storage_encrypted":     true,
		"public":                true,
		"shared_with_accounts":  []any{},
	})
	// The instances are still collected alongside.
	sink.get(t, "aws.rds.instance", servicesAccount, arn+"db:shop")
}

// Without the instance listing an Aurora cluster's exposure is unknown,
// and everything else is still collected.
func TestDataRDSInstancesDeniedLeavesClusterExposureUnknown(t *testing.T) {
	m := testenv.StartMoto(t)
	setupRDSData(t, m)
	opts := dataOptions("rds")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeDBInstances")}
	sink := collect(t, m, opts)

	const arn = "arn:aws:rds:us-east-1:123456789012:"
	expectAttrs(t, sink.get(t, "aws.rds.cluster", servicesAccount, arn+"cluster:ledger"), map[string]any{
		"publicly_accessible": "unknown: AccessDenied: rds:DescribeDBInstances",
		"storage_encrypted":   true,
	})
	// No member, nothing unknown.
	expectAttrs(t, sink.get(t, "aws.rds.cluster", servicesAccount, arn+"cluster:scratch"), map[string]any{"publicly_accessible": false})
	expectAttrs(t, sink.get(t, "aws.rds.snapshot", servicesAccount, arn+"snapshot:shop-public"), map[string]any{"public": true})
	if n := len(assetsOfType(sink, "aws.rds.instance")); n != 0 {
		t.Errorf("%d instances collected", n)
	}
	if len(sink.gaps) != 1 || sink.gaps[0].API != "rds:DescribeDBInstances" || sink.gaps[0].Code != "AccessDenied" {
		t.Errorf("want one gap for the instance listing, got %+v", sink.gaps)
	}
}

func TestDataRDSSnapshotAttributesDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	setupRDSData(t, m)
	opts := dataOptions("rds")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeDBSnapshotAttributes")}
	sink := collect(t, m, opts)

	const arn = "arn:aws:rds:us-east-1:123456789012:"
	const reason = "unknown: AccessDenied: rds:DescribeDBSnapshotAttributes"
	for _, id := range []string{"shop-public", "shop-private"} {
		expectAttrs(t, sink.get(t, "aws.rds.snapshot", servicesAccount, arn+"snapshot:"+id), map[string]any{
			"public": reason, "shared_with_accounts": reason, "encrypted": false, "db_instance_identifier": "shop"})
	}
	expectAttrs(t, sink.get(t, "aws.rds.cluster_snapshot", servicesAccount, arn+"cluster-snapshot:ledger-export"),
		map[string]any{"public": true})
	gaps := map[string]bool{}
	for _, g := range sink.gaps {
		if g.API != "rds:DescribeDBSnapshotAttributes" || g.Code != "AccessDenied" || g.Service != "rds" {
			t.Errorf("unexpected gap %+v", g)
		}
		gaps[g.Resource] = true
	}
	if len(gaps) != 2 || !gaps[arn+"snapshot:shop-public"] || !gaps[arn+"snapshot:shop-private"] {
		t.Errorf("want one gap per snapshot, got %+v", sink.gaps)
	}
}

// setupDynamoDB creates orders (PITR, KMS, deletion protection, tags) and
// scratch (defaults).
func setupDynamoDB(t *testing.T, m *testenv.Moto) (key string) {
	ctx := context.Background()
	cl := dynamodb.NewFromConfig(m.Config(t, "us-east-1", ""))
	key = dataKey(t, m)
	schema := func(name string) *dynamodb.CreateTableInput {
		return &dynamodb.CreateTableInput{TableName: aws.String(name), BillingMode: ddbtypes.BillingModePayPerRequest,
			AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
			KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}}}
	}
	orders := schema("orders")
	orders.SSESpecification = &ddbtypes.SSESpecification{Enabled: aws.Bool(true), SSEType: ddbtypes.SSETypeKms, KMSMasterKeyId: aws.String(key)}
	orders.DeletionProtectionEnabled = aws.Bool(true)
	orders.Tags = []ddbtypes.Tag{{Key: aws.String("team"), Value: aws.String("shop")}}
	create := mustDo[*dynamodb.CreateTableOutput](t)
	create(cl.CreateTable(ctx, orders))
	create(cl.CreateTable(ctx, schema("scratch")))
	mustDo[*dynamodb.UpdateContinuousBackupsOutput](t)(cl.UpdateContinuousBackups(ctx, &dynamodb.UpdateContinuousBackupsInput{
		TableName:                        aws.String("orders"),
		PointInTimeRecoverySpecification: &ddbtypes.PointInTimeRecoverySpecification{PointInTimeRecoveryEnabled: aws.Bool(true)}}))
	return key
}

func TestDataDynamoDBTables(t *testing.T) {
	m := testenv.StartMoto(t)
	key := setupDynamoDB(t, m)
	sink := collect(t, m, dataOptions("dynamodb"))
	requireNoGaps(t, sink)

	orders := sink.get(t, "aws.dynamodb.table", servicesAccount, "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
	if orders.Name != "orders" || orders.Tags["team"] != "shop" {
		t.Errorf("orders: name %q tags %v", orders.Name, orders.Tags)
	}
	expectAttrs(t, orders, map[string]any{
		"table_name":                     "orders",
		"table_status":                   "ACTIVE",
		"sse_type":                       "KMS",
		"kms_master_key_arn":             key,
		"deletion_protection_enabled":    true,
		"point_in_time_recovery_enabled": true,
		"billing_mode":                   "PAY_PER_REQUEST",
	})
	scratch := sink.get(t, "aws.dynamodb.table", servicesAccount, "arn:aws:dynamodb:us-east-1:123456789012:table/scratch")
	expectAttrs(t, scratch, map[string]any{
		"sse_type":                           "AWS_OWNED",
		"kms_master_key_arn":                 "",
		"deletion_protection_enabled":        false,
		"point_in_time_recovery_enabled":     false,
		"point_in_time_recovery_period_days": nil,
	})
	if scratch.Tags != nil {
		t.Errorf("scratch tags %v", scratch.Tags)
	}
}

func TestDataDynamoDBContinuousBackupsDenied(t *testing.T) {
	m := testenv.StartMoto(t)
	setupDynamoDB(t, m)
	opts := dataOptions("dynamodb")
	opts.APIOptions = []func(*middleware.Stack) error{denyOp("DescribeContinuousBackups")}
	sink := collect(t, m, opts)

	const reason = "unknown: AccessDenied: dynamodb:DescribeContinuousBackups"
	orders := sink.get(t, "aws.dynamodb.table", servicesAccount, "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
	expectAttrs(t, orders, map[string]any{"point_in_time_recovery_enabled": reason, "sse_type": "KMS", "deletion_protection_enabled": true})
	if orders.Tags["team"] != "shop" {
		t.Errorf("tags are still read: %v", orders.Tags)
	}
	scratch := sink.get(t, "aws.dynamodb.table", servicesAccount, "arn:aws:dynamodb:us-east-1:123456789012:table/scratch")
	expectAttrs(t, scratch, map[string]any{"point_in_time_recovery_enabled": reason, "sse_type": "AWS_OWNED"})
	gaps := map[string]bool{}
	for _, g := range sink.gaps {
		if g.API != "dynamodb:DescribeContinuousBackups" || g.Code != "AccessDenied" || g.Service != "dynamodb" || g.Region != "us-east-1" {
			t.Errorf("unexpected gap %+v", g)
		}
		gaps[g.Resource] = true
	}
	if len(gaps) != 2 || !gaps["arn:aws:dynamodb:us-east-1:123456789012:table/orders"] {
		t.Errorf("want one gap per table, got %+v", sink.gaps)
	}
}

func TestDataSQSQueues(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := sqs.NewFromConfig(m.Config(t, "us-east-1", ""))
	key := dataKey(t, m)
	create := mustDo[*sqs.CreateQueueOutput](t)
	create(cl.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("payments"),
		Attributes: map[string]string{"KmsMasterKeyId": key, "SqsManagedSseEnabled": "false"},
		Tags:       map[string]string{"team": "billing"}}))
	create(cl.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("inbox"),
		Attributes: map[string]string{"SqsManagedSseEnabled": "false",
			"Policy": strings.ReplaceAll(dataPublicPolicy, "ACTION", "sqs:SendMessage")}}))
	create(cl.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs.fifo"),
		Attributes: map[string]string{"FifoQueue": "true"}}))

	sink := collect(t, m, dataOptions("sqs"))
	requireNoGaps(t, sink)
	if n := len(assetsOfType(sink, "aws.sqs.queue")); n != 3 {
		t.Fatalf("%d queues collected, want 3", n)
	}
	payments := sink.get(t, "aws.sqs.queue", servicesAccount, "arn:aws:sqs:us-east-1:123456789012:payments")
	if payments.Name != "payments" || payments.Tags["team"] != "billing" {
		t.Errorf("payments: name %q tags %v", payments.Name, payments.Tags)
	}
	expectAttrs(t, payments, map[string]any{
		"queue_name":              "payments",
		"sqs_managed_sse_enabled": false,
		"kms_master_key_id":       key,
		"policy":                  nil,
		"fifo_queue":              false,
	})
	if u, _ := field(t, payments, "url").(string); !strings.HasSuffix(u, "/123456789012/payments") {
		t.Errorf("url %q", u)
	}
	inbox := sink.get(t, "aws.sqs.queue", servicesAccount, "arn:aws:sqs:us-east-1:123456789012:inbox")
	expectAttrs(t, inbox, map[string]any{"sqs_managed_sse_enabled": false, "kms_master_key_id": ""})
	pol, ok := field(t, inbox, "policy").(map[string]any)
	if !ok || pol["Statement"].([]any)[0].(map[string]any)["Principal"] != "*" {
		t.Errorf("inbox policy %#v", field(t, inbox, "policy"))
	}
	jobs := sink.get(t, "aws.sqs.queue", servicesAccount, "arn:aws:sqs:us-east-1:123456789012:jobs.fifo")
	expectAttrs(t, jobs, map[string]any{"fifo_queue": true, "sqs_managed_sse_enabled": true})
}

func TestDataSecretsManagerSecrets(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := secretsmanager.NewFromConfig(m.Config(t, "us-east-1", ""))
	key := dataKey(t, m)
	const value = "hunter2-never-collected"
	rotated := mustDo[*secretsmanager.CreateSecretOutput](t)(cl.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String("db-password"), SecretString: aws.String(value), KmsKeyId: aws.String(key),
		Description: aws.String("orders database"), Tags: []smtypes.Tag{{Key: aws.String("team"), Value: aws.String("shop")}}}))
	mustDo[*secretsmanager.RotateSecretOutput](t)(cl.RotateSecret(ctx, &secretsmanager.RotateSecretInput{
		SecretId: rotated.ARN, RotationRules: &smtypes.RotationRulesType{AutomaticallyAfterDays: aws.Int64(30)}}))
	plain := mustDo[*secretsmanager.CreateSecretOutput](t)(cl.CreateSecret(ctx, &secretsmanager.CreateSecretInput{
		Name: aws.String("api-token"), SecretString: aws.String(value)}))

	sink := collect(t, m, dataOptions("secretsmanager"))
	requireNoGaps(t, sink)
	db := sink.get(t, "aws.secretsmanager.secret", servicesAccount, aws.ToString(rotated.ARN))
	if db.Name != "db-password" || db.Tags["team"] != "shop" {
		t.Errorf("db-password: name %q tags %v", db.Name, db.Tags)
	}
	expectAttrs(t, db, map[string]any{
		"arn":                    aws.ToString(rotated.ARN),
		"description":            "orders database",
		"kms_key_id":             key,
		"rotation_enabled":       true,
		"rotation_interval_days": int64(30),
	})
	if field(t, db, "last_rotated_date") == nil {
		t.Error("last_rotated_date not collected")
	}
	token := sink.get(t, "aws.secretsmanager.secret", servicesAccount, aws.ToString(plain.ARN))
	expectAttrs(t, token, map[string]any{
		"rotation_enabled":       false,
		"rotation_interval_days": nil,
		"last_rotated_date":      nil,
		"last_accessed_date":     nil,
		"kms_key_id":             "",
	})
	for _, a := range []interface{ MarshalJSON() ([]byte, error) }{db, token} {
		b, err := a.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), value) {
			t.Errorf("a secret value was collected: %s", b)
		}
	}
	for op := range cwaws.CallCounts() {
		if strings.HasPrefix(op, "secrets manager:") && op != "secrets manager:ListSecrets" {
			t.Errorf("called %s", op)
		}
	}
}

func TestDataACMCertificates(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := acm.NewFromConfig(m.Config(t, "us-east-1", ""))
	req := mustDo[*acm.RequestCertificateOutput](t)(cl.RequestCertificate(ctx, &acm.RequestCertificateInput{
		DomainName: aws.String("www.example.com"), SubjectAlternativeNames: []string{"www.example.com", "api.example.com"},
		ValidationMethod: acmtypes.ValidationMethodDns, Tags: []acmtypes.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}))
	// moto ignores RequestCertificate's KeyAlgorithm: import an EC certificate,
	// expiring soon (moto refuses expired ones).
	certPEM, keyPEM := expiringECCertificate(t, "old.example.com")
	ec := mustDo[*acm.ImportCertificateOutput](t)(cl.ImportCertificate(ctx, &acm.ImportCertificateInput{
		Certificate: certPEM, PrivateKey: keyPEM}))

	sink := collect(t, m, dataOptions("acm"))
	requireNoGaps(t, sink)
	c := sink.get(t, "aws.acm.certificate", servicesAccount, aws.ToString(req.CertificateArn))
	if c.Name != "www.example.com" || c.Tags["team"] != "web" {
		t.Errorf("certificate: name %q tags %v", c.Name, c.Tags)
	}
	expectAttrs(t, c, map[string]any{
		"arn":                       aws.ToString(req.CertificateArn),
		"domain_name":               "www.example.com",
		"certificate_type":          "AMAZON_ISSUED",
		"key_algorithm":             "RSA_2048",
		"in_use":                    false,
		"in_use_by":                 []any{},
		"subject_alternative_names": []any{"api.example.com", "www.example.com"},
	})
	for _, f := range []string{"status", "renewal_eligibility", "not_after"} {
		if v := field(t, c, f); v == nil || v == "" {
			t.Errorf("%s not collected", f)
		}
	}
	// Certificates with other key types than RSA 1024/2048 are listed too.
	old := sink.get(t, "aws.acm.certificate", servicesAccount, aws.ToString(ec.CertificateArn))
	expectAttrs(t, old, map[string]any{"key_algorithm": "EC_prime256v1", "certificate_type": "IMPORTED",
		"domain_name": "old.example.com", "in_use": false})
	s, _ := field(t, old, "not_after").(string)
	if na, err := time.Parse(time.RFC3339, s); err != nil || !na.Before(time.Now().AddDate(0, 0, 30)) || !na.After(time.Now()) {
		t.Errorf("not_after = %v, want in the coming days", field(t, old, "not_after"))
	}
}

// expiringECCertificate returns a self-signed P-256 certificate for name,
// expiring in ten days, and its key, in PEM.
func expiringECCertificate(t *testing.T, name string) (certPEM, keyPEM []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(42), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().AddDate(-1, 0, 0), NotAfter: time.Now().AddDate(0, 0, 10)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder})
}

func TestDataEFSFileSystems(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := efs.NewFromConfig(m.Config(t, "us-east-1", ""))
	key := dataKey(t, m)
	safe := mustDo[*efs.CreateFileSystemOutput](t)(cl.CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("safe"),
		Encrypted: aws.Bool(true), KmsKeyId: aws.String(key), Backup: aws.Bool(true),
		Tags: []efstypes.Tag{{Key: aws.String("Name"), Value: aws.String("shared-home")}}}))
	open := mustDo[*efs.CreateFileSystemOutput](t)(cl.CreateFileSystem(ctx, &efs.CreateFileSystemInput{CreationToken: aws.String("open"),
		Encrypted: aws.Bool(false)}))
	mustDo[*efs.PutFileSystemPolicyOutput](t)(cl.PutFileSystemPolicy(ctx, &efs.PutFileSystemPolicyInput{FileSystemId: open.FileSystemId,
		Policy: aws.String(strings.ReplaceAll(dataPublicPolicy, "ACTION", "elasticfilesystem:ClientMount"))}))

	sink := collect(t, m, dataOptions("efs"))
	requireNoGaps(t, sink)
	s := sink.get(t, "aws.efs.file_system", servicesAccount, aws.ToString(safe.FileSystemArn))
	if s.Name != "shared-home" || s.Tags["Name"] != "shared-home" {
		t.Errorf("safe: name %q tags %v", s.Name, s.Tags)
	}
	expectAttrs(t, s, map[string]any{
		"file_system_id":        aws.ToString(safe.FileSystemId),
		"encrypted":             true,
		"kms_key_id":            key,
		"backup_policy_enabled": true,
		"policy":                nil,
	})
	o := sink.get(t, "aws.efs.file_system", servicesAccount, aws.ToString(open.FileSystemArn))
	if o.Name != aws.ToString(open.FileSystemId) {
		t.Errorf("a file system without Name is named by its id: %q", o.Name)
	}
	expectAttrs(t, o, map[string]any{"encrypted": false, "kms_key_id": "", "backup_policy_enabled": false})
	if _, ok := field(t, o, "policy").(map[string]any); !ok {
		t.Errorf("policy %#v", field(t, o, "policy"))
	}
}

func TestDataECRRepositories(t *testing.T) {
	m := testenv.StartMoto(t)
	ctx := context.Background()
	cl := ecr.NewFromConfig(m.Config(t, "us-east-1", ""))
	app := mustDo[*ecr.CreateRepositoryOutput](t)(cl.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("team/app"),
		ImageScanningConfiguration: &ecrtypes.ImageScanningConfiguration{ScanOnPush: true},
		ImageTagMutability:         ecrtypes.ImageTagMutabilityImmutable,
		EncryptionConfiguration:    &ecrtypes.EncryptionConfiguration{EncryptionType: ecrtypes.EncryptionTypeKms},
		Tags:                       []ecrtypes.Tag{{Key: aws.String("team"), Value: aws.String("platform")}}})).Repository
	mustDo[*ecr.SetRepositoryPolicyOutput](t)(cl.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: aws.String("team/app"),
		PolicyText: aws.String(`{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage"]}]}`)}))
	legacy := mustDo[*ecr.CreateRepositoryOutput](t)(cl.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String("legacy")})).Repository

	sink := collect(t, m, dataOptions("ecr"))
	requireNoGaps(t, sink)
	a := sink.get(t, "aws.ecr.repository", servicesAccount, aws.ToString(app.RepositoryArn))
	if a.Name != "team/app" || a.Tags["team"] != "platform" {
		t.Errorf("app: name %q tags %v", a.Name, a.Tags)
	}
	expectAttrs(t, a, map[string]any{
		"repository_name":      "team/app",
		"repository_uri":       aws.ToString(app.RepositoryUri),
		"scan_on_push":         true,
		"image_tag_mutability": "IMMUTABLE",
		"encryption_type":      "KMS",
	})
	if pol, ok := field(t, a, "policy").(map[string]any); !ok || pol["Statement"] == nil {
		t.Errorf("policy %#v", field(t, a, "policy"))
	}
	l := sink.get(t, "aws.ecr.repository", servicesAccount, aws.ToString(legacy.RepositoryArn))
	expectAttrs(t, l, map[string]any{
		"scan_on_push":         false,
		"image_tag_mutability": "MUTABLE",
		"encryption_type":      "AES256",
		"kms_key":              "",
		"policy":               nil, // RepositoryPolicyNotFoundException: a known absence
	})
}

// Every operation of the data services is registered with its IAM action.
func TestDataOpsRegistered(t *testing.T) {
	want := map[string]string{
		"rds:DescribeDBClusters":                  "rds:DescribeDBClusters",
		"rds:DescribeDBSnapshots":                 "rds:DescribeDBSnapshots",
		"rds:DescribeDBSnapshotAttributes":        "rds:DescribeDBSnapshotAttributes",
		"rds:DescribeDBClusterSnapshots":          "rds:DescribeDBClusterSnapshots",
		"rds:DescribeDBClusterSnapshotAttributes": "rds:DescribeDBClusterSnapshotAttributes",
		"dynamodb:ListTables":                     "dynamodb:ListTables",
		"dynamodb:DescribeTable":                  "dynamodb:DescribeTable",
		"dynamodb:DescribeContinuousBackups":      "dynamodb:DescribeContinuousBackups",
		"dynamodb:ListTagsOfResource":             "dynamodb:ListTagsOfResource",
		"sqs:ListQueues":                          "sqs:ListQueues",
		"sqs:GetQueueAttributes":                  "sqs:GetQueueAttributes",
		"sqs:ListQueueTags":                       "sqs:ListQueueTags",
		"secrets manager:ListSecrets":             "secretsmanager:ListSecrets",
		"acm:ListCertificates":                    "acm:ListCertificates",
		"acm:DescribeCertificate":                 "acm:DescribeCertificate",
		"acm:ListTagsForCertificate":              "acm:ListTagsForCertificate",
		"efs:DescribeFileSystems":                 "elasticfilesystem:DescribeFileSystems",
		"efs:DescribeBackupPolicy":                "elasticfilesystem:DescribeBackupPolicy",
		"efs:DescribeFileSystemPolicy":            "elasticfilesystem:DescribeFileSystemPolicy",
		"ecr:DescribeRepositories":                "ecr:DescribeRepositories",
		"ecr:GetRepositoryPolicy":                 "ecr:GetRepositoryPolicy",
		"ecr:ListTagsForResource":                 "ecr:ListTagsForResource",
	}
	got := map[string]string{}
	for _, o := range cwaws.Operations() {
		got[o.Key()] = o.Action
		if strings.HasPrefix(o.Key(), "secrets manager:") && o.Name != "ListSecrets" {
			t.Errorf("%s registered: secrets are read as metadata only", o.Key())
		}
	}
	for key, action := range want {
		if got[key] != action {
			t.Errorf("%s registered as %q, want %q", key, got[key], action)
		}
	}
}
