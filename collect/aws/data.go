package aws

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"time"

	"cloudward/asset"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// dataServices are the data stores and their keys: DynamoDB, SQS, Secrets
// Manager, ACM, EFS and ECR (RDS is in rds.go). Every one is regional.
var dataServices = []*Service{dynamodbService, sqsService, secretsManagerService, acmService, efsService, ecrService}

// setPolicyJSON stores a policy document in field; an empty document is a
// known absence.
func setPolicyJSON(o *asset.Object, field, doc string) {
	if doc == "" {
		return
	}
	if err := o.SetJSON(field, doc); err != nil {
		o.SetUnknown(field, "the policy is not valid JSON")
	}
}

// errEmptyAnswer stands for a successful call whose answer lacks what it
// always carries; the fields it would fill are unknown.
var errEmptyAnswer = errors.New("the answer is empty")

// ---- DynamoDB ----

var (
	opDDBListTables                = Op{"DynamoDB", "ListTables", "dynamodb:ListTables"}
	opDDBDescribeTable             = Op{"DynamoDB", "DescribeTable", "dynamodb:DescribeTable"}
	opDDBDescribeContinuousBackups = Op{"DynamoDB", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups"}
	opDDBListTagsOfResource        = Op{"DynamoDB", "ListTagsOfResource", "dynamodb:ListTagsOfResource"}
)

var dynamodbService = &Service{
	Name:    "dynamodb",
	Ops:     []Op{opDDBListTables, opDDBDescribeTable, opDDBDescribeContinuousBackups, opDDBListTagsOfResource},
	Collect: collectDynamoDB,
}

var ddbDescribeFields = []string{"arn", "table_status", "sse_type", "kms_master_key_arn", "deletion_protection_enabled",
	"billing_mode", "table_class", "creation_date_time"}

func collectDynamoDB(ctx context.Context, s *Scope) error {
	cl := dynamodb.NewFromConfig(s.Config)
	var names []string
	p := dynamodb.NewListTablesPaginator(cl, &dynamodb.ListTablesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opDDBListTables.Action, err)
		}
		names = append(names, page.TableNames...)
	}
	each(len(names), func(i int) { _ = s.Emit(ddbTable(ctx, s, cl, names[i])) })
	return nil
}

func ddbTable(ctx context.Context, s *Scope, cl *dynamodb.Client, name string) *asset.Asset {
	arn := s.ARN("dynamodb", "table/"+name)
	d, err := cl.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err == nil && d.Table == nil {
		err = errEmptyAnswer
	}
	var t *ddbtypes.TableDescription
	if err == nil {
		t = d.Table
		if v := aws.ToString(t.TableArn); v != "" {
			arn = v
		}
	}
	a := s.New("aws.dynamodb.table", arn, name)
	o := a.Root
	o.SetString("table_name", name)
	if t == nil {
		s.Unknown(o, ddbDescribeFields[0], opDDBDescribeTable, arn, err)
		for _, f := range ddbDescribeFields[1:] {
			o.SetUnknown(f, Reason(opDDBDescribeTable, err))
		}
	} else {
		o.SetString("arn", arn).
			SetString("table_status", string(t.TableStatus)).
			SetTime("creation_date_time", aws.ToTime(t.CreationDateTime))
		// DynamoDB encrypts every table; without SSE settings the key is
		// owned by DynamoDB.
		if sse := t.SSEDescription; sse != nil && sse.Status != ddbtypes.SSEStatusDisabled && sse.Status != ddbtypes.SSEStatusDisabling {
			typ := string(sse.SSEType)
			if typ == "" {
				typ = string(ddbtypes.SSETypeKms)
			}
			o.SetString("sse_type", typ).SetString("kms_master_key_arn", aws.ToString(sse.KMSMasterKeyArn))
		} else {
			o.SetString("sse_type", "AWS_OWNED").SetString("kms_master_key_arn", "")
		}
		if t.DeletionProtectionEnabled == nil {
			o.SetUnknown("deletion_protection_enabled", "not reported by "+opDDBDescribeTable.Action)
		} else {
			o.SetBool("deletion_protection_enabled", *t.DeletionProtectionEnabled)
		}
		// Tables created before on-demand existed report no billing mode: provisioned.
		mode := string(ddbtypes.BillingModeProvisioned)
		if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
			mode = string(t.BillingModeSummary.BillingMode)
		}
		o.SetString("billing_mode", mode)
		class := string(ddbtypes.TableClassStandard)
		if t.TableClassSummary != nil && t.TableClassSummary.TableClass != "" {
			class = string(t.TableClassSummary.TableClass)
		}
		o.SetString("table_class", class)
	}

	cb, err := cl.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
	if err == nil && cb.ContinuousBackupsDescription == nil {
		err = errEmptyAnswer
	}
	if ok, absent := s.check(o, "point_in_time_recovery_enabled", opDDBDescribeContinuousBackups, arn, err); ok {
		pitr := cb.ContinuousBackupsDescription.PointInTimeRecoveryDescription
		enabled := pitr != nil && pitr.PointInTimeRecoveryStatus == ddbtypes.PointInTimeRecoveryStatusEnabled
		o.SetBool("point_in_time_recovery_enabled", enabled)
		if enabled && pitr.RecoveryPeriodInDays != nil {
			o.SetInt("point_in_time_recovery_period_days", int64(*pitr.RecoveryPeriodInDays))
		}
	} else if absent {
		// The table went away between the listing and this call.
		s.Unknown(o, "point_in_time_recovery_enabled", opDDBDescribeContinuousBackups, arn, err)
	}

	if t != nil { // tags need the ARN
		tags := map[string]string{}
		var token *string
		for {
			out, err := cl.ListTagsOfResource(ctx, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn), NextToken: token})
			if err != nil {
				s.Gap(opDDBListTagsOfResource, arn, err)
				break
			}
			for _, tg := range out.Tags {
				tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
			}
			if token = out.NextToken; token == nil {
				if len(tags) > 0 {
					a.SetTags(tags)
				}
				break
			}
		}
	}
	return a
}

// ---- SQS ----

var (
	opSQSListQueues         = Op{"SQS", "ListQueues", "sqs:ListQueues"}
	opSQSGetQueueAttributes = Op{"SQS", "GetQueueAttributes", "sqs:GetQueueAttributes"}
	opSQSListQueueTags      = Op{"SQS", "ListQueueTags", "sqs:ListQueueTags"}
)

var sqsService = &Service{
	Name:    "sqs",
	Ops:     []Op{opSQSListQueues, opSQSGetQueueAttributes, opSQSListQueueTags},
	Collect: collectSQS,
}

var sqsAttributeFields = []string{"sqs_managed_sse_enabled", "kms_master_key_id", "kms_data_key_reuse_period_seconds",
	"policy", "redrive_policy", "fifo_queue", "message_retention_period", "visibility_timeout", "created_timestamp"}

func collectSQS(ctx context.Context, s *Scope) error {
	cl := sqs.NewFromConfig(s.Config)
	var urls []string
	p := sqs.NewListQueuesPaginator(cl, &sqs.ListQueuesInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opSQSListQueues.Action, err)
		}
		urls = append(urls, page.QueueUrls...)
	}
	each(len(urls), func(i int) { _ = s.Emit(sqsQueue(ctx, s, cl, urls[i])) })
	return nil
}

func sqsQueue(ctx context.Context, s *Scope, cl *sqs.Client, queueURL string) *asset.Asset {
	name := queueURL
	if u, err := url.Parse(queueURL); err == nil {
		name = path.Base(u.Path)
	}
	arn := s.ARN("sqs", name)
	out, err := cl.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
	var attrs map[string]string
	if err == nil {
		attrs = out.Attributes
		if v := attrs["QueueArn"]; v != "" {
			arn = v
		}
	}
	a := s.New("aws.sqs.queue", arn, name)
	o := a.Root
	o.SetString("queue_name", name).SetString("url", queueURL).SetString("arn", arn)
	if err != nil {
		s.Unknown(o, sqsAttributeFields[0], opSQSGetQueueAttributes, arn, err)
		for _, f := range sqsAttributeFields[1:] {
			o.SetUnknown(f, Reason(opSQSGetQueueAttributes, err))
		}
	} else {
		kmsKey := attrs["KmsMasterKeyId"]
		o.SetString("kms_master_key_id", kmsKey)
		switch v, ok := attrs["SqsManagedSseEnabled"]; {
		case ok:
			o.SetBool("sqs_managed_sse_enabled", v == "true")
		case kmsKey != "": // SSE-SQS and SSE-KMS exclude each other
			o.SetBool("sqs_managed_sse_enabled", false)
		default:
			o.SetUnknown("sqs_managed_sse_enabled", "not reported by "+opSQSGetQueueAttributes.Action)
		}
		sqsInt(o, "kms_data_key_reuse_period_seconds", attrs["KmsDataKeyReusePeriodSeconds"])
		sqsInt(o, "message_retention_period", attrs["MessageRetentionPeriod"])
		sqsInt(o, "visibility_timeout", attrs["VisibilityTimeout"])
		if v, err := strconv.ParseInt(attrs["CreatedTimestamp"], 10, 64); err == nil {
			o.SetTime("created_timestamp", time.Unix(v, 0))
		}
		o.SetBool("fifo_queue", attrs["FifoQueue"] == "true") // only FIFO queues report it
		setPolicyJSON(o, "policy", attrs["Policy"])
		setPolicyJSON(o, "redrive_policy", attrs["RedrivePolicy"])
	}
	tags, err := cl.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: aws.String(queueURL)})
	if err != nil {
		s.Gap(opSQSListQueueTags, arn, err)
	} else if len(tags.Tags) > 0 {
		a.SetTags(tags.Tags)
	}
	return a
}

func sqsInt(o *asset.Object, field, v string) {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		o.SetInt(field, n)
	}
}

// ---- Secrets Manager ----

var opSMListSecrets = Op{"Secrets Manager", "ListSecrets", "secretsmanager:ListSecrets"}

// secretsManagerService reads secrets' metadata only: ListSecrets carries
// rotation and encryption, and no operation reading a value is registered.
var secretsManagerService = &Service{
	Name:    "secretsmanager",
	Ops:     []Op{opSMListSecrets},
	Collect: collectSecretsManager,
}

func collectSecretsManager(ctx context.Context, s *Scope) error {
	cl := secretsmanager.NewFromConfig(s.Config)
	p := secretsmanager.NewListSecretsPaginator(cl, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opSMListSecrets.Action, err)
		}
		for _, e := range page.SecretList {
			name := aws.ToString(e.Name)
			arn := aws.ToString(e.ARN)
			if arn == "" {
				arn = s.ARN("secretsmanager", "secret:"+name)
			}
			a := s.New("aws.secretsmanager.secret", arn, name)
			a.SetTags(tagMap(e.Tags, func(t smtypes.Tag) (*string, *string) { return t.Key, t.Value }))
			o := a.Root
			// ListSecrets leaves out RotationEnabled for a secret whose
			// rotation was never configured.
			o.SetString("arn", arn).
				SetString("description", aws.ToString(e.Description)).
				SetString("kms_key_id", aws.ToString(e.KmsKeyId)).
				SetBool("rotation_enabled", aws.ToBool(e.RotationEnabled)).
				SetString("rotation_lambda_arn", aws.ToString(e.RotationLambdaARN)).
				SetString("owning_service", aws.ToString(e.OwningService)).
				SetString("primary_region", aws.ToString(e.PrimaryRegion))
			if r := e.RotationRules; r != nil {
				if r.AutomaticallyAfterDays != nil {
					o.SetInt("rotation_interval_days", *r.AutomaticallyAfterDays)
				}
				if v := aws.ToString(r.ScheduleExpression); v != "" {
					o.SetString("rotation_schedule_expression", v)
				}
			}
			for field, t := range map[string]*time.Time{
				"last_rotated_date":  e.LastRotatedDate,
				"next_rotation_date": e.NextRotationDate,
				"last_accessed_date": e.LastAccessedDate,
				"last_changed_date":  e.LastChangedDate,
				"created_date":       e.CreatedDate,
			} {
				if t != nil && !t.IsZero() {
					o.SetTime(field, *t)
				}
			}
			if err := s.Emit(a); err != nil {
				return err
			}
		}
	}
	return nil
}

// ---- ACM ----

var (
	opACMListCertificates       = Op{"ACM", "ListCertificates", "acm:ListCertificates"}
	opACMDescribeCertificate    = Op{"ACM", "DescribeCertificate", "acm:DescribeCertificate"}
	opACMListTagsForCertificate = Op{"ACM", "ListTagsForCertificate", "acm:ListTagsForCertificate"}
)

var acmService = &Service{
	Name:    "acm",
	Ops:     []Op{opACMListCertificates, opACMDescribeCertificate, opACMListTagsForCertificate},
	Collect: collectACM,
}

// acmDescribeOnly are the fields only DescribeCertificate fills.
var acmDescribeOnly = []string{"subject_alternative_names", "in_use_by", "issuer", "signature_algorithm",
	"certificate_transparency_logging_preference"}

func collectACM(ctx context.Context, s *Scope) error {
	cl := acm.NewFromConfig(s.Config)
	var certs []acmtypes.CertificateSummary
	// Without a key type filter ListCertificates returns RSA_1024 and RSA_2048 certificates only.
	p := acm.NewListCertificatesPaginator(cl, &acm.ListCertificatesInput{
		Includes: &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opACMListCertificates.Action, err)
		}
		certs = append(certs, page.CertificateSummaryList...)
	}
	each(len(certs), func(i int) { _ = s.Emit(acmCertificate(ctx, s, cl, certs[i])) })
	return nil
}

func acmCertificate(ctx context.Context, s *Scope, cl *acm.Client, c acmtypes.CertificateSummary) *asset.Asset {
	arn := aws.ToString(c.CertificateArn)
	a := s.New("aws.acm.certificate", arn, aws.ToString(c.DomainName))
	o := a.Root
	// The summary first; DescribeCertificate completes and refreshes it.
	o.SetString("arn", arn).
		SetString("domain_name", aws.ToString(c.DomainName)).
		SetString("status", string(c.Status)).
		SetString("certificate_type", string(c.Type)).
		SetString("key_algorithm", string(c.KeyAlgorithm)).
		SetString("renewal_eligibility", string(c.RenewalEligibility))
	if c.NotBefore != nil {
		o.SetTime("not_before", *c.NotBefore)
	}
	if c.NotAfter != nil {
		o.SetTime("not_after", *c.NotAfter)
	}
	if c.InUse != nil {
		o.SetBool("in_use", *c.InUse)
	}
	d, err := cl.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err == nil && d.Certificate == nil {
		err = errEmptyAnswer
	}
	if err != nil {
		s.Unknown(o, acmDescribeOnly[0], opACMDescribeCertificate, arn, err)
		for _, f := range acmDescribeOnly[1:] {
			o.SetUnknown(f, Reason(opACMDescribeCertificate, err))
		}
		if c.InUse == nil {
			o.SetUnknown("in_use", Reason(opACMDescribeCertificate, err))
		}
	} else {
		cd := d.Certificate
		sans := append([]string{}, cd.SubjectAlternativeNames...)
		sort.Strings(sans)
		inUseBy := append([]string{}, cd.InUseBy...)
		sort.Strings(inUseBy)
		o.SetString("domain_name", aws.ToString(cd.DomainName)).
			SetStrings("subject_alternative_names", sans).
			SetString("status", string(cd.Status)).
			SetString("certificate_type", string(cd.Type)).
			SetString("key_algorithm", string(cd.KeyAlgorithm)).
			SetString("signature_algorithm", aws.ToString(cd.SignatureAlgorithm)).
			SetString("issuer", aws.ToString(cd.Issuer)).
			SetString("renewal_eligibility", string(cd.RenewalEligibility)).
			SetStrings("in_use_by", inUseBy).
			SetBool("in_use", len(inUseBy) > 0)
		if cd.NotBefore != nil {
			o.SetTime("not_before", *cd.NotBefore)
		}
		if cd.NotAfter != nil {
			o.SetTime("not_after", *cd.NotAfter)
		}
		if cd.Options != nil {
			o.SetString("certificate_transparency_logging_preference", string(cd.Options.CertificateTransparencyLoggingPreference))
		}
	}
	tags, err := cl.ListTagsForCertificate(ctx, &acm.ListTagsForCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		s.Gap(opACMListTagsForCertificate, arn, err)
	} else {
		a.SetTags(tagMap(tags.Tags, func(t acmtypes.Tag) (*string, *string) { return t.Key, t.Value }))
	}
	return a
}

// ---- EFS ----

var (
	opEFSDescribeFileSystems      = Op{"EFS", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems"}
	opEFSDescribeBackupPolicy     = Op{"EFS", "DescribeBackupPolicy", "elasticfilesystem:DescribeBackupPolicy"}
	opEFSDescribeFileSystemPolicy = Op{"EFS", "DescribeFileSystemPolicy", "elasticfilesystem:DescribeFileSystemPolicy"}
)

var efsService = &Service{
	Name:    "efs",
	Ops:     []Op{opEFSDescribeFileSystems, opEFSDescribeBackupPolicy, opEFSDescribeFileSystemPolicy},
	Collect: collectEFS,
}

func collectEFS(ctx context.Context, s *Scope) error {
	cl := efs.NewFromConfig(s.Config)
	var fss []efstypes.FileSystemDescription
	p := efs.NewDescribeFileSystemsPaginator(cl, &efs.DescribeFileSystemsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opEFSDescribeFileSystems.Action, err)
		}
		fss = append(fss, page.FileSystems...)
	}
	each(len(fss), func(i int) { _ = s.Emit(efsFileSystem(ctx, s, cl, fss[i])) })
	return nil
}

func efsFileSystem(ctx context.Context, s *Scope, cl *efs.Client, fs efstypes.FileSystemDescription) *asset.Asset {
	id := aws.ToString(fs.FileSystemId)
	arn := aws.ToString(fs.FileSystemArn)
	if arn == "" {
		arn = s.ARN("elasticfilesystem", "file-system/"+id)
	}
	name := aws.ToString(fs.Name)
	if name == "" {
		name = id
	}
	a := s.New("aws.efs.file_system", arn, name)
	a.SetTags(tagMap(fs.Tags, func(t efstypes.Tag) (*string, *string) { return t.Key, t.Value }))
	o := a.Root
	o.SetString("file_system_id", id).
		SetString("arn", arn).
		SetString("kms_key_id", aws.ToString(fs.KmsKeyId)).
		SetString("performance_mode", string(fs.PerformanceMode)).
		SetString("throughput_mode", string(fs.ThroughputMode)).
		SetString("life_cycle_state", string(fs.LifeCycleState)).
		SetInt("number_of_mount_targets", int64(fs.NumberOfMountTargets)).
		SetTime("creation_time", aws.ToTime(fs.CreationTime))
	if fs.Encrypted == nil {
		o.SetUnknown("encrypted", "not reported by "+opEFSDescribeFileSystems.Action)
	} else {
		o.SetBool("encrypted", *fs.Encrypted)
	}
	fsID := aws.String(id)
	bp, err := cl.DescribeBackupPolicy(ctx, &efs.DescribeBackupPolicyInput{FileSystemId: fsID})
	switch ok, absent := s.check(o, "backup_policy_enabled", opEFSDescribeBackupPolicy, arn, err); {
	case ok:
		on := bp.BackupPolicy != nil && (bp.BackupPolicy.Status == efstypes.StatusEnabled || bp.BackupPolicy.Status == efstypes.StatusEnabling)
		o.SetBool("backup_policy_enabled", on)
	case absent: // PolicyNotFound: no backup policy
		o.SetBool("backup_policy_enabled", false)
	}
	pol, err := cl.DescribeFileSystemPolicy(ctx, &efs.DescribeFileSystemPolicyInput{FileSystemId: fsID})
	if ok, _ := s.check(o, "policy", opEFSDescribeFileSystemPolicy, arn, err); ok {
		setPolicyJSON(o, "policy", aws.ToString(pol.Policy))
	}
	return a
}

// ---- ECR ----

var (
	opECRDescribeRepositories = Op{"ECR", "DescribeRepositories", "ecr:DescribeRepositories"}
	opECRGetRepositoryPolicy  = Op{"ECR", "GetRepositoryPolicy", "ecr:GetRepositoryPolicy"}
	opECRListTagsForResource  = Op{"ECR", "ListTagsForResource", "ecr:ListTagsForResource"}
)

var ecrService = &Service{
	Name:    "ecr",
	Ops:     []Op{opECRDescribeRepositories, opECRGetRepositoryPolicy, opECRListTagsForResource},
	Collect: collectECR,
}

func collectECR(ctx context.Context, s *Scope) error {
	cl := ecr.NewFromConfig(s.Config)
	var repos []ecrtypes.Repository
	p := ecr.NewDescribeRepositoriesPaginator(cl, &ecr.DescribeRepositoriesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", opECRDescribeRepositories.Action, err)
		}
		repos = append(repos, page.Repositories...)
	}
	each(len(repos), func(i int) { _ = s.Emit(ecrRepository(ctx, s, cl, repos[i])) })
	return nil
}

func ecrRepository(ctx context.Context, s *Scope, cl *ecr.Client, r ecrtypes.Repository) *asset.Asset {
	name := aws.ToString(r.RepositoryName)
	arn := aws.ToString(r.RepositoryArn)
	if arn == "" {
		arn = s.ARN("ecr", "repository/"+name)
	}
	a := s.New("aws.ecr.repository", arn, name)
	o := a.Root
	o.SetString("repository_name", name).
		SetString("arn", arn).
		SetString("repository_uri", aws.ToString(r.RepositoryUri)).
		SetString("image_tag_mutability", string(r.ImageTagMutability)).
		SetTime("created_at", aws.ToTime(r.CreatedAt))
	if r.ImageScanningConfiguration != nil {
		o.SetBool("scan_on_push", r.ImageScanningConfiguration.ScanOnPush)
	} else {
		o.SetUnknown("scan_on_push", "not reported by "+opECRDescribeRepositories.Action)
	}
	// Repositories created without encryption settings use AES256.
	encType, kmsKey := string(ecrtypes.EncryptionTypeAes256), ""
	if e := r.EncryptionConfiguration; e != nil && e.EncryptionType != "" {
		encType, kmsKey = string(e.EncryptionType), aws.ToString(e.KmsKey)
	}
	o.SetString("encryption_type", encType).SetString("kms_key", kmsKey)

	pol, err := cl.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String(name), RegistryId: r.RegistryId})
	if ok, _ := s.check(o, "policy", opECRGetRepositoryPolicy, arn, err); ok { // RepositoryPolicyNotFoundException: none
		setPolicyJSON(o, "policy", aws.ToString(pol.PolicyText))
	}
	tags, err := cl.ListTagsForResource(ctx, &ecr.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		s.Gap(opECRListTagsForResource, arn, err)
	} else {
		a.SetTags(tagMap(tags.Tags, func(t ecrtypes.Tag) (*string, *string) { return t.Key, t.Value }))
	}
	return a
}
