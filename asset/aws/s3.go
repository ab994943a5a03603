package aws

import . "cloudward/asset"

// S3Bucket is an S3 bucket with its security-relevant configuration.
var S3Bucket = Define("aws.s3.bucket",
	"An S3 bucket and its access, encryption, versioning and logging configuration.",
	Timestamp("creation_date", "When the bucket was created."),
	Nested("public_access_block", "Bucket-level Block Public Access. Absent when not configured.", publicAccessBlock()),
	Nested("encryption", "Default server-side encryption.",
		Block("Default encryption configuration.",
			Bool("enabled", "A default encryption rule is configured."),
			String("sse_algorithm", "AES256, aws:kms or aws:kms:dsse."),
			String("kms_key_id", "KMS key used for aws:kms encryption."),
			Bool("bucket_key_enabled", "S3 Bucket Keys reduce KMS requests."),
		)),
	Nested("versioning", "Versioning configuration.",
		Block("Versioning.",
			String("status", "Enabled, Suspended, or empty when never enabled."),
			Bool("mfa_delete", "MFA delete is enabled."),
		)),
	Nested("logging", "Server access logging.",
		Block("Server access logging.",
			Bool("enabled", "Access logs are delivered."),
			String("target_bucket", "Bucket receiving the logs."),
		)),
	Dyn("policy", "Bucket policy document (parsed JSON); absent when the bucket has no policy."),
	Bool("policy_is_public", "The bucket policy grants access to anyone (as evaluated by S3's PolicyStatus)."),
	Bool("acl_is_public", "The bucket ACL grants access to AllUsers or AuthenticatedUsers."),
	Bool("object_lock_enabled", "Object Lock is enabled."),
	String("object_ownership", "Object Ownership setting: BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter."),
	Related("delivering_trails", "CloudTrail trails recorded in this account that deliver their log files to this bucket (aws.cloudtrail.trail assets whose s3_bucket_name is this bucket's name).",
		Relation{Target: "aws.cloudtrail.trail", Scope: ScopeAccount, TargetField: "s3_bucket_name", SelfField: "name"}),
)
