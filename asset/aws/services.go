package aws

import . "cloudward/asset"

// CloudTrailTrail is a CloudTrail trail with its status and selectors.
var CloudTrailTrail = Define("aws.cloudtrail.trail",
	"A CloudTrail trail with its logging status and event selectors.",
	String("arn", "Trail ARN."),
	String("home_region", "Region where the trail was created."),
	Bool("is_multi_region", "The trail records events in every region."),
	Bool("is_organization_trail", "The trail records events of every account in the organization."),
	Bool("is_logging", "The trail is currently logging (GetTrailStatus)."),
	Bool("log_file_validation_enabled", "Log file integrity validation is enabled."),
	String("kms_key_id", "KMS key encrypting the log files; empty for SSE-S3."),
	String("s3_bucket_name", "Bucket receiving the log files."),
	String("cloudwatch_logs_log_group_arn", "CloudWatch Logs group receiving the events, if any."),
	Bool("include_management_events", "Management events are recorded (basic or advanced selectors)."),
	String("management_read_write_type", "All, ReadOnly or WriteOnly."),
)

// KMSKey is a KMS key.
var KMSKey = Define("aws.kms.key",
	"A KMS key.",
	String("key_id", "Key id."),
	String("arn", "Key ARN."),
	String("key_manager", "CUSTOMER or AWS."),
	String("key_state", "Enabled, Disabled, PendingDeletion, …"),
	String("key_spec", "SYMMETRIC_DEFAULT, RSA_2048, …"),
	String("key_usage", "ENCRYPT_DECRYPT, SIGN_VERIFY, …"),
	String("origin", "AWS_KMS, EXTERNAL, AWS_CLOUDHSM or EXTERNAL_KEY_STORE."),
	Bool("rotation_enabled", "Automatic key rotation is enabled."),
	Int("rotation_period_days", "Rotation period in days, when rotation is enabled."),
	Dyn("policy", "Key policy document (parsed JSON)."),
)

// RDSInstance is an RDS DB instance.
var RDSInstance = Define("aws.rds.instance",
	"An RDS DB instance.",
	String("db_instance_identifier", "Instance identifier."),
	String("engine", "Database engine."),
	String("engine_version", "Engine version."),
	String("db_instance_class", "Instance class."),
	Bool("publicly_accessible", "The instance has a publicly resolvable DNS name and accepts connections from outside the VPC when security groups allow."),
	Bool("storage_encrypted", "Storage is encrypted at rest."),
	String("kms_key_id", "KMS key of the storage encryption."),
	Bool("multi_az", "Multi-AZ deployment."),
	Int("backup_retention_period", "Days automated backups are kept; 0 disables them."),
	Bool("auto_minor_version_upgrade", "Minor engine upgrades are applied automatically."),
	Bool("deletion_protection", "Deletion protection is enabled."),
	Bool("iam_database_authentication_enabled", "IAM database authentication is enabled."),
	StringList("vpc_security_group_ids", "Security groups of the instance."),
)
