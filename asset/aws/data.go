package aws

import . "cloudward/asset"

// dataTypes are the types of the data services: RDS clusters and
// snapshots (the instance is in services.go's core list), DynamoDB, SQS,
// Secrets Manager, ACM, EFS and ECR.
func dataTypes() []*TypeSchema {
	return []*TypeSchema{
		RDSCluster, RDSSnapshot, RDSClusterSnapshot,
		DynamoDBTable,
		SQSQueue,
		SecretsManagerSecret,
		ACMCertificate,
		EFSFileSystem,
		ECRRepository,
	}
}

// DynamoDBTable is a DynamoDB table.
var DynamoDBTable = Define("aws.dynamodb.table",
	"A DynamoDB table with its encryption, deletion protection and point-in-time recovery.",
	String("table_name", "Table name."),
	String("arn", "Table ARN."),
	String("table_status", "ACTIVE, CREATING, UPDATING, …"),
	String("sse_type", "Encryption at rest: KMS when a KMS key encrypts the table (AWS managed or customer managed, see kms_master_key_arn); AWS_OWNED when the key is owned by DynamoDB (the default, where the API reports no encryption settings)."),
	String("kms_master_key_arn", "KMS key encrypting the table, when sse_type is KMS."),
	Bool("deletion_protection_enabled", "Deletion protection is enabled."),
	Bool("point_in_time_recovery_enabled", "Point-in-time recovery (continuous backups) is enabled (DescribeContinuousBackups)."),
	Int("point_in_time_recovery_period_days", "Days of point-in-time recovery, when enabled and reported."),
	String("billing_mode", "PROVISIONED or PAY_PER_REQUEST."),
	String("table_class", "STANDARD or STANDARD_INFREQUENT_ACCESS."),
	Timestamp("creation_date_time", "When the table was created."),
)

// SQSQueue is an SQS queue.
var SQSQueue = Define("aws.sqs.queue",
	"An SQS queue with its encryption and access policy.",
	String("queue_name", "Queue name."),
	String("arn", "Queue ARN."),
	String("url", "Queue URL."),
	Bool("sqs_managed_sse_enabled", "Messages are encrypted at rest with SQS owned keys (SSE-SQS)."),
	String("kms_master_key_id", "KMS key encrypting the messages (SSE-KMS); empty when none."),
	Int("kms_data_key_reuse_period_seconds", "How long SQS reuses a data key before calling KMS again, with SSE-KMS."),
	Dyn("policy", "Queue access policy (parsed JSON); absent when the queue has none."),
	Dyn("redrive_policy", "Dead-letter queue settings (parsed JSON); absent when none."),
	Bool("fifo_queue", "The queue is a FIFO queue."),
	Int("message_retention_period", "Seconds a message is kept."),
	Int("visibility_timeout", "Visibility timeout in seconds."),
	Timestamp("created_timestamp", "When the queue was created."),
)

// SecretsManagerSecret is a Secrets Manager secret: metadata only, never its value.
var SecretsManagerSecret = Define("aws.secretsmanager.secret",
	"A Secrets Manager secret's metadata (never its value): encryption key and rotation.",
	String("arn", "Secret ARN."),
	String("description", "Secret description."),
	String("kms_key_id", "KMS key encrypting the secret; empty for the AWS managed key aws/secretsmanager."),
	Bool("rotation_enabled", "Automatic rotation is enabled."),
	Int("rotation_interval_days", "Days between automatic rotations, when rotation is configured that way."),
	String("rotation_schedule_expression", "cron() or rate() expression of the rotation schedule, when configured that way."),
	String("rotation_lambda_arn", "Lambda function that rotates the secret, if any."),
	Timestamp("last_rotated_date", "When the secret was last rotated; absent when it never was."),
	Timestamp("next_rotation_date", "When the next rotation is scheduled; absent when none is."),
	Timestamp("last_accessed_date", "Last day the secret's value was retrieved; absent when it never was (or not in the last 90 days)."),
	Timestamp("last_changed_date", "When the secret was last changed."),
	Timestamp("created_date", "When the secret was created."),
	String("owning_service", "AWS service managing the secret (e.g. rds for an RDS master user password), if any."),
	String("primary_region", "Region of the primary secret, for a replica."),
)

// ACMCertificate is an ACM certificate.
var ACMCertificate = Define("aws.acm.certificate",
	"An ACM certificate.",
	String("arn", "Certificate ARN."),
	String("domain_name", "Primary domain name."),
	StringList("subject_alternative_names", "Every name the certificate covers, sorted."),
	String("status", "ISSUED, PENDING_VALIDATION, EXPIRED, REVOKED, FAILED, INACTIVE or VALIDATION_TIMED_OUT."),
	String("certificate_type", "AMAZON_ISSUED, IMPORTED or PRIVATE."),
	Timestamp("not_before", "Start of validity."),
	Timestamp("not_after", "End of validity."),
	String("key_algorithm", "RSA_2048, EC_prime256v1, …"),
	String("signature_algorithm", "Signature algorithm."),
	String("issuer", "Issuing certificate authority."),
	String("renewal_eligibility", "ELIGIBLE or INELIGIBLE for managed renewal."),
	Bool("in_use", "The certificate is associated with at least one AWS resource."),
	StringList("in_use_by", "ARNs of the resources using the certificate."),
	String("certificate_transparency_logging_preference", "ENABLED or DISABLED."),
)

// EFSFileSystem is an EFS file system.
var EFSFileSystem = Define("aws.efs.file_system",
	"An EFS file system with its encryption, backup policy and resource policy.",
	String("file_system_id", "File system id."),
	String("arn", "File system ARN."),
	Bool("encrypted", "Data is encrypted at rest."),
	String("kms_key_id", "KMS key of the encryption."),
	Bool("backup_policy_enabled", "Automatic backups with AWS Backup are enabled (DescribeBackupPolicy)."),
	Dyn("policy", "File system policy (parsed JSON); absent when the file system has none (DescribeFileSystemPolicy)."),
	String("performance_mode", "generalPurpose or maxIO."),
	String("throughput_mode", "bursting, provisioned or elastic."),
	String("life_cycle_state", "available, creating, …"),
	Int("number_of_mount_targets", "Mount targets of the file system."),
	Timestamp("creation_time", "When the file system was created."),
)

// ECRRepository is an ECR private repository.
var ECRRepository = Define("aws.ecr.repository",
	"An ECR private repository with its scanning, tag mutability, encryption and policy.",
	String("repository_name", "Repository name."),
	String("arn", "Repository ARN."),
	String("repository_uri", "URI to push and pull images."),
	Bool("scan_on_push", "Images are scanned for vulnerabilities when pushed (basic scanning setting of the repository)."),
	String("image_tag_mutability", "MUTABLE, IMMUTABLE, or their _WITH_EXCLUSION variants."),
	String("encryption_type", "AES256, KMS or KMS_DSSE."),
	String("kms_key", "KMS key of the encryption, with KMS."),
	Dyn("policy", "Repository policy (parsed JSON); absent when the repository has none."),
	Timestamp("created_at", "When the repository was created."),
)
