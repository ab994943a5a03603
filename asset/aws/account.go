package aws

import . "cloudward/asset"

// PublicAccessBlock is the S3 Block Public Access configuration, used at
// account and bucket level.
func publicAccessBlock() *ObjectSchema {
	return Block("S3 Block Public Access settings.",
		Bool("block_public_acls", "Reject requests that add public ACLs."),
		Bool("ignore_public_acls", "Ignore existing public ACLs."),
		Bool("block_public_policy", "Reject bucket policies that grant public access."),
		Bool("restrict_public_buckets", "Restrict access to buckets with public policies to AWS principals and the owner account."),
	)
}

// Account is one AWS account: account-wide settings and the root user.
var Account = Define("aws.account",
	"An AWS account: account-wide settings (password policy, S3 Block Public Access) and the root user's credentials.",
	String("alias", "IAM account alias, if set."),
	String("organization_id", "AWS Organizations id, when the account is a member."),
	Nested("password_policy", "IAM account password policy. Absent when no policy is set (AWS then applies its default, which CIS treats as non-compliant).",
		Block("IAM password policy.",
			Bool("present", "True when a custom password policy exists."),
			Int("minimum_password_length", "Minimum password length."),
			Bool("require_symbols", "Require at least one symbol."),
			Bool("require_numbers", "Require at least one number."),
			Bool("require_uppercase_characters", "Require at least one uppercase letter."),
			Bool("require_lowercase_characters", "Require at least one lowercase letter."),
			Bool("allow_users_to_change_password", "Users may change their own password."),
			Int("max_password_age", "Days before a password expires; 0 when passwords never expire."),
			Int("password_reuse_prevention", "Number of previous passwords that cannot be reused; 0 when not enforced."),
			Bool("hard_expiry", "Expired passwords require an administrator reset."),
		)),
	Nested("root", "The root user's credentials (from the IAM credential report and account summary).",
		Block("Root user credentials.",
			Bool("mfa_enabled", "An MFA device is enabled for the root user."),
			Bool("hardware_mfa_enabled", "The root MFA device is a hardware device (not virtual)."),
			Int("access_keys_present", "Number of active access keys of the root user."),
			Timestamp("password_last_used", "When the root password was last used."),
		)),
	Nested("s3_public_access_block", "Account-level S3 Block Public Access. Absent when not configured.", publicAccessBlock()),
	Related("trails", "Every CloudTrail trail visible in this account, in any region.",
		Relation{Target: "aws.cloudtrail.trail", Scope: ScopeAccount}),
	Nested("alternate_contacts", "Alternate contacts (Account API GetAlternateContact).",
		Block("The billing, operations and security alternate contacts.",
			Nested("billing", "Billing contact.", alternateContact()),
			Nested("operations", "Operations contact.", alternateContact()),
			Nested("security", "Security contact (CIS: keep it current).", alternateContact()),
		)),
	Related("iam_summary", "The account's aws.iam.account_summary (AWSSupportAccess attachments), when IAM was collected.",
		Relation{Target: "aws.iam.account_summary", Scope: ScopeAccount}),
	Related("metric_filters", "Every CloudWatch Logs metric filter of this account, in any region (CIS monitoring: filters on the trail's log group).",
		Relation{Target: "aws.logs.metric_filter", Scope: ScopeAccount}),
	Related("sns_topics", "Every SNS topic of this account, in any region (CIS monitoring: the topics alarms notify).",
		Relation{Target: "aws.sns.topic", Scope: ScopeAccount}),
	Related("config_recorders", "Every AWS Config configuration recorder of this account, in any region.",
		Relation{Target: "aws.config.recorder", Scope: ScopeAccount}),
)

// alternateContact is one alternate contact of the account.
func alternateContact() *ObjectSchema {
	return Block("An alternate contact.",
		Bool("present", "The contact is set; false when the API reports none."),
		String("name", "Contact name."),
		String("title", "Contact title."),
		String("email", "Contact email address."),
		String("phone", "Contact phone number."),
	)
}
